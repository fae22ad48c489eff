"""A x = b with the linsolve implementation named on the command line:
call_linsolve.py [IMPL]  (default: c_lapack)."""

import sys

import numpy as np

import _build_tree  # noqa: F401

from openinterfaces.interfaces.linsolve import Linsolve


def main(argv):
    impl = argv[1] if len(argv) > 1 else "c_lapack"
    A = np.array([[4.0, -2.0, 1.0], [-2.0, 4.0, -2.0], [1.0, -2.0, 4.0]])
    b = np.array([3.0, 0.0, 9.0])  # the solution is [1, 2, 3]
    x = Linsolve(impl).solve(A, b)
    print(f"{impl}: solution of A x = b is x = {x}")


if __name__ == "__main__":
    try:
        main(sys.argv)
    except Exception as e:
        sys.exit(f"error: {e}")
