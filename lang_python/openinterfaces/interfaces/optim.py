"""Unconstrained minimisation of f(x) for x in R^n."""

from collections.abc import Callable
from typing import Any, Optional

import numpy as np

from openinterfaces.interfaces._base import InterfaceBase

ObjectiveFn = Callable[[np.ndarray, Any], float]
"""objective(x, user_data) -> f(x)."""

GradFn = Callable[[np.ndarray, np.ndarray, Any], Optional[int]]
"""grad(x, grad_out, user_data) writes the gradient into grad_out."""


class Optim(InterfaceBase):
    """Minimises an objective with the implementation named `impl`.

    >>> opt = Optim("nlopt")
    >>> opt.set_initial_guess([2.0, 3.0])
    >>> opt.set_objective_fn(lambda x, _: float((x ** 2).sum()))
    >>> status, message = opt.minimize()
    >>> bool(abs(opt.x).max() < 1e-4)
    True
    """

    _interface = "optim"

    def __init__(self, impl: str):
        super().__init__(impl)
        self.x: np.ndarray = np.empty(0)
        """The minimiser found by the last minimize()."""

    def set_initial_guess(self, x0) -> None:
        """Sets the starting point; x0 may be any sequence of numbers."""
        x0 = np.ascontiguousarray(x0, dtype=np.float64)
        if x0.ndim != 1 or x0.size == 0:
            raise ValueError(f"x0 must be a non-empty vector, got shape {x0.shape}")
        self._binding.call("set_initial_guess", (x0,), ())
        self.x0 = x0  # as upstream: kept while the implementation may read it
        self.x = np.empty_like(x0)

    def set_objective_fn(self, objective_fn: ObjectiveFn) -> None:
        """Sets the function to minimise (called with the signature the interface spec gives)."""
        self._binding.call("set_objective_fn", (objective_fn,), ())

    def set_grad_fn(self, grad_fn: GradFn) -> None:
        """Sets the gradient of the objective, for gradient-based methods."""
        self._binding.call("set_grad_fn", (grad_fn,), ())

    def set_user_data(self, user_data: Any) -> None:
        """Passes `user_data` as the last argument of the objective and gradient."""
        self._binding.call("set_user_data", (user_data,), ())

    def set_method(self, method_name: str, method_params: Optional[dict] = None) -> None:
        """Chooses the minimisation method by name, with its options."""
        self._binding.call("set_method", (method_name, method_params or {}), ())

    def minimize(self) -> tuple:
        """Minimises; returns (status, message) and leaves the minimiser in `self.x`."""
        status, message = self._binding.call("minimize", (), (self.x,))
        return status, message
