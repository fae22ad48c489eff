"""Per-call cost against the number of loaded instances and against array
size: both must stay flat (a handle is an index; arrays are never copied).

Uses the no-op fixtures in bench/impl.  Returns {series: [(x, ns)]}.
"""

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

INSTANCES = (1, 10, 1000)
SIZES = tuple(10**k for k in range(8))


def per_instance_count(repeats, number):
    series = {"C implementation": [], "Python implementation": []}
    overhead = empty_call_ns(number, repeats)
    for label, impl in (("C implementation", "callback_loop"), ("Python implementation", "py_callback_loop")):
        loaded = []
        for count in INSTANCES:
            while len(loaded) < count:
                loaded.append(load_impl("ivp", impl, 1, 0))
            call = loaded[count // 2].call
            ns = ns_per_call({"call": lambda: call("set_tolerances", (1.0, 0.0), ())}, number, repeats)["call"]
            series[label].append((count, ns - overhead))
        loaded.clear()
    return series


def per_array_size(repeats, number):
    series = {"ndarray argument, C implementation": [], "ndarray argument, Python implementation": [],
              "C solver -> Python callback with views": []}
    overhead = empty_call_ns(number, repeats)
    c_fixture = load_impl("ivp", "callback_loop", 1, 0)
    py_fixture = load_impl("ivp", "py_callback_loop", 1, 0)
    solver = IVP("callback_loop")
    for size in SIZES:
        y = np.ones(size)
        c_fixture.call("set_initial_value", (y, 0.0), ())
        py_fixture.call("set_initial_value", (y, 0.0), ())
        solver.set_initial_value(y, 0.0)
        solver.set_rhs_fn(lambda t, u, udot, _: None)
        calls = 10_000
        t = ns_per_call(
            {
                "c": lambda: c_fixture.call("set_initial_value", (y, 0.0), ()),
                "py": lambda: py_fixture.call("integrate", (0.0,), (y,)),
            },
            number,
            repeats,
        )
        t.update(ns_per_call({"callback": lambda: solver.integrate(calls)}, 1, repeats))
        series["ndarray argument, C implementation"].append((size, t["c"] - overhead))
        series["ndarray argument, Python implementation"].append((size, t["py"] - overhead))
        series["C solver -> Python callback with views"].append((size, t["callback"] / calls))
    return series


def main():
    for title, series in (("instances", per_instance_count(7, 50_000)), ("array size", per_array_size(7, 20_000))):
        print(f"per-call ns against {title}")
        for label, points in series.items():
            print(f"  {label:<45} " + "  ".join(f"{x:>8}:{ns:6.0f}" for x, ns in points))


if __name__ == "__main__":
    sys.exit(main())
