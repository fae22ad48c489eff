"""y' = -y, y(0) = 1 on [0, 1] with the ivp implementation named on the
command line:  call_ivp.py [IMPL]  (default: dopri5c).  Prints t, y, error."""

import math
import sys

import _build_tree  # noqa: F401

from openinterfaces.interfaces.ivp import IVP


def rhs(t, y, ydot, user_data):
    ydot[0] = -y[0]


def main(argv):
    impl = argv[1] if len(argv) > 1 else "dopri5c"
    solver = IVP(impl)
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(rhs)
    solver.set_tolerances(1e-8, 1e-12)
    for i in range(1, 11):
        t = 0.1 * i
        y = solver.integrate(t)
        print(f"{t:.1f} {y[0]:.15f} {abs(y[0] - math.exp(-t)):.2e}")


if __name__ == "__main__":
    try:
        main(sys.argv)
    except Exception as e:
        sys.exit(f"error: {e}")
