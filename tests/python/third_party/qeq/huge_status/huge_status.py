class HugeStatus:
    """Returns a status that a C int cannot hold: must not wrap around to 0."""

    def solve_qeq(self, a, b, c, roots):
        return 2 ** int(a)
