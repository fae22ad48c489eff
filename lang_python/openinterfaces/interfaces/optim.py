"""Unconstrained minimisation of f(x) for x in R^n."""

from collections.abc import Callable
from typing import Any, Optional

import numpy as np

from openinterfaces.interfaces._base import InterfaceBase, check_callback, real_vector

ObjectiveFn = Callable[[np.ndarray, Any], float]
"""objective(x, user_data) -> f(x)."""

GradFn = Callable[[np.ndarray, np.ndarray, Any], Optional[int]]
"""grad(x, grad_out, user_data) writes the gradient into grad_out."""


class MinimizeResult(tuple):
    """What minimize() returns.  It unpacks as ``status, message``, as in
    earlier versions, and has the attributes

    - ``x``: the minimiser (a copy);
    - ``success``: whether the method converged, ``status == 0`` for every
      implementation;
    - ``status``, ``message``: the method's own code and message;
    - ``fun``, ``nfev``, ``nit``: f(x) and the numbers of objective
      evaluations and iterations, where the implementation reports them,
      else None.
    """

    x: np.ndarray
    success: bool
    status: int
    message: str
    fun: Optional[float]
    nfev: Optional[int]
    nit: Optional[int]

    def __new__(cls, status: int, message: str, x: np.ndarray):
        result = super().__new__(cls, (status, message))
        result.status, result.message, result.x = status, message, x
        result.success = status == 0
        # No optim implementation reports these yet (interface optim 1.0).
        result.fun = result.nfev = result.nit = None
        return result

    def __repr__(self) -> str:
        fields = ("success", "status", "message", "x", "fun", "nfev", "nit")
        return "MinimizeResult(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in fields) + ")"


class Optim(InterfaceBase):
    """Minimises an objective with the implementation named `impl`.

    >>> opt = Optim("nlopt")
    >>> opt.set_initial_guess([2.0, 3.0])
    >>> opt.set_objective_fn(lambda x, _: float((x ** 2).sum()))
    >>> result = opt.minimize()
    >>> result.success, bool(abs(result.x).max() < 1e-4)
    (True, True)
    >>> status, message = result  # as earlier versions returned it
    """

    _interface = "optim"

    def __init__(self, impl: str):
        super().__init__(impl)
        self.x: np.ndarray = np.empty(0)
        """The minimiser found by the last minimize()."""

    def _state(self) -> str:
        return "no initial guess" if self.x.size == 0 else f"n = {self.x.size}"

    def set_initial_guess(self, x0) -> None:
        """Sets the starting point; x0 may be any sequence of real numbers."""
        x0 = real_vector(x0, "x0")
        self._binding.call("set_initial_guess", (x0,), ())
        self.x0 = x0  # as upstream: kept while the implementation may read it
        self.x = np.empty_like(x0)

    def set_objective_fn(self, objective_fn: ObjectiveFn) -> None:
        """Sets the function to minimise, objective(x, user_data) -> float."""
        check_callback(objective_fn, "objective", "x", "user_data")
        self._binding.call("set_objective_fn", (objective_fn,), ())

    def set_grad_fn(self, grad_fn: GradFn) -> None:
        """Sets the gradient of the objective, grad(x, grad_out, user_data),
        for gradient-based methods."""
        check_callback(grad_fn, "gradient", "x", "grad_out", "user_data")
        self._binding.call("set_grad_fn", (grad_fn,), ())

    def set_user_data(self, user_data: Any) -> None:
        """Passes `user_data` as the last argument of the objective and gradient."""
        self._binding.call("set_user_data", (user_data,), ())

    def set_method(self, method_name: str, method_params: Optional[dict] = None) -> None:
        """Chooses the minimisation method by name, with its options."""
        self._binding.call("set_method", (method_name, method_params or {}), ())

    def minimize(self) -> MinimizeResult:
        """Minimises from the initial guess; leaves the minimiser in `self.x`
        and returns a MinimizeResult, which unpacks as (status, message)."""
        status, message = self._binding.call("minimize", (), (self.x,))
        return MinimizeResult(status, message, self.x.copy())
