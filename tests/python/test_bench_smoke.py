"""A short run of every benchmark, so that `make bench` cannot rot: each
produces its rows, and the variants that share an integrator agree."""

import math
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).parents[2]
BUILD = pathlib.Path(os.environ.get("OIF_BUILD_DIR", ROOT / "build"))
sys.path.insert(0, str(ROOT / "bench"))


@pytest.fixture(autouse=True)
def bench_fixtures(monkeypatch):
    monkeypatch.setenv("OIF_IMPL_PATH", str(BUILD / "bench" / "impl"))


def test_burgers_python_variants_agree():
    import burgers_python

    results = burgers_python.measure(21, 1)
    assert len(results) == 6
    evaluations = {name: evals for name, (_, evals, _) in results.items()}
    scipy_counts = {evals for name, evals in evaluations.items() if "SciPy" in name or "scipy_ode" in name
                    or "ctypes" in name}
    assert len(scipy_counts) == 1  # the same dopri5, whichever way its RHS is called
    assert all(diff < 1e-10 for _, _, diff in results.values())


def test_crossings_produce_rows():
    import crossings

    rows = crossings.derived(crossings.timings(repeats=1, number=200))
    # Differences of two timings may come out negative on a busy machine;
    # this only checks that every row is measured.
    assert len(rows) == 7 and all(math.isfinite(ns) for _, ns, _, _, _ in rows)


def test_startup_measures_every_ivp():
    import startup

    rows = startup.measure(repeats=1)
    assert [what for what, _ in rows][0] == "import openinterfaces.interfaces.ivp"
    assert all(seconds > 0 for _, seconds in rows)


@pytest.mark.parametrize("command", [["dispatch_overhead", "20000"], ["dispatch_overhead", "20000", "10"],
                                     ["burgers_c", "21", "1"]])
def test_c_benchmarks_run(command):
    run = subprocess.run([str(BUILD / "bench" / command[0]), *command[1:]], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stderr == "" and run.stdout
