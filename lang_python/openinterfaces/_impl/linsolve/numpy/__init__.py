"""openinterfaces._impl.linsolve.numpy: see linsolve.py."""
