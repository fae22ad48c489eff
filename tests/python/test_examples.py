"""The examples run with every shipped implementation, with no environment
variable set, print only their results, and fail cleanly on bad input."""

import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).parents[2]
BUILD = pathlib.Path(os.environ.get("OIF_BUILD_DIR", ROOT / "build"))
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("OIF_") and k != "PYTHONPATH"}

IMPLS = {
    "qeq": ["c_qeq_solver", "py_qeq_solver"],
    "linsolve": ["c_lapack", "numpy"],
    "ivp": ["dopri5c", "sundials_cvode", "scipy_ode"],
    "optim": ["nlopt", "scipy_optimize"],
}


def run(command):
    return subprocess.run(command, capture_output=True, text=True, env=CLEAN_ENV, cwd="/", timeout=300)


def c_example(name, *args):
    return run([str(BUILD / "examples" / name), *args])


def py_example(name, *args):
    return run([sys.executable, str(ROOT / "examples" / "python" / name), *args])


def assert_clean(result, lines):
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == lines


@pytest.mark.parametrize("impl", IMPLS["qeq"])
@pytest.mark.parametrize("example", [lambda i: c_example("call_qeq_from_c", i), lambda i: py_example("call_qeq.py", i)])
def test_qeq_examples(example, impl):
    result = example(impl)
    assert_clean(result, 1)
    large, small = (float(word) for word in result.stdout.split()[-3::2])
    assert large == pytest.approx(19999.99995, rel=1e-15)
    assert small == pytest.approx(1 / large, rel=1e-15)


@pytest.mark.parametrize("impl", IMPLS["linsolve"])
@pytest.mark.parametrize(
    "example", [lambda i: c_example("call_linsolve_from_c", i), lambda i: py_example("call_linsolve.py", i)]
)
def test_linsolve_examples(example, impl):
    result = example(impl)
    assert_clean(result, 1)
    # C prints "[ 1, 2, 3 ]" (oif_print_vector, as upstream), Python "[1. 2. 3.]".
    assert re.search(r"x = \[ ?1", result.stdout), result.stdout


@pytest.mark.parametrize("impl", IMPLS["ivp"])
@pytest.mark.parametrize("example", [lambda i: c_example("call_ivp_from_c", i), lambda i: py_example("call_ivp.py", i)])
def test_decay_examples(example, impl):
    result = example(impl)
    assert_clean(result, 10)
    errors = [float(line.split()[2]) for line in result.stdout.splitlines()]
    assert max(errors) < 1e-6


@pytest.mark.parametrize("impl", IMPLS["ivp"])
@pytest.mark.parametrize(
    "example",
    [lambda i: c_example("call_ivp_from_c_burgers_eq", i, "51"), lambda i: py_example("call_ivp_burgers_eq.py", i, "51")],
)
def test_burgers_examples(example, impl):
    result = example(impl)
    assert_clean(result, 51)
    u = [float(line.split()[1]) for line in result.stdout.splitlines()]
    assert 0.25 < min(u) and max(u) < 0.75  # the solution stays within the initial range


@pytest.mark.parametrize(
    "example",
    [lambda: c_example("call_ivp_from_c_vdp"), lambda: py_example("call_ivp_vdp.py")],
)
def test_van_der_pol_examples(example):
    result = example()
    assert_clean(result, 12)
    y1_at_3000 = float(result.stdout.splitlines()[-1].split()[1])
    assert y1_at_3000 == pytest.approx(-1.51061, abs=1e-4)


@pytest.mark.parametrize("impl", IMPLS["optim"])
@pytest.mark.parametrize(
    "example",
    [lambda i: c_example("call_optim_from_c_rosenbrock", i), lambda i: py_example("call_optim_rosenbrock.py", i)],
)
def test_rosenbrock_examples(example, impl):
    result = example(impl)
    assert_clean(result, 3)
    minimiser = re.search(r"x = \[([^\]]*)\]", result.stdout).group(1)
    assert [float(v) for v in re.split(r"[ ,]+", minimiser.strip())] == pytest.approx([1.0, 1.0], abs=1e-6)


@pytest.mark.parametrize(
    "example",
    [lambda: c_example("call_qeq_from_c", "no_such_solver"), lambda: py_example("call_qeq.py", "no_such_solver")],
)
def test_unknown_implementation_fails_with_the_reason(example):
    result = example()
    assert result.returncode == 1
    assert result.stdout == ""
    assert "no_such_solver" in result.stderr and "Available: c_qeq_solver" in result.stderr


def test_burgers_demo_and_its_plot(tmp_path):
    """What `make demo` runs: demo_burgers writes the solutions (with the
    reference) and each backend's cost; plot_burgers.py draws them."""
    data, stats, png = tmp_path / "burgers.csv", tmp_path / "burgers_stats.csv", tmp_path / "burgers.png"
    result = c_example("demo_burgers", "51", "--csv", str(data), "--stats", str(stats))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    header = data.read_text().splitlines()[0].split(",")
    assert header[:3] == ["x", "u0", "reference"]
    assert set(IMPLS["ivp"]) <= set(header[3:])  # sundials_cvode_mpi needs MPI: listed, not run
    rows = [line.split(",") for line in stats.read_text().splitlines()]
    assert rows[0] == ["backend", "language", "seconds", "rhs_evaluations", "max_abs_error"]
    assert [row[0] for row in rows[1:]] == header[3:]
    for backend, language, seconds, evaluations, error in rows[1:]:
        assert language in ("c", "python") and float(seconds) > 0 and int(evaluations) > 0, backend
        assert 0 < float(error) < 1e-4, backend  # rtol = atol = 1e-8 against a 1e-12 reference
    pytest.importorskip("matplotlib")
    plot = run([sys.executable, str(ROOT / "examples" / "plot_burgers.py"), str(data), str(stats), str(png)])
    assert plot.returncode == 0 and plot.stderr == "", plot.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
