"""The shipped Python implementations, called directly as the Python bridge
calls them: each class loaded from the module its .conf names, found next to
the .conf and imported under a private name; methods called with the
in-arguments, then the out-arrays."""

import decimal
import functools
import math
import os
import struct
import threading
import traceback
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.optimize
from scipy.integrate import ode

from openinterfaces._bridge_support import load_class

IMPL_ROOT = Path(__file__).resolve().parents[2] / "impl"


@functools.cache
def load_impl(interface, name):
    """The class, loaded by the bridge's own loader from the module its .conf names."""
    conf = IMPL_ROOT / interface / name / f"{name}.conf"
    language, details = conf.read_text().splitlines()[:2]
    assert language == "python"
    return load_class(str(conf.parent), details, f"_oif_impl_test_{interface}_{name}")


def new(interface, name):
    return load_impl(interface, name)()


# ---- qeq -------------------------------------------------------------------


def reference_roots(a, b, c):
    """c_qeq_solver's formula, operation for operation."""
    if a == 0.0:
        return -c / b, -c / b
    q = -0.5 * (b + math.copysign(math.sqrt(b * b - 4.0 * a * c), b))
    return q / a, (c / q if q != 0.0 else 0.0)


def bits(x):
    return struct.pack("<d", x)


def solve_qeq(a, b, c):
    roots = np.full(2, np.nan)
    new("qeq", "py_qeq_solver").solve_qeq(a, b, c, roots)
    return roots


def test_qeq_known_roots():
    assert list(solve_qeq(1.0, -3.0, 2.0)) == [2.0, 1.0]
    assert list(solve_qeq(2.0, 0.0, -8.0)) == [-2.0, 2.0]
    assert list(solve_qeq(1.0, 2.0, 1.0)) == [-1.0, -1.0]  # a double root twice
    assert list(solve_qeq(0.0, 2.0, -3.0)) == [1.5, 1.5]  # linear: its root twice
    assert list(solve_qeq(3.0, 0.0, 0.0)) == [0.0, 0.0]
    assert list(solve_qeq(1, -3, 2)) == [2.0, 1.0]  # ints as floats


def test_qeq_without_cancellation():
    """x^2 - 20000 x + 1: the small root is 1 / (10000 + sqrt(99999999))."""
    roots = solve_qeq(1.0, -20000.0, 1.0)
    with decimal.localcontext() as context:
        context.prec = 50
        large = decimal.Decimal(10000) + decimal.Decimal(99999999).sqrt()
        small = 1 / large
    assert roots[0] == pytest.approx(float(large), rel=1e-15)
    assert roots[1] == pytest.approx(float(small), rel=1e-15)


def test_qeq_bit_identical_to_the_c_formula():
    rng = np.random.default_rng(20240601)
    coefficients = rng.standard_normal((2000, 3)) * 10.0 ** rng.integers(-100, 100, size=(2000, 3))
    # a c <= 0: real roots.
    coefficients[:, 0] = np.copysign(coefficients[:, 0], -coefficients[:, 2])
    special = [(1.0, -20000.0, 1.0), (1.0, -0.0, -1.0), (1.0, 0.0, -1.0), (0.0, 2.0, 3.0), (2.0, 0.0, 0.0)]
    solver, roots = new("qeq", "py_qeq_solver"), np.empty(2)
    for a, b, c in coefficients.tolist() + special:
        solver.solve_qeq(a, b, c, roots)
        expected = reference_roots(a, b, c)
        assert [bits(r) for r in roots.tolist()] == [bits(r) for r in expected], (a, b, c)


def test_qeq_bit_identical_to_c_qeq_solver():
    qeq = pytest.importorskip("openinterfaces.interfaces.qeq")
    c_solver = qeq.QEQ("c_qeq_solver")
    rng = np.random.default_rng(7)
    for a, b, c in (rng.standard_normal((300, 3)) * [1.0, 1e3, 1.0]).tolist() + [[1.0, -20000.0, 1.0]]:
        if b * b - 4.0 * a * c < 0.0:
            continue
        from_c, from_python = c_solver.solve(a, b, c).tolist(), solve_qeq(a, b, c).tolist()
        assert [bits(r) for r in from_c] == [bits(r) for r in from_python], (a, b, c)


def test_qeq_failures():
    solver = new("qeq", "py_qeq_solver")
    with pytest.raises(ValueError, match=r"the roots are complex \(discriminant -4 < 0\)"):
        solver.solve_qeq(1.0, 0.0, 1.0, np.empty(2))
    with pytest.raises(ValueError, match="a = b = 0"):
        solver.solve_qeq(0.0, 0.0, 1.0, np.empty(2))
    with pytest.raises(ValueError, match="'roots' must be a vector of length 2"):
        solver.solve_qeq(1.0, -3.0, 2.0, np.empty(3))


# ---- linsolve --------------------------------------------------------------


@pytest.mark.parametrize("order", ["C", "F"])
def test_linsolve_c_and_fortran_order(order):
    A = np.array([[4.0, -2.0, 1.0], [3.0, 6.0, -4.0], [2.0, 1.0, 8.0]], order=order)
    x_true = np.array([1.0, -2.0, 3.0])
    b = A @ x_true
    A_before, b_before = A.copy(order="A"), b.copy()
    x = np.empty(3)
    new("linsolve", "numpy").solve_lin(A, b, x)
    np.testing.assert_allclose(x, x_true, rtol=1e-14)
    assert np.array_equal(A, A_before) and A.flags[f"{order}_CONTIGUOUS"]
    assert np.array_equal(b, b_before)


def test_linsolve_nonsymmetric_matches_numpy():
    rng = np.random.default_rng(3)
    A, b, x = rng.standard_normal((7, 7)), rng.standard_normal(7), np.empty(7)
    solver = new("linsolve", "numpy")
    solver.solve_lin(np.asfortranarray(A), b, x)
    np.testing.assert_allclose(x, np.linalg.solve(A, b), rtol=1e-12)
    solver.solve_lin(A, b, x)
    np.testing.assert_allclose(A @ x, b, rtol=1e-12, atol=1e-12)


def test_linsolve_failures():
    solver = new("linsolve", "numpy")
    with pytest.raises(RuntimeError, match="the matrix is singular"):
        solver.solve_lin(np.array([[1.0, 2.0], [2.0, 4.0]]), np.ones(2), np.empty(2))
    with pytest.raises(ValueError, match="'A' must be a non-empty square matrix"):
        solver.solve_lin(np.ones((2, 3)), np.ones(2), np.empty(2))
    with pytest.raises(ValueError, match="'b' and 'x' must be vectors of length 2"):
        solver.solve_lin(np.eye(2), np.ones(3), np.empty(2))
    with pytest.raises(ValueError, match="'b' and 'x' must be vectors of length 2"):
        solver.solve_lin(np.eye(2), np.ones(2), np.empty(3))


# ---- ivp: scipy_ode --------------------------------------------------------

INTEGRATORS = ["dopri5", "dop853", "vode", "lsoda"]


def decay(t, y, ydot, _):
    ydot[:] = -y


def oscillator(t, y, ydot, _):
    ydot[0] = y[1]
    ydot[1] = -4.0 * y[0]


def ivp(rhs=decay, y0=(1.0,), integrator="dopri5", options=None, tolerances=(1e-10, 1e-12)):
    solver = new("ivp", "scipy_ode")
    solver.set_initial_value(np.array(y0, dtype=float), 0.0)
    solver.set_rhs_fn(rhs)
    solver.set_integrator(integrator, options)
    if tolerances:
        solver.set_tolerances(*tolerances)
    return solver


@pytest.fixture
def quiet(capfd):
    """Fails the test if anything reached file descriptors 1 or 2."""
    yield
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


@pytest.mark.parametrize("integrator", INTEGRATORS)
def test_exponential_decay(integrator, quiet):
    solver, y = ivp(integrator=integrator), np.empty(1)
    for t in np.linspace(0.1, 1.0, 10):
        solver.integrate(t, y)
        assert y[0] == pytest.approx(math.exp(-t), rel=1e-7)


@pytest.mark.parametrize("integrator", INTEGRATORS)
def test_linear_oscillator(integrator, quiet):
    solver, y = ivp(oscillator, (1.0, 0.0), integrator), np.empty(2)
    for t in np.arange(0.5, 10.01, 0.5):
        solver.integrate(t, y)
        assert y[0] == pytest.approx(math.cos(2 * t), abs=1e-6)
        assert y[1] == pytest.approx(-2 * math.sin(2 * t), abs=2e-6)


@pytest.mark.parametrize("integrator", INTEGRATORS)
def test_same_solution_as_calling_scipy_directly(integrator, quiet):
    """scipy_ode runs SciPy's Fortran code as ode.integrate does."""
    ydot = np.empty(2)

    def f(t, y):
        oscillator(t, y, ydot, None)
        return ydot

    times = np.linspace(0.1, 5.0, 50)
    direct = ode(f).set_integrator(integrator, rtol=1e-8, atol=1e-10, nsteps=500_000)
    direct.set_initial_value([1.0, 0.0], 0.0)
    expected = [direct.integrate(t).copy() for t in times]
    solver, y = ivp(oscillator, (1.0, 0.0), integrator, tolerances=(1e-8, 1e-10)), np.empty(2)
    for t, y_direct in zip(times, expected):
        solver.integrate(t, y)
        assert np.array_equal(y, y_direct), t


def test_rhs_before_initial_value_and_user_data_unchanged(quiet):
    class Parameters:
        rate = 3.0

    params, seen = Parameters(), []

    def rhs(t, y, ydot, user_data):
        seen.append(user_data)
        ydot[:] = -user_data.rate * y

    solver = new("ivp", "scipy_ode")
    solver.set_rhs_fn(rhs)
    solver.set_user_data(params)
    solver.set_initial_value(np.array([2.0]), 0.0)
    y = np.empty(1)
    solver.integrate(1.0, y)
    assert all(p is params for p in seen) and seen
    assert y[0] == pytest.approx(2 * math.exp(-3.0), rel=1e-5)


def test_ydot_is_one_buffer_and_initial_value_is_copied(quiet):
    buffers = set()

    def rhs(t, y, ydot, _):
        buffers.add(ydot.ctypes.data)
        ydot[:] = -y

    y0 = np.array([1.0, 2.0])
    solver = ivp(rhs, y0)
    solver.set_initial_value(y0, 0.0)
    y0[:] = 100.0  # the caller's memory changes; the solver has its own copy
    y = np.empty(2)
    solver.integrate(0.5, y)
    np.testing.assert_allclose(y, np.array([1.0, 2.0]) * math.exp(-0.5), rtol=1e-8)
    assert len(buffers) == 1


@pytest.mark.parametrize("integrator", INTEGRATORS)
def test_rhs_returning_non_zero_is_runtime_error(integrator, quiet):
    def rhs(t, y, ydot, _):
        ydot[:] = -y
        return 3 if t > 0.3 else 0

    with pytest.raises(RuntimeError, match=r"^right-hand side returned status 3 at t = 0\.3"):
        ivp(rhs, integrator=integrator).integrate(1.0, np.empty(1))


def test_rhs_returning_nonsense_is_type_error(quiet):
    solver = ivp(lambda t, y, ydot, _: "fine")
    with pytest.raises(TypeError, match="must return an int status or None"):
        solver.integrate(1.0, np.empty(1))


class Boom(Exception):
    pass


@pytest.mark.parametrize("integrator", INTEGRATORS)
def test_exception_in_rhs_propagates_as_itself(integrator, quiet):
    raised = Boom("the model broke")

    def rhs(t, y, ydot, _):
        if t > 0.3:
            raise raised
        ydot[:] = -y

    solver, y = ivp(rhs, integrator=integrator), np.empty(1)
    solver.integrate(0.2, y)
    with pytest.raises(Boom) as info:
        solver.integrate(1.0, y)
    assert info.value is raised
    assert "rhs" in [frame.name for frame in traceback.extract_tb(info.tb)]
    # The next integrate restarts from the last output, t = 0.2.
    solver.set_rhs_fn(decay)
    solver.integrate(1.0, y)
    assert y[0] == pytest.approx(math.exp(-1.0), rel=1e-7)


@pytest.mark.parametrize("integrator", ["vode", "lsoda"])
def test_failing_fortran_integrators_print_nothing(integrator, quiet):
    solver = ivp(integrator=integrator, options={"nsteps": 2})
    y = np.empty(1)
    with pytest.raises(
        RuntimeError, match=rf"^{integrator}: nsteps = 2 steps taken in this call reached only t = "
    ):
        solver.integrate(100.0, y)
    # Running out of steps keeps what was reached: calling again goes on.
    for _ in range(200):
        try:
            solver.integrate(1.0, y)
            break
        except RuntimeError:
            pass
    assert y[0] == pytest.approx(math.exp(-1.0), rel=1e-6)

    solver = ivp(integrator=integrator, options={"rtol": 1e-30, "atol": 0.0}, tolerances=None)
    with pytest.raises(RuntimeError, match=r"illegal input.*too much accuracy"):
        solver.integrate(1.0, y)


def test_failing_dopri5_prints_nothing(quiet):
    solver = ivp(lambda t, y, ydot, _: ydot.__setitem__(0, y[0] ** 2), integrator="dopri5")
    with pytest.raises(RuntimeError, match="dopri5 failed at t = 0.99.*step size became too small"):
        solver.integrate(2.0, np.empty(1))  # y = 1 / (1 - t) blows up at t = 1


def test_output_of_the_rhs_itself_is_kept(capfd):
    def rhs(t, y, ydot, _):
        ydot[:] = -y
        if not rhs.written:
            rhs.written = True
            os.write(1, b"from the rhs to stdout\n")
            os.write(2, b"from the rhs to stderr\n")

    for integrator in INTEGRATORS:
        rhs.written = False
        ivp(rhs, integrator=integrator).integrate(1.0, np.empty(1))
    out, err = capfd.readouterr()
    assert out == "from the rhs to stdout\n" * 4
    assert err == "from the rhs to stderr\n" * 4


def test_options_accepted(quiet):
    accepted = {
        "vode": {"method": "BDF", "with_jacobian": 1, "order": 5, "max_step": 0.5, "first_step": 1e-4},
        "VODE": {"lband": 0, "uband": 0},
        "lsoda": {"max_order_ns": 6, "max_order_s": 3, "min_step": 0.0, "max_hnil": 1, "ixpr": 0},
        "dopri5": {"safety": 0.8, "ifactor": 5, "dfactor": 0.3, "beta": 0.1, "verbosity": -1},
        "dop853": {"max_num_steps": 1000, "rtol": 1e-9, "atol": 1e-11},
    }
    for integrator, options in accepted.items():
        solver, y = ivp(integrator=integrator, options=options, tolerances=None), np.empty(1)
        solver.integrate(1.0, y)
        assert y[0] == pytest.approx(math.exp(-1.0), rel=1e-4), integrator


def test_options_rejected():
    solver = new("ivp", "scipy_ode")
    with pytest.raises(
        ValueError,
        match="^unknown integrator 'rk4'; scipy_ode provides: vode, lsoda, dopri5, dop853, and bdf, adams, rk45 "
        r"\(the names other implementations use\)$",
    ):
        solver.set_integrator("rk4", None)
    with pytest.raises(
        ValueError, match=r"^unknown option 'order' for integrator 'dopri5'; valid options: rtol, atol, "
    ):
        solver.set_integrator("dopri5", {"order": 5})
    with pytest.raises(ValueError, match="option 'nsteps' must be an int, got str 'many'"):
        solver.set_integrator("vode", {"nsteps": "many"})
    with pytest.raises(ValueError, match="option 'max_num_steps' must be > 0"):
        solver.set_integrator("lsoda", {"max_num_steps": 0})
    with pytest.raises(ValueError, match="give only one"):
        solver.set_integrator("vode", {"nsteps": 10, "max_num_steps": 10})
    with pytest.raises(ValueError, match="option 'method' must be 'adams' or 'bdf'"):
        solver.set_integrator("vode", {"method": "rk"})
    with pytest.raises(ValueError, match="option 'verbosity' = 1 would make the integrator print"):
        solver.set_integrator("dop853", {"verbosity": 1})
    with pytest.raises(ValueError, match="option 'ixpr' = 1 would make LSODA print"):
        solver.set_integrator("lsoda", {"ixpr": 1})
    with pytest.raises(ValueError, match="option 'safety' must lie between 1e-4 and 1"):
        solver.set_integrator("dopri5", {"safety": 2.0})
    with pytest.raises(ValueError, match="rtol > 0"):
        solver.set_integrator("dopri5", {"rtol": -1.0})
    with pytest.raises(ValueError, match="rtol > 0 and atol >= 0, got rtol = 0, atol = 1e-12"):
        solver.set_tolerances(0.0, 1e-12)


def test_order_of_calls_and_argument_errors():
    solver, y = new("ivp", "scipy_ode"), np.empty(1)
    with pytest.raises(RuntimeError, match="no initial value: call set_initial_value before integrate"):
        solver.integrate(1.0, y)
    solver.set_initial_value(np.array([1.0]), 0.0)
    with pytest.raises(RuntimeError, match="no right-hand side: call set_rhs_fn before integrate"):
        solver.integrate(1.0, y)
    solver.set_rhs_fn(decay)
    with pytest.raises(ValueError, match="'y' must be a vector of length 1, like y0"):
        solver.integrate(1.0, np.empty(2))
    with pytest.raises(ValueError, match="'y0' must be finite, but y0.1. = nan"):
        solver.set_initial_value(np.array([1.0, np.nan]), 0.0)
    solver.integrate(0.0, y)  # the initial value itself
    assert y[0] == 1.0
    for t in (math.inf, math.nan):
        with pytest.raises(ValueError, match="'t' must be finite, got "):
            solver.integrate(t, y)
    solver.integrate(1.0, y)
    for t in (math.inf, math.nan):
        with pytest.raises(ValueError, match="'t' must be finite, got "):
            solver.integrate(t, y)


@pytest.mark.parametrize("integrator", INTEGRATORS)
def test_backwards_after_forwards_and_new_user_data(integrator, quiet):
    def rhs(t, y, ydot, rate):
        ydot[:] = -rate * y

    solver, y = ivp(rhs, integrator=integrator), np.empty(1)
    solver.set_user_data(1.0)
    solver.integrate(2.0, y)
    solver.integrate(1.0, y)
    assert y[0] == pytest.approx(math.exp(-1.0), rel=1e-7)
    solver.set_user_data(2.0)  # takes effect from the last output time, t = 1
    solver.integrate(2.0, y)
    assert y[0] == pytest.approx(math.exp(-3.0), rel=1e-7)


@pytest.mark.parametrize("integrator", ["vode", "lsoda"])
def test_two_instances_of_a_fortran_integrator_interleaved(integrator, quiet):
    """SciPy's vode and lsoda solve one problem at a time; an instance whose
    problem was displaced restarts from its last output."""
    first, second = ivp(integrator=integrator), ivp(oscillator, (1.0, 0.0), integrator)
    y1, y2 = np.empty(1), np.empty(2)
    for t in np.linspace(0.25, 3.0, 12):
        first.integrate(t, y1)
        second.integrate(t, y2)
        assert y1[0] == pytest.approx(math.exp(-t), rel=1e-7)
        assert y2[0] == pytest.approx(math.cos(2 * t), abs=1e-6)


def test_instances_in_threads(quiet):
    """Each thread its own instance; vode and lsoda calls take turns."""
    errors = []

    def run(integrator, rate):
        def rhs(t, y, ydot, _):
            ydot[:] = -rate * y

        try:
            solver, y = new("ivp", "scipy_ode"), np.empty(1)
            solver.set_initial_value(np.ones(1), 0.0)
            solver.set_rhs_fn(rhs)
            solver.set_integrator(integrator, {"rtol": 1e-10})
            for t in np.linspace(0.01, 1.0, 200):
                solver.integrate(t, y)
                assert y[0] == pytest.approx(math.exp(-rate * t), rel=1e-7)
        except BaseException as e:
            errors.append(e)

    threads = [
        threading.Thread(target=run, args=(integrator, rate))
        for integrator in INTEGRATORS
        for rate in (0.5, 2.0)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_print_stats_counts_rhs_evaluations(capfd):
    calls = []

    def rhs(t, y, ydot, _):
        calls.append(t)
        ydot[:] = -y

    solver = ivp(rhs, integrator="vode")
    solver.integrate(1.0, np.empty(1))
    solver.set_user_data("new user data: a restart, same count")
    solver.integrate(2.0, np.empty(1))
    capfd.readouterr()
    solver.print_stats()
    out, err = capfd.readouterr()
    assert out == f"scipy_ode: integrator: vode\nscipy_ode: rhs evaluations: {len(calls)}\n" and err == ""


# ---- optim: scipy_optimize -------------------------------------------------


def rosenbrock(x, p):
    a, b = p if p is not None else (1.0, 100.0)
    return (a - x[0]) ** 2 + b * (x[1] - x[0] ** 2) ** 2


def rosenbrock_grad(x, grad, p):
    a, b = p if p is not None else (1.0, 100.0)
    grad[0] = -2 * (a - x[0]) - 4 * b * x[0] * (x[1] - x[0] ** 2)
    grad[1] = 2 * b * (x[1] - x[0] ** 2)


def optimizer(objective=rosenbrock, grad=None, method=None, options=None):
    opt = new("optim", "scipy_optimize")
    opt.set_initial_guess(np.array([-1.2, 1.0]))
    opt.set_objective_fn(objective)
    if grad is not None:
        opt.set_grad_fn(grad)
    if method is not None:
        opt.set_method(method, options)
    return opt


def test_rosenbrock_default_method_is_scipys_bfgs(quiet):
    x = np.empty(2)
    status, message = optimizer().minimize(x)
    assert (status, message) == (0, "Optimization terminated successfully.")
    np.testing.assert_allclose(x, [1.0, 1.0], atol=1e-4)
    direct = scipy.optimize.minimize(lambda x: rosenbrock(x, None), [-1.2, 1.0])
    assert np.array_equal(x, direct.x)


def test_rosenbrock_with_gradient(quiet):
    calls, x = [], np.empty(2)

    def grad(x, g, p):
        calls.append(1)
        rosenbrock_grad(x, g, p)

    status, _ = optimizer(grad=grad).minimize(x)
    assert status == 0 and calls
    np.testing.assert_allclose(x, [1.0, 1.0], atol=1e-6)
    def jac(x):
        g = np.empty(2)
        rosenbrock_grad(x, g, None)
        return g

    direct = scipy.optimize.minimize(lambda x: rosenbrock(x, None), [-1.2, 1.0], jac=jac)
    assert np.array_equal(x, direct.x)


@pytest.mark.parametrize(
    "method, tolerance",
    [
        ("Nelder-Mead", 1e-3),
        ("powell", 1e-6),
        ("CG", 1e-6),
        ("Newton-CG", 1e-4),
        ("L-BFGS-B", 1e-4),
        ("TNC", 1e-3),
        ("SLSQP", 1e-3),
        ("trust-constr", 1e-6),
        ("trust-ncg", 1e-5),
        ("trust-krylov", 1e-3),
    ],
)
def test_every_method_finds_the_minimum(method, tolerance, quiet):
    x = np.empty(2)
    status, message = optimizer(grad=rosenbrock_grad, method=method).minimize(x)
    assert isinstance(status, int) and isinstance(message, str) and message
    np.testing.assert_allclose(x, [1.0, 1.0], atol=tolerance)


def test_a_run_that_stops_early_returns_its_status(quiet):
    x = np.empty(2)
    status, message = optimizer(method="COBYLA", options={"maxiter": 50}).minimize(x)
    assert status == 2 and "Maximum number of function evaluations" in message
    status, message = optimizer(method="BFGS", options={"maxiter": 3}).minimize(x)
    assert status == 1 and "Maximum number of iterations" in message


def test_scipy_warnings_go_into_the_message(quiet):
    _, message = optimizer(method="TNC", options={"maxiter": 50}).minimize(np.empty(2))
    assert "SciPy warned: DeprecationWarning: 'maxiter' has been deprecated" in message
    # trust-constr's quasi-Newton update warns about a linear objective.
    opt = optimizer(lambda x, _: x[0] + 2 * x[1], method="trust-constr", options={"maxiter": 5})
    _, message = opt.minimize(np.empty(2))
    assert "SciPy warned: UserWarning: delta_grad == 0.0" in message


def test_the_users_own_warnings_still_show():
    def objective(x, p):
        warnings.warn("from the objective", UserWarning)
        return rosenbrock(x, p)

    with pytest.warns(UserWarning, match="from the objective"):
        optimizer(objective, method="Nelder-Mead").minimize(np.empty(2))


def test_user_data_moves_the_minimum(quiet):
    params, received, x = (2.0, 100.0), [], np.empty(2)

    def objective(x, p):
        received.append(p)
        return rosenbrock(x, p)

    def grad(x, g, p):
        received.append(p)
        rosenbrock_grad(x, g, p)

    opt = optimizer(objective, grad)
    opt.set_user_data(params)
    opt.minimize(x)
    assert received and all(p is params for p in received)
    np.testing.assert_allclose(x, [2.0, 4.0], atol=1e-5)


def test_nan_objective_is_runtime_error(quiet):
    with pytest.raises(RuntimeError, match=r"^objective returned NaN at evaluation 1, x = \[-1.2, 1\]$"):
        optimizer(lambda x, p: math.nan).minimize(np.empty(2))

    def objective(x, p):
        return math.nan if x[0] > -1.0 else rosenbrock(x, p)

    with pytest.raises(RuntimeError, match=r"^objective returned NaN at evaluation \d+, x = \[-0\.\d+, "):
        optimizer(objective, method="Nelder-Mead").minimize(np.empty(2))


def test_gradient_failures():
    with pytest.raises(
        RuntimeError, match=r"^gradient returned status 5 at gradient evaluation 1, x = \[-1.2, 1\]$"
    ):
        optimizer(grad=lambda x, g, _: 5).minimize(np.empty(2))
    with pytest.raises(TypeError, match="the gradient must return an int status or None, got str"):
        optimizer(grad=lambda x, g, _: "ok").minimize(np.empty(2))

    def grad(x, g, _):
        raise ZeroDivisionError("no gradient today")

    with pytest.raises(ZeroDivisionError, match="no gradient today"):
        optimizer(grad=grad).minimize(np.empty(2))


def test_exception_in_objective_propagates_as_itself():
    raised = Boom("stop here")

    def objective(x, _):
        raise raised

    with pytest.raises(Boom) as info:
        optimizer(objective).minimize(np.empty(2))
    assert info.value is raised


def test_bad_methods_and_options():
    opt = new("optim", "scipy_optimize")
    with pytest.raises(
        ValueError, match="^unknown method 'LD_LBFGS'; the SciPy methods usable here are: Nelder-Mead, "
    ):
        opt.set_method("LD_LBFGS", None)
    with pytest.raises(ValueError, match="method 'dogleg' needs the Hessian as a function"):
        opt.set_method("dogleg", None)
    with pytest.raises(ValueError, match="unknown option 'xtol' for method 'BFGS'; valid options: maxiter"):
        opt.set_method("bfgs", {"xtol": 1e-8})
    with pytest.raises(ValueError, match="option 'maxiter' must be an int, got float 100.0"):
        opt.set_method("Nelder-Mead", {"maxiter": 100.0})
    with pytest.raises(ValueError, match="option 'disp' = 1 would make SciPy print"):
        opt.set_method("Powell", {"disp": 1})
    with pytest.raises(ValueError, match="option 'iprint' = 0 would make SciPy print"):
        opt.set_method("L-BFGS-B", {"iprint": 0})
    opt.set_method("NELDER-MEAD", {"xatol": 1e-10, "fatol": 1e-10, "maxfev": 10_000, "adaptive": 1})
    opt.set_initial_guess(np.array([-1.2, 1.0]))
    opt.set_objective_fn(rosenbrock)
    x = np.empty(2)
    opt.minimize(x)
    np.testing.assert_allclose(x, [1.0, 1.0], atol=1e-8)


def test_minimize_preconditions():
    opt, x = new("optim", "scipy_optimize"), np.empty(2)
    with pytest.raises(RuntimeError, match="no initial guess: call set_initial_guess first"):
        opt.minimize(x)
    opt.set_initial_guess(np.array([-1.2, 1.0]))
    with pytest.raises(RuntimeError, match="no objective function: call set_objective_fn first"):
        opt.minimize(x)
    opt.set_objective_fn(rosenbrock)
    with pytest.raises(ValueError, match="'x' must be a vector of length 2, like the initial guess"):
        opt.minimize(np.empty(3))
    opt.set_method("Newton-CG", None)
    with pytest.raises(RuntimeError, match="method 'Newton-CG' needs the gradient, but none was set"):
        opt.minimize(x)


def test_instances_are_independent(quiet):
    first, second = optimizer(method="Nelder-Mead"), optimizer(grad=rosenbrock_grad)
    second.set_user_data((3.0, 100.0))
    x1, x2 = np.empty(2), np.empty(2)
    first.minimize(x1)
    second.minimize(x2)
    np.testing.assert_allclose(x1, [1.0, 1.0], atol=1e-3)
    np.testing.assert_allclose(x2, [3.0, 9.0], atol=1e-5)
