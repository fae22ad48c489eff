"""openinterfaces._impl.qeq.py_qeq_solver: see qeq_solver.py."""
