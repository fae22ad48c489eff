import numpy as np

# What solve_qeq(a, ...) returns: RETURNS[int(a)].
RETURNS = [None, 0, np.int64(0), np.int64(3), -2, True, "done", 1.0]


class ChosenStatus:
    """Returns, as its status, whichever value the caller picks by `a`."""

    def solve_qeq(self, a, b, c, roots):
        roots[:] = 0.0
        return RETURNS[int(a)]
