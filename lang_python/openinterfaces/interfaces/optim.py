"""Unconstrained minimisation of f(x) for x in R^n."""

from collections.abc import Callable
from typing import Any, Optional

import numpy as np

from openinterfaces.interfaces._base import InterfaceBase, check_callback, real_vector

ObjectiveFn = Callable[[np.ndarray, Any], float]
"""objective(x, user_data) -> f(x)."""

GradFn = Callable[[np.ndarray, np.ndarray, Any], Optional[int]]
"""grad(x, grad_out, user_data) writes the gradient into grad_out."""

MonitorFn = Callable[[np.ndarray, float, Any], Optional[int]]
"""monitor(x, fun, user_data) sees each evaluation; a non-zero (or true)
return stops the minimisation."""

FORCED_STOP = -5
"""The status of a run that the monitor stopped (NLopt's FORCED_STOP)."""


class MinimizeResult(tuple):
    """What minimize() returns.  It unpacks as ``status, message``, as in
    earlier versions, and has the attributes

    - ``x``: the minimiser (a copy);
    - ``success``: whether the method converged, ``status == 0`` for every
      implementation;
    - ``status``, ``message``: the method's own code and message;
      FORCED_STOP (-5) when the monitor stopped the run;
    - ``fun``, ``nfev``, ``nit``: f(x) and the numbers of objective
      evaluations and iterations, where the implementation reports them
      (optim 1.1 ``get_stats``), else None.
    """

    x: np.ndarray
    success: bool
    status: int
    message: str
    fun: Optional[float]
    nfev: Optional[int]
    nit: Optional[int]

    def __new__(cls, status: int, message: str, x: np.ndarray, stats: Optional[dict] = None):
        result = super().__new__(cls, (status, message))
        result.status, result.message, result.x = status, message, x
        result.success = status == 0
        stats = stats or {}
        result.fun, result.nfev, result.nit = stats.get("fun"), stats.get("nfev"), stats.get("nit")
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
        """Sets the starting point; x0 may be any sequence of real numbers.
        The float64 array made of it is `self.x0`, kept for implementations
        that keep a view of it (upstream's scipy_optimize does)."""
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

    def set_monitor_fn(self, monitor_fn: Optional[MonitorFn]) -> None:
        """Calls monitor_fn(x, fun, user_data) after every evaluation of the
        objective, with a copy of the point and f there, e.g. to show
        progress; None removes it.  When it returns non-zero (or True),
        minimize stops and returns a result with status FORCED_STOP (-5)
        and the best point evaluated; what it raises comes back as itself.
        Needs an implementation of optim 1.1 (see
        ``supports("set_monitor_fn")``)."""
        if monitor_fn is not None:
            check_callback(monitor_fn, "monitor", "x", "fun", "user_data")
        self._binding.call("set_monitor_fn", (monitor_fn,), ())

    def get_stats(self) -> dict:
        """What the last minimize counted: "fun" (f at the minimiser),
        "nfev", "njev" (evaluations of the objective and gradient) and
        "nit" (iterations), each where the implementation knows it.
        OIFError before any minimize, and for an implementation of optim
        1.0 (see ``supports("get_stats")``)."""
        [stats] = self._binding.call("get_stats", (), ())
        return stats

    def set_user_data(self, user_data: Any) -> None:
        """Passes `user_data` as the last argument of the objective and
        gradient; it is kept as `self.user_data`, as upstream keeps it."""
        self._binding.call("set_user_data", (user_data,), ())
        self.user_data = user_data

    def set_method(self, method_name: str, method_params: Optional[dict] = None) -> None:
        """Chooses the minimisation method by name, with its options."""
        self._binding.call("set_method", (method_name, method_params or {}), ())

    def minimize(self) -> MinimizeResult:
        """Minimises from the initial guess; leaves the minimiser in `self.x`
        and returns a MinimizeResult, which unpacks as (status, message)."""
        status, message = self._binding.call("minimize", (), (self.x,))
        # None too when the objective closed this Optim while it ran.
        stats = self.get_stats() if self._binding.implh != 0 and self.supports("get_stats") else None
        return MinimizeResult(status, message, self.x.copy(), stats)
