"""Stiff problems against their size: every ivp backend and sundials_cvode
option on the problems of stiff_problems.py, against SciPy's
solve_ivp(method="BDF", jac_sparsity=...) measured in the same run.

    stiff_scaling.py [--sizes 1000 10000 100000] [--repeats 3] [--plot FILE]

For each problem and N it prints each variant's median wall time over the
repeats (the variants interleaved within each repeat), its ratio to
solve_ivp's (> 1: faster than SciPy), its right-hand-side evaluations and
its largest difference from solve_ivp's solution; then each variant's
growth exponent, the slope of log time against log N fitted over the
sizes it ran.  Variants that would take far too long at a size (dense LU
of a large system, an explicit method on a very stiff one) are left out
there and say so.  Not a test: run it by hand (a few minutes at 10^5).
"""

import argparse
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

import _build_tree  # noqa: F401
from stiff_problems import Brusselator2D, HeatCubic, Robertson

from openinterfaces.interfaces.ivp import IVP

RTOL, ATOL = 1e-6, 1e-8
# SciPy's sparse LU of a 2-D problem fills in: at N = 10^5 one run took over
# 15 minutes.  A run over budget is stopped and shown as a lower bound.
SCIPY_BUDGET_S = 300.0


class OverBudget(Exception):
    pass


def variants(problem):
    """(label, implementation, integrator, options, runs at this size)."""
    band = {"upper_bandwidth": problem.upper_bandwidth, "lower_bandwidth": problem.lower_bandwidth}
    narrow = problem.upper_bandwidth < 8  # a band LU or preconditioner is cheap
    return [
        ("cvode, no options", "sundials_cvode", None, None, True),
        ("cvode band", "sundials_cvode", "bdf", {"linear_solver": "band", **band}, narrow),
        ("cvode spgmr + band prec.", "sundials_cvode", "bdf",
         {"linear_solver": "spgmr", "preconditioner": "band", **band}, narrow),
        # Unpreconditioned, on stiff diffusion along a line: 250 s at N = 10^4.
        ("cvode spgmr, krylov_dim 30", "sundials_cvode", "bdf", {"linear_solver": "spgmr", "krylov_dim": 30},
         not narrow or problem.n <= 1000),
        ("cvode spbcgs", "sundials_cvode", "bdf", {"linear_solver": "spbcgs"}, not narrow),
        ("cvode dense", "sundials_cvode", "bdf", {"linear_solver": "dense"}, problem.n <= 2000),
        ("scipy_ode bdf (vode)", "scipy_ode", "bdf", {}, problem.n <= 2000),
        ("dopri5c", "dopri5c", None, None, problem.n <= 1000),
    ]


def run_ours(problem, impl, integrator, options):
    solver = IVP(impl)
    if integrator is not None:
        solver.set_integrator(integrator, options)
    solver.set_initial_value(problem.y0, 0.0)
    solver.set_rhs_fn(problem.rhs)
    solver.set_tolerances(RTOL, ATOL)
    start = time.perf_counter()
    y = solver.integrate(problem.t_end)
    return time.perf_counter() - start, y, solver.get_stats()["rhs_evaluations"]


def run_scipy(problem):
    """As run_ours; y is None and the time a lower bound when over budget."""
    def fun(t, y):
        if time.perf_counter() - start > SCIPY_BUDGET_S:
            raise OverBudget
        ydot = np.empty_like(y)
        problem.rhs(t, y, ydot)
        return ydot

    start = time.perf_counter()
    try:
        result = solve_ivp(fun, (0.0, problem.t_end), problem.y0, method="BDF", rtol=RTOL, atol=ATOL,
                           jac_sparsity=problem.sparsity())
    except OverBudget:
        return time.perf_counter() - start, None, 0
    if not result.success:
        raise RuntimeError(result.message)
    return time.perf_counter() - start, result.y[:, -1], result.nfev


def measure(problem, repeats):
    """{label: (median seconds, y, rhs evaluations)}, SciPy's as "solve_ivp"."""
    runs = [("solve_ivp BDF sparse", None, None, None, True)] + variants(problem)
    times = {label: [] for label, *_ in runs}
    results = {}
    for _ in range(repeats):
        for label, impl, integrator, options, runs_here in runs:
            if not runs_here:
                continue
            seconds, y, evaluations = run_scipy(problem) if impl is None else run_ours(problem, impl, integrator,
                                                                                       options)
            times[label].append(seconds)
            results[label] = (y, evaluations)
    return {label: (float(np.median(t)), *results[label]) for label, t in times.items() if t}


def report(problem, measured):
    scipy_seconds, scipy_y, _ = measured["solve_ivp BDF sparse"]
    print(f"\n{problem.name}, N = {problem.n}, t = 0 to {problem.t_end:g}, rtol {RTOL:g}, atol {ATOL:g}")
    print(f"  {'variant':<28} {'time [s]':>10} {'vs SciPy':>9} {'RHS evals':>10} {'max |y - y_SciPy|':>18}")
    if scipy_y is None:
        print(f"  (SciPy stopped after {scipy_seconds:.0f} s: its times and ratios are lower bounds)")
    for label, (seconds, y, evaluations) in measured.items():
        difference = np.max(np.abs(y - scipy_y)) if y is not None and scipy_y is not None else float("nan")
        bound = ">" if scipy_y is None else " "
        print(f"  {label:<28} {seconds:10.3f} {bound}{scipy_seconds / seconds:7.2f}x {evaluations:10d} "
              f"{difference:18.2e}")
    for label, *_, runs_here in variants(problem):
        if not runs_here:
            print(f"  {label:<28} (left out at this size)")


def growth_exponents(timings):
    """{label: slope of log t against log N} for labels with >= 2 sizes."""
    slopes = {}
    for label, points in timings.items():
        if len(points) >= 2:
            n, t = np.log([p[0] for p in points]), np.log([p[1] for p in points])
            slopes[label] = float(np.polyfit(n, t, 1)[0])
    return slopes


def robertson():
    """Robertson with a tolerance per component, through every backend that
    can take one, against solve_ivp's BDF with the same tolerances."""
    problem = Robertson
    reference = solve_ivp(lambda t, y: (lambda out: (problem.rhs(t, y, out), out)[1])(np.empty(3)),
                          (0.0, problem.t_end), problem.y0, method="BDF", rtol=1e-10, atol=problem.atol * 1e-4)
    print(f"\nrobertson to t = {problem.t_end:g}, rtol {problem.rtol:g}, atol {list(problem.atol)}")
    for label, impl, integrator in (("cvode", "sundials_cvode", None), ("scipy_ode vode bdf", "scipy_ode", "bdf"),
                                    ("scipy_ode lsoda", "scipy_ode", "lsoda")):
        solver = IVP(impl)
        if integrator:
            solver.set_integrator(integrator)
        solver.set_initial_value(problem.y0, 0.0)
        solver.set_rhs_fn(problem.rhs)
        solver.set_tolerances(problem.rtol, problem.atol)
        start = time.perf_counter()
        y = solver.integrate(problem.t_end)
        seconds = time.perf_counter() - start
        error = np.max(np.abs(y - reference.y[:, -1]) / (problem.atol + problem.rtol * np.abs(reference.y[:, -1])))
        print(f"  {label:<20} {seconds:8.3f} s  {solver.get_stats()['rhs_evaluations']:6d} RHS evals  "
              f"error / tolerance {error:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--plot", metavar="FILE", help="save time against N as a log-log PNG plot")
    parser.add_argument("--problems", nargs="+", choices=["heat_cubic", "brusselator_2d", "robertson"],
                        default=["heat_cubic", "brusselator_2d", "robertson"])
    args = parser.parse_args()

    all_timings = {}
    for problem_class in (cls for cls in (HeatCubic, Brusselator2D) if cls.name in args.problems):
        timings = {}
        for n in args.sizes:
            problem = problem_class(n)
            measured = measure(problem, args.repeats)
            report(problem, measured)
            for label, (seconds, _, _) in measured.items():
                timings.setdefault(label, []).append((problem.n, seconds))
        print(f"\n{problem_class.name}: growth exponent of time in N over {args.sizes}")
        for label, slope in growth_exponents(timings).items():
            print(f"  {label:<28} N^{slope:.2f}")
        all_timings[problem_class.name] = timings
    if args.plot and all_timings:
        plot(all_timings, args.plot)
    if "robertson" in args.problems:
        robertson()
    return 0


def plot(all_timings, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(all_timings), figsize=(6 * len(all_timings), 4.5))
    for ax, (name, timings) in zip(np.atleast_1d(axes), all_timings.items()):
        for label, points in timings.items():
            ax.loglog(*zip(*points), "o-", label=label)
        ax.set_title(name)
        ax.set_xlabel("N")
        ax.set_ylabel("time [s]")
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    print(f"plot written to {path}")


if __name__ == "__main__":
    sys.exit(main())
