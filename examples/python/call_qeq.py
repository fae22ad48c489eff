"""Roots of a x^2 + b x + c = 0 with the qeq implementation named on the
command line:  call_qeq.py [IMPL [a b c]]  (default: c_qeq_solver,
x^2 - 20000 x + 1)."""

import sys

import _build_tree  # noqa: F401

from openinterfaces.interfaces.qeq import QEQ


def main(argv):
    impl = argv[1] if len(argv) > 1 else "c_qeq_solver"
    a, b, c = (float(v) for v in argv[2:5]) if len(argv) == 5 else (1.0, -20000.0, 1.0)
    roots = QEQ(impl).solve(a, b, c)
    print(f"{impl}: roots of {a:g} x^2 + {b:g} x + {c:g} = 0 are {roots[0]!r} and {roots[1]!r}")


if __name__ == "__main__":
    try:
        main(sys.argv)
    except Exception as e:
        sys.exit(f"error: {e}")
