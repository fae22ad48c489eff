"""Safety probes: callbacks of the wrong signature, and what a callback may
do to the arrays it is handed (keep them, change their dtype).  Each probe
that could crash runs in a child process (probes.py), on every
implementation of the interface and on both callback paths."""

import pytest

from conftest import IVP_IMPLS, OPTIM_IMPLS, with_callback_paths
from probes import run_impl_child as child

ivp_paths = pytest.mark.parametrize("impl_path", with_callback_paths(IVP_IMPLS))
optim_paths = pytest.mark.parametrize("impl_path", with_callback_paths(OPTIM_IMPLS))


@pytest.mark.probe("crash")
@ivp_paths
def test_a_callback_declaring_user_data_as_an_array_is_refused(impl_path):
    child(
        impl_path,
        """
s = IVP(impl)
s.set_initial_value([1.0], 0.0)
s.set_user_data({"rate": 2.0})
wrong = (OIF_TYPE_F64, OIF_TYPE_ARRAY_F64, OIF_TYPE_ARRAY_F64, OIF_TYPE_ARRAY_F64)
cb = make_oif_callback(lambda t, y, ydot, ud: ydot.__setitem__(0, -y[0]), wrong, OIF_TYPE_INT)
try:
    s._binding.call("set_rhs_fn", (cb,), ())
except TypeError as e:
    message = str(e)
    assert "set_rhs_fn" in message and "(F64, ARRAY_F64, ARRAY_F64, ARRAY_F64) -> INT" in message, message
    assert "user_data: USER_DATA" in message, message
else:
    raise AssertionError("a callback with the wrong signature was accepted")
""",
    )


@pytest.mark.probe("wrong result")
@optim_paths
def test_an_ivp_shaped_callback_is_refused_as_an_objective(impl_path):
    child(
        impl_path,
        """
o = Optim(impl)
o.set_initial_guess([1.0, 2.0])
cb = make_oif_callback(lambda t, y, ydot, ud: 0, RHS_TYPES, OIF_TYPE_INT)
try:
    o._binding.call("set_objective_fn", (cb,), ())
except TypeError as e:
    assert "objective" in str(e) and "(x: ARRAY_F64, user_data: USER_DATA) -> F64" in str(e), e
else:
    raise AssertionError("an ivp right-hand side was accepted as an objective")
""",
    )


@pytest.mark.probe("wrong result")
@ivp_paths
def test_a_callback_of_the_wrong_return_type_is_refused(impl_path):
    child(
        impl_path,
        """
s = IVP(impl)
s.set_initial_value([1.0], 0.0)
cb = make_oif_callback(lambda t, y, ydot, ud: 0.0, RHS_TYPES, OIF_TYPE_F64)
try:
    s._binding.call("set_rhs_fn", (cb,), ())
except TypeError as e:
    assert "-> F64" in str(e) and "-> INT" in str(e), e
else:
    raise AssertionError("a callback returning F64 was accepted as a right-hand side")
""",
    )
