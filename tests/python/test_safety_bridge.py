"""Memory safety and liveness where the Python bridge crosses between C and
Python, from Python users: the bridge's own helper module reloaded, two
implementations of one name in different folders, the exceptions of
callbacks that are not plain functions, the callbacks the bridge keeps, and
a solver's own C thread calling back after a sub-interpreter was made.
Those that would crash run in a child process (probes.py)."""

import functools
import gc
import os
import shutil
import sys
import weakref

import numpy as np
import pytest

from probes import run_child
from openinterfaces.interfaces.ivp import IVP
from openinterfaces.interfaces.optim import Optim

THIRD_PARTY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "third_party")


# ---- the bridge's helper module reloaded -------------------------------------


@pytest.mark.probe("crash")
def test_python_implementations_load_after_bridge_support_is_reloaded():
    run_child(
        """
        import gc, importlib
        import openinterfaces._bridge_support as support
        from openinterfaces.interfaces.qeq import QEQ

        assert sorted(QEQ("py_qeq_solver").solve(1.0, -3.0, 2.0)) == [1.0, 2.0]
        importlib.reload(support)
        gc.collect()
        junk = [object() for _ in range(100000)]  # reuses what the reload freed
        for _ in range(3):
            assert sorted(QEQ("py_qeq_solver").solve(1.0, -3.0, 2.0)) == [1.0, 2.0]
        try:
            QEQ("py_qeq_solver").solve(0.0, 0.0, 1.0)
        except RuntimeError as e:
            assert "ValueError: a = b = 0" in str(e), e
        else:
            raise AssertionError("no error")
        """
    )


# ---- one name, two folders ---------------------------------------------------


def copy_third_party_qeq(root, folder, swap_roots):
    """textbook_qeq as implementation 'twin_qeq' under root/folder; with
    swap_roots its roots come in the other order.  Every execution of the
    module is counted in builtins.twin_executions."""
    target = root / folder / "qeq" / "twin_qeq"
    shutil.copytree(os.path.join(THIRD_PARTY, "qeq", "textbook_qeq"), target)
    (target / "textbook_qeq.conf").rename(target / "twin_qeq.conf")
    (target / "textbook_qeq.py").rename(target / "twin_qeq.py")
    (target / "twin_qeq.conf").write_text("python\ntwin_qeq TextbookQeq\n")
    source = (target / "twin_qeq.py").read_text()
    if swap_roots:
        source = source.replace("roots[0] = (-b - d)", "roots[2] = (-b - d)")
        source = source.replace("roots[1] = (-b + d)", "roots[0] = (-b + d)").replace("roots[2]", "roots[1]")
    source += "\nimport builtins\nbuiltins.twin_executions = getattr(builtins, 'twin_executions', 0) + 1\n"
    (target / "twin_qeq.py").write_text(source)


@pytest.mark.probe("wrong result")
def test_an_implementation_of_the_same_name_in_another_folder_is_that_one(tmp_path):
    copy_third_party_qeq(tmp_path, "first", swap_roots=False)
    copy_third_party_qeq(tmp_path, "second", swap_roots=True)
    (tmp_path / "first_again").symlink_to(tmp_path / "first")
    run_child(
        f"""
        import builtins, os
        from openinterfaces.interfaces.qeq import QEQ

        def roots_from(folder):
            os.environ["OIF_IMPL_PATH"] = os.path.join({str(tmp_path)!r}, folder)
            return list(QEQ("twin_qeq").solve(1.0, -3.0, 2.0))

        assert roots_from("first") == [1.0, 2.0]
        assert roots_from("second") == [2.0, 1.0], "the first folder's implementation was used"
        assert roots_from("first") == [1.0, 2.0]
        # The same file reached through another path is one module, executed once.
        assert roots_from("first_again") == [1.0, 2.0]
        assert builtins.twin_executions == 2, builtins.twin_executions
        """
    )


# ---- exceptions of callbacks that are not plain functions ----------------------


class Incomparable:
    """User data that raises `raised` when compared: max(..., user_data) is a
    builtin callback whose exception comes from the user's code."""

    def __init__(self, raised):
        self.raised = raised

    def __gt__(self, other):
        raise self.raised

    __lt__ = __gt__


class RaisingCallable:
    def __init__(self, raised):
        self.raised = raised

    def __call__(self, *args):
        raise self.raised


def raise_first_argument(raised, *args):
    raise raised


CALLABLE_KINDS = ["partial", "builtin", "callable object", "wrong arity"]


def callback_of_kind(kind, raised):
    """(callback, user data): calling the callback with the user data raises
    `raised`, or, for the wrong arity, a TypeError."""
    if kind == "partial":
        return functools.partial(raise_first_argument, raised), None
    if kind == "builtin":
        return max, Incomparable(raised)
    if kind == "callable object":
        return RaisingCallable(raised), None
    return (lambda t, y, ydot, user_data, extra: None), None


def assert_users_own_exception(info, kind, raised):
    if kind == "wrong arity":
        assert type(info.value) is TypeError, f"{type(info.value).__name__}: {info.value}"
        assert "<lambda>() missing 1 required positional argument: 'extra'" in str(info.value), info.value
    else:
        assert info.value is raised, f"{type(info.value).__name__}: {info.value}"


@pytest.mark.probe("wrong exception")
@pytest.mark.parametrize("kind", CALLABLE_KINDS)
def test_rhs_exception_comes_back_as_itself(ivp_impl, kind):
    raised = ZeroDivisionError(f"from a {kind}")
    rhs, user_data = callback_of_kind(kind, raised)
    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0], 0.0)
    solver.set_user_data(user_data)
    # Past IVP.set_rhs_fn, which refuses the wrong arity before any call.
    solver._binding.call("set_rhs_fn", (rhs,), ())
    with pytest.raises(BaseException) as info:
        solver.integrate(1.0)
    assert_users_own_exception(info, kind, raised)
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(lambda t, y, ydot, _: ydot.__setitem__(0, -y[0]))
    solver.integrate(1.0)
    assert solver.y[0] == pytest.approx(np.exp(-1.0), rel=1e-3)


@pytest.mark.probe("wrong exception")
@pytest.mark.parametrize("kind", CALLABLE_KINDS)
def test_objective_exception_comes_back_as_itself(optim_impl, kind):
    raised = ZeroDivisionError(f"from a {kind}")
    objective, user_data = callback_of_kind(kind, raised)
    if kind == "wrong arity":
        objective = lambda x, user_data, extra: 0.0  # noqa: E731
    opt = Optim(optim_impl)
    opt.set_initial_guess([1.0, 2.0])
    opt.set_user_data(user_data)
    # Past Optim.set_objective_fn, which refuses the wrong arity before any call.
    opt._binding.call("set_objective_fn", (objective,), ())
    with pytest.raises(BaseException) as info:
        opt.minimize()
    assert_users_own_exception(info, kind, raised)
    opt.set_objective_fn(lambda x, _: float(x @ x))
    opt.minimize()
    np.testing.assert_allclose(opt.x, [0.0, 0.0], atol=1e-4)


@pytest.mark.probe("wrong exception")
def test_an_implementations_own_error_is_still_a_runtime_error(ivp_impl):
    """A wrapped callback returned a failing status normally: what the
    implementation raises about it is the implementation's error."""
    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(functools.partial(lambda status, t, y, ydot, _: status, 7))
    with pytest.raises(RuntimeError, match="7"):
        solver.integrate(1.0)


def called_by_scipy_ode():
    """What scipy_ode's f called: its local `rhs`, read from a snapshot of
    its locals, from which its `y` is then dropped (scipy_ode refuses a y
    still referenced when the right-hand side returns)."""
    caller_locals = sys._getframe(2).f_locals
    caller_locals.pop("y", None)
    return caller_locals["rhs"]


class Model:
    def rhs(self, t, y, ydot, user_data):
        ydot[:] = -y
        self.passed = called_by_scipy_ode()


def test_python_functions_reach_python_implementations_as_themselves(monkeypatch):
    """scipy_ode calls the user's function or method itself; another
    callable, wrapped, as __wrapped__."""
    monkeypatch.delenv("OIF_PYTHON_CALLBACKS_VIA_C", raising=False)
    model = Model()
    passed = {}

    def rhs(t, y, ydot, user_data):
        ydot[:] = -y
        passed["rhs"] = called_by_scipy_ode()

    for name, callback in [("function", rhs), ("method", model.rhs), ("partial", functools.partial(Model.rhs, model))]:
        solver = IVP("scipy_ode")
        solver.set_initial_value([1.0], 0.0)
        solver.set_rhs_fn(callback)
        solver.integrate(0.1)
        got = passed.pop("rhs") if name == "function" else model.passed
        if name == "partial":
            assert got is not callback and got.__wrapped__ is callback, name
        else:
            assert got == callback, name


# ---- the callbacks the bridge keeps ------------------------------------------


def function_with_code_of_its_own():
    """A right-hand side whose code object is new, as sympy's lambdify or
    any exec-made function has."""
    namespace = {}
    exec("def rhs(t, y, ydot, _):\n    ydot[:] = -y\n", namespace)
    return namespace["rhs"]


@pytest.mark.probe("wrong result")
def test_replaced_callbacks_are_not_kept_by_the_bridge(ivp_impl):
    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0], 0.0)
    codes = []
    for k in range(3):
        rhs = function_with_code_of_its_own()
        codes.append(weakref.ref(rhs.__code__))
        solver.set_rhs_fn(rhs)
        solver.integrate(0.1 * (k + 1))
        del rhs
    solver.set_rhs_fn(lambda t, y, ydot, _: ydot.__setitem__(0, -y[0]))
    solver.integrate(1.0)
    gc.collect()
    assert [ref() for ref in codes] == [None, None, None]


# ---- callbacks from a solver's own thread, after a sub-interpreter ---------------

CALL_ON_A_NEW_C_THREAD = '''
import ctypes, threading
from openinterfaces.core import OIF_TYPE_INT, OIF_USER_DATA, make_oif_callback


def call_on_a_new_c_thread():
    """Runs a callback on a new C thread, which Python has never seen, and
    returns the thread it ran on.  The callback takes user data only, so
    that its C entry point can be the thread's start routine (with NULL
    user data)."""
    ran_on = []
    callback = make_oif_callback(lambda _: ran_on.append(threading.get_ident()) or 0, [OIF_USER_DATA], OIF_TYPE_INT)
    # OIFCallback.fn_p_c: after the object's header (2 pointers), the
    # callable, and OIFCallback.src (padded to 8 bytes); lang_python/ext/callback.c.
    entry = ctypes.c_void_p.from_address(id(callback) + 3 * ctypes.sizeof(ctypes.c_void_p) + 8).value
    libc = ctypes.CDLL(None)
    thread = ctypes.c_ulong()
    assert libc.pthread_create(ctypes.byref(thread), None, ctypes.c_void_p(entry), None) == 0
    assert libc.pthread_join(thread, None) == 0
    assert len(ran_on) == 1, ran_on
    return ran_on[0]
'''


def test_callback_on_a_c_thread_of_its_own():
    """Without a sub-interpreter: shows that the probe below finds the entry point."""
    namespace = {}
    exec(CALL_ON_A_NEW_C_THREAD, namespace)
    assert namespace["call_on_a_new_c_thread"]() != namespace["threading"].get_ident()


@pytest.mark.probe("crash")
def test_callback_on_a_c_thread_of_its_own_after_a_sub_interpreter_was_made():
    """PyGILState_Check() says yes on every thread once a sub-interpreter
    exists: a callback entered on a C thread must take the GIL regardless."""
    run_child(
        CALL_ON_A_NEW_C_THREAD
        + """
import _xxsubinterpreters

_xxsubinterpreters.create()
assert call_on_a_new_c_thread() != threading.get_ident()
"""
    )
