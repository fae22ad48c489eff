"""The contract every ivp implementation keeps, whichever name a script
gives (docs/user-guide/ivp.md, "What every implementation does alike"):
each rule is one test, run on every implementation, a Python one on both
callback paths.

What differs between implementations (which integrator names each has,
which of them use a Jacobian) is known here for the shipped ones; for any
other it is found out by trying (portable_names, jacobian_users), or the
implementation's default integrator is used."""

import contextlib
import functools
import io
import math

import numpy as np
import pytest

from openinterfaces.conformance._impls import impls, set_callback_path, with_callback_paths
from openinterfaces.interfaces.ivp import IVP

IVP_IMPLS = impls("ivp")
PORTABLE = ["bdf", "adams", "rk45", "dopri5"]
# The portable integrator names each shipped implementation has.
PORTABLE_NAMES = {
    "dopri5c": ["rk45", "dopri5"],
    "sundials_cvode": ["bdf", "adams"],
    "sundials_cvode_mpi": ["bdf", "adams"],
    "scipy_ode": ["bdf", "adams", "rk45", "dopri5"],
}


@pytest.fixture(params=with_callback_paths(IVP_IMPLS))
def ivp_impl(request, monkeypatch):
    impl, via_c = request.param
    set_callback_path(monkeypatch, via_c)
    return impl


@functools.cache
def portable_names(impl):
    """The portable names `impl` accepts: known for the shipped ones, else
    those set_integrator takes."""
    if impl in PORTABLE_NAMES:
        return PORTABLE_NAMES[impl]
    accepted = []
    for name in PORTABLE:
        try:
            with IVP(impl) as solver:
                solver.set_integrator(name, {})
        except Exception:  # noqa: BLE001  (refused: the tests say how)
            continue
        accepted.append(name)
    return accepted


def set_integrator(solver, name):
    """`name`, or None for the implementation's default integrator."""
    if name is not None:
        solver.set_integrator(name)


def oscillator(t, y, ydot, _):
    ydot[0] = y[1]
    ydot[1] = -y[0]


def oscillator_solver(impl, t0=0.0):
    """y = (cos t, -sin t) from t0 = 0, or from any t0 on the same orbit."""
    solver = IVP(impl)
    solver.set_initial_value([math.cos(t0), -math.sin(t0)], t0)
    solver.set_rhs_fn(oscillator)
    solver.set_tolerances(1e-9, 1e-12)
    return solver


def assert_on_orbit(solver, t):
    assert solver.y == pytest.approx([math.cos(t), -math.sin(t)], abs=1e-6)


def test_integrates_backwards_from_t0(ivp_impl):
    solver = oscillator_solver(ivp_impl, t0=2.0)
    for t in (1.5, 0.0, -1.0):
        solver.integrate(t)
        assert_on_orbit(solver, t)


def test_goes_back_behind_the_last_step(ivp_impl):
    solver = oscillator_solver(ivp_impl)
    solver.integrate(10.0)
    assert_on_orbit(solver, 10.0)
    for t in (2.0, 0.5, 3.0, 12.0):
        solver.integrate(t)
        assert_on_orbit(solver, t)


def test_goes_on_after_a_failed_step(ivp_impl):
    state = {"fail_after": 1.0}

    def rhs(t, y, ydot, _):
        if t > state["fail_after"]:
            raise ArithmeticError("f cannot be evaluated here yet")
        oscillator(t, y, ydot, None)

    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0, 0.0], 0.0)
    solver.set_rhs_fn(rhs)
    solver.set_tolerances(1e-9, 1e-12)
    with pytest.raises(ArithmeticError):
        solver.integrate(2.0)
    state["fail_after"] = math.inf
    solver.integrate(2.0)
    assert_on_orbit(solver, 2.0)
    solver.integrate(4.0)
    assert_on_orbit(solver, 4.0)


@pytest.mark.parametrize("name", ["bdf", "adams", "rk45", "dopri5"])
def test_portable_integrator_names(ivp_impl, name):
    solver = oscillator_solver(ivp_impl)
    if name not in portable_names(ivp_impl):
        with pytest.raises(RuntimeError, match="unknown integrator"):
            solver.set_integrator(name, {})
        return
    solver.set_integrator(name, {"max_num_steps": 100000})
    solver.set_tolerances(1e-9, 1e-12)
    solver.integrate(3.0)
    assert_on_orbit(solver, 3.0)


# Those known to have bdf, and any other (skipped when it has none); all of
# them where none has it, for a row that says so instead of an empty set.
@pytest.mark.parametrize("impl", [impl for impl in IVP_IMPLS if "bdf" in PORTABLE_NAMES.get(impl, ["bdf"])]
                         or IVP_IMPLS)
def test_bdf_uses_newton_iteration_on_a_stiff_problem(impl):
    """Robertson's kinetics: functional iteration needs hundreds of
    thousands of steps, a bdf with Newton iteration a few hundred."""
    if "bdf" not in portable_names(impl):
        pytest.skip("it has no integrator named bdf")
    evaluations = 0

    def robertson(t, y, ydot, _):
        nonlocal evaluations
        evaluations += 1
        ydot[0] = -0.04 * y[0] + 1e4 * y[1] * y[2]
        ydot[2] = 3e7 * y[1] * y[1]
        ydot[1] = -ydot[0] - ydot[2]

    solver = IVP(impl)
    solver.set_initial_value([1.0, 0.0, 0.0], 0.0)
    solver.set_rhs_fn(robertson)
    solver.set_integrator("bdf", {})
    solver.set_tolerances(1e-6, 1e-10)
    solver.integrate(40.0)
    assert solver.y[0] == pytest.approx(0.7158, abs=1e-3)
    assert np.sum(solver.y) == pytest.approx(1.0, abs=1e-6)
    assert evaluations < 5000


def test_integrate_returns_the_solution_as_data(ivp_impl):
    solver = oscillator_solver(ivp_impl)
    assert solver.t == 0.0
    assert solver.y == pytest.approx([1.0, 0.0])
    first = solver.integrate(1.0)
    second = solver.integrate(2.0)
    # Each result is a copy: collecting them gives every time's own.
    assert first == pytest.approx([math.cos(1.0), -math.sin(1.0)], abs=1e-6)
    assert second == pytest.approx([math.cos(2.0), -math.sin(2.0)], abs=1e-6)
    assert solver.t == 2.0
    assert solver.y == pytest.approx(second)


def test_integrate_through_an_array_of_times(ivp_impl):
    solver = oscillator_solver(ivp_impl)
    times = np.linspace(0.5, 3.0, 6)
    solutions = solver.integrate(times)
    assert solutions.shape == (6, 2)
    np.testing.assert_allclose(solutions, np.column_stack([np.cos(times), -np.sin(times)]), atol=1e-6)
    assert solver.t == 3.0
    assert solver.y == pytest.approx(solutions[-1])
    with pytest.raises(ValueError, match="times must be a number or a vector"):
        solver.integrate(np.ones((2, 2)))


def test_a_scipy_style_right_hand_side(ivp_impl):
    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0, 0.0], 0.0)
    solver.set_rhs_fn(lambda t, y: np.array([y[1], -y[0]]))
    solver.set_tolerances(1e-9, 1e-12)
    solver.integrate(2.0)
    assert_on_orbit(solver, 2.0)


def test_a_right_hand_side_of_the_wrong_arity_is_a_type_error_when_set(ivp_impl):
    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0], 0.0)
    for rhs in (lambda t: None, lambda t, y, ydot: None, lambda t, y, ydot, data, more: None, 3.0):
        with pytest.raises(TypeError, match="the right-hand side must"):
            solver.set_rhs_fn(rhs)


def test_complex_values_are_a_type_error(ivp_impl):
    solver = IVP(ivp_impl)
    with pytest.raises(TypeError, match="y0 must hold real numbers, got an array of dtype complex128"):
        solver.set_initial_value([1.0 + 1.0j], 0.0)
    solver = oscillator_solver(ivp_impl)
    with pytest.raises(TypeError, match="times must hold real numbers"):
        solver.integrate([1.0, 2.0j])


def test_the_same_exception_types_for_the_same_mistakes(ivp_impl):
    from openinterfaces import OIFError, OIFOptionError

    solver = oscillator_solver(ivp_impl)
    with pytest.raises(OIFOptionError, match="unknown integrator") as info:
        solver.set_integrator("no_such_method", {})
    assert isinstance(info.value, ValueError) and isinstance(info.value, RuntimeError)
    with pytest.raises(OIFOptionError):
        solver.set_integrator((portable_names(ivp_impl) or ["bdf"])[0], {"no_such_option": 1})
    solver.set_rhs_fn(lambda t, y, ydot, _: 1)  # a failing status
    with pytest.raises(OIFError) as info:
        solver.integrate(1.0)
    assert type(info.value) is OIFError


def test_repr_names_interface_implementation_and_state(ivp_impl):
    solver = IVP(ivp_impl)
    assert repr(solver) == f"<IVP (ivp) '{ivp_impl}', no initial value>"
    solver.set_initial_value([1.0, 2.0], 0.5)
    assert repr(solver) == f"<IVP (ivp) '{ivp_impl}', t = 0.5, n = 2>"
    solver.close()
    assert repr(solver) == f"<IVP (ivp) '{ivp_impl}', closed>"


def counted_oscillator_solver(impl, rtol):
    """The oscillator, with its right-hand side counting its calls."""
    calls = [0]

    def rhs(t, y, ydot, _):
        calls[0] += 1
        oscillator(t, y, ydot, _)

    solver = IVP(impl)
    solver.set_initial_value([1.0, 0.0], 0.0)
    solver.set_rhs_fn(rhs)
    solver.set_tolerances(rtol, rtol * 1e-3)
    return solver, calls


def test_get_stats_counts_as_data_since_set_initial_value(ivp_impl):
    solver, calls = counted_oscillator_solver(ivp_impl, 1e-8)
    solver.integrate(5.0)
    solver.integrate(1.0)  # behind the last step: some implementations restart there
    set_integrator(solver, (portable_names(ivp_impl) or [None])[0])
    solver.integrate(6.0)
    stats = solver.get_stats()
    assert solver.supports("get_stats")
    assert stats["rhs_evaluations"] == calls[0]
    assert 0 < stats["steps"] < calls[0]
    assert all(type(count) is int and count >= 0 for count in stats.values())
    assert set(stats) >= {"steps", "rhs_evaluations"}

    solver.set_initial_value([1.0, 0.0], 0.0)
    assert solver.get_stats()["steps"] == solver.get_stats()["rhs_evaluations"] == 0


def test_get_stats_steps_grow_with_tighter_tolerances(ivp_impl):
    steps = []
    for rtol in (1e-4, 1e-10):
        solver, _ = counted_oscillator_solver(ivp_impl, rtol)
        solver.integrate(10.0)
        steps.append(solver.get_stats()["steps"])
    assert 0 < 2 * steps[0] < steps[1]


def test_print_stats_writes_to_sys_stdout(ivp_impl, capfd):
    solver, _ = counted_oscillator_solver(ivp_impl, 1e-6)
    solver.integrate(1.0)
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        solver.print_stats()
    assert text.getvalue() == "".join(f"{ivp_impl}: {key}: {count}\n" for key, count in solver.get_stats().items())
    assert capfd.readouterr() == ("", "")


# Each integrator a shipped implementation has: a monitor is shown the
# steps of each in its own way.  Another implementation is tried with its
# default integrator (None).
INTEGRATORS = {
    "dopri5c": ["dopri5"],
    "sundials_cvode": ["bdf", "adams"],
    "sundials_cvode_mpi": ["bdf", "adams"],
    "scipy_ode": ["dopri5", "dop853", "vode", "lsoda"],
}


@pytest.fixture(
    params=[
        pytest.param((param.values[0], name), id=f"{param.id}-{name or 'default'}")
        for param in with_callback_paths(IVP_IMPLS)
        for name in INTEGRATORS.get(param.values[0][0], [None])
    ]
)
def monitored_solver(request, monkeypatch):
    """The oscillator with each integrator of each implementation, and the
    list of (t, y) its monitor is shown."""
    (impl, via_c), name = request.param
    set_callback_path(monkeypatch, via_c)
    solver = oscillator_solver(impl)
    set_integrator(solver, name)
    shown = []
    solver.set_monitor_fn(lambda t, y, _: shown.append((t, y.copy())))
    return solver, shown


def test_the_monitor_is_shown_every_accepted_step(monitored_solver):
    solver, shown = monitored_solver
    assert solver.supports("set_monitor_fn")
    solver.integrate(3.0)
    solver.integrate(6.0)
    times = [t for t, _ in shown]
    assert len(shown) == solver.get_stats()["steps"] > 5
    assert times == sorted(times) and len(set(times)) == len(times)
    assert times[-1] >= 6.0 > times[-2]
    for t, y in shown:
        assert y == pytest.approx([math.cos(t), -math.sin(t)], abs=1e-6)


def test_a_monitor_changes_no_result(ivp_impl):
    for name in INTEGRATORS.get(ivp_impl, [None]):
        results = []
        for monitor in (None, lambda t, y, _: y.fill(np.nan)):  # writes to its copy only
            solver = oscillator_solver(ivp_impl)
            set_integrator(solver, name)
            solver.set_monitor_fn(monitor)
            results.append(solver.integrate([0.5, 2.0, 4.0]))
        assert results[1] == pytest.approx(results[0], rel=1e-12, abs=1e-14), name


def test_a_monitor_stops_integrate_cleanly(monitored_solver):
    from openinterfaces import OIFError, OIFStopped

    solver, shown = monitored_solver
    solver.set_monitor_fn(lambda t, y, _: shown.append((t, y)) or t > 1.0)
    with pytest.raises(OIFStopped, match="stopped by the monitor at t = ") as info:
        solver.integrate(4.0)
    assert isinstance(info.value, OIFError)
    assert 1.0 < solver.t == info.value.t == shown[-1][0] < 4.0
    assert shown[-2][0] <= 1.0
    assert_on_orbit(solver, solver.t)
    assert info.value.y == pytest.approx(solver.y, abs=0)

    solver.set_monitor_fn(None)
    del shown[:]
    assert solver.integrate(4.0) == pytest.approx([math.cos(4.0), -math.sin(4.0)], abs=1e-6)
    assert not shown


def test_what_a_monitor_raises_comes_back_as_itself(monitored_solver):
    class Cancelled(Exception):
        pass

    def monitor(t, y, _):
        if t > 1.0:
            raise Cancelled(t)

    solver, _ = monitored_solver
    solver.set_monitor_fn(monitor)
    with pytest.raises(Cancelled):
        solver.integrate(2.0)
    solver.set_monitor_fn(None)
    solver.integrate(2.0)
    assert_on_orbit(solver, 2.0)


def test_a_monitor_of_the_wrong_arity_is_a_type_error_when_set(ivp_impl):
    solver = oscillator_solver(ivp_impl)
    with pytest.raises(TypeError, match=r"the monitor must take \(t, y, user_data\)"):
        solver.set_monitor_fn(lambda t, y: 0)


def two_scales_solver(impl, atol):
    """y1' = -y1 from 1, and an oscillation of amplitude 1e-10 and
    frequency 10 in (y2, y3): with one atol of 1e-10 for all, the solver
    may take y2 and y3 for noise."""
    solver = IVP(impl)
    solver.set_initial_value([1.0, 1e-10, 0.0], 0.0)
    solver.set_rhs_fn(lambda t, y: np.array([-y[0], 10.0 * y[2], -10.0 * y[1]]))
    solver.set_tolerances(1e-8, atol)
    return solver


def test_a_tolerance_per_component(ivp_impl):
    assert IVP(ivp_impl).supports("set_vector_tolerances")
    exact = [math.exp(-3.0), 1e-10 * math.cos(30.0), -1e-10 * math.sin(30.0)]
    scalar = two_scales_solver(ivp_impl, 1e-10).integrate(3.0)
    per_component = two_scales_solver(ivp_impl, [1e-10, 1e-20, 1e-20]).integrate(3.0)
    assert abs(scalar[1] - exact[1]) > 1e-13  # a thousandth of the amplitude
    assert per_component[0] == pytest.approx(exact[0], rel=1e-6)
    assert per_component[1:] == pytest.approx(exact[1:], abs=1e-15)


def test_a_wrong_tolerance_vector_is_an_error(ivp_impl):
    from openinterfaces import OIFError

    solver = two_scales_solver(ivp_impl, 1e-10)
    with pytest.raises(ValueError, match="atol must have one value per component of y"):
        solver.set_tolerances(1e-8, [1e-10, 1e-10])
    with pytest.raises(OIFError, match="'atol' must be non-negative and finite"):
        solver.set_tolerances(1e-8, [1e-10, -1.0, 0.0])
    with pytest.raises(TypeError, match="atol must hold real numbers"):
        solver.set_tolerances(1e-8, [1e-10, 1j, 0.0])
    # Set before a y0 of another length: integrate says so.
    solver = IVP(ivp_impl)
    solver.set_tolerances(1e-8, [1e-10, 1e-10])
    solver.set_initial_value([1.0, 2.0, 3.0], 0.0)
    solver.set_rhs_fn(lambda t, y: -y)
    with pytest.raises(OIFError, match="'atol' has 2 values but y0 has 3"):
        solver.integrate(1.0)
    solver.set_tolerances(1e-8, 1e-10)  # one for all again
    assert solver.integrate(1.0) == pytest.approx(np.exp(-1.0) * np.array([1.0, 2.0, 3.0]), rel=1e-6)


def oscillator_jac(t, y, J, _):
    J[0, 1] = 1.0
    J[1, 0] = -1.0


# The integrators that factor a Jacobian on any problem, by implementation
# (SciPy's vode takes chord iteration when given one); lsoda does only
# where the problem turns stiff (tests/python/test_stiff.py); under MPI
# sundials_cvode's Krylov solvers take products with J by differences.
JACOBIAN_USERS = {"dopri5c": [], "sundials_cvode": ["bdf"], "sundials_cvode_mpi": [], "scipy_ode": ["bdf", "vode"]}


@functools.cache
def jacobian_users(impl):
    """The integrators of `impl` that call a Jacobian: known for the shipped
    ones, else those of its portable names that call one on the oscillator."""
    if impl in JACOBIAN_USERS:
        return JACOBIAN_USERS[impl]
    users = []
    for name in portable_names(impl):
        calls = []
        try:
            solver = oscillator_solver(impl)
            solver.set_integrator(name)
            solver.set_jac_fn(lambda t, y, J, _: calls.append(t) or oscillator_jac(t, y, J, _))
            solver.integrate(1.0)
        except Exception:  # noqa: BLE001  (the tests that use a Jacobian say why)
            continue
        if calls:
            users.append(name)
    return users


def jacobian_users_or_skip(impl):
    users = jacobian_users(impl)
    if not users and impl not in JACOBIAN_USERS:
        pytest.skip("none of its portable integrators calls a Jacobian")
    return users


def test_a_jacobian_is_used_by_implicit_methods_and_ignored_by_explicit_ones(ivp_impl):
    for name in set(INTEGRATORS.get(ivp_impl, portable_names(ivp_impl) or [None])) - {"lsoda"}:
        calls = []

        def jac(t, y, J, user_data):
            assert J.shape == (2, 2) and J.flags.f_contiguous and not J.any()
            calls.append(t)
            oscillator_jac(t, y, J, user_data)

        solver = oscillator_solver(ivp_impl)
        set_integrator(solver, name)
        solver.set_jac_fn(jac)
        solver.integrate(3.0)
        assert_on_orbit(solver, 3.0)
        if ivp_impl in JACOBIAN_USERS:
            assert (len(calls) > 0) == (name in JACOBIAN_USERS[ivp_impl]), name
        if calls:
            assert solver.get_stats()["jacobian_evaluations"] == len(calls), name


def test_what_the_jacobian_raises_comes_back_as_itself(ivp_impl):
    from openinterfaces import OIFError

    class Singular(Exception):
        pass

    def raising(t, y, J, _):
        raise Singular(t)

    for name in jacobian_users_or_skip(ivp_impl):
        solver = oscillator_solver(ivp_impl)
        solver.set_integrator(name)
        solver.set_jac_fn(raising)
        with pytest.raises(Singular):
            solver.integrate(3.0)
        solver.set_jac_fn(lambda t, y, J, _: 3)
        with pytest.raises(OIFError, match="Jacobian returned status 3"):
            solver.integrate(3.0)
        solver.set_jac_fn(lambda t, y: np.array([[0.0, 1.0], [-1.0, 0.0]]))  # SciPy's form
        solver.integrate(3.0)
        assert_on_orbit(solver, 3.0)


def test_a_jacobian_of_the_wrong_arity_is_a_type_error_when_set(ivp_impl):
    solver = oscillator_solver(ivp_impl)
    with pytest.raises(TypeError, match=r"the Jacobian must take \(t, y, J, user_data\)"):
        solver.set_jac_fn(lambda t: 0)


def test_a_monitor_made_by_make_oif_callback_stops_alike(ivp_impl):
    from openinterfaces import OIFStopped
    from openinterfaces.core import OIF_ARRAY_F64, OIF_FLOAT64, OIF_INT, OIF_STOPPED, OIF_USER_DATA, make_oif_callback

    assert OIF_STOPPED == 5
    solver = oscillator_solver(ivp_impl)
    seen = []
    monitor = make_oif_callback(lambda t, y, _: seen.append(t) or int(t > 1.0), (OIF_FLOAT64, OIF_ARRAY_F64,
                                                                                  OIF_USER_DATA), OIF_INT)
    solver.set_monitor_fn(monitor)
    with pytest.raises(OIFStopped):
        solver.integrate(4.0)
    assert 1.0 < seen[-1] < 4.0
    assert_on_orbit(solver, seen[-1])  # y is the stop's; its t is the monitor's to know


def test_a_solver_with_a_monitor_is_released_when_dropped(ivp_impl):
    import gc
    import weakref

    solver = oscillator_solver(ivp_impl)
    solver.set_monitor_fn(lambda t, y, _: 0)
    solver.integrate(1.0)
    released = weakref.ref(solver)
    gc.disable()  # by reference counting alone, as without a monitor
    try:
        del solver
        assert released() is None
    finally:
        gc.enable()


def test_a_kept_jacobian_matrix_keeps_its_values(ivp_impl):
    """A J kept past its call holds what was written into it, as a kept y
    or ydot view does."""
    kept = []

    def jac(t, y, J, _):
        J[0, 0] = -2.0 * y[0]
        kept.append((J, J.copy()))

    for name in jacobian_users_or_skip(ivp_impl):
        solver = IVP(ivp_impl)
        solver.set_integrator(name)
        solver.set_initial_value([1.0], 0.0)
        solver.set_rhs_fn(lambda t, y: -y * y)
        solver.set_jac_fn(jac)
        assert solver.integrate(10.0) == pytest.approx([1.0 / 11.0], rel=1e-5)
        assert len(kept) > 1
        for J, written in kept:
            assert np.array_equal(J, written), name


def test_a_numpy_bool_status_is_a_status(ivp_impl):
    """What a callback returns is read alike by every implementation: a
    NumPy bool as the int it stands for, so True fails the call."""
    from openinterfaces import OIFError

    def rhs(t, y, ydot, user_data):
        oscillator(t, y, ydot, user_data)
        return np.bool_(t > 0.5)

    solver = oscillator_solver(ivp_impl)
    solver.set_rhs_fn(rhs)
    with pytest.raises(OIFError, match="right-hand side returned status 1"):
        solver.integrate(1.0)
    for name in jacobian_users_or_skip(ivp_impl):
        solver = oscillator_solver(ivp_impl)
        solver.set_integrator(name)
        solver.set_jac_fn(lambda t, y, J, _: np.bool_(True))
        with pytest.raises(OIFError, match="Jacobian returned status 1"):
            solver.integrate(1.0)
