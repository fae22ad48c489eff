"""Memory safety and liveness where the Python bridge crosses between C and
Python, from Python users: the bridge's own helper module reloaded, two
implementations of one name in different folders, the exceptions of
callbacks that are not plain functions, the callbacks the bridge keeps, and
a solver's own C thread calling back after a sub-interpreter was made.
Those that would crash run in a child process (probes.py)."""

import pytest

from probes import run_child


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
