"""Van der Pol's oscillator with mu = 1000, a classic stiff problem,
y1' = y2, y2' = mu (1 - y1^2) y2 - y1, y(0) = (2, 0), to t = 3000 with
rtol = atol = 1e-8:  call_ivp_vdp.py [IMPL [INTEGRATOR]]  (default:
sundials_cvode with bdf).  Prints "t y1 y2" every 250 time units; with
--plot FILE also saves a plot of y1."""

import argparse
import sys

import numpy as np

import _build_tree  # noqa: F401

from openinterfaces.interfaces.ivp import IVP


def van_der_pol(t, y, ydot, mu):
    ydot[0] = y[1]
    ydot[1] = mu * (1.0 - y[0] * y[0]) * y[1] - y[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("impl", nargs="?", default="sundials_cvode")
    parser.add_argument("integrator", nargs="?")
    parser.add_argument("--plot", metavar="FILE", help="save y1(t) as a PNG plot")
    args = parser.parse_args()
    integrator = args.integrator or ("bdf" if args.impl == "sundials_cvode" else None)

    solver = IVP(args.impl)
    if integrator:
        solver.set_integrator(integrator)
    solver.set_initial_value([2.0, 0.0], 0.0)
    solver.set_user_data(1000.0)
    solver.set_rhs_fn(van_der_pol)
    solver.set_tolerances(1e-8, 1e-8)
    times = np.linspace(0.0, 3000.0, 1201)
    y = solver.integrate(times)  # y(t) for each t, as rows
    for t, (y1, y2) in zip(times, y):
        if t > 0 and t % 250 == 0:
            print(f"{t:4.0f} {y1:+.10f} {y2:+.10f}")
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 4))
        ax.plot(times, y[:, 0])
        ax.set_xlabel("t")
        ax.set_ylabel("y1")
        ax.set_title(f"Van der Pol, mu = 1000, {args.impl}")
        fig.savefig(args.plot, dpi=120)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        sys.exit(f"error: {e}")
