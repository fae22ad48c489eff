"""Safety probes: callbacks that close, re-initialise or replace their own
solver, and threads that close a solver another thread is using.  The rules
(docs/threading.md): a call in progress pins its instance; unloading during
it is deferred until it returns; any other call on the instance meanwhile is
refused with an error.  Each probe runs in a child process (probes.py) on
every implementation, and on both callback paths for Python ones."""

import pytest

from conftest import IVP_IMPLS, OPTIM_IMPLS, with_callback_paths
from probes import run_impl_child as child

ivp_paths = pytest.mark.parametrize("impl_path", with_callback_paths(IVP_IMPLS))
optim_paths = pytest.mark.parametrize("impl_path", with_callback_paths(OPTIM_IMPLS))


@pytest.mark.probe("crash")
@ivp_paths
def test_closing_the_solver_inside_its_rhs_finishes_the_call(impl_path):
    child(
        impl_path,
        """
s = IVP(impl)
s.set_initial_value([1.0], 0.0)
def rhs(t, y, ydot, _):
    s.close()
    ydot[0] = -y[0]
s.set_rhs_fn(rhs)
s.integrate(1.0)
assert abs(s.y[0] - math.exp(-1.0)) < 1e-3, s.y
try:
    s.integrate(2.0)
except ValueError as e:
    assert "unloaded" in str(e), e
else:
    raise AssertionError("a closed solver integrated")
""",
    )


@pytest.mark.probe("crash")
@optim_paths
def test_closing_the_optimiser_inside_its_objective_finishes_the_call(impl_path):
    child(
        impl_path,
        """
o = Optim(impl)
o.set_initial_guess([1.0, 2.0])
def objective(x, _):
    o.close()
    return float((x ** 2).sum())
o.set_objective_fn(objective)
o.minimize()
assert np.abs(o.x).max() < 1e-3, o.x
try:
    o.minimize()
except ValueError as e:
    assert "unloaded" in str(e), e
else:
    raise AssertionError("a closed optimiser ran")
""",
    )


@pytest.mark.probe("crash")
@ivp_paths
def test_reinitialising_inside_the_rhs_is_refused(impl_path):
    child(
        impl_path,
        """
s = IVP(impl)
s.set_initial_value([1.0, 2.0], 0.0)
def rhs(t, y, ydot, _):
    s.set_initial_value(np.ones(50), 0.0)
    ydot[:] = -y
s.set_rhs_fn(rhs)
try:
    s.integrate(1.0)
except RuntimeError as e:
    assert "set_initial_value" in str(e) and "in progress" in str(e), e
else:
    raise AssertionError("re-initialising inside the rhs was accepted")
# The solver is intact: a fresh start works.
s.set_initial_value([1.0, 2.0], 0.0)
s.set_rhs_fn(lambda t, y, ydot, _: ydot.__setitem__(slice(None), -y))
s.integrate(1.0)
assert np.allclose(s.y, [math.exp(-1.0), 2 * math.exp(-1.0)], rtol=1e-3), s.y
""",
    )


@pytest.mark.probe("crash")
@ivp_paths
def test_replacing_the_rhs_inside_itself_is_refused(impl_path):
    child(
        impl_path,
        """
s = IVP(impl)
s.set_initial_value([1.0], 0.0)
def rhs(t, y, ydot, _):
    s.set_rhs_fn(lambda t, y, ydot, _: ydot.__setitem__(0, 0.0))
    ydot[0] = -y[0]
s.set_rhs_fn(rhs)
try:
    s.integrate(1.0)
except RuntimeError as e:
    assert "set_rhs_fn" in str(e) and "in progress" in str(e), e
else:
    raise AssertionError("replacing the rhs inside itself was accepted")
""",
    )


@pytest.mark.probe("crash")
@optim_paths
def test_replacing_the_objective_inside_itself_is_refused(impl_path):
    child(
        impl_path,
        """
o = Optim(impl)
o.set_initial_guess([1.0, 2.0])
def objective(x, _):
    o.set_objective_fn(lambda x, _: 0.0)
    return float((x ** 2).sum())
o.set_objective_fn(objective)
try:
    o.minimize()
except RuntimeError as e:
    assert "set_objective_fn" in str(e) and "in progress" in str(e), e
else:
    raise AssertionError("replacing the objective inside itself was accepted")
""",
    )


@pytest.mark.probe("crash")
@ivp_paths
def test_closing_from_another_thread_during_a_call_is_deferred(impl_path):
    # The rhs lets go of the GIL until the other thread has closed the
    # solver; the integration then goes on to its end.
    child(
        impl_path,
        """
s = IVP(impl)
s.set_initial_value([1.0], 0.0)
inside, closed = threading.Event(), threading.Event()
def rhs(t, y, ydot, _):
    inside.set()
    closed.wait(10)
    ydot[0] = -y[0]
s.set_rhs_fn(rhs)
def close_it():
    inside.wait(10)
    s.close()
    closed.set()
closer = threading.Thread(target=close_it)
closer.start()
s.integrate(1.0)
closer.join()
assert closed.is_set()
assert abs(s.y[0] - math.exp(-1.0)) < 1e-3, s.y
""",
    )


@pytest.mark.probe("crash")
@ivp_paths
def test_a_second_thread_calling_a_busy_solver_is_refused(impl_path):
    child(
        impl_path,
        """
s = IVP(impl)
s.set_initial_value([1.0], 0.0)
inside, done = threading.Event(), threading.Event()
refusal = []
def rhs(t, y, ydot, _):
    inside.set()
    done.wait(10)
    ydot[0] = -y[0]
s.set_rhs_fn(rhs)
def call_it():
    inside.wait(10)
    try:
        s.set_tolerances(1e-3, 1e-3)
    except RuntimeError as e:
        refusal.append(str(e))
    done.set()
other = threading.Thread(target=call_it)
other.start()
s.integrate(1.0)
other.join()
assert len(refusal) == 1 and "in progress" in refusal[0] and "integrate" in refusal[0], refusal
assert abs(s.y[0] - math.exp(-1.0)) < 1e-3, s.y
""",
    )


@pytest.mark.probe("crash")
@ivp_paths
def test_a_callback_emptying_the_argument_lists_does_not_free_them(impl_path):
    child(
        impl_path,
        """
from openinterfaces.core import load_impl, make_oif_callback, OIF_TYPE_F64, OIF_TYPE_ARRAY_F64, OIF_USER_DATA, OIF_TYPE_INT
b = load_impl("ivp", impl, 1, 0)
b.call("set_initial_value", (np.ones(1000), 0.0), ())
out = [np.empty(1000)]  # the only reference to the output array
canaries = []
def rhs(t, yy, ydot, _):
    if out:
        out.clear()
        canaries.append(np.full(1000, 7.0))  # takes the output's memory if it was freed
    ydot[:] = -yy
cb = make_oif_callback(rhs, (OIF_TYPE_F64, OIF_TYPE_ARRAY_F64, OIF_TYPE_ARRAY_F64, OIF_USER_DATA), OIF_TYPE_INT)
b.call("set_rhs_fn", [cb], [])
b.call("integrate", [1.0], out)
assert (canaries[0] == 7.0).all(), "the solver wrote its result into freed memory"
""",
    )


@pytest.mark.probe("crash")
def test_callbacks_kept_after_failed_calls_are_released_by_the_next_success(tmp_path):
    # An implementation whose set_rhs_fn keeps the callback and then fails:
    # the binding must hold each such callback (the implementation may call
    # it) until a later set_rhs_fn succeeds, and then let all of them go.
    folder = tmp_path / "ivp" / "flaky"
    folder.mkdir(parents=True)
    (folder / "flaky.conf").write_text("python\nflaky Flaky\n")
    (folder / "flaky.py").write_text(
        "from openinterfaces._impl.interfaces.ivp import IVPInterface\n"
        "class Flaky(IVPInterface):\n"
        "    def set_initial_value(self, y0, t0): pass\n"
        "    def set_rhs_fn(self, rhs):\n"
        "        self.rhs = rhs\n"
        "        if not getattr(getattr(rhs, '__wrapped__', rhs), 'good', False):\n"
        "            raise ValueError('refused after keeping it')\n"
        "    def set_tolerances(self, rtol, atol): pass\n"
        "    def set_user_data(self, user_data): pass\n"
        "    def set_integrator(self, name, config): pass\n"
        "    def integrate(self, t, y): pass\n"
        "    def print_stats(self): pass\n"
    )
    child(
        ("flaky", False),
        """
import gc, weakref
s = IVP(impl)
s.set_initial_value([1.0], 0.0)
class Rhs:
    good = False
    def __call__(self, t, y, ydot, _):
        ydot[:] = -y
refs = []
for _ in range(100):
    rhs = Rhs()
    refs.append(weakref.ref(rhs))
    try:
        s.set_rhs_fn(rhs)
    except RuntimeError:
        pass
del rhs
gc.collect()
assert refs[-1]() is not None, "a callback the implementation may use was released"
good = Rhs()
good.good = True
s.set_rhs_fn(good)
gc.collect()
alive = sum(r() is not None for r in refs)
assert alive == 0, f"{alive} of 100 replaced callbacks are still held"
""",
        env={"OIF_IMPL_PATH": str(tmp_path)},
    )
