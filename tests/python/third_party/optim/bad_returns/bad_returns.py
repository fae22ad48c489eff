class BadReturns:
    """minimize() returns what set_method() names instead of (status, message)."""

    RETURNS = {
        "not_a_tuple": "converged",
        "message_with_nul": (0, "con\0verged"),
    }

    def __init__(self):
        self.returns = self.RETURNS["not_a_tuple"]

    def set_initial_guess(self, x0):
        pass

    def set_objective_fn(self, objective):
        pass

    def set_grad_fn(self, grad):
        pass

    def set_user_data(self, user_data):
        pass

    def set_method(self, method_name, config):
        self.returns = self.RETURNS[method_name]

    def minimize(self, x):
        return self.returns
