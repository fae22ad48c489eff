"""Python users calling every ivp implementation with a Python RHS (the
Python implementation on both callback paths, see conftest.py)."""

import math
import os
import traceback

import numpy as np
import pytest

from conftest import PYTHON_IMPLS, set_callback_path
from openinterfaces.interfaces.ivp import IVP

# Each implementation's integrators, its default first.
INTEGRATORS = {
    "dopri5c": ["dopri5"],
    "sundials_cvode": ["bdf", "adams"],
    "sundials_cvode_mpi": ["bdf", "adams"],
    "scipy_ode": ["dopri5", "vode", "lsoda", "dop853"],
}
# An option every integrator of the implementation takes, as an int, under
# the implementation's own name; all of them also take "max_num_steps".
INT_OPTION = {"dopri5c": "max_num_steps", "sundials_cvode": "max_num_steps", "sundials_cvode_mpi": "max_num_steps",
              "scipy_ode": "nsteps"}


def decay(t, y, ydot, _):
    ydot[:] = -y


def oscillator(t, y, ydot, _):
    ydot[0] = y[1]
    ydot[1] = -4.0 * y[0]


def kepler(t, y, ydot, _):
    r3 = math.hypot(y[0], y[1]) ** 3
    ydot[0], ydot[1] = y[2], y[3]
    ydot[2], ydot[3] = -y[0] / r3, -y[1] / r3


def kepler_position(t, e):
    """Position on the orbit of eccentricity e (a = 1) at time t."""
    mean_anomaly, E = math.fmod(t, 2 * math.pi), math.pi
    for _ in range(50):
        step = (E - e * math.sin(E) - mean_anomaly) / (1 - e * math.cos(E))
        E -= step
        if abs(step) < 1e-15:
            break
    return math.cos(E) - e, math.sqrt(1 - e * e) * math.sin(E)


def test_exponential_decay(ivp_impl):
    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0], 0)  # a list and an int are fine
    solver.set_rhs_fn(decay)
    solver.set_tolerances(1e-10, 1e-12)
    for t in np.linspace(0.1, 1.0, 10):
        solver.integrate(t)
        assert solver.y[0] == pytest.approx(math.exp(-t), abs=1e-8)


def test_linear_oscillator(ivp_impl):
    solver = IVP(ivp_impl)
    solver.set_initial_value(np.array([1.0, 0.0]), 0.0)
    solver.set_rhs_fn(oscillator)
    solver.set_tolerances(1e-10, 1e-12)
    for t in np.arange(0.5, 10.01, 0.5):
        solver.integrate(t)
        assert solver.y[0] == pytest.approx(math.cos(2 * t), abs=1e-6)
        assert solver.y[1] == pytest.approx(-2 * math.sin(2 * t), abs=2e-6)


def test_eccentric_orbit_follows_kepler(ivp_impl):
    e = 0.9
    solver = IVP(ivp_impl)
    solver.set_initial_value([1 - e, 0.0, 0.0, math.sqrt((1 + e) / (1 - e))], 0.0)
    solver.set_rhs_fn(kepler)
    solver.set_tolerances(1e-11, 1e-13)
    for t in [0.25, 1.0, 2.5, math.pi, 4.0, 2 * math.pi, 2 * math.pi + 0.1]:
        solver.integrate(t)
        x, y = kepler_position(t, e)
        assert solver.y[0] == pytest.approx(x, abs=1e-6)
        assert solver.y[1] == pytest.approx(y, abs=1e-6)


def test_user_data_arrives_as_the_same_object(ivp_impl):
    class Parameters:
        rate = 3.0
        seen = set()

    params = Parameters()

    def rhs(t, y, ydot, user_data):
        Parameters.seen.add(id(user_data))
        ydot[:] = -user_data.rate * y

    solver = IVP(ivp_impl)
    solver.set_initial_value([2.0], 0.0)
    solver.set_user_data(params)
    solver.set_rhs_fn(rhs)
    solver.set_tolerances(1e-10, 1e-12)
    solver.integrate(1.0)
    assert Parameters.seen == {id(params)}
    assert solver.y[0] == pytest.approx(2 * math.exp(-3.0), rel=1e-7)


def test_every_integrator_with_options(ivp_impl):
    solver = IVP(ivp_impl)
    for name in INTEGRATORS[ivp_impl]:
        for options in ({}, {INT_OPTION[ivp_impl]: 100000}, {"max_num_steps": 100000}):
            solver.set_integrator(name, options)
            solver.set_initial_value([1.0], 0.0)
            solver.set_rhs_fn(decay)
            solver.set_tolerances(1e-8, 1e-10)
            solver.integrate(1.0)
            assert solver.y[0] == pytest.approx(math.exp(-1.0), rel=1e-6)


def test_bad_options(ivp_impl):
    solver = IVP(ivp_impl)
    name = INTEGRATORS[ivp_impl][0]
    int_option = INT_OPTION[ivp_impl]
    prefix = "^Error occurred while executing method 'set_integrator': "
    with pytest.raises(RuntimeError, match=prefix + ".*no_such_option.*" + int_option):
        solver.set_integrator(name, {"no_such_option": 1})
    with pytest.raises(RuntimeError, match=prefix + f".*'{int_option}'"):
        solver.set_integrator(name, {int_option: "many"})
    with pytest.raises(RuntimeError, match=prefix + ".*no_such_integrator.*" + name):
        solver.set_integrator("no_such_integrator")
    with pytest.raises(TypeError, match="option 'max_num_steps' has a value of type list"):
        solver.set_integrator(name, {"max_num_steps": [1]})


class Boom(Exception):
    pass


def test_exception_in_rhs_reaches_the_user_as_itself(ivp_impl):
    raised = Boom("the model broke")

    def rhs(t, y, ydot, _):
        if t > 0.3:
            raise raised
        ydot[:] = -y

    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(rhs)
    with pytest.raises(Boom) as info:
        solver.integrate(1.0)
    assert info.value is raised
    frames = [frame.name for frame in traceback.extract_tb(info.tb)]
    assert "rhs" in frames  # the traceback reaches into the callback

    # The solver is usable again after a new initial value.
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(decay)
    solver.integrate(1.0)
    assert solver.y[0] == pytest.approx(math.exp(-1.0), rel=1e-5)


def test_rhs_returning_non_zero_is_runtime_error(ivp_impl):
    def rhs(t, y, ydot, _):
        ydot[:] = -y
        return 3 if t > 0.3 else 0

    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(rhs)
    with pytest.raises(RuntimeError, match="method 'integrate'.*right-hand side returned status 3"):
        solver.integrate(1.0)


def test_rhs_returning_nonsense_is_type_error(ivp_impl):
    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(lambda t, y, ydot, _: "fine")
    if ivp_impl in PYTHON_IMPLS and os.environ.get("OIF_PYTHON_CALLBACKS_VIA_C") != "1":
        # The implementation finds the bad value: its TypeError is the
        # implementation's failure.  (Through C, the C layer finds it, and
        # its TypeError is the callback's, as for a C implementation.)
        expected = pytest.raises(
            RuntimeError, match="^Error occurred while executing method 'integrate': .*TypeError: .*"
            "must return an int status or None"
        )
    else:
        expected = pytest.raises(TypeError, match="callback 'rhs', return value: expected an int status or None, got str")
    with expected:
        solver.integrate(1.0)


def test_rhs_before_initial_value_is_runtime_error(ivp_impl):
    with pytest.raises(RuntimeError, match="set_initial_value must be called before set_rhs_fn"):
        IVP(ivp_impl).set_rhs_fn(decay)


def test_rhs_sees_views_of_solver_memory(ivp_impl):
    """y and ydot are float64 ndarrays of the state's length, written in place."""
    seen = []

    def rhs(t, y, ydot, _):
        seen.append((type(y), y.dtype, y.shape, ydot.shape, ydot.flags.writeable))
        ydot[:] = -y

    solver = IVP(ivp_impl)
    solver.set_initial_value(np.ones(3), 0.0)
    solver.set_rhs_fn(rhs)
    solver.integrate(0.1)
    assert set(seen) == {(np.ndarray, np.dtype("float64"), (3,), (3,), True)}
    np.testing.assert_allclose(solver.y, math.exp(-0.1), rtol=1e-5)


# ---- scipy_ode, a Python implementation -------------------------------------


def test_python_implementation_errors_are_runtime_errors_naming_the_exception():
    solver = IVP("scipy_ode")
    with pytest.raises(RuntimeError) as info:
        solver.set_tolerances(-1.0, 0.0)
    assert str(info.value).startswith(
        "Error occurred while executing method 'set_tolerances': ivp/scipy_ode, method 'set_tolerances': "
        "ValueError: tolerances must be finite with rtol > 0"
    )
    assert "scipy_ode.py:" in str(info.value)
    with pytest.raises(
        RuntimeError,
        match="^Error occurred while executing method 'set_integrator': .*ValueError: option 'nsteps' must be > 0",
    ):
        solver.set_integrator("vode", {"nsteps": -3})
    with pytest.raises(
        RuntimeError, match="^Error occurred while executing method 'integrate': .*RuntimeError: no initial value"
    ):
        solver.integrate(1.0)


@pytest.mark.parametrize("integrator", INTEGRATORS["scipy_ode"])
def test_running_out_of_steps_is_an_error_and_integrate_goes_on(integrator):
    solver = IVP("scipy_ode")
    solver.set_integrator(integrator, {"nsteps": 5})
    solver.set_initial_value([1.0, 0.0], 0.0)
    solver.set_rhs_fn(oscillator)
    solver.set_tolerances(1e-10, 1e-12)
    with pytest.raises(RuntimeError, match="method 'integrate'.*nsteps = 5 steps"):
        solver.integrate(10.0)
    solver.set_integrator(integrator, {"nsteps": 100000})
    solver.integrate(10.0)
    assert solver.y[0] == pytest.approx(math.cos(20.0), abs=1e-6)


def solve_on_path(monkeypatch, via_c, integrator):
    """Kepler's problem with the gravitational parameter as user data, on the
    given callback path: outputs, rhs call count, and whether the rhs got
    the implementation's own arrays."""
    set_callback_path(monkeypatch, via_c)
    e, mu = 0.6, 1.5
    calls = []

    def rhs(t, y, ydot, user_data):
        calls.append(ydot.flags.owndata)
        kepler(t, y, ydot, None)
        ydot[2:] *= user_data["mu"]

    solver = IVP("scipy_ode")
    solver.set_integrator(integrator)
    solver.set_initial_value([1 - e, 0.0, 0.0, math.sqrt(mu * (1 + e) / (1 - e))], 0.0)
    solver.set_user_data({"mu": mu})
    solver.set_rhs_fn(rhs)
    solver.set_tolerances(1e-9, 1e-12)
    outputs = []
    for t in np.linspace(0.25, 8.0, 32):
        solver.integrate(t)
        outputs.append(solver.y.copy())
    return np.array(outputs), len(calls), set(calls)


@pytest.mark.parametrize("integrator", INTEGRATORS["scipy_ode"])
def test_both_callback_paths_give_bit_identical_results(monkeypatch, integrator):
    direct, direct_calls, direct_owned = solve_on_path(monkeypatch, False, integrator)
    via_c, via_c_calls, via_c_owned = solve_on_path(monkeypatch, True, integrator)
    # The paths differ: directly the rhs gets scipy_ode's own arrays, through
    # C views of them that the C layer made.
    assert direct_owned == {True} and via_c_owned == {False}
    assert direct.tobytes() == via_c.tobytes()
    assert direct_calls == via_c_calls
    # With mu, the orbit is the one for mu = 1 run sqrt(mu) times faster.
    x, y = kepler_position(8.0 * math.sqrt(1.5), 0.6)
    assert direct[-1][:2] == pytest.approx([x, y], abs=1e-6)
