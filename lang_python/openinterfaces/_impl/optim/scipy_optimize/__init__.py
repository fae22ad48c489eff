"""openinterfaces._impl.optim.scipy_optimize: see scipy_optimize.py."""
