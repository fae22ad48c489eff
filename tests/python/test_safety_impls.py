"""Safety probes for the implementations (the issue "Memory safety and
liveness at every crossing"): every run terminates, no run returns NaN or
inf as a result, every backend refuses the same mistake the same way, and
the implementations' own plumbing (output capture, scratch buffers) never
touches what the user's code does.  See probes.py for run_child."""

import ast

import numpy as np
import pytest

from openinterfaces.interfaces.optim import Optim
from probes import run_child

# ---- optim: nlopt's COBYLA and its stopping criteria ------------------------


def minimize_in_child(x0, method, options, objective="float((x[0] - 1) ** 2 + (x[1] - 2) ** 2)", timeout=60):
    """(status, message, x) of minimising `objective` (an expression in x)
    with nlopt in a child process that must end within `timeout` seconds."""
    done = run_child(
        f"""
        from openinterfaces.interfaces.optim import Optim
        opt = Optim("nlopt")
        opt.set_initial_guess({x0!r})
        opt.set_objective_fn(lambda x, _: {objective})
        opt.set_method({method!r}, {options!r})
        status, message = opt.minimize()
        print(repr((status, message, [float(v) for v in opt.x])))
        """,
        timeout=timeout,
    )
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


@pytest.mark.probe("hang")
@pytest.mark.parametrize("xtol_rel", [0.0, -1.0, 1e-300])
def test_nlopt_cobyla_ends_with_xtol_rel_off_or_tiny(xtol_rel):
    status, message, x = minimize_in_child([0.0, 0.0], "LN_COBYLA", {"xtol_rel": xtol_rel, "maxeval": 5000})
    assert status > 0, message
    assert x == pytest.approx([1.0, 2.0], abs=1e-7)


@pytest.mark.probe("hang")
def test_nlopt_cobyla_ends_by_maxtime_when_maxeval_is_off():
    status, message, x = minimize_in_child(
        [0.0, 0.0], "LN_COBYLA", {"xtol_rel": 0.0, "maxeval": 0, "maxtime": 0.5}, timeout=30
    )
    assert status > 0, message
    assert x == pytest.approx([1.0, 2.0], abs=1e-7)


@pytest.mark.probe("hang")
@pytest.mark.parametrize("scale", [1e-200, 1e200])
def test_nlopt_cobyla_ends_far_from_unit_scale(scale):
    objective = f"float((x[0] / {scale!r} - 1) ** 2 + (x[1] / {scale!r} - 2) ** 2)"
    status, message, x = minimize_in_child(
        [0.5 * scale, 0.5 * scale], "LN_COBYLA", {"xtol_rel": 1e-10}, objective=objective
    )
    assert status > 0, message
    assert np.array(x) / scale == pytest.approx([1.0, 2.0], abs=1e-6)


@pytest.mark.probe("hang")
def test_nlopt_run_without_any_bound_ends_by_the_default_one_and_says_so():
    """An unbounded objective, no count or time limit, no tolerance: the
    default evaluation bound ends the run, and the message says why."""
    status, message, x = minimize_in_child(
        [0.0, 0.0],
        "LN_COBYLA",
        {"xtol_rel": 0.0, "maxeval": 0, "maxtime": 0.0},
        objective="float(x[0] + 0.5 * x[1])",
        timeout=120,
    )
    assert status == 5, message
    assert "100000 evaluations" in message and "maxeval and maxtime are both off" in message


@pytest.mark.probe("wrong result")
@pytest.mark.parametrize("method", ["LD_LBFGS", "LD_MMA", "LN_NELDERMEAD", "LN_BOBYQA", "LN_COBYLA"])
def test_nlopt_callbacks_writing_to_x_do_not_reach_nlopt(method):
    """The views the callbacks get are copies of NLopt's point: a callback
    that writes to its x changes neither NLopt's iterate nor Optim.x."""
    seen_by_grad = []

    def objective(x, _):
        f = float((x[0] - 1) ** 2 + (x[1] - 2) ** 2)
        x[:] = 1e3
        return f

    def grad(x, g, _):
        seen_by_grad.append(x.copy())
        g[0], g[1] = 2 * (x[0] - 1), 2 * (x[1] - 2)
        x[:] = -1e3

    opt = Optim("nlopt")
    opt.set_initial_guess([0.0, 0.0])
    opt.set_objective_fn(objective)
    opt.set_grad_fn(grad)
    opt.set_method(method, {"xtol_rel": 1e-12, "maxeval": 5000})
    status, message = opt.minimize()
    assert status > 0, message
    np.testing.assert_allclose(opt.x, [1.0, 2.0], atol=1e-5)
    assert all(abs(x[0]) < 1e3 for x in seen_by_grad)  # the gradient saw the point, not the objective's writes


# ---- optim and ivp: non-finite input refused, never returned as a result -----


@pytest.mark.probe("wrong exception")
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_optim_refuses_non_finite_x0(optim_impl, bad):
    opt = Optim(optim_impl)
    with pytest.raises(RuntimeError, match=r"method 'set_initial_guess'.*'x0' must be finite, but x0\[1\] = "):
        opt.set_initial_guess([0.0, bad])


@pytest.mark.probe("wrong exception")
def test_optim_objective_returning_nan_is_an_error_not_a_result(optim_impl):
    opt = Optim(optim_impl)
    opt.set_initial_guess([1.0, 1.0])
    opt.set_objective_fn(lambda x, _: float("nan") if x[0] < 0.5 else float(x[0] ** 2 + x[1] ** 2))
    with pytest.raises(RuntimeError, match="objective returned NaN"):
        opt.minimize()
