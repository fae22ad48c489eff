"""Calls the right-hand side once per integrate(), with the arguments its
user data (a function of t, y and ydot) makes: for tests of what a callback
accepts from an implementation."""

import numpy as np

from openinterfaces._impl.interfaces.ivp import IVPInterface


class RhsCaller(IVPInterface):
    def __init__(self):
        self.rhs = None
        self.make_arguments = None

    def set_initial_value(self, y0, t0):
        self.y, self.t = y0.copy(), t0
        self.ydot = np.empty_like(self.y)

    def set_rhs_fn(self, rhs):
        self.rhs = rhs

    def set_tolerances(self, rtol, atol):
        pass

    def set_user_data(self, user_data):
        self.make_arguments = user_data

    def set_integrator(self, integrator_name, config):
        pass

    def integrate(self, t, y):
        status = self.rhs(*self.make_arguments(t, self.y, self.ydot))
        if status:
            raise RuntimeError(f"right-hand side returned status {status}")
        y[:] = self.ydot

    def print_stats(self):
        pass
