"""The contract every optim implementation keeps, whichever name a script
gives (docs/user-guide/optim.md): each rule is one test, run on every
implementation, a Python one on both callback paths.

Method names differ between implementations: the shipped ones' are known
here; any other is tried with its default method."""

import numpy as np
import pytest

from openinterfaces import OIFError, OIFOptionError
from openinterfaces.conformance._impls import impls, set_callback_path, with_callback_paths
from openinterfaces.interfaces import MinimizeResult, Optim
from openinterfaces.interfaces.optim import FORCED_STOP

OPTIM_IMPLS = impls("optim")


@pytest.fixture(params=with_callback_paths(OPTIM_IMPLS, "optim"))
def optim_impl(request, monkeypatch):
    impl, via_c = request.param
    set_callback_path(monkeypatch, via_c)
    return impl


def set_method(opt, method):
    """`method`, or None for the implementation's default."""
    if method is not None:
        opt.set_method(method)


def shifted_bowl(x, _):
    return float((x[0] - 1.0) ** 2 + 2.0 * (x[1] + 0.5) ** 2)


def started(impl):
    opt = Optim(impl)
    opt.set_initial_guess([3.0, 3.0])
    opt.set_objective_fn(shifted_bowl)
    return opt


def test_minimize_returns_a_result_that_unpacks_as_upstream_did(optim_impl):
    result = started(optim_impl).minimize()
    assert isinstance(result, MinimizeResult)
    status, message = result
    assert (status, message) == (result.status, result.message)
    assert result.success and result.status == 0, result.message
    np.testing.assert_allclose(result.x, [1.0, -0.5], atol=1e-4)


def test_the_result_keeps_its_own_minimiser(optim_impl):
    opt = started(optim_impl)
    first = opt.minimize()
    # The same instance and length: a second run writes into the same Optim.x.
    opt.set_objective_fn(lambda x, _: float(x @ x))
    second = opt.minimize()
    np.testing.assert_allclose(first.x, [1.0, -0.5], atol=1e-4)
    np.testing.assert_allclose(second.x, [0.0, 0.0], atol=1e-4)


def test_a_run_stopped_by_its_evaluation_limit_is_no_success(optim_impl):
    opt = started(optim_impl)
    limits = {"nlopt": ("LN_NELDERMEAD", {"maxeval": 5}), "scipy_optimize": ("Nelder-Mead", {"maxfev": 5})}
    if optim_impl not in limits:
        pytest.skip("how to limit evaluations is the implementation's own option")
    method, options = limits[optim_impl]
    opt.set_method(method, options)
    result = opt.minimize()
    assert not result.success and result.status != 0, result


def test_the_same_exception_types_for_the_same_mistakes(optim_impl):
    opt = started(optim_impl)
    with pytest.raises(OIFOptionError):
        opt.set_method("no_such_method", {})
    for objective in (lambda x: 0.0, lambda x, data, more: 0.0, "f"):
        with pytest.raises(TypeError, match="the objective must"):
            opt.set_objective_fn(objective)
    with pytest.raises(TypeError, match="the gradient must"):
        opt.set_grad_fn(lambda x, _: None)
    opt.set_objective_fn(lambda x, _: float("nan"))
    with pytest.raises(OIFError):
        opt.minimize()
    with pytest.raises(TypeError, match="x0 must hold real numbers"):
        opt.set_initial_guess([1j, 2.0])


def test_repr_names_interface_implementation_and_state(optim_impl):
    opt = Optim(optim_impl)
    assert repr(opt) == f"<Optim (optim) '{optim_impl}', no initial guess>"
    opt.set_initial_guess([1.0, 2.0, 3.0])
    assert repr(opt) == f"<Optim (optim) '{optim_impl}', n = 3>"


# Methods of each shipped implementation that run without a gradient,
# among them those whose compiled code calls the objective back (COBYLA,
# TNC); another implementation runs its default method (None).
GRADIENT_FREE_METHODS = {
    "nlopt": ["LN_BOBYQA", "LN_COBYLA", "LN_NELDERMEAD", "LN_SBPLX"],
    "scipy_optimize": ["Nelder-Mead", "Powell", "BFGS", "L-BFGS-B", "TNC", "COBYLA", "SLSQP"],
}


def gradient_free_methods(impl):
    return GRADIENT_FREE_METHODS.get(impl, [None])


def test_success_is_status_0_for_every_method(optim_impl):
    for method in gradient_free_methods(optim_impl):
        opt = started(optim_impl)
        set_method(opt, method)
        result = opt.minimize()
        assert result.success and result.status == 0, (method, result)
        np.testing.assert_allclose(result.x, [1.0, -0.5], atol=2e-3, err_msg=method)


def counted(impl, method, calls):
    """started(impl) with `method`, its objective appending each x to `calls`."""
    def objective(x, user_data):
        calls.append(x.copy())
        return shifted_bowl(x, user_data)

    opt = started(impl)
    set_method(opt, method)
    opt.set_objective_fn(objective)
    return opt


def test_the_result_reports_fun_and_evaluations(optim_impl):
    for method in gradient_free_methods(optim_impl):
        calls = []
        opt = counted(optim_impl, method, calls)
        result = opt.minimize()
        assert result.fun == shifted_bowl(result.x, None), method
        assert result.nfev == len(calls), method
        assert result.nit is None or 0 < result.nit <= result.nfev, method
        assert opt.get_stats()["nfev"] == len(calls)


def test_get_stats_before_any_minimize_is_an_error(optim_impl):
    opt = started(optim_impl)
    assert opt.supports("get_stats")
    with pytest.raises(OIFError, match="none has run"):
        opt.get_stats()


def test_the_monitor_sees_every_evaluation(optim_impl):
    for method in gradient_free_methods(optim_impl):
        calls, shown = [], []
        opt = counted(optim_impl, method, calls)
        opt.set_monitor_fn(lambda x, fun, _: shown.append((x.copy(), fun)) or x.fill(np.nan))
        result = opt.minimize()
        assert result.success, (method, result)
        assert len(shown) == len(calls) == result.nfev, method
        for (x, fun), called_at in zip(shown, calls):
            assert fun == shifted_bowl(x, None) and np.array_equal(x, called_at), method


def test_a_monitor_stops_the_run_at_the_best_point_so_far(optim_impl):
    for method in gradient_free_methods(optim_impl):
        calls, shown = [], []
        opt = counted(optim_impl, method, calls)
        opt.set_monitor_fn(lambda x, fun, _: shown.append((x.copy(), fun)) or len(shown) == 6)
        result = opt.minimize()
        assert result.status == FORCED_STOP and not result.success, (method, result)
        assert result.message == "FORCED_STOP: stopped by the monitor after evaluation 6 (it returned 1)"
        assert len(calls) == len(shown) == result.nfev == 6, method
        best_x, best_f = min(shown, key=lambda seen: seen[1])
        assert result.fun == best_f and np.array_equal(result.x, best_x), method

        opt.set_monitor_fn(None)
        assert opt.minimize().success and len(shown) == 6, method


@pytest.mark.parametrize("raiser", ["objective", "monitor"])
def test_what_a_callback_raises_comes_back_as_itself_quietly(optim_impl, raiser, capfd):
    class Unavailable(Exception):
        pass

    def raising(*args):
        raise Unavailable("the model cannot be evaluated")

    for method in gradient_free_methods(optim_impl):
        opt = started(optim_impl)
        set_method(opt, method)
        getattr(opt, f"set_{raiser}_fn")(raising)
        with pytest.raises(Unavailable):
            opt.minimize()
        assert capfd.readouterr() == ("", ""), method


def test_a_monitor_of_the_wrong_arity_is_a_type_error_when_set(optim_impl):
    opt = started(optim_impl)
    with pytest.raises(TypeError, match=r"the monitor must take \(x, fun, user_data\)"):
        opt.set_monitor_fn(lambda x, fun: 0)


def test_a_numpy_bool_status_is_a_status(optim_impl):
    """A NumPy bool from the gradient is the int it stands for, whatever
    the implementation: True fails the call."""
    opt = started(optim_impl)
    set_method(opt, {"nlopt": "LD_LBFGS", "scipy_optimize": "BFGS"}.get(optim_impl))
    calls = []
    opt.set_grad_fn(lambda x, grad, _: calls.append(1) or np.bool_(True))
    try:
        opt.minimize()
    except OIFError as e:
        assert "gradient returned status 1" in str(e)
        return
    if not calls:
        pytest.skip("its default method calls no gradient")
    pytest.fail("minimize succeeded though the gradient returned True")
