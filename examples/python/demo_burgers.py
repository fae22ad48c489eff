"""The demo, Python side: Burgers' equation (see burgers.py) solved from
Python with every available ivp implementation, each chosen by its name.

    demo_burgers.py [N] [--plot FILE]     (default N = 401)

Prints one row per backend: its language, wall time, right-hand-side
evaluations, and the largest difference of its solution at t = 2 from a
reference run with much tighter tolerances.
"""

import argparse
import sys
import time

import numpy as np

import _build_tree  # noqa: F401
from burgers import Burgers

from openinterfaces import _core
from openinterfaces.interfaces.ivp import IVP

DEMO_TOLERANCE, REFERENCE_TOLERANCE, REFERENCE_BACKEND = 1e-8, 1e-12, "dopri5c"


def solve(impl, n, tolerance):
    problem = Burgers(n)
    start = time.perf_counter()
    with IVP(impl) as solver:
        solver.set_initial_value(problem.u0, 0.0)
        solver.set_rhs_fn(problem.rhs)
        solver.set_tolerances(tolerance, tolerance)
        for t in problem.output_times():
            solver.integrate(t)
        u = solver.y.copy()
        seconds = time.perf_counter() - start
        # Counted by the implementation, unless it was written for ivp 1.0.
        evaluations = solver.get_stats()["rhs_evaluations"] if solver.supports("get_stats") else None
    return u, seconds, evaluations


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=401)
    parser.add_argument("--plot", metavar="FILE", help="save each backend's u(2) as a PNG plot")
    args = parser.parse_args()

    print(f"Burgers' equation from Python, N = {args.n}, rtol = atol = {DEMO_TOLERANCE:g}")
    reference, _, _ = solve(REFERENCE_BACKEND, args.n, REFERENCE_TOLERANCE)
    print(f"reference: {REFERENCE_BACKEND} with rtol = atol = {REFERENCE_TOLERANCE:g}\n")
    print(f"  {'backend':<16} {'language':<8} {'time [s]':>10} {'RHS evals':>12} {'max |u - ref|':>14}")
    solutions, failures = {}, 0
    for impl in _core.list_impls("ivp"):
        try:
            u, seconds, evaluations = solve(impl, args.n, DEMO_TOLERANCE)
        except (RuntimeError, ValueError) as e:
            print(f"  {impl:<16} failed: {e}")
            failures += 1
            continue
        solutions[impl] = u
        language = _core.impl_language("ivp", impl)
        difference = np.max(np.abs(u - reference))
        counted = "-" if evaluations is None else str(evaluations)
        print(f"  {impl:<16} {language:<8} {seconds:10.4f} {counted:>12} {difference:14.3e}")

    if args.plot:
        try:
            import matplotlib
        except ImportError:
            print("matplotlib is not available: no plot written")
        else:
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt

            x = Burgers(args.n).x
            fig, ax = plt.subplots(figsize=(7, 4))
            ax.plot(x, Burgers(args.n).u0, "k--", label="u(0, x)")
            for impl, u in solutions.items():
                ax.plot(x, u, label=f"u(2, x), {impl}")
            ax.set_xlabel("x")
            ax.set_title("Burgers' equation from Python, every ivp backend")
            ax.legend()
            fig.savefig(args.plot, dpi=120)
            print(f"plot written to {args.plot}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
