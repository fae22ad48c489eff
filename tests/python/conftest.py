"""Shared by the pytest suite: the implementations every test runs against.

A Python user's callbacks reach a Python implementation as themselves, or,
with OIF_PYTHON_CALLBACKS_VIA_C=1, through the C layer as a C user's do (the
bridge reads the variable when a callback is set).  The ivp and optim
fixtures give each Python implementation once per path, so that every test
runs on both."""

import collections

import pytest

# The conformance suites live in the package (openinterfaces/conformance/),
# imported by the thin test_*_conformance.py modules: rewritten as test
# modules are, for assertion messages that show the values.
pytest.register_assert_rewrite("openinterfaces.conformance")

from openinterfaces.conformance._impls import (  # noqa: E402,F401  (re-exported to the tests)
    SHIPPED_PYTHON_IMPLS as PYTHON_IMPLS,
    impls,
    set_callback_path,
    with_callback_paths,
)
from probes import CATEGORIES  # noqa: E402

_probe_outcomes = collections.defaultdict(collections.Counter)  # category -> passed/failed

QEQ_IMPLS = impls("qeq")
LINSOLVE_IMPLS = impls("linsolve")
# The MPI suite (tests/mpi) runs the ivp tests against sundials_cvode_mpi
# on every rank (OIF_TEST_IVP_IMPLS): one copy of each problem per rank,
# one system to CVODE.
IVP_IMPLS = impls("ivp")
OPTIM_IMPLS = impls("optim")


@pytest.fixture(params=QEQ_IMPLS)
def qeq_impl(request):
    return request.param


@pytest.fixture(params=LINSOLVE_IMPLS)
def linsolve_impl(request):
    return request.param


@pytest.fixture(params=with_callback_paths(IVP_IMPLS))
def ivp_impl(request, monkeypatch):
    impl, via_c = request.param
    set_callback_path(monkeypatch, via_c)
    return impl


@pytest.fixture(params=with_callback_paths(OPTIM_IMPLS))
def optim_impl(request, monkeypatch):
    impl, via_c = request.param
    set_callback_path(monkeypatch, via_c)
    return impl


def pytest_configure(config):
    config.addinivalue_line("markers", "probe(category): a safety probe (see probes.py), counted per category")


def pytest_collection_modifyitems(items):
    for item in items:
        marker = item.get_closest_marker("probe")
        if marker is not None and (len(marker.args) != 1 or marker.args[0] not in CATEGORIES):
            raise pytest.UsageError(f"{item.nodeid}: probe category must be one of {CATEGORIES}")


def pytest_runtest_makereport(item, call):
    marker = item.get_closest_marker("probe")
    if marker is not None and call.when == "call":
        _probe_outcomes[marker.args[0]]["passed" if call.excinfo is None else "failed"] += 1


def pytest_terminal_summary(terminalreporter):
    if not _probe_outcomes:
        return
    parts = []
    for category in CATEGORIES:
        counts = _probe_outcomes.get(category)
        if counts:
            failed = f", {counts['failed']} FAILED" if counts["failed"] else ""
            parts.append(f"{category} {counts['passed'] + counts['failed']}{failed}")
    total = sum(sum(c.values()) for c in _probe_outcomes.values())
    failed = sum(c["failed"] for c in _probe_outcomes.values())
    verdict = "all passed" if failed == 0 else f"{failed} failed"
    terminalreporter.write_line(f"safety probes from Python: {', '.join(parts)} ({total} in all) -- {verdict}")
