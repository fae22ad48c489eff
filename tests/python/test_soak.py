"""Creating, using and releasing an interface object 10 000 times leaves
resident memory flat (a requirement of the design), for every implementation and
every way a Python user lets go of one: close() (here through `with`),
dropping the last reference (__del__ unloads), and dropping a reference
cycle through the solver, which only the garbage collector can free.

The bounds are those of tests/c/test_soak.c, which explains them: RSS is
sampled every 1000 rounds after a warm-up of 1000; the median increment
(steady growth, which a leak shows in every interval) must stay below
64 KiB per 1000 rounds and the total below 2 MiB.  A one-time step such as
a new pymalloc arena (1 MiB) passes; a leak of 1 KiB per round fails both.
A cycle through the solver that the collector cannot see (a missing
tp_traverse edge) fails the check that the last cycle was collected.

Marked `soak` (pytest.ini): `pytest -m soak` runs only these, `-m "not
soak"` all but these; a plain run includes them."""

import gc
import math
import os
import statistics
import time
import weakref

import numpy as np
import pytest

from openinterfaces.interfaces.ivp import IVP
from openinterfaces.interfaces.linsolve import Linsolve
from openinterfaces.interfaces.optim import Optim
from openinterfaces.interfaces.qeq import QEQ

pytestmark = pytest.mark.soak

ROUNDS = 10_000
WARM_UP_ROUNDS = 1_000
INTERVAL = 1_000
STEADY_GROWTH_BOUND_BYTES = 64 * 1024  # median increment per INTERVAL rounds
TOTAL_GROWTH_BOUND_BYTES = 2 * 1024 * 1024


def resident_bytes():
    """VmRSS of this process, from /proc/self/status."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def decay(t, y, ydot, _):
    ydot[0] = -y[0]


def shifted_paraboloid(x, _):
    return (x[0] - 1.0) ** 2 + 2.0 * (x[1] + 2.0) ** 2


# One use per interface with a known answer.  Each returns the object, so
# that the round decides how to let go of it.


def solve_qeq(impl):
    qeq = QEQ(impl)
    assert list(qeq.solve(1.0, -3.0, 2.0)) == [2.0, 1.0]
    return qeq


A = np.array([[2.0, 1.0], [1.0, 3.0]])
B = np.array([3.0, 5.0])


def solve_linear_system(impl):
    linsolve = Linsolve(impl)
    x = linsolve.solve(A, B)
    assert abs(x[0] - 0.8) < 1e-15 and abs(x[1] - 1.4) < 1e-15
    return linsolve


class DecayModel:
    """Holds its solver, whose right-hand side is this object's method: a
    cycle model -> solver -> binding -> callback -> bound method -> model."""

    def __init__(self, solver):
        self.solver = solver

    def rhs(self, t, y, ydot, _):
        ydot[0] = -y[0]


def integrate(impl, in_cycle=False):
    solver = IVP(impl)
    solver.set_initial_value([1.0], 0.0)
    owner = DecayModel(solver) if in_cycle else solver
    solver.set_rhs_fn(owner.rhs if in_cycle else decay)
    solver.integrate(0.5)
    assert abs(solver.y[0] - math.exp(-0.5)) < 1e-5
    return owner


class Paraboloid:
    """The optim counterpart of DecayModel."""

    def __init__(self, optimizer):
        self.optimizer = optimizer

    def objective(self, x, user_data):
        return shifted_paraboloid(x, user_data)


def minimize(impl, in_cycle=False):
    optimizer = Optim(impl)
    optimizer.set_initial_guess([0.0, 0.0])
    owner = Paraboloid(optimizer) if in_cycle else optimizer
    optimizer.set_objective_fn(owner.objective if in_cycle else shifted_paraboloid)
    optimizer.minimize()
    assert abs(optimizer.x[0] - 1.0) < 1e-5 and abs(optimizer.x[1] + 2.0) < 1e-5
    return owner


def closed(use, impl):
    with use(impl):
        pass


def dropped(use, impl):
    use(impl)  # the last reference goes here: __del__ unloads


def dropped_in_cycle(use, impl):
    """Leaves a cycle for the collector; returns a weak reference to it."""
    if use in (integrate, minimize):
        obj = use(impl, in_cycle=True)
    else:
        obj = use(impl)
        obj.myself = obj
    return weakref.ref(obj)


def soak(use, impl):
    start = time.perf_counter()
    samples = []
    last_cycle = None
    for round_ in range(ROUNDS):
        if round_ >= WARM_UP_ROUNDS and (round_ - WARM_UP_ROUNDS) % INTERVAL == 0:
            gc.collect()  # the cycles of the interval are garbage, not growth
            samples.append(resident_bytes())
        ending = round_ % 3
        if ending == 0:
            closed(use, impl)
        elif ending == 1:
            dropped(use, impl)
        else:
            last_cycle = dropped_in_cycle(use, impl)
    gc.collect()
    samples.append(resident_bytes())

    assert last_cycle() is None, "a cycle through the solver was not collected"
    increments = [b - a for a, b in zip(samples, samples[1:])]
    steady, total = statistics.median(increments), samples[-1] - samples[0]
    via_c = " (callbacks via C)" if os.environ.get("OIF_PYTHON_CALLBACKS_VIA_C") else ""
    print(
        f"{impl}{via_c}: {ROUNDS} rounds in {time.perf_counter() - start:.2f} s; RSS after round "
        f"{WARM_UP_ROUNDS}: {samples[0] // 1024} KiB, then {total // 1024:+d} KiB in total, "
        f"median {steady // 1024:+.0f} KiB per {INTERVAL} rounds"
    )
    assert steady < STEADY_GROWTH_BOUND_BYTES and total < TOTAL_GROWTH_BOUND_BYTES, (
        f"{impl} leaks: resident memory grew by {total} bytes over {ROUNDS - WARM_UP_ROUNDS} rounds, "
        f"by a median {steady:.0f} bytes per {INTERVAL} rounds; increments: {increments}"
    )


def test_qeq_soak(qeq_impl):
    soak(solve_qeq, qeq_impl)


def test_linsolve_soak(linsolve_impl):
    soak(solve_linear_system, linsolve_impl)


def test_ivp_soak(ivp_impl):
    soak(integrate, ivp_impl)


def test_optim_soak(optim_impl):
    soak(minimize, optim_impl)
