"""A third-party implementation, written only against API.md section 4."""

import math

from openinterfaces._impl.interfaces.qeq import QeqInterface


class TextbookQeq(QeqInterface):
    def solve_qeq(self, a, b, c, roots):
        if a == 0:
            raise ValueError("not a quadratic: a = 0")
        d = math.sqrt(b * b - 4 * a * c)
        roots[0] = (-b - d) / (2 * a)
        roots[1] = (-b + d) / (2 * a)
