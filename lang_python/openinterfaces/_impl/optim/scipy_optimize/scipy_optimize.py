"""The module upstream's scipy_optimize.conf names,
``openinterfaces._impl.optim.scipy_optimize.scipy_optimize ScipyOptimize``: its class is the
shipped scipy_optimize implementation's (impl/optim/scipy_optimize/), the very class
the Python bridge loads for it."""

from openinterfaces._impl._shipped import shipped_class

ScipyOptimize = shipped_class("optim", "scipy_optimize")

__all__ = ["ScipyOptimize"]
