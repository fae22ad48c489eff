"""Initial-value problems for ordinary differential equations y' = f(t, y)."""

from collections.abc import Callable
from typing import Any, Optional

import numpy as np

from openinterfaces.interfaces._base import InterfaceBase

RhsFn = Callable[[float, np.ndarray, np.ndarray, Any], Optional[int]]
"""rhs(t, y, ydot, user_data) writes f(t, y) into ydot and returns 0 or None;
any other value stops the integration with an error."""


class IVP(InterfaceBase):
    """Integrates y' = f(t, y), y(t0) = y0 with the implementation named `impl`.

    >>> import numpy as np
    >>> solver = IVP("dopri5c")
    >>> solver.set_initial_value([1.0], 0.0)
    >>> solver.set_rhs_fn(lambda t, y, ydot, _: ydot.__setitem__(0, -y[0]))
    >>> solver.integrate(1.0)
    >>> bool(abs(solver.y[0] - np.exp(-1.0)) < 1e-5)
    True
    """

    _interface = "ivp"

    def __init__(self, impl: str):
        super().__init__(impl)
        self.y: np.ndarray = np.empty(0)
        """The solution at the time of the last integrate(); refilled in place."""

    def set_initial_value(self, y0, t0: float) -> None:
        """Sets y(t0) = y0; y0 may be any sequence of numbers."""
        y0 = np.ascontiguousarray(y0, dtype=np.float64)
        if y0.ndim != 1 or y0.size == 0:
            raise ValueError(f"y0 must be a non-empty vector, got shape {y0.shape}")
        self._binding.call("set_initial_value", (y0, t0), ())
        self.y0 = y0  # as upstream: kept while the implementation may read it
        self.y = np.empty_like(y0)

    def set_rhs_fn(self, rhs_fn: RhsFn) -> None:
        """Sets the right-hand side; the initial value must be set first.
        It is called with the signature the interface spec gives."""
        if self.y.size == 0:
            raise RuntimeError("set_initial_value must be called before set_rhs_fn")
        self._binding.call("set_rhs_fn", (rhs_fn,), ())

    def set_tolerances(self, rtol: float, atol: float) -> None:
        """Sets the relative and absolute tolerances."""
        self._binding.call("set_tolerances", (rtol, atol), ())

    def set_user_data(self, user_data: Any) -> None:
        """Passes `user_data` as the last argument of every rhs_fn call."""
        self._binding.call("set_user_data", (user_data,), ())

    def set_integrator(self, integrator_name: str, integrator_params: Optional[dict] = None) -> None:
        """Chooses the implementation's integrator by name, with its options."""
        self._binding.call("set_integrator", (integrator_name, integrator_params or {}), ())

    def integrate(self, t: float) -> None:
        """Advances the solution to time `t`; the result is in `self.y`."""
        self._binding.call("integrate", (t,), (self.y,))

    def print_stats(self) -> None:
        """Prints the implementation's counters (steps, rhs evaluations, ...)."""
        self._binding.call("print_stats", (), ())
