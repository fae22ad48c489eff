"""Explicit Euler with 1000 steps per integrate(), recording what it was given."""

import numpy as np

from openinterfaces._impl.interfaces.ivp import IVPInterface


class RecordingEuler(IVPInterface):
    def __init__(self):
        self.rhs = None
        self.user_data = None
        self.integrator = None

    def set_initial_value(self, y0, t0):
        self.y, self.t = y0.copy(), t0
        self.ydot = np.empty_like(self.y)

    def set_rhs_fn(self, rhs):
        self.rhs = rhs

    def set_tolerances(self, rtol, atol):
        pass

    def set_user_data(self, user_data):
        self.user_data = user_data

    def set_integrator(self, integrator_name, config):
        self.integrator = (integrator_name, config)

    def integrate(self, t, y):
        h = (t - self.t) / 1000
        for _ in range(1000):
            status = self.rhs(self.t, self.y, self.ydot, self.user_data)
            if status:
                raise RuntimeError(f"right-hand side returned status {status} at t = {self.t}")
            self.y += h * self.ydot
            self.t += h
        y[:] = self.y

    def print_stats(self):
        print(f"integrator: {self.integrator!r}; user data: {type(self.user_data).__name__}")
