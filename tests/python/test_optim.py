"""Python users calling the C optimiser with Python objectives."""

import numpy as np
import pytest

from openinterfaces.interfaces.optim import Optim


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
    np.testing.assert_allclose(opt.x, [1.0, 1.0], atol=1e-6)


def test_rosenbrock_with_gradient(optim_impl):
    calls = []

    def grad(x, g, p):
        calls.append(1)
        rosenbrock_grad(x, g, p)

    opt = Optim(optim_impl)
    opt.set_initial_guess(np.array([-1.2, 1.0]))
    opt.set_objective_fn(rosenbrock)
    opt.set_grad_fn(grad)
    opt.set_method("LD_LBFGS")
    status, _ = opt.minimize()
    assert status > 0
    assert calls
    np.testing.assert_allclose(opt.x, [1.0, 1.0], atol=1e-6)


def test_user_data_moves_the_minimum(optim_impl):
    params = (2.0, 100.0)
    received = []

    def objective(x, p):
        received.append(p)
        return rosenbrock(x, p)

    opt = Optim(optim_impl)
    opt.set_initial_guess([-1.2, 1.0])
    opt.set_objective_fn(objective)
    opt.set_user_data(params)
    opt.minimize()
    assert all(p is params for p in received)
    np.testing.assert_allclose(opt.x, [2.0, 4.0], atol=1e-5)


def test_options_and_bad_options(optim_impl):
    opt = Optim(optim_impl)
    opt.set_initial_guess([-1.2, 1.0])
    opt.set_objective_fn(rosenbrock)
    opt.set_method("LN_NELDERMEAD", {"xtol_rel": 1e-12, "maxeval": 20000})
    opt.minimize()
    np.testing.assert_allclose(opt.x, [1.0, 1.0], atol=1e-6)
    with pytest.raises(RuntimeError, match="no_such_option"):
        opt.set_method("LN_NELDERMEAD", {"no_such_option": 1})
    with pytest.raises(RuntimeError, match="NO_SUCH_METHOD|no_such_method"):
        opt.set_method("no_such_method")


def test_exception_in_objective_reaches_the_user(optim_impl):
    class Stop(Exception):
        pass

    def objective(x, _):
        raise Stop("stop here")

    opt = Optim(optim_impl)
    opt.set_initial_guess([-1.2, 1.0])
    opt.set_objective_fn(objective)
    with pytest.raises(Stop, match="stop here"):
        opt.minimize()


def test_exception_in_gradient_reaches_the_user(optim_impl):
    def grad(x, g, _):
        raise ZeroDivisionError("no gradient today")

    opt = Optim(optim_impl)
    opt.set_initial_guess([-1.2, 1.0])
    opt.set_objective_fn(rosenbrock)
    opt.set_grad_fn(grad)
    opt.set_method("LD_LBFGS")
    with pytest.raises(ZeroDivisionError, match="no gradient today"):
        opt.minimize()


def test_gradient_returning_non_zero_is_runtime_error(optim_impl):
    opt = Optim(optim_impl)
    opt.set_initial_guess([-1.2, 1.0])
    opt.set_objective_fn(rosenbrock)
    opt.set_grad_fn(lambda x, g, _: 5)
    opt.set_method("LD_LBFGS")
    with pytest.raises(RuntimeError, match="gradient returned status 5"):
        opt.minimize()
