"""Real roots of the quadratic equation a x^2 + b x + c = 0."""

import numpy as np

from openinterfaces.interfaces._base import InterfaceBase


class QEQ(InterfaceBase):
    """Solves quadratic equations with the implementation named `impl`.

    >>> QEQ("c_qeq_solver").solve(1.0, 5.0, 4.0)
    array([-4., -1.])
    """

    _interface = "qeq"

    def solve(self, a: float, b: float, c: float) -> np.ndarray:
        """Both roots (a double root twice), computed without cancellation."""
        roots = np.empty(2)
        self._binding.call("solve_qeq", (a, b, c), (roots,))
        return roots
