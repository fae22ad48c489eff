"""Loads the upstream-style implementation ivp/upstream_style_ivp (found
through OIF_IMPL_PATH) as a Python user of MaRDI Open Interfaces 0.7 would,
and checks its answers: a harmonic oscillator y'' = -w^2 y, w passed as user
data, from y(0) = 1, y'(0) = 0 to t = 1; then that an error it reports with
logerr() arrives as the exception's message.  Prints one line per check;
an AssertionError says what failed.

Usage: OIF_IMPL_PATH=<tests/compat> python3 drive_upstream_style_ivp.py
"""

import math

import numpy as np

from openinterfaces.interfaces.ivp import IVP


def oscillator(t, y, ydot, user_data):
    ydot[0] = y[1]
    ydot[1] = -user_data["w"] ** 2 * y[0]
    return 0


def main():
    w = 2.0
    solver = IVP("upstream_style_ivp")
    solver.set_initial_value(np.array([1.0, 0.0]), 0.0)
    solver.set_rhs_fn(oscillator)
    solver.set_user_data({"w": w})
    solver.set_integrator("Rk4", {"steps_per_unit": 100})
    solver.integrate(0.5)
    solver.integrate(1.0)
    error = max(abs(solver.y[0] - math.cos(w)), abs(solver.y[1] + w * math.sin(w)))
    assert error < 1e-7, f"rk4: y(1) = {solver.y}, error {error:g}"
    print(f"upstream_style_ivp rk4 from Python: y(1) = {solver.y}, error {error:.1e}")

    try:
        solver.set_integrator("rk45")
    except RuntimeError as e:
        assert "upstream_style_ivp: unknown integrator 'rk45'" in str(e), str(e)
        print(f"upstream_style_ivp refuses from Python: {e}")
    else:
        raise AssertionError("set_integrator('rk45') was accepted")


if __name__ == "__main__":
    main()
