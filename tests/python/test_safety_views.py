"""Safety probes: what Python code may do to the array views it is handed --
by a C solver calling a Python callback, or by a C caller calling a Python
implementation.  A view kept after the call gets a copy of its own; an array
derived from it and kept is an error; a changed dtype does not leak into
later calls; in-arrays are read-only.  Each probe runs in a child process
(probes.py)."""

import pytest

from conftest import IVP_IMPLS, with_callback_paths
from probes import run_impl_child as child

ivp_paths = pytest.mark.parametrize("impl_path", with_callback_paths(IVP_IMPLS))
# The paths on which the callback's arrays are views made by openinterfaces
# (scipy_ode hands a Python callback SciPy's own arrays).
C_VIEW_PATHS = [p for p in with_callback_paths(IVP_IMPLS) if p.id != "scipy_ode"]


@pytest.mark.probe("crash")
@pytest.mark.parametrize("impl_path", C_VIEW_PATHS)
def test_views_kept_by_the_rhs_hold_their_values_after_the_solver_is_gone(impl_path):
    child(
        impl_path,
        """
s = IVP(impl)
s.set_initial_value([1.0, 0.5], 0.0)
kept = []
def rhs(t, y, ydot, _):
    kept.append(y)
    ydot[:] = -y
s.set_rhs_fn(rhs)
s.integrate(1.0)
s.set_initial_value(np.ones(500), 0.0)  # the old buffers are freed here
s.close()
junk = [np.full(2, 1e300) for _ in range(1000)]  # and reused
values = np.array(kept)
assert values.shape == (len(kept), 2) and len(kept) > 5, values.shape
assert np.all((values[:, 0] > 0.3) & (values[:, 0] <= 1.0)), values[:, 0]
assert np.allclose(values[:, 1], values[:, 0] / 2), values
assert len({tuple(v) for v in values}) > 1, "every kept view shows the same values"
""",
    )


@pytest.mark.probe("crash")
def test_scipy_ode_refuses_a_kept_y():
    # SciPy's own y, over its integrator's work memory, cannot be given a
    # copy of its own: keeping it is an error there.
    child(
        ("scipy_ode", False),
        """
s = IVP(impl)
s.set_initial_value([1.0, 0.5], 0.0)
kept = []
s.set_rhs_fn(lambda t, y, ydot, _: (kept.append(y), ydot.__setitem__(slice(None), -y))[1])
try:
    s.integrate(1.0)
except RuntimeError as e:
    assert "kept its argument 'y'" in str(e) and "copy" in str(e), e
else:
    raise AssertionError("a kept y went unnoticed")
""",
    )


@pytest.mark.probe("crash")
@pytest.mark.parametrize("impl_path", C_VIEW_PATHS)
def test_a_kept_slice_of_a_view_is_an_error(impl_path):
    child(
        impl_path,
        """
s = IVP(impl)
s.set_initial_value([1.0, 0.5], 0.0)
kept = []
def rhs(t, y, ydot, _):
    kept.append(y[:1])
    ydot[:] = -y
s.set_rhs_fn(rhs)
try:
    s.integrate(1.0)
except RuntimeError as e:
    assert "derived from argument 'y'" in str(e) and "copy" in str(e), e
else:
    raise AssertionError("a kept slice of y went unnoticed")
""",
    )


@pytest.mark.probe("wrong result")
@ivp_paths
def test_changing_the_dtype_of_a_view_does_not_reach_later_calls(impl_path):
    child(
        impl_path,
        """
s = IVP(impl)
s.set_initial_value([1.0, 0.5], 0.0)
seen = []
def rhs(t, y, ydot, _):
    seen.append(y.dtype)
    ydot[:] = -y
    if len(seen) == 1:
        y.dtype = np.int64  # the view, not the solver's memory
s.set_rhs_fn(rhs)
s.integrate(1.0)
assert all(d == np.float64 for d in seen), set(seen)
assert np.allclose(s.y, [math.exp(-1), 0.5 * math.exp(-1)], rtol=1e-3), s.y
""",
    )


KEEPER = '''
import numpy as np
from openinterfaces._impl.interfaces.ivp import IVPInterface

class Keeper(IVPInterface):
    """Upstream style: keeps y0 as it was handed over, and solves y' = -y
    exactly from it."""
    def set_initial_value(self, y0, t0):
        self.y0, self.t0 = y0, t0
    def set_rhs_fn(self, rhs): pass
    def set_tolerances(self, rtol, atol): pass
    def set_user_data(self, user_data): pass
    def set_integrator(self, name, config): pass
    def integrate(self, t, y):
        y[:] = self.y0 * np.exp(-(t - self.t0))
    def print_stats(self): pass

class Scribbler(Keeper):
    """Writes into the in-array it is given."""
    def set_initial_value(self, y0, t0):
        y0[0] = 5.0
'''


@pytest.fixture
def keeper_path(tmp_path):
    for name, cls in (("keeper", "Keeper"), ("scribbler", "Scribbler")):
        folder = tmp_path / "ivp" / name
        folder.mkdir(parents=True)
        (folder / f"{name}.conf").write_text(f"python\nkeeper_impl {cls}\n")
        (folder / "keeper_impl.py").write_text(KEEPER)
    return str(tmp_path)


@pytest.mark.probe("crash")
def test_an_implementation_keeping_y0_reads_the_values_it_was_given(keeper_path):
    child(
        ("keeper", False),
        """
s = IVP(impl)
s.set_initial_value([1.0, 2.0], 0.0)  # a list: the array made of it is temporary
junk = [np.full(2, 1e300) for _ in range(1000)]
s.integrate(1.0)
assert np.allclose(s.y, [math.exp(-1), 2 * math.exp(-1)]), s.y
o = Optim("scipy_optimize")
o.set_initial_guess([3.0, -1.0])
junk = [np.full(2, np.nan) for _ in range(1000)]
o.set_objective_fn(lambda x, _: float(((x - 1) ** 2).sum()))
o.minimize()
assert np.allclose(o.x, [1.0, 1.0], atol=1e-4), o.x
""",
        env={"OIF_IMPL_PATH": keeper_path},
    )


@pytest.mark.probe("wrong result")
def test_in_arrays_reach_python_implementations_read_only(keeper_path):
    child(
        ("scribbler", False),
        """
s = IVP(impl)
y0 = np.array([1.0, 2.0])
y0.flags.writeable = False
try:
    s.set_initial_value(y0, 0.0)
except RuntimeError as e:
    assert "read-only" in str(e), e
else:
    raise AssertionError("an implementation wrote into its in-array")
assert list(y0) == [1.0, 2.0], y0
""",
        env={"OIF_IMPL_PATH": keeper_path},
    )
