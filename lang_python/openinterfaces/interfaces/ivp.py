"""Initial-value problems for ordinary differential equations y' = f(t, y)."""

import inspect
import math
from collections.abc import Callable
from typing import Any, Optional, Union

import numpy as np

from openinterfaces._core import OIFStopped
from openinterfaces.core import OIFCallback
from openinterfaces.interfaces._base import InterfaceBase, accepts, check_callback, real_array, real_vector

RhsFn = Callable[[float, np.ndarray, np.ndarray, Any], Optional[int]]
"""rhs(t, y, ydot, user_data) writes f(t, y) into ydot and returns 0 or None;
any other value stops the integration with an error."""

ReturningRhsFn = Callable[[float, np.ndarray], Any]
"""fun(t, y) returns f(t, y), as SciPy's solve_ivp takes it."""

JacFn = Callable[[float, np.ndarray, np.ndarray, Any], Optional[int]]
"""jac(t, y, J, user_data) writes df_i/dy_j into J[i, j] (J is zero on
entry) and returns 0 or None."""

ReturningJacFn = Callable[[float, np.ndarray], Any]
"""jac(t, y) returns the Jacobian as an n x n array, as SciPy takes it."""

MonitorFn = Callable[[float, np.ndarray, Any], Optional[int]]
"""monitor(t, y, user_data) sees each accepted step; a non-zero (or true)
return stops integrate there."""


def in_place(fn, what: str, out: str, value: str):
    """`fn` itself when it takes (t, y, `out`, user_data); for a SciPy-style
    fn(t, y), a function copying what it returns into `out`."""
    if accepts(fn, 4):
        return fn
    if not callable(fn):
        raise TypeError(f"the {what} must be callable, not {type(fn).__name__}")
    if not accepts(fn, 2):
        raise TypeError(
            f"the {what} must take (t, y, {out}, user_data), or (t, y) returning {value}; "
            f"{fn!r} takes {inspect.signature(fn)}"
        )

    def in_place_fn(t, y, result, user_data):
        result[:] = fn(t, y)

    in_place_fn.__wrapped__ = fn
    return in_place_fn


class IVP(InterfaceBase):
    """Integrates y' = f(t, y), y(t0) = y0 with the implementation named `impl`.

    >>> import numpy as np
    >>> solver = IVP("dopri5c")
    >>> solver.set_initial_value([1.0], 0.0)
    >>> solver.set_rhs_fn(lambda t, y: -y)
    >>> y1 = solver.integrate(1.0)
    >>> bool(abs(y1[0] - np.exp(-1.0)) < 1e-5)
    True
    >>> solver.integrate([1.5, 2.0]).shape
    (2, 1)
    """

    _interface = "ivp"

    def __init__(self, impl: str):
        super().__init__(impl)
        self.y: np.ndarray = np.empty(0)
        """The solution at time `t`; refilled in place by every integrate()."""
        self.t: float = math.nan
        """The time of `y`: t0, then the time the last integrate() reached."""
        # The time of the step the monitor saw last, in a list of its own:
        # the monitor's wrapper holds it, and must not hold this IVP (the
        # implementation keeps the wrapper, and a cycle would keep both
        # until the garbage collector runs).
        self._monitored_t = [math.nan]

    def _state(self) -> str:
        return "no initial value" if self.y.size == 0 else f"t = {self.t:g}, n = {self.y.size}"

    def set_initial_value(self, y0, t0: float) -> None:
        """Sets y(t0) = y0; y0 may be any sequence of real numbers.  The
        float64 array made of it is `self.y0`: the implementation may keep
        a view of it (upstream's scipy_ode does), so it lives as long as
        this object or the next set_initial_value."""
        y0 = real_vector(y0, "y0")
        self._binding.call("set_initial_value", (y0, t0), ())
        self.y0 = y0  # as upstream: kept while the implementation may read it
        self.y = y0.copy()
        self.t = float(t0)

    def set_rhs_fn(self, rhs_fn: Union[RhsFn, ReturningRhsFn]) -> None:
        """Sets the right-hand side f: either rhs(t, y, ydot, user_data)
        writing f(t, y) into ydot, or fun(t, y) returning it, as SciPy
        takes it (which costs a copy into ydot per call).  The initial
        value must be set first.  A function of neither form is a
        TypeError here, whatever the implementation."""
        if self.y.size == 0:
            raise RuntimeError("set_initial_value must be called before set_rhs_fn")
        self._binding.call("set_rhs_fn", (in_place(rhs_fn, "right-hand side", "ydot", "f(t, y)"),), ())

    def set_jac_fn(self, jac_fn: Union[JacFn, ReturningJacFn, None]) -> None:
        """Sets the Jacobian of the right-hand side: jac(t, y, J, user_data)
        writing df_i/dy_j into J[i, j] (an n x n column-major view, zero
        on entry), or jac(t, y) returning it, as SciPy takes it (a copy
        per call); None removes it.  Implicit methods that factor the
        Jacobian use it instead of difference quotients; the others
        accept it and ignore it (docs/user-guide/ivp.md).  Needs an
        implementation of ivp 1.1 (``supports("set_jac_fn")``)."""
        if jac_fn is not None:
            jac_fn = in_place(jac_fn, "Jacobian", "J", "the Jacobian")
        self._binding.call("set_jac_fn", (jac_fn,), ())

    def set_monitor_fn(self, monitor_fn: Optional[MonitorFn]) -> None:
        """Calls monitor_fn(t, y, user_data) after every step the solver
        accepts, with a copy of the solution there, e.g. to draw a progress
        bar; None removes it.  When it returns non-zero (or True),
        integrate stops after that step and raises OIFStopped, with
        `self.t` and `self.y` (and the exception's `t` and `y`) at that
        step; the next integrate goes on from there.  What it raises comes
        back as itself.  Needs an implementation of ivp 1.1 (see
        ``supports("set_monitor_fn")``)."""
        if monitor_fn is None:
            self._binding.call("set_monitor_fn", (None,), ())
            return
        check_callback(monitor_fn, "monitor", "t", "y", "user_data")
        if isinstance(monitor_fn, OIFCallback):  # a C function: the stop's t stays unknown (NaN)
            self._binding.call("set_monitor_fn", (monitor_fn,), ())
            return

        monitored_t = self._monitored_t

        def monitor(t, y, user_data):
            monitored_t[0] = t
            return monitor_fn(t, y, user_data)

        self._binding.call("set_monitor_fn", (monitor,), ())

    def set_tolerances(self, rtol: float, atol) -> None:
        """Sets the relative tolerance and the absolute one: a number, or a
        sequence with one per component of y (which needs an implementation
        of ivp 1.1, see ``supports("set_vector_tolerances")``)."""
        if np.ndim(atol) == 0:
            self._binding.call("set_tolerances", (rtol, atol), ())
            return
        atol = real_vector(atol, "atol")
        if self.y.size not in (0, atol.size):
            raise ValueError(f"atol must have one value per component of y ({self.y.size}), got {atol.size}")
        self._binding.call("set_vector_tolerances", (rtol, atol), ())

    def set_user_data(self, user_data: Any) -> None:
        """Passes `user_data` as the last argument of every rhs_fn call; it
        is kept as `self.user_data`, as upstream's IVP keeps it."""
        self._binding.call("set_user_data", (user_data,), ())
        self.user_data = user_data

    def set_integrator(self, integrator_name: str, integrator_params: Optional[dict] = None) -> None:
        """Chooses the implementation's integrator by name, with its options."""
        self._binding.call("set_integrator", (integrator_name, integrator_params or {}), ())

    def integrate(self, t) -> np.ndarray:
        """Advances the solution to time `t` and returns a copy of y(t).

        Given a sequence of times instead, integrates through them in turn
        and returns y at each, as the rows of an array of shape
        (len(times), n).  Either way `self.y` and `self.t` hold the last
        solution and its time."""
        if np.ndim(t) == 0:
            self._integrate_to(t, self.y)
            return self.y.copy()
        times = real_array(t, "times")
        if times.ndim != 1:
            raise ValueError(f"times must be a number or a vector, got shape {times.shape}")
        solutions = np.empty((times.size, self.y.size))
        for row, time in zip(solutions, times):
            self._integrate_to(time, row)
            self.y[:] = row
        return solutions

    def _integrate_to(self, t, y) -> None:
        self._monitored_t[0] = math.nan
        try:
            self._binding.call("integrate", (t,), (y,))
        except OIFStopped as stop:
            self.y[:] = y
            self.t = stop.t = self._monitored_t[0]
            stop.y = self.y.copy()
            raise
        self.t = float(t)

    def get_stats(self) -> dict:
        """The implementation's counters since the last set_initial_value,
        as a dict of ints: "steps", "rhs_evaluations", "rejected_steps",
        "jacobian_evaluations", "linear_solver_setups", each where the
        implementation counts it, and its own extras.  An implementation
        written for ivp 1.0 has none: OIFError says so (see
        ``supports("get_stats")``)."""
        [stats] = self._binding.call("get_stats", (), ())
        return stats

    def print_stats(self) -> None:
        """Prints the implementation's counters (steps, rhs evaluations, ...)
        to sys.stdout, one "<impl>: <key>: <count>" line each, so that
        contextlib.redirect_stdout and notebooks see them.  An
        implementation without get_stats (ivp 1.0) prints its own lines,
        which may go to the process's stdout instead."""
        if not self.supports("get_stats"):
            self._binding.call("print_stats", (), ())
            return
        for key, count in self.get_stats().items():
            print(f"{self.impl}: {key}: {count}")
