"""The module upstream's scipy_ode.conf names,
``openinterfaces._impl.ivp.scipy_ode.scipy_ode ScipyODE``: its class is the
shipped scipy_ode implementation's (impl/ivp/scipy_ode/), the very class
the Python bridge loads for it."""

from openinterfaces._impl._shipped import shipped_class

ScipyODE = shipped_class("ivp", "scipy_ode")

__all__ = ["ScipyODE"]
