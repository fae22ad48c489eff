"""An ivp implementation written the way upstream's own Python ones are
(its scipy_ode in particular), for the compatibility tests: it subclasses
the base class by upstream's import path, keeps y0 exactly as it was handed
over (a view of the caller's memory) and gives it to scipy.integrate.ode,
which reads it again at every restart, checks the right-hand side with a
trial call, and keeps the user data to pass it on.  Nothing here is
tuned to this project: it is what third-party code for upstream looks like.
"""

import numpy as np
from scipy import integrate

from openinterfaces._impl.interfaces.ivp import IVPInterface


class UpstreamStyleODE(IVPInterface):
    def __init__(self):
        self.rhs = None
        self.N = 0
        self.solver = None
        self.user_data = None
        self.integrator = "dopri5"
        self.integrator_params = {"rtol": 1e-8, "atol": 1e-12}

    def set_initial_value(self, y0, t0):
        if not isinstance(t0, float):
            raise ValueError("t0 must be a float")
        self.y0 = y0  # not copied: read again by every restart below
        self.t0 = t0
        self.N = len(y0)
        self.ydot = np.empty_like(y0)
        if self.solver is not None:
            self.solver.set_initial_value(self.y0, self.t0)

    def set_rhs_fn(self, rhs):
        if self.N <= 0:
            raise RuntimeError("set_initial_value must be called before set_rhs_fn")
        self.rhs = rhs
        trial = np.random.random(size=(self.N,))
        if len(self._rhs_wrapper(42.0, trial)) != self.N:
            raise RuntimeError("wrong signature for the right-hand side")
        self._restart()

    def set_tolerances(self, rtol, atol):
        self.integrator_params = self.integrator_params | {"rtol": rtol, "atol": atol}
        if self.solver is not None:
            self._restart()

    def set_user_data(self, user_data):
        self.user_data = user_data

    def set_integrator(self, integrator_name, integrator_params):
        if integrate._ode.find_integrator(integrator_name) is None:
            raise RuntimeError(f"unknown integrator {integrator_name}")
        self.integrator = integrator_name
        self.integrator_params = self.integrator_params | dict(integrator_params or {})
        if self.solver is not None:
            self._restart()

    def integrate(self, t, y):
        y[:] = self.solver.integrate(t)
        if not self.solver.successful():
            raise RuntimeError("integration failed")
        return 0

    def print_stats(self):
        pass

    def _restart(self):
        self.solver = integrate.ode(self._rhs_wrapper).set_integrator(self.integrator, **self.integrator_params)
        self.solver.set_initial_value(self.y0, self.t0)

    def _rhs_wrapper(self, t, y):
        self.rhs(t, y, self.ydot, self.user_data)
        return self.ydot
