"""`python3 -m openinterfaces check INTERFACE NAME`: the interface's
conformance suite (openinterfaces.conformance.INTERFACE, the tests CI runs
on the shipped implementations) on one implementation, as a table.

pytest runs in this process on the packaged module, with the suite's
implementation list set to NAME through OIF_TEST_<INTERFACE>_IMPLS; a small
plugin collects each test's outcome.  pytest's own report is kept out of
the way: the table is the report.
"""

import contextlib
import io
import os
import re
import sys

import openinterfaces
from openinterfaces import _core

PASSED, FAILED, SKIPPED = "PASS", "FAIL", "SKIP"
# The bridge's prefix before the implementation's own message: the test
# name already says which method it was.
BRIDGE_PREFIX = re.compile(r"Error occurred while executing method '\w+': ")
REASON_WIDTH = 160


class UsageError(Exception):
    pass


class Collector:
    """A pytest plugin: each test's outcome and reason, and the progress line."""

    def __init__(self, impl: str, out):
        self.impl = impl
        self.out = out
        self.results = {}  # nodeid -> [outcome, reason], in run order
        self.total = 0
        self.tty = out.isatty()

    def pytest_collection_finish(self, session):
        self.total = len(session.items)

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            # A failing setup or teardown fails the test; the first reason stays.
            current = self.results.get(report.nodeid)
            if current is None or current[0] == PASSED:
                outcome = {"passed": PASSED, "failed": FAILED, "skipped": SKIPPED}[report.outcome]
                self.results[report.nodeid] = [outcome, reason(report)]
        if report.when == "teardown" and self.tty:
            done = len(self.results)
            failed = sum(outcome == FAILED for outcome, _ in self.results.values())
            self.out.write(f"\r  {done}/{self.total} run, {failed} failed ")
            self.out.flush()


def reason(report) -> str:
    if report.outcome == "passed":
        return ""
    if report.outcome == "skipped" and isinstance(report.longrepr, tuple):
        text = report.longrepr[2].removeprefix("Skipped: ")
    else:
        crash = getattr(report.longrepr, "reprcrash", None)
        text = crash.message if crash is not None else str(report.longrepr)
    text = BRIDGE_PREFIX.sub("", text.strip().splitlines()[0] if text.strip() else "")
    # Short rows: "openinterfaces.OIFError: ..." as "OIFError: ...", and
    # without the Python bridge's "(at FILE:LINE in FUNCTION)" of the
    # implementation's own raise (pytest -k NAME shows it in full).
    text = re.sub(r"^(?:\w+\.)+(?=\w+: )", "", text)
    text = re.sub(r" \(at [^()]*:\d+ in \w+\)$", "", text)
    if report.outcome == "failed" and report.when != "call":
        text = f"in {report.when}: {text}"
    return text if len(text) <= REASON_WIDTH else text[: REASON_WIDTH - 3] + "..."


def row_name(nodeid: str, impl: str) -> str:
    """test_x[impl-callbacks_via_c-bdf] -> x[callbacks_via_c-bdf]: the
    implementation is the same on every row."""
    name = nodeid.rpartition("::")[2].removeprefix("test_")
    base, bracket, params = name.partition("[")
    if not bracket:
        return base
    parts = [p for p in params.rstrip("]").split("-") if p != impl]
    return f"{base}[{'-'.join(parts)}]" if parts else base


def check(interface: str, impl: str, out=None) -> int:
    """Runs the suite and prints the table; the exit status."""
    try:
        import pytest
    except ImportError as e:
        raise UsageError("check runs the conformance suite with pytest, which is not installed here "
                         "(Debian: python3-pytest; pip: pytest)") from e

    from openinterfaces.conformance import SUITES

    out = out or sys.stdout
    if interface not in SUITES:
        raise UsageError(f"unknown interface {interface!r}; known: {', '.join(SUITES)}")
    # openinterfaces.list_impls registers what entry points announce.
    if impl not in openinterfaces.list_impls(interface):
        # Not on the search path; a loader may still know it (entry points).
        try:
            _core.unload_impl(_core.load_impl(interface, impl, *_core.interface_version(interface)))
        except ValueError as e:
            raise UsageError(f"cannot load {interface}/{impl}: {e}\n"
                             f"(implementations are searched for in: {_core.search_path()})") from e
    try:
        language = _core.impl_language(interface, impl)
    except ValueError:
        language = "?"
    module = f"openinterfaces.conformance.{interface}"
    out.write(f"Checking {interface}/{impl} ({language}) against the conformance suite {module} ...\n")
    out.flush()

    collector = Collector(impl, out)
    variable = f"OIF_TEST_{interface.upper()}_IMPLS"
    saved = {k: os.environ.get(k) for k in (variable, "PYTEST_ADDOPTS", "OIF_PYTHON_CALLBACKS_VIA_C")}
    os.environ[variable] = impl
    os.environ.pop("PYTEST_ADDOPTS", None)  # the user's pytest options are not the suite's
    os.environ.pop("OIF_PYTHON_CALLBACKS_VIA_C", None)  # the suite chooses the path per test
    package_dir = os.path.dirname(os.path.abspath(__file__))
    args = [
        "--pyargs", module,
        "-c", os.devnull,  # no ini file of the current folder
        "--rootdir", package_dir, "--confcutdir", package_dir,  # nor its conftest.py
        "-p", "no:cacheprovider", "-q",
    ]
    report = io.StringIO()
    try:
        with contextlib.redirect_stdout(report):
            status = pytest.main(args, plugins=[collector])
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    if collector.tty:
        out.write("\r" + " " * 40 + "\r")
    if not collector.results:
        out.write(f"the suite ran no test (pytest exit status {int(status)}):\n{report.getvalue()}")
        return 1

    rows = [(outcome, row_name(nodeid, impl), why) for nodeid, (outcome, why) in collector.results.items()]
    width = max(len(name) for _, name, _ in rows)
    out.write(f"\n{'RESULT':<6}  {'TEST':<{width}}  REASON\n")
    for outcome, name, why in rows:
        out.write(f"{outcome:<6}  {name:<{width}}  {why}".rstrip() + "\n")
    counts = {o: sum(row[0] == o for row in rows) for o in (PASSED, FAILED, SKIPPED)}
    verdict = "conforms" if counts[FAILED] == 0 else "does not conform"
    out.write(f"\n{interface}/{impl} {verdict}: {counts[PASSED]} passed, {counts[FAILED]} failed, "
              f"{counts[SKIPPED]} skipped\n")
    return 0 if counts[FAILED] == 0 else 1
