"""Memory safety and liveness where the Python bridge crosses between C and
Python, from Python users: the bridge's own helper module reloaded, two
implementations of one name in different folders, the exceptions of
callbacks that are not plain functions, the callbacks the bridge keeps, and
a solver's own C thread calling back after a sub-interpreter was made.
Those that would crash run in a child process (probes.py)."""

import os
import shutil

import pytest

from probes import run_child

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
