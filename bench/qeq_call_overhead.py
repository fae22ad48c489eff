"""Cost of one Python-user call into a C implementation.

Compares, in one run and interleaved:
  floor            math.hypot(a, b, c): a C-extension call converting 3 floats
  binding.call     OIFPyBinding.call("solve_qeq", (a, b, c), (roots,))
  QEQ.solve        QEQ("c_qeq_solver").solve(a, b, c), the whole user-level call
Budgets (docs/performance.md): binding.call <= 0.3 us, QEQ.solve <= 1 us.
"""

import math
import sys

import numpy as np

import _build_tree  # noqa: F401
from timing import empty_call_ns, ns_per_call

from openinterfaces.core import load_impl
from openinterfaces.interfaces.qeq import QEQ


def main(number=200_000, repeats=15):
    solver = QEQ("c_qeq_solver")
    binding = load_impl("qeq", "c_qeq_solver", 1, 0)
    roots = np.empty(2)
    in_args, out_args = (1.0, 5.0, 4.0), (roots,)
    a, b, c = in_args
    call = binding.call
    solve = solver.solve
    results = ns_per_call(
        {
            "floor: C-extension call with 3 floats": lambda: math.hypot(a, b, c),
            "OIFPyBinding.call": lambda: call("solve_qeq", in_args, out_args),
            "QEQ.solve": lambda: solve(a, b, c),
        },
        number,
        repeats,
    )
    overhead = empty_call_ns(number, repeats)
    budgets = {"OIFPyBinding.call": 300.0, "QEQ.solve": 1000.0}
    print(f"{'call':<40} {'ns/call':>8} {'budget':>8}")
    ok = True
    for name, ns in results.items():
        net = ns - overhead
        budget = budgets.get(name)
        print(f"{name:<40} {net:8.0f} {budget if budget else '':>8}")
        ok &= budget is None or net <= budget
    print(f"(timeit's own {overhead:.0f} ns per call subtracted; medians of {repeats} interleaved runs)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
