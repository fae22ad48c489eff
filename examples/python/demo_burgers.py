"""The demo, Python side: Burgers' equation (see burgers.py) solved from
Python with every available ivp implementation, each chosen by its name.

    demo_burgers.py [N] [--plot FILE]     (default N = 401)

Prints one row per backend: its language, wall time, steps and
right-hand-side evaluations (from get_stats), and the largest difference of
its solution at t = 2 from a reference run with much tighter tolerances.
On a terminal, a progress bar drawn by a monitor (set_monitor_fn, which
sees every accepted step) shows each run as it goes.
"""

import argparse
import sys
import time

import numpy as np

import _build_tree  # noqa: F401
from burgers import Burgers

from openinterfaces import _core, list_impls
from openinterfaces.interfaces.ivp import IVP

DEMO_TOLERANCE, REFERENCE_TOLERANCE, REFERENCE_BACKEND = 1e-8, 1e-12, "dopri5c"
# Runs on an MPI communicator, so not in this serial program: listed, not
# run (examples/python/mpi_reaction_diffusion.py runs it under mpirun).
MPI_BACKEND = "sundials_cvode_mpi"


class ProgressBar:
    """A monitor: after each accepted step, redraws "name [#####     ]" on
    stderr, at most every 0.1 s; it returns 0 to let the run go on."""

    WIDTH = 30

    def __init__(self, label, t_end):
        self.label, self.t_end, self.drawn_at = label, t_end, 0.0

    def __call__(self, t, y, user_data):
        now = time.perf_counter()
        if now - self.drawn_at > 0.1:
            filled = int(self.WIDTH * min(t / self.t_end, 1.0))
            sys.stderr.write(f"\r  {self.label:<16} [{'#' * filled}{' ' * (self.WIDTH - filled)}]")
            sys.stderr.flush()
            self.drawn_at = now
        return 0

    def clear(self):
        sys.stderr.write("\r" + " " * (self.WIDTH + 22) + "\r")


def solve(impl, n, tolerance, show_progress=False):
    """u(2) and the wall time, steps and rhs evaluations it took."""
    problem = Burgers(n)
    times = problem.output_times()
    start = time.perf_counter()
    with IVP(impl) as solver:
        solver.set_initial_value(problem.u0, 0.0)
        solver.set_rhs_fn(problem.rhs)
        solver.set_tolerances(tolerance, tolerance)
        progress = ProgressBar(impl, times[-1]) if show_progress and solver.supports("set_monitor_fn") else None
        if progress:
            solver.set_monitor_fn(progress)
        u = solver.integrate(times)[-1]
        seconds = time.perf_counter() - start
        if progress:
            progress.clear()
        # Counted by the implementation, unless it was written for ivp 1.0.
        stats = solver.get_stats() if solver.supports("get_stats") else {}
    return u, seconds, stats.get("steps"), stats.get("rhs_evaluations")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=401)
    parser.add_argument("--plot", metavar="FILE", help="save each backend's u(2) as a PNG plot")
    args = parser.parse_args()

    print(f"Burgers' equation from Python, N = {args.n}, rtol = atol = {DEMO_TOLERANCE:g}")
    reference = solve(REFERENCE_BACKEND, args.n, REFERENCE_TOLERANCE)[0]
    print(f"reference: {REFERENCE_BACKEND} with rtol = atol = {REFERENCE_TOLERANCE:g}\n")
    print(f"  {'backend':<16} {'language':<8} {'time [s]':>10} {'steps':>8} {'RHS evals':>12} {'max |u - ref|':>14}")
    solutions, failures = {}, 0
    for impl in list_impls("ivp"):
        if impl == MPI_BACKEND:
            print(f"  {impl:<16} not run: needs MPI (mpirun -np 2 mpi_reaction_diffusion.py)")
            continue
        try:
            u, seconds, steps, evaluations = solve(impl, args.n, DEMO_TOLERANCE, show_progress=sys.stderr.isatty())
        except (RuntimeError, ValueError) as e:
            print(f"  {impl:<16} failed: {e}")
            failures += 1
            continue
        solutions[impl] = u
        language = _core.impl_language("ivp", impl)
        difference = np.max(np.abs(u - reference))
        steps, evaluations = ("-" if count is None else str(count) for count in (steps, evaluations))
        print(f"  {impl:<16} {language:<8} {seconds:10.4f} {steps:>8} {evaluations:>12} {difference:14.3e}")

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
