"""A x = b with numpy.linalg.solve: LAPACK's dgesv (LU factorisation with
partial pivoting) on a copy of A, so neither A nor b is modified.

The module is not called numpy.py so that it cannot shadow NumPy itself
when imported by its file name."""

import numpy as np

from openinterfaces._impl.interfaces.linsolve import LinsolveInterface


class NumPyLinsolve(LinsolveInterface):
    def solve_lin(self, A, b, x):
        if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] < 1:
            raise ValueError("'A' must be a non-empty square matrix")
        n = A.shape[0]
        if b.shape != (n,) or x.shape != (n,):
            raise ValueError(f"'b' and 'x' must be vectors of length {n}, like the rows of 'A'")
        try:
            x[:] = np.linalg.solve(A, b)
        except np.linalg.LinAlgError as e:
            # NumPy's only LinAlgError here is "Singular matrix".
            raise RuntimeError(
                f"the matrix is singular: its LU factorisation has an exactly zero pivot ({e})"
            ) from None
        # NumPy raises that error only when the FPU's "invalid" flag is set,
        # which not every host keeps (valgrind does not); the NaNs LAPACK's
        # failed factorisation leaves in x say the same.
        if np.isnan(x).any() and not (np.isnan(A).any() or np.isnan(b).any()):
            raise RuntimeError("the matrix is singular: its LU factorisation has an exactly zero pivot")
