class BadReturns:
    def set_initial_guess(self, x0):
        pass

    def set_objective_fn(self, objective):
        pass

    def set_grad_fn(self, grad):
        pass

    def set_user_data(self, user_data):
        pass

    def set_method(self, method_name, config):
        pass

    def minimize(self, x):
        return "converged"  # should be (status, message)
