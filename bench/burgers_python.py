"""Burgers' equation from Python: calling SciPy directly against the same
problem through openinterfaces, and against the per-call conversions written
the obvious way with ctypes (what this project replaces).

Problem (examples/python/burgers.py): inviscid, periodic on [0, 2),
u0 = 0.5 - 0.25 sin(pi x), Rusanov flux, vectorised NumPy right-hand side,
rtol = atol = 1e-15, output every 0.5 dx up to t = 2.  Every variant calls
the same `rhs(t, u, udot)` function; variants run interleaved, and each
figure is the median of the repeats.
"""

import ctypes
import os
import statistics
import sys
import time

import numpy as np
from scipy.integrate import ode

import _build_tree  # noqa: F401

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "python"))
from burgers import Burgers  # noqa: E402

from openinterfaces.interfaces.ivp import IVP  # noqa: E402

TOL = 1e-15
NSTEPS = 10**8


def scipy_directly(problem):
    udot = np.empty(problem.n)

    def f(t, u):
        problem.rhs(t, u, udot)
        return udot

    solver = ode(f).set_integrator("dopri5", rtol=TOL, atol=TOL, nsteps=NSTEPS)
    solver.set_initial_value(problem.u0, 0.0)
    for t in problem.output_times():
        solver.integrate(t)
    return solver.y


def through_oif(impl, integrator=None, options=None, forced_through_c=False):
    def run(problem):
        os.environ["OIF_PYTHON_CALLBACKS_VIA_C"] = "1" if forced_through_c else "0"
        with IVP(impl) as solver:
            if integrator:
                solver.set_integrator(integrator, options or {})
            solver.set_initial_value(problem.u0, 0.0)
            solver.set_rhs_fn(problem.rhs)
            solver.set_tolerances(TOL, TOL)
            for t in problem.output_times():
                solver.integrate(t)
            return solver.y.copy()

    return run


class OIFArrayF64(ctypes.Structure):
    _fields_ = [
        ("nd", ctypes.c_int),
        ("dimensions", ctypes.POINTER(ctypes.c_long)),
        ("data", ctypes.POINTER(ctypes.c_double)),
        ("flags", ctypes.c_int),
    ]


RHS_FN = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.c_double, ctypes.POINTER(OIFArrayF64), ctypes.POINTER(OIFArrayF64), ctypes.c_void_p
)


def ctypes_the_obvious_way(problem):
    """SciPy calls f, which packs its arrays into OIFArrayF64 structs with
    ctypes and calls a C function pointer; that pointer is a ctypes callback
    which unpacks them with numpy.ctypeslib.as_array and calls the RHS."""

    def from_c(t, u_p, udot_p, user_data):
        n = u_p.contents.dimensions[0]
        u = np.ctypeslib.as_array(u_p.contents.data, shape=(n,))
        udot = np.ctypeslib.as_array(udot_p.contents.data, shape=(n,))
        return problem.rhs(t, u, udot)

    c_rhs = RHS_FN(from_c)
    udot = np.empty(problem.n)

    def to_c(u, out):
        dims = (ctypes.c_long * 1)(u.shape[0])
        return OIFArrayF64(1, dims, u.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), 3), dims

    def f(t, u):
        u_c, _dims1 = to_c(u, None)
        udot_c, _dims2 = to_c(udot, None)
        c_rhs(t, ctypes.byref(u_c), ctypes.byref(udot_c), None)
        return udot

    solver = ode(f).set_integrator("dopri5", rtol=TOL, atol=TOL, nsteps=NSTEPS)
    solver.set_initial_value(problem.u0, 0.0)
    for t in problem.output_times():
        solver.integrate(t)
    return solver.y


VARIANTS = {
    "1. SciPy directly (reference)": scipy_directly,
    "2. IVP('scipy_ode')": through_oif("scipy_ode", "dopri5", {"nsteps": NSTEPS}),
    "3. IVP('scipy_ode'), callback forced through C": through_oif(
        "scipy_ode", "dopri5", {"nsteps": NSTEPS}, forced_through_c=True
    ),
    "4a. IVP('dopri5c')": through_oif("dopri5c", "dopri5", {"max_num_steps": 10**9}),
    "4b. IVP('sundials_cvode'), adams": through_oif("sundials_cvode", "adams", {"max_num_steps": 10**9}),
    "5. ctypes + numpy.ctypeslib.as_array": ctypes_the_obvious_way,
}


def measure(n, repeats, variants=VARIANTS):
    """{variant: (median seconds, rhs evaluations, max |u - reference|)}."""
    seconds = {name: [] for name in variants}
    evaluations, solutions = {}, {}
    for _ in range(repeats):
        for name, run in variants.items():
            problem = Burgers(n)
            start = time.perf_counter()
            solutions[name] = run(problem)
            seconds[name].append(time.perf_counter() - start)
            evaluations[name] = problem.rhs_evaluations
    reference = solutions[next(iter(variants))]
    return {
        name: (statistics.median(seconds[name]), evaluations[name], float(np.max(np.abs(solutions[name] - reference))))
        for name in variants
    }


def run_once(n, variant):
    """Runs one variant once ("none": only the imports), for callgrind."""
    if variant != "none":
        VARIANTS[variant](Burgers(n))


def main(argv):
    if len(argv) == 4 and argv[1] == "--once":
        run_once(int(argv[2]), argv[3])
        return
    n = int(argv[1]) if len(argv) > 1 else 101
    repeats = int(argv[2]) if len(argv) > 2 else 5
    results = measure(n, repeats)
    base = next(iter(results.values()))[0]
    print(f"Burgers N = {n}, median of {repeats}")
    for name, (sec, evals, diff) in results.items():
        print(f"{name:<50} {sec:9.3f} s {evals:9d} RHS  {sec / base:6.3f}x  max|du| {diff:.1e}")


if __name__ == "__main__":
    main(sys.argv)
