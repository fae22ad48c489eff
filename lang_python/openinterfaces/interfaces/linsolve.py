"""Solution of square linear systems A x = b."""

import numpy as np

from openinterfaces.interfaces._base import InterfaceBase, real_array


class Linsolve(InterfaceBase):
    """Solves A x = b with the implementation named `impl`.

    >>> Linsolve("c_lapack").solve([[2.0, 0.0], [0.0, 4.0]], [2.0, 2.0])
    array([1. , 0.5])
    """

    _interface = "linsolve"

    def solve(self, A, b) -> np.ndarray:
        """The solution x of A x = b; A may be C- or Fortran-ordered.

        A and b are used in place when they are contiguous float64 arrays;
        other array-likes of real numbers are converted first (complex ones
        are a TypeError).  Raises OIFError (a RuntimeError) when A is singular.
        """
        A = real_array(A, "A")
        b = real_array(b, "b")
        x = np.empty(b.shape[0] if b.ndim == 1 else 0)
        self._binding.call("solve_lin", (A, b), (x,))
        return x
