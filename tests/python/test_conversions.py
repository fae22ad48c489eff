"""One set of rules for Python values crossing into C: a bad value gets the
same exception and message whether a Python user passes it to a C
implementation (the extension converts it) or a Python implementation
passes it to a C callback (the bridge converts it, as for a C user's
callback)."""

import pathlib

import numpy as np
import pytest

from openinterfaces.core import load_impl
from openinterfaces.interfaces.ivp import IVP
from openinterfaces.interfaces.optim import Optim

THIRD_PARTY = pathlib.Path(__file__).parent / "third_party"


def read_only(array):
    array.flags.writeable = False
    return array


def error_from_user_to_c(value, as_array):
    """What a Python user passing `value` to a C implementation gets: qeq's
    out-array `roots`, or its float `b`."""
    binding = load_impl("qeq", "c_qeq_solver", 1, 0)
    in_args, out_args = ((1.0, -3.0, 2.0), (value,)) if as_array else ((1.0, value, 2.0), (np.empty(2),))
    with pytest.raises((TypeError, ValueError)) as info:
        binding.call("solve_qeq", in_args, out_args)
    site = "method 'solve_qeq', argument 'roots'" if as_array else "method 'solve_qeq', argument 'b'"
    message = str(info.value)
    assert message.startswith(site), message
    return info.type, message[len(site):]


def error_from_impl_to_c_callback(monkeypatch, value, as_array):
    """What a Python implementation calling a C callback with `value` (as
    `ydot`, or as `t`) gets: the callback's exception, which the
    implementation lets through, so that it reaches the user inside the
    RuntimeError of the failed call."""
    monkeypatch.setenv("OIF_IMPL_PATH", str(THIRD_PARTY))
    monkeypatch.setenv("OIF_PYTHON_CALLBACKS_VIA_C", "1")
    solver = IVP("rhs_caller")
    solver.set_initial_value([1.0, 2.0], 0.0)
    solver.set_rhs_fn(lambda t, y, ydot, _: None)
    if as_array:
        solver.set_user_data(lambda t, y, ydot: (t, y, value, None))
    else:
        solver.set_user_data(lambda t, y, ydot: (value, y, ydot, None))
    with pytest.raises(RuntimeError) as info:
        solver.integrate(1.0)
    site = "callback 'rhs', argument 'ydot'" if as_array else "callback 'rhs', argument 't'"
    return str(info.value), site


FLOATS = {
    "str": "1.0",
    "beyond_double": 10**400,
}

ARRAYS = {
    "read_only": read_only(np.zeros(2)),
    "int64": np.zeros(2, dtype=np.int64),
    "big_endian": np.zeros(2, dtype=">f8"),
    "strided": np.zeros(4)[::2],
    "zero_dimensional": np.array(0.0),
    "list": [0.0, 0.0],
}


@pytest.mark.parametrize("as_array, value", [(False, v) for v in FLOATS.values()] + [(True, v) for v in ARRAYS.values()],
                         ids=[f"float-{k}" for k in FLOATS] + [f"array-{k}" for k in ARRAYS])
def test_same_bad_value_same_error_both_ways(monkeypatch, as_array, value):
    exception, text = error_from_user_to_c(value, as_array)
    reported, site = error_from_impl_to_c_callback(monkeypatch, value, as_array)
    assert f"{exception.__name__}: {site}{text}" in reported


@pytest.mark.parametrize("value", [1, np.int64(1), np.float32(1.0), np.float64(1.0), True, np.True_], ids=repr)
def test_numbers_that_are_floats_to_both(monkeypatch, value):
    binding = load_impl("qeq", "c_qeq_solver", 1, 0)
    roots = np.empty(2)
    binding.call("solve_qeq", (value, -3.0, 2.0), (roots,))
    assert sorted(roots) == [1.0, 2.0]
    monkeypatch.setenv("OIF_IMPL_PATH", str(THIRD_PARTY))
    monkeypatch.setenv("OIF_PYTHON_CALLBACKS_VIA_C", "1")
    seen = []
    solver = IVP("rhs_caller")
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(lambda t, y, ydot, _: seen.append(t))
    solver.set_user_data(lambda t, y, ydot: (value, y, ydot, None))
    solver.integrate(1.0)
    assert seen == [1.0] and type(seen[0]) is float


def test_a_bool_status_from_a_callback_is_its_int():
    """A bool is a number, as in Python: True as a status is 1, a failure."""
    solver = IVP("dopri5c")
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(lambda t, y, ydot, _: True)
    with pytest.raises(RuntimeError, match="right-hand side returned status 1 at t = 0"):
        solver.integrate(1.0)
    solver.set_rhs_fn(lambda t, y, ydot, _: (ydot.__setitem__(0, -y[0]), np.False_)[1])
    assert solver.integrate(1.0) == pytest.approx([np.exp(-1.0)], rel=1e-5)


def test_a_bool_objective_is_its_float():
    opt = Optim("nlopt")
    opt.set_initial_guess([1.0])
    opt.set_objective_fn(lambda x, _: False)
    assert opt.minimize().success


@pytest.mark.parametrize("options", [{"max_num_steps": np.int64(20)}, {"max_num_steps": np.int32(20)},
                                     {"max_step": np.float32(0.5)}, {"max_step": True}], ids=repr)
def test_numpy_scalars_and_bools_are_options(options):
    solver = IVP("dopri5c")
    solver.set_integrator("dopri5", options)
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(lambda t, y: -y)
    assert solver.integrate(1.0) == pytest.approx([np.exp(-1.0)], rel=1e-5)


@pytest.mark.parametrize(
    "returns, message",
    [
        ("message_with_nul", "ValueError: method 'minimize', return value 'message' contains a NUL character"),
    ],
)
def test_values_a_python_implementation_returns_follow_the_same_rules(monkeypatch, returns, message):
    monkeypatch.setenv("OIF_IMPL_PATH", str(THIRD_PARTY))
    opt = Optim("bad_returns")
    opt.set_initial_guess([1.0])
    opt.set_method(returns)
    with pytest.raises(RuntimeError, match=message):
        opt.minimize()
