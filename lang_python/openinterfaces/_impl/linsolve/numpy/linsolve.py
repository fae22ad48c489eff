"""The module upstream's numpy.conf names,
``openinterfaces._impl.linsolve.numpy.linsolve NumPyLinsolve``: its class is the
shipped numpy implementation's (impl/linsolve/numpy/), the very class
the Python bridge loads for it."""

from openinterfaces._impl._shipped import shipped_class

NumPyLinsolve = shipped_class("linsolve", "numpy")

__all__ = ["NumPyLinsolve"]
