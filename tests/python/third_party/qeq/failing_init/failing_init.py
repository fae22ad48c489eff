class FailingInit:
    def __init__(self):
        raise RuntimeError("no licence for this solver")

    def solve_qeq(self, a, b, c, roots):
        pass
