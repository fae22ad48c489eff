"""Roots of a x^2 + b x + c = 0 without catastrophic cancellation, in Python.

The same floating-point operations in the same order as c_qeq_solver, so
that both implementations give bit-identical roots: the root of larger
magnitude comes from adding quantities of the same sign, the other from
Vieta's formula x1 x2 = c / a.
"""

import math

from openinterfaces._impl.interfaces.qeq import QeqInterface


class QeqSolver(QeqInterface):
    def solve_qeq(self, a, b, c, roots):
        if roots.ndim != 1 or roots.shape[0] != 2:
            raise ValueError("'roots' must be a vector of length 2")
        # Python ints would make b * b exact and the roots differ from C's.
        a, b, c = float(a), float(b), float(c)
        if a == 0.0:
            if b == 0.0:
                raise ValueError("a = b = 0: the equation has no unique root")
            roots[0] = roots[1] = -c / b
            return
        discriminant = b * b - 4.0 * a * c
        if discriminant < 0.0:
            raise ValueError(f"the roots are complex (discriminant {discriminant:g} < 0)")
        q = -0.5 * (b + math.copysign(math.sqrt(discriminant), b))
        roots[0] = q / a
        # q = 0 only for b = c = 0, where both roots are 0.
        roots[1] = c / q if q != 0.0 else 0.0
