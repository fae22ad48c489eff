"""Per-crossing costs, each beside its floor measured in the same run.

Uses the fixtures in bench/impl (OIF_IMPL_PATH=<build>/bench/impl): a C and
a Python "ivp" whose methods do nothing and whose integrate(t) calls the
right-hand side int(t) times.

    crossings.py                      timings (median ns, interleaved)
    crossings.py --count OP CALLS     run one operation CALLS times, for
                                      counting instructions with callgrind
"""

import math
import os
import pathlib
import sys

import numpy as np

import _build_tree  # noqa: F401
from timing import empty_call_ns, ns_per_call

BUILD = pathlib.Path(_build_tree.__file__).resolve().parents[1] / "build"
os.environ.setdefault("OIF_IMPL_PATH", str(BUILD / "bench" / "impl"))

from openinterfaces.core import load_impl  # noqa: E402
from openinterfaces.interfaces.ivp import IVP  # noqa: E402
from openinterfaces.interfaces.qeq import QEQ  # noqa: E402

CALLBACKS_PER_INTEGRATE = 20_000


def rhs(t, y, ydot, user_data):
    pass


def callback_solver(impl, rotating=False, forced_through_c=False):
    os.environ["OIF_PYTHON_CALLBACKS_VIA_C"] = "1" if forced_through_c else "0"
    solver = IVP(impl)
    solver.set_initial_value(np.ones(8), 0.0)
    solver.set_rhs_fn(rhs)
    if rotating:
        solver.set_integrator("rotating_buffers")
    return solver


def operations():
    """name -> (zero-argument callable, crossings per call of it)."""
    c_fixture = load_impl("ivp", "callback_loop", 1, 0)
    py_fixture = load_impl("ivp", "py_callback_loop", 1, 0)
    qeq_binding = load_impl("qeq", "c_qeq_solver", 1, 0)
    qeq = QEQ("c_qeq_solver")
    y, roots, args = np.ones(8), np.empty(2), (0.0, np.ones(8), np.ones(8), None)
    solvers = {
        "callback": callback_solver("callback_loop"),
        "callback_new_views": callback_solver("callback_loop", rotating=True),
        "ccallback": callback_solver("py_callback_loop", forced_through_c=True),
        "passed_through": callback_solver("py_callback_loop"),
    }
    n = CALLBACKS_PER_INTEGRATE
    return {
        "floor_c_extension_3_floats": (lambda: math.hypot(1.0, 5.0, 4.0), 1),
        "binding_call_qeq": (lambda: qeq_binding.call("solve_qeq", (1.0, 5.0, 4.0), (roots,)), 1),
        "qeq_solve": (lambda: qeq.solve(1.0, 5.0, 4.0), 1),
        "binding_call_array": (lambda: c_fixture.call("set_initial_value", (y, 0.0), ()), 1),
        "binding_call_floats": (lambda: c_fixture.call("set_tolerances", (1.0, 0.0), ()), 1),
        "binding_call_python_impl": (lambda: py_fixture.call("set_tolerances", (1.0, 0.0), ()), 1),
        "python_calls_rhs": (lambda: rhs(*args), 1),
        "callback": (lambda: solvers["callback"].integrate(n), n),
        "callback_new_views": (lambda: solvers["callback_new_views"].integrate(n), n),
        "ccallback": (lambda: solvers["ccallback"].integrate(n), n),
        "passed_through": (lambda: solvers["passed_through"].integrate(n), n),
    }


def timings(repeats=15, number=20_000):
    """name -> median ns per crossing, timeit's own call cost subtracted."""
    ops = operations()
    overhead = empty_call_ns(number, repeats)
    result = {}
    singles = {name: fn for name, (fn, per) in ops.items() if per == 1}
    loops = {name: fn for name, (fn, per) in ops.items() if per > 1}
    for name, ns in ns_per_call(singles, number, repeats).items():
        result[name] = ns - overhead
    for name, ns in ns_per_call(loops, 1, repeats).items():
        result[name] = ns / ops[name][1]
    return result


def derived(ns):
    """The budget rows, from timings or from instruction counts."""
    return [
        ("OIFPyBinding.call, Python user -> C implementation (QEQ)", ns["binding_call_qeq"],
         "C-extension call with 3 floats", ns["floor_c_extension_3_floats"], "<= 0.3 us"),
        ("QEQ('c_qeq_solver').solve(a, b, c), whole call", ns["qeq_solve"],
         "C-extension call with 3 floats", ns["floor_c_extension_3_floats"], "<= 1 us"),
        ("OIFPyBinding.call, Python user -> Python implementation", ns["binding_call_python_impl"],
         "the same call to a C implementation", ns["binding_call_floats"], "<= 0.6 us"),
        ("ndarray -> OIFArrayF64 (an array in place of a float)",
         ns["binding_call_array"] - ns["binding_call_floats"], None, None, "<= 20 ns"),
        ("OIFArrayF64 -> ndarray, a new view (two per callback, none cached)",
         (ns["callback_new_views"] - ns["callback"]) / 2, None, None, "<= 70 ns"),
        ("C solver -> Python callback (t, y, ydot, user_data), round trip", ns["callback"],
         "Python calling the same function", ns["python_calls_rhs"], "<= 0.15 us"),
        ("Python implementation -> C callback -> Python function (CCallback)", ns["ccallback"],
         "the function passed straight through", ns["passed_through"], None),
    ]


def main(argv):
    if len(argv) == 4 and argv[1] == "--count":
        fn, per = operations()[argv[2]]
        for _ in range(max(1, int(argv[3]) // per)):
            fn()
        return 0
    print(f"{'crossing':<70} {'ns':>7}  {'floor':>7}  budget")
    for what, ns, floor_name, floor_ns, budget in derived(timings()):
        floor = f"{floor_ns:7.0f}" if floor_ns is not None else "       "
        print(f"{what:<70} {ns:7.0f}  {floor}  {budget or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
