"""The module upstream's py_qeq_solver.conf names,
``openinterfaces._impl.qeq.py_qeq_solver.qeq_solver QeqSolver``: its class is the
shipped py_qeq_solver implementation's (impl/qeq/py_qeq_solver/), the very class
the Python bridge loads for it."""

from openinterfaces._impl._shipped import shipped_class

QeqSolver = shipped_class("qeq", "py_qeq_solver")

__all__ = ["QeqSolver"]
