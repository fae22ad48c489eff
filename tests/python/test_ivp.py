"""Python users calling every C ivp implementation with a Python RHS."""

import math
import traceback

import numpy as np
import pytest

from openinterfaces.interfaces.ivp import IVP

INTEGRATORS = {"dopri5c": ["dopri5"], "sundials_cvode": ["bdf", "adams"]}


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
        for options in ({}, {"max_num_steps": 100000}):
            solver.set_integrator(name, options)
            solver.set_initial_value([1.0], 0.0)
            solver.set_rhs_fn(decay)
            solver.set_tolerances(1e-8, 1e-10)
            solver.integrate(1.0)
            assert solver.y[0] == pytest.approx(math.exp(-1.0), rel=1e-6)


def test_bad_options(ivp_impl):
    solver = IVP(ivp_impl)
    name = INTEGRATORS[ivp_impl][0]
    with pytest.raises(RuntimeError, match="no_such_option"):
        solver.set_integrator(name, {"no_such_option": 1})
    with pytest.raises(RuntimeError, match="max_num_steps"):
        solver.set_integrator(name, {"max_num_steps": "many"})
    with pytest.raises(RuntimeError, match="no_such_integrator"):
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
    with pytest.raises(TypeError, match="must return an int status or None"):
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
