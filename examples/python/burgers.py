"""Inviscid Burgers' equation u_t + (u^2/2)_x = 0 on the periodic interval
[0, 2), u(0, x) = 0.5 - 0.25 sin(pi x), by the method of lines with N cells
and the Rusanov flux; the same discretisation as examples/burgers_problem.c."""

import math

import numpy as np

T_FINAL = 2.0


class Burgers:
    def __init__(self, n: int):
        self.n = n
        self.dx = 2.0 / n
        self.x = np.arange(n) * self.dx
        self.u0 = 0.5 - 0.25 * np.sin(np.pi * self.x)
        # Counted here for bench/burgers_python.py, whose reference runs
        # (SciPy directly, ctypes) are not made through the library; runs
        # through it have the implementation's own count (IVP.get_stats).
        self.rhs_evaluations = 0
        self._flux = np.empty(n)

    def output_times(self) -> np.ndarray:
        """Every dx/2 up to t = 2, the last one exactly 2."""
        count = math.ceil(T_FINAL / (0.5 * self.dx))
        times = np.arange(1, count + 1) * 0.5 * self.dx
        times[-1] = T_FINAL
        return times

    def rhs(self, t, u, udot, user_data=None):
        """Writes -(F_{i+1/2} - F_{i-1/2}) / dx into udot, vectorised."""
        self.rhs_evaluations += 1
        right = np.roll(u, -1)
        flux = self._flux
        np.maximum(np.abs(u), np.abs(right), out=flux)
        flux *= right - u
        flux *= -0.5
        flux += 0.25 * (u * u + right * right)
        np.subtract(flux, np.roll(flux, 1), out=udot)
        udot *= -1.0 / self.dx
        return 0
