"""Burgers' equation (see burgers.py) with the ivp implementation named on the
command line:  call_ivp_burgers_eq.py [IMPL [N]]  (default: dopri5c, N = 101).
Prints the solution at t = 2 as "x u" lines; with --plot FILE also saves a plot."""

import argparse
import sys

import _build_tree  # noqa: F401
from burgers import Burgers

from openinterfaces.interfaces.ivp import IVP


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("impl", nargs="?", default="dopri5c")
    parser.add_argument("n", nargs="?", type=int, default=101)
    parser.add_argument("--plot", metavar="FILE", help="save u(0) and u(2) as a PNG plot")
    args = parser.parse_args()
    if args.n < 3:
        parser.error("N must be at least 3")

    problem = Burgers(args.n)
    solver = IVP(args.impl)
    solver.set_initial_value(problem.u0, 0.0)
    solver.set_rhs_fn(problem.rhs)
    solver.set_tolerances(1e-8, 1e-10)
    u_end = solver.integrate(problem.output_times())[-1]
    for x, u in zip(problem.x, u_end):
        print(f"{x:.6f} {u:.15g}")
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 4))
        ax.plot(problem.x, problem.u0, "k--", label="u(0, x)")
        ax.plot(problem.x, u_end, label=f"u(2, x), {args.impl}")
        ax.set_xlabel("x")
        ax.legend()
        fig.savefig(args.plot, dpi=120)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        sys.exit(f"error: {e}")
