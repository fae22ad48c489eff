"""Safety probes for the implementations (the issue "Memory safety and
liveness at every crossing"): every run terminates, no run returns NaN or
inf as a result, every backend refuses the same mistake the same way, and
the implementations' own plumbing (output capture, scratch buffers) never
touches what the user's code does.  See probes.py for run_child."""

import ast

import numpy as np
import pytest

from openinterfaces.interfaces.ivp import IVP
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
    assert status >= 0, message  # converged (0) or stopped by maxeval or maxtime (5, 6)
    assert x == pytest.approx([1.0, 2.0], abs=1e-7)


@pytest.mark.probe("hang")
def test_nlopt_cobyla_ends_by_maxtime_when_maxeval_is_off():
    status, message, x = minimize_in_child(
        [0.0, 0.0], "LN_COBYLA", {"xtol_rel": 0.0, "maxeval": 0, "maxtime": 0.5}, timeout=30
    )
    assert status >= 0, message  # converged (0) or stopped by maxeval or maxtime (5, 6)
    assert x == pytest.approx([1.0, 2.0], abs=1e-7)


@pytest.mark.probe("hang")
@pytest.mark.parametrize("scale", [1e-200, 1e200])
def test_nlopt_cobyla_ends_far_from_unit_scale(scale):
    objective = f"float((x[0] / {scale!r} - 1) ** 2 + (x[1] / {scale!r} - 2) ** 2)"
    status, message, x = minimize_in_child(
        [0.5 * scale, 0.5 * scale], "LN_COBYLA", {"xtol_rel": 1e-10}, objective=objective
    )
    assert status >= 0, message  # converged (0) or stopped by maxeval or maxtime (5, 6)
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
    assert status >= 0, message  # converged (0) or stopped by maxeval or maxtime (5, 6)
    np.testing.assert_allclose(opt.x, [1.0, 2.0], atol=1e-5)
    # The gradient saw the point, not what the objective wrote.
    assert all(abs(x[0]) < 1e3 for x in seen_by_grad)


# ---- optim and ivp: non-finite input refused, never returned as a result -----


@pytest.mark.probe("wrong exception")
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_optim_refuses_non_finite_x0(optim_impl, bad):
    opt = Optim(optim_impl)
    with pytest.raises(RuntimeError, match=r"'set_initial_guess'.*'x0' must be finite, but x0\[1\] = "):
        opt.set_initial_guess([0.0, bad])


@pytest.mark.probe("wrong exception")
def test_optim_objective_returning_nan_is_an_error_not_a_result(optim_impl):
    opt = Optim(optim_impl)
    opt.set_initial_guess([1.0, 1.0])
    opt.set_objective_fn(lambda x, _: float("nan") if x[0] < 0.5 else float(x[0] ** 2 + x[1] ** 2))
    with pytest.raises(RuntimeError, match="objective returned NaN"):
        opt.minimize()


NON_FINITE = [np.nan, np.inf, -np.inf]
# Each ivp implementation's integrators, its default first.
INTEGRATORS = {
    "dopri5c": ["dopri5"],
    "sundials_cvode": ["bdf", "adams"],
    "scipy_ode": ["dopri5", "vode", "lsoda", "dop853"],
}
EVERY_INTEGRATOR = [
    pytest.param(impl, name, id=f"{impl}-{name}") for impl, names in INTEGRATORS.items() for name in names
]


def decay(t, y, ydot, _):
    ydot[:] = -y


@pytest.mark.probe("wrong exception")
@pytest.mark.parametrize("bad", NON_FINITE)
def test_ivp_refuses_non_finite_y0(ivp_impl, bad):
    solver = IVP(ivp_impl)
    with pytest.raises(RuntimeError, match=r"'set_initial_value'.*'y0' must be finite, but y0\[1\] = "):
        solver.set_initial_value([1.0, bad], 0.0)


@pytest.mark.probe("wrong exception")
@pytest.mark.parametrize("bad", NON_FINITE)
def test_ivp_refuses_non_finite_t0(ivp_impl, bad):
    solver = IVP(ivp_impl)
    with pytest.raises(RuntimeError, match=r"method 'set_initial_value'.*'t0' must be finite, got "):
        solver.set_initial_value([1.0], bad)


@pytest.mark.probe("wrong exception")
@pytest.mark.parametrize("bad", NON_FINITE)
def test_ivp_refuses_non_finite_t(ivp_impl, bad):
    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(decay)
    with pytest.raises(RuntimeError, match=r"method 'integrate'.*'t' must be finite, got "):
        solver.integrate(bad)


def integrate_in_child(impl, integrator, options, y0, t0, t, rhs="ydot[:] = -y", timeout=60):
    """('ok', y, rhs calls) or ('error', message, rhs calls) of integrating
    y' = rhs from (t0, y0) to t in a child that must end within `timeout` s."""
    done = run_child(
        f"""
        import numpy as np
        from openinterfaces.interfaces.ivp import IVP
        calls = 0
        def rhs(t, y, ydot, _):
            global calls
            calls += 1
            {rhs}
        solver = IVP({impl!r})
        solver.set_integrator({integrator!r}, {options!r})
        solver.set_initial_value({y0!r}, {t0!r})
        solver.set_rhs_fn(rhs)
        try:
            solver.integrate({t!r})
            print(repr(("ok", [float(v) for v in solver.y], calls)))
        except RuntimeError as e:
            print(repr(("error", str(e), calls)))
        """,
        timeout=timeout,
    )
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


@pytest.mark.probe("hang")
@pytest.mark.parametrize("t0, t", [(0.0, 1e306), (0.0, 1.7e308), (-1e307, 0.0), (1e307, -1e307)])
@pytest.mark.parametrize("impl, integrator", EVERY_INTEGRATOR)
def test_ivp_huge_time_spans_end_within_the_step_limit(impl, integrator, t0, t):
    """y' = 0 over spans up to 1e308: a run ends, with y(t) = y0 or an
    error, within max_num_steps steps' worth of evaluations."""
    outcome, result, calls = integrate_in_child(
        impl, integrator, {"max_num_steps": 1000}, [1.0], t0, t, rhs="ydot[:] = 0.0", timeout=30
    )
    assert outcome == "error" or result == [1.0]
    assert calls < 100_000


@pytest.mark.probe("wrong exception")
@pytest.mark.parametrize("impl, integrator", EVERY_INTEGRATOR)
def test_ivp_span_that_overflows_is_refused(impl, integrator):
    outcome, message, _ = integrate_in_child(impl, integrator, {}, [1.0], -1e308, 1e308, rhs="ydot[:] = 0.0")
    assert outcome == "error"
    assert "'t' = 1e+308 is too far from the current time -1e+308" in message


@pytest.mark.probe("wrong result")
@pytest.mark.parametrize("t", [1e-310, 1e-308, 5e-324])
@pytest.mark.parametrize("impl, integrator", EVERY_INTEGRATOR)
def test_ivp_subnormal_span_gives_y0_or_an_error_never_nan(impl, integrator, t):
    outcome, result, _ = integrate_in_child(impl, integrator, {}, [1.0, 2.0], 0.0, t)
    assert outcome == "error" or result == [1.0, 2.0], result


@pytest.mark.probe("wrong result")
@pytest.mark.parametrize("impl, integrator", EVERY_INTEGRATOR)
def test_ivp_solution_that_overflows_is_an_error_not_a_result(impl, integrator):
    """y' = exp(min(t, 709)): y passes 1.8e308 near t = 711."""
    outcome, result, _ = integrate_in_child(
        impl, integrator, {}, [0.0], 0.0, 1000.0, rhs="ydot[0] = np.exp(min(t, 709.0))"
    )
    assert outcome == "error", result


@pytest.mark.probe("wrong result")
@pytest.mark.parametrize("first_step", [1e308, 1e300, 1e10])
@pytest.mark.parametrize("impl, integrator", EVERY_INTEGRATOR)
def test_ivp_first_step_beyond_the_span_gives_the_solution_or_an_error(impl, integrator, first_step):
    outcome, result, _ = integrate_in_child(impl, integrator, {"first_step": first_step}, [1.0], 0.0, 1.0)
    assert outcome == "error" or result == pytest.approx([np.exp(-1.0)], rel=1e-4), result


# ---- scipy_ode: the user's output and the user's ydot ------------------------

USER_LINES = [
    " lsoda-- a line of the user's that looks like ODEPACK's",
    "      and an indented one",
    " a-b user line",
]


@pytest.mark.probe("wrong result")
@pytest.mark.parametrize("integrator", INTEGRATORS["scipy_ode"])
def test_scipy_ode_keeps_what_the_rhs_prints(integrator):
    done = run_child(
        f"""
        import os
        from openinterfaces.interfaces.ivp import IVP
        def rhs(t, y, ydot, _):
            for line in {USER_LINES!r}:
                print(line, flush=True)
            os.write(1, b" DVODE--  written to the descriptor\\n")
            ydot[:] = -y
        solver = IVP("scipy_ode")
        solver.set_integrator({integrator!r})
        solver.set_initial_value([1.0], 0.0)
        solver.set_rhs_fn(rhs)
        solver.integrate(0.01)
        print("done", flush=True)
        """
    )
    lines = done.stdout.splitlines()
    assert lines[-1] == "done"
    calls = lines.count(USER_LINES[0])
    assert calls > 0
    for line in USER_LINES[1:] + [" DVODE--  written to the descriptor"]:
        assert lines.count(line) == calls, (line, done.stdout)


@pytest.mark.probe("wrong exception")
@pytest.mark.parametrize(
    "misuse",
    ["ydot.resize(5, refcheck=False)", "ydot.resize(1, refcheck=False)", "ydot.dtype = np.float32",
     "ydot.strides = (0,)"],
)
@pytest.mark.parametrize("integrator", INTEGRATORS["scipy_ode"])
def test_scipy_ode_rhs_that_resizes_ydot_gets_an_error_naming_it(integrator, misuse):
    done = run_child(
        f"""
        import numpy as np
        from openinterfaces.interfaces.ivp import IVP
        def rhs(t, y, ydot, _):
            {misuse}
            ydot[:] = 0.0
        solver = IVP("scipy_ode")
        solver.set_integrator({integrator!r})
        solver.set_initial_value([1.0, 2.0], 0.0)
        solver.set_rhs_fn(rhs)
        try:
            solver.integrate(0.01)
        except RuntimeError as e:
            print(e)
        solver.set_rhs_fn(lambda t, y, ydot, _: ydot.__setitem__(slice(None), -y))
        solver.integrate(0.01)  # a fresh ydot: the damage does not last
        print(list(solver.y))
        """
    )
    message, result = done.stdout.splitlines()[-2:]
    assert "ValueError: the right-hand side changed ydot" in message
    assert "write f(t, y) into ydot in place" in message
    assert done.stderr == ""  # no f2py noise
    assert ast.literal_eval(result) == pytest.approx([np.exp(-0.01), 2 * np.exp(-0.01)], rel=1e-5)


@pytest.mark.probe("wrong result")
@pytest.mark.parametrize("integrator", INTEGRATORS["scipy_ode"])
def test_scipy_ode_rhs_may_reshape_ydot_in_place(integrator):
    """A reshape keeps every value in place, and the C implementations'
    views allow it: scipy_ode does too."""

    def rhs(t, y, ydot, _):
        ydot.shape = (2, 1)
        ydot[:, 0] = -y

    solver = IVP("scipy_ode")
    solver.set_integrator(integrator)
    solver.set_initial_value([1.0, 2.0], 0.0)
    solver.set_rhs_fn(rhs)
    solver.integrate(0.01)
    np.testing.assert_allclose(solver.y, [np.exp(-0.01), 2 * np.exp(-0.01)], rtol=1e-5)
