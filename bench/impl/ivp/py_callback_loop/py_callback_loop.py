"""A benchmark fixture, not a solver: integrate(t, y) calls the right-hand
side int(t) times, so that timing it measures the crossing into the
callback; the other methods do nothing, so calling them measures the call."""

import numpy as np


class PyCallbackLoop:
    def __init__(self):
        self.rhs = None
        self.user_data = None
        self.ydot = np.empty(1)

    def set_initial_value(self, y0, t0):
        self.ydot = np.empty_like(y0)

    def set_rhs_fn(self, rhs):
        self.rhs = rhs

    def set_tolerances(self, rtol, atol):
        pass

    def set_user_data(self, user_data):
        self.user_data = user_data

    def set_integrator(self, integrator_name, config):
        pass

    def integrate(self, t, y):
        rhs, ydot, user_data = self.rhs, self.ydot, self.user_data
        for _ in range(int(t)):
            rhs(t, y, ydot, user_data)

    def print_stats(self):
        pass
