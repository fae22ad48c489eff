"""Python users calling from several threads (docs/threading.md): each
thread with instances of its own, on C and Python implementations, gets
what a serial run gets, bit for bit; its callbacks run on it, and their
exceptions come back to it; and threads loading the first Python
implementations of a process at the same time neither deadlock nor see a
half-imported module."""

import math
import os
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

from conftest import set_callback_path
from openinterfaces.interfaces.ivp import IVP
from openinterfaces.interfaces.linsolve import Linsolve
from openinterfaces.interfaces.optim import Optim
from openinterfaces.interfaces.qeq import QEQ

NUM_THREADS = 4
REPS = 6


def parameter(thread, rep):
    """Every thread and repetition solves a problem of its own."""
    return 1.25 + 0.375 * thread + 0.0625 * rep


class Recorder:
    """Collects, from any thread, the callbacks that ran on a thread other
    than the one that made the call."""

    def __init__(self):
        self.wrong_threads = []

    def check(self, owner):
        if threading.get_ident() != owner:
            self.wrong_threads.append((owner, threading.get_ident()))


# ---- one problem per interface, parametrised by p ---------------------------


def solve_qeq(qeq, p, recorder, owner):
    roots = qeq.solve(1.0, -(p + 2.0), 2.0 * p)  # (x - p)(x - 2)
    assert sorted(roots) == pytest.approx(sorted([p, 2.0]), abs=1e-14)
    return tuple(roots)


def solve_linear_system(linsolve, p, recorder, owner):
    x = linsolve.solve(np.array([[p, 1.0], [1.0, 3.0]]), np.array([1.0, 2.0]))
    det = 3.0 * p - 1.0
    assert x == pytest.approx([1.0 / det, (2.0 * p - 1.0) / det], abs=1e-14)
    return tuple(x)


def integrate(solver, p, recorder, owner, integrator=None):
    """y'' = -p^2 y with p as user data; one integrate call per initial
    value (vode restarts when other instances ran in between)."""

    def oscillator(t, y, ydot, p):
        recorder.check(owner)
        ydot[0] = y[1]
        ydot[1] = -p * p * y[0]

    if integrator is not None:
        solver.set_integrator(integrator)
    solver.set_tolerances(1e-9, 1e-12)
    solver.set_initial_value([1.0, 0.0], 0.0)
    solver.set_rhs_fn(oscillator)
    solver.set_user_data(p)
    solver.integrate(1.0)
    assert solver.y == pytest.approx([math.cos(p), -p * math.sin(p)], abs=1e-6)
    return tuple(solver.y)


def minimize(optimizer, p, recorder, owner):
    def paraboloid(x, p):
        recorder.check(owner)
        return (x[0] - p) ** 2 + 2.0 * (x[1] + p) ** 2

    optimizer.set_initial_guess([0.0, 0.0])
    optimizer.set_objective_fn(paraboloid)
    optimizer.set_user_data(p)
    optimizer.minimize()
    assert optimizer.x == pytest.approx([p, -p], abs=1e-5)
    return tuple(optimizer.x)


CASES = [
    ("c_qeq_solver", lambda: QEQ("c_qeq_solver"), solve_qeq),
    ("py_qeq_solver", lambda: QEQ("py_qeq_solver"), solve_qeq),
    ("c_lapack", lambda: Linsolve("c_lapack"), solve_linear_system),
    ("numpy", lambda: Linsolve("numpy"), solve_linear_system),
    ("dopri5c", lambda: IVP("dopri5c"), integrate),
    ("sundials_cvode bdf", lambda: IVP("sundials_cvode"), lambda *a: integrate(*a, integrator="bdf")),
    ("scipy_ode dopri5", lambda: IVP("scipy_ode"), lambda *a: integrate(*a, integrator="dopri5")),
    ("scipy_ode vode", lambda: IVP("scipy_ode"), lambda *a: integrate(*a, integrator="vode")),
    ("nlopt", lambda: Optim("nlopt"), minimize),
    ("scipy_optimize", lambda: Optim("scipy_optimize"), minimize),
]


def work(thread, results, failures, recorder, start=None):
    """Every case REPS times: on a kept instance in even repetitions, on a
    fresh one (closed at once) in odd ones, so that loads and unloads
    interleave with the other threads' calls; each thread starts at a
    different case."""
    owner = threading.get_ident()
    try:
        if start is not None:
            start.wait()
        order = [CASES[(i + thread) % len(CASES)] for i in range(len(CASES))]
        kept = {name: make() for name, make, _ in order}
        for rep in range(REPS):
            for name, make, solve in order:
                p = parameter(thread, rep)
                if rep % 2 == 0:
                    results[thread, rep, name] = solve(kept[name], p, recorder, owner)
                else:
                    with make() as fresh:
                        results[thread, rep, name] = solve(fresh, p, recorder, owner)
        for instance in kept.values():
            instance.close()
    except BaseException as e:  # the test asserts on the main thread
        failures.append((thread, e))


def run_concurrently(recorder):
    results, failures = {}, []
    start = threading.Barrier(NUM_THREADS)
    threads = [
        threading.Thread(target=work, args=(t, results, failures, recorder, start)) for t in range(NUM_THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    return results


def run_serially(recorder):
    results, failures = {}, []
    for t in range(NUM_THREADS):
        work(t, results, failures, recorder)
    assert not failures, failures
    return results


@pytest.mark.parametrize("via_c", [False, True], ids=["callbacks_direct", "callbacks_via_c"])
def test_threads_with_own_instances_get_the_serial_results(monkeypatch, via_c):
    set_callback_path(monkeypatch, via_c)
    recorder = Recorder()
    # Serially first: that the first loads of a process may come from
    # several threads at once is the subprocess test's below, which can
    # survive a deadlock; here one would hang the test run.
    serial = run_serially(recorder)
    concurrent = run_concurrently(recorder)
    assert len(concurrent) == NUM_THREADS * REPS * len(CASES)
    differing = {key: (concurrent[key], serial[key]) for key in serial if concurrent[key] != serial[key]}
    assert not differing
    assert not recorder.wrong_threads, "callbacks ran on a thread other than the caller's"


# ---- a callback's exception comes back to its own thread --------------------


class RaisedIn(Exception):
    def __init__(self, thread):
        super().__init__(f"raised in thread {thread}")
        self.thread = thread


def raise_in_rhs(impl, thread):
    def rhs(t, y, ydot, _):
        raise RaisedIn(thread)

    with IVP(impl) as solver:
        solver.set_initial_value([1.0], 0.0)
        solver.set_rhs_fn(rhs)
        solver.integrate(1.0)


def raise_in_objective(impl, thread):
    def objective(x, _):
        raise RaisedIn(thread)

    with Optim(impl) as optimizer:
        optimizer.set_initial_guess([1.0])
        optimizer.set_objective_fn(objective)
        optimizer.minimize()


RAISING = [
    (raise_in_rhs, "dopri5c"),
    (raise_in_rhs, "sundials_cvode"),
    (raise_in_rhs, "scipy_ode"),
    (raise_in_objective, "nlopt"),
    (raise_in_objective, "scipy_optimize"),
]


def test_callback_exceptions_come_back_to_their_own_thread():
    caught, failures = [], []
    start = threading.Barrier(NUM_THREADS)

    def raise_everywhere(thread):
        start.wait()
        for _ in range(10):
            for raising, impl in RAISING:
                try:
                    raising(impl, thread)
                    failures.append((thread, impl, "nothing was raised"))
                except RaisedIn as e:
                    caught.append((thread, impl, e.thread))
                except BaseException as e:
                    failures.append((thread, impl, repr(e)))

    threads = [threading.Thread(target=raise_everywhere, args=(t,)) for t in range(NUM_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert len(caught) == NUM_THREADS * 10 * len(RAISING)
    assert all(thread == raised_by for thread, _, raised_by in caught)


# ---- the first Python implementations of a process, from several threads ----

FIRST_LOADS = textwrap.dedent(
    """
    import threading
    from openinterfaces.interfaces.ivp import IVP
    from openinterfaces.interfaces.linsolve import Linsolve
    from openinterfaces.interfaces.optim import Optim
    from openinterfaces.interfaces.qeq import QEQ

    LOADERS = [lambda: QEQ("py_qeq_solver"), lambda: IVP("scipy_ode"),
               lambda: Linsolve("numpy"), lambda: Optim("scipy_optimize")]
    start = threading.Barrier(8)
    failures = []

    def load(i):
        start.wait()
        try:
            LOADERS[i % 4]().close()  # each implementation by two threads at once
        except BaseException as e:
            failures.append(repr(e))

    threads = [threading.Thread(target=load, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(failures or "all loaded")
    """
)


@pytest.mark.parametrize("attempt", range(3))
def test_first_python_loads_from_several_threads_at_once(attempt):
    """In a fresh interpreter, so that these loads start the bridge and
    import the implementations' modules.  Before the fixes, most runs hung
    (a thread waited for the bridge's start-up holding the GIL that the
    start-up needed) and others failed with "module ... has no class ..."
    (a thread took another's half-executed module)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIF_")}
    env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
    try:
        run = subprocess.run(
            [sys.executable, "-c", FIRST_LOADS], capture_output=True, text=True, env=env, timeout=60
        )
    except subprocess.TimeoutExpired:
        pytest.fail("threads loading the first Python implementations at once deadlocked")
    assert run.returncode == 0, run.stderr
    assert run.stdout == "all loaded\n"
