"""Python users calling every optim implementation with Python objectives
(the Python implementation on both callback paths, see conftest.py)."""

import numpy as np
import pytest

from conftest import set_callback_path
from openinterfaces.interfaces.optim import Optim

# What differs between implementations: method names, the options that make
# a gradient-free method find Rosenbrock's minimum to 1e-6 (success is status
# 0 for every one).
GRADIENT_METHOD = {"nlopt": "LD_LBFGS", "scipy_optimize": "BFGS"}
GRADIENT_FREE_METHOD = {
    "nlopt": ("LN_NELDERMEAD", {"xtol_rel": 1e-12, "maxeval": 20000}),
    "scipy_optimize": ("Nelder-Mead", {"xatol": 1e-10, "fatol": 1e-14, "maxfev": 20000}),
}
# SciPy's default, BFGS, on SciPy's finite-difference gradient stops about
# 1.3e-5 away.
DEFAULT_ACCURACY_WITHOUT_GRADIENT = {"nlopt": 1e-6, "scipy_optimize": 1e-4}


def rosenbrock(x, p):
    a, b = p if p is not None else (1.0, 100.0)
    return (a - x[0]) ** 2 + b * (x[1] - x[0] ** 2) ** 2


def rosenbrock_grad(x, grad, p):
    a, b = p if p is not None else (1.0, 100.0)
    grad[0] = -2 * (a - x[0]) - 4 * b * x[0] * (x[1] - x[0] ** 2)
    grad[1] = 2 * b * (x[1] - x[0] ** 2)


def test_rosenbrock_without_gradient(optim_impl):
    opt = Optim(optim_impl)
    opt.set_initial_guess([-1.2, 1.0])
    opt.set_objective_fn(rosenbrock)
    status, message = opt.minimize()
    assert isinstance(status, int) and isinstance(message, str) and message
    assert status == 0, message
    np.testing.assert_allclose(opt.x, [1.0, 1.0], atol=DEFAULT_ACCURACY_WITHOUT_GRADIENT[optim_impl])


def test_rosenbrock_with_gradient(optim_impl):
    calls = []

    def grad(x, g, p):
        calls.append(1)
        rosenbrock_grad(x, g, p)

    opt = Optim(optim_impl)
    opt.set_initial_guess(np.array([-1.2, 1.0]))
    opt.set_objective_fn(rosenbrock)
    opt.set_grad_fn(grad)
    opt.set_method(GRADIENT_METHOD[optim_impl])
    status, message = opt.minimize()
    assert status == 0, message
    assert calls
    np.testing.assert_allclose(opt.x, [1.0, 1.0], atol=1e-6)


def test_user_data_moves_the_minimum(optim_impl):
    params = (2.0, 100.0)
    received = []

    def objective(x, p):
        received.append(p)
        return rosenbrock(x, p)

    def grad(x, g, p):
        received.append(p)
        rosenbrock_grad(x, g, p)

    opt = Optim(optim_impl)
    opt.set_initial_guess([-1.2, 1.0])
    opt.set_objective_fn(objective)
    opt.set_grad_fn(grad)
    opt.set_user_data(params)
    opt.minimize()
    assert received and all(p is params for p in received)
    np.testing.assert_allclose(opt.x, [2.0, 4.0], atol=1e-5)


def test_options_and_bad_options(optim_impl):
    method, options = GRADIENT_FREE_METHOD[optim_impl]
    opt = Optim(optim_impl)
    opt.set_initial_guess([-1.2, 1.0])
    opt.set_objective_fn(rosenbrock)
    opt.set_method(method, options)
    status, message = opt.minimize()
    assert status == 0, message
    np.testing.assert_allclose(opt.x, [1.0, 1.0], atol=1e-6)
    prefix = "^Error occurred while executing method 'set_method': "
    with pytest.raises(RuntimeError, match=prefix + ".*no_such_option"):
        opt.set_method(method, {"no_such_option": 1})
    with pytest.raises(RuntimeError, match=prefix + ".*'no_such_method'.*" + method):
        opt.set_method("no_such_method")


class Stop(Exception):
    pass


def test_exception_in_objective_reaches_the_user_as_itself(optim_impl):
    raised = Stop("stop here")

    def objective(x, _):
        raise raised

    opt = Optim(optim_impl)
    opt.set_initial_guess([-1.2, 1.0])
    opt.set_objective_fn(objective)
    with pytest.raises(Stop) as info:
        opt.minimize()
    assert info.value is raised


def test_exception_in_gradient_reaches_the_user_as_itself(optim_impl):
    raised = ZeroDivisionError("no gradient today")

    def grad(x, g, _):
        raise raised

    opt = Optim(optim_impl)
    opt.set_initial_guess([-1.2, 1.0])
    opt.set_objective_fn(rosenbrock)
    opt.set_grad_fn(grad)
    opt.set_method(GRADIENT_METHOD[optim_impl])
    with pytest.raises(ZeroDivisionError) as info:
        opt.minimize()
    assert info.value is raised

    # The instance is usable again.
    opt.set_grad_fn(rosenbrock_grad)
    opt.minimize()
    np.testing.assert_allclose(opt.x, [1.0, 1.0], atol=1e-6)


def test_gradient_returning_non_zero_is_runtime_error(optim_impl):
    opt = Optim(optim_impl)
    opt.set_initial_guess([-1.2, 1.0])
    opt.set_objective_fn(rosenbrock)
    opt.set_grad_fn(lambda x, g, _: 5)
    opt.set_method(GRADIENT_METHOD[optim_impl])
    with pytest.raises(
        RuntimeError, match="^Error occurred while executing method 'minimize': .*gradient returned status 5"
    ):
        opt.minimize()


# ---- scipy_optimize, a Python implementation ---------------------------------


def test_python_implementation_errors_are_runtime_errors_naming_the_exception():
    opt = Optim("scipy_optimize")
    with pytest.raises(RuntimeError) as info:
        opt.set_method("dogleg")
    assert str(info.value).startswith(
        "Error occurred while executing method 'set_method': optim/scipy_optimize, method 'set_method': "
        "ValueError: method 'dogleg' needs the Hessian"
    )
    assert "scipy_optimize.py:" in str(info.value)
    with pytest.raises(
        RuntimeError,
        match="^Error occurred while executing method 'set_method': .*ValueError: option 'maxiter' must be an int",
    ):
        opt.set_method("BFGS", {"maxiter": 1.5})
    with pytest.raises(
        RuntimeError, match="^Error occurred while executing method 'minimize': .*RuntimeError: no initial guess"
    ):
        opt.minimize()


def minimize_on_path(monkeypatch, via_c, method, with_gradient):
    """Rosenbrock's function with (a, b) as user data, on the given callback
    path: the result, the call counts, and whether the callbacks got the
    implementation's own arrays."""
    set_callback_path(monkeypatch, via_c)
    owned, calls = set(), {"objective": 0, "gradient": 0}

    def objective(x, p):
        owned.add(x.flags.owndata)
        calls["objective"] += 1
        return rosenbrock(x, p)

    def grad(x, g, p):
        owned.add(g.flags.owndata)
        calls["gradient"] += 1
        rosenbrock_grad(x, g, p)

    opt = Optim("scipy_optimize")
    opt.set_initial_guess([-1.2, 1.0])
    opt.set_objective_fn(objective)
    if with_gradient:
        opt.set_grad_fn(grad)
    opt.set_user_data((1.5, 100.0))
    if method is not None:
        opt.set_method(method)
    status, message = opt.minimize()
    return opt.x.copy(), status, message, calls, owned


@pytest.mark.parametrize(
    "method, with_gradient",
    [(None, False), ("BFGS", True), ("Nelder-Mead", False), ("L-BFGS-B", True), ("trust-ncg", True)],
)
def test_both_callback_paths_give_bit_identical_results(monkeypatch, method, with_gradient):
    x, status, message, calls, owned = minimize_on_path(monkeypatch, False, method, with_gradient)
    x_c, status_c, message_c, calls_c, owned_c = minimize_on_path(monkeypatch, True, method, with_gradient)
    # The paths differ: directly the callbacks get scipy_optimize's own
    # arrays, through C views of them that the C layer made.
    assert owned == {True} and owned_c == {False}
    assert x.tobytes() == x_c.tobytes()
    assert (status, message, calls) == (status_c, message_c, calls_c)
    assert status == 0, message
    np.testing.assert_allclose(x, [1.5, 2.25], atol=1e-3)
