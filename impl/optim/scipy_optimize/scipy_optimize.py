"""Unconstrained minimisation with scipy.optimize.minimize.

Methods are SciPy 1.10's names for minimize, matched in any letter case:
Nelder-Mead, Powell, CG, BFGS, Newton-CG, L-BFGS-B, TNC, COBYLA, SLSQP,
trust-constr, trust-ncg and trust-krylov.  The gradient from set_grad_fn
goes to the methods that use one; without it they take SciPy's finite
differences, except Newton-CG, trust-ncg and trust-krylov, which need it.
trust-ncg and trust-krylov get their Hessian from finite differences of
the gradient (hess='2-point'); dogleg and trust-exact need the Hessian as
a function, which this interface does not have, and are refused by name.

Without set_method the method is the one minimize picks for a problem
without bounds or constraints, BFGS, so that the result is what calling
SciPy directly gives.

Options are each method's documented options (OPTIONS), the generic
maxiter and disp included; options that take arrays (initial_simplex,
direc, scale, offset, bounds) are not offered, as config dicts hold
scalars.  Options that would make SciPy print (disp, iprint, verbose) are
accepted only with their quiet values.  Options not given take SciPy's
defaults.  Warnings SciPy issues during a run are appended to the
returned message instead of being printed.  When the objective or the
gradient raises, f2py would print "Call-back ... failed." on its way out
of COBYLA's Fortran: stderr is pointed away from that moment to the end of
the run (openinterfaces._impl._fd_capture).
"""

import math
import numbers
import os
import re
import warnings

import numpy as np
import scipy
from scipy.optimize import minimize as scipy_minimize

from openinterfaces._impl._fd_capture import Capture, is_f2py_message
from openinterfaces._impl._callback_status import callback_status
from openinterfaces._impl.interfaces.optim import OptimInterface

DEFAULT_METHOD = "BFGS"
_SCIPY_DIR = os.path.dirname(scipy.__file__) + os.sep


# ---- options ---------------------------------------------------------------


def _integer(key, value):
    if not isinstance(value, numbers.Integral):
        raise ValueError(f"option '{key}' must be an int, got {type(value).__name__} {value!r}")
    return int(value)


def _number(key, value):
    if not isinstance(value, numbers.Real) or math.isnan(value):
        raise ValueError(f"option '{key}' must be a number, got {type(value).__name__} {value!r}")
    return float(value)


def _flag(key, value):
    if _integer(key, value) not in (0, 1):
        raise ValueError(f"option '{key}' must be 0 or 1 (false or true), got {value!r}")
    return bool(value)


def _string(key, value):
    if not isinstance(value, str):
        raise ValueError(f"option '{key}' must be a string, got {type(value).__name__} {value!r}")
    return value


def _quiet(quiet_values, description):
    def check(key, value):
        if not isinstance(value, numbers.Integral) or not quiet_values(int(value)):
            raise ValueError(
                f"option '{key}' = {value!r} would make SciPy print; scipy_optimize never prints (the "
                f"status and message come back from minimize), so {description}"
            )
        return int(value)

    return check


_disp = _quiet(lambda v: v == 0, "only 0 (false) is accepted")
_GENERIC = {"maxiter": _integer, "disp": _disp}
_GRADIENT_BY_DIFFERENCES = {"eps": _number, "finite_diff_rel_step": _number}
_TRUST_REGION = {
    "initial_trust_radius": _number,
    "max_trust_radius": _number,
    "eta": _number,
    "gtol": _number,
    "return_all": _flag,
    **_GENERIC,
}

# Each method's documented options, by SciPy 1.10's name for the method.
OPTIONS = {
    "Nelder-Mead": {
        **_GENERIC,
        "maxfev": _integer,
        "return_all": _flag,
        "xatol": _number,
        "fatol": _number,
        "adaptive": _flag,
    },
    "Powell": {**_GENERIC, "xtol": _number, "ftol": _number, "maxfev": _integer, "return_all": _flag},
    "CG": {**_GENERIC, "gtol": _number, "norm": _number, **_GRADIENT_BY_DIFFERENCES, "return_all": _flag},
    "BFGS": {
        **_GENERIC,
        "gtol": _number,
        "norm": _number,
        **_GRADIENT_BY_DIFFERENCES,
        "return_all": _flag,
        "xrtol": _number,
    },
    "Newton-CG": {**_GENERIC, "xtol": _number, "eps": _number, "return_all": _flag},
    "L-BFGS-B": {
        **_GENERIC,
        "maxcor": _integer,
        "ftol": _number,
        "gtol": _number,
        **_GRADIENT_BY_DIFFERENCES,
        "maxfun": _integer,
        "iprint": _quiet(lambda v: v < 0, "give a negative value"),
        "maxls": _integer,
    },
    "TNC": {
        **_GENERIC,
        **_GRADIENT_BY_DIFFERENCES,
        "maxCGit": _integer,
        "eta": _number,
        "stepmx": _number,
        "accuracy": _number,
        "minfev": _number,
        "ftol": _number,
        "xtol": _number,
        "gtol": _number,
        "rescale": _number,
        "maxfun": _integer,
    },
    "COBYLA": {**_GENERIC, "rhobeg": _number, "tol": _number, "catol": _number},
    "SLSQP": {**_GENERIC, "ftol": _number, **_GRADIENT_BY_DIFFERENCES},
    "trust-constr": {
        **_GENERIC,
        "gtol": _number,
        "xtol": _number,
        "barrier_tol": _number,
        "sparse_jacobian": _flag,
        "initial_tr_radius": _number,
        "initial_constr_penalty": _number,
        "initial_barrier_parameter": _number,
        "initial_barrier_tolerance": _number,
        "factorization_method": _string,
        "finite_diff_rel_step": _number,
        "verbose": _quiet(lambda v: v == 0, "only 0 is accepted"),
    },
    "trust-ncg": _TRUST_REGION,
    "trust-krylov": {**_TRUST_REGION, "inexact": _flag},
}
_USES_GRADIENT = {
    "CG", "BFGS", "Newton-CG", "L-BFGS-B", "TNC", "SLSQP", "trust-constr", "trust-ncg", "trust-krylov"
}
_NEEDS_GRADIENT = {"Newton-CG", "trust-ncg", "trust-krylov"}
_HESSIAN_BY_DIFFERENCES = {"trust-ncg", "trust-krylov"}
_REFUSED = {
    "dogleg": "needs the Hessian as a function, which this interface does not provide",
    "trust-exact": "needs the Hessian as a function, which this interface does not provide",
}
_BY_LOWER_CASE = {name.lower(): name for name in OPTIONS}


def _method_name(name):
    lower = name.lower() if isinstance(name, str) else None
    if lower in _REFUSED:
        raise ValueError(
            f"method {name!r} {_REFUSED[lower]}; choose trust-ncg or trust-krylov (Hessian by finite "
            "differences of the gradient) or BFGS"
        )
    if lower not in _BY_LOWER_CASE:
        raise ValueError(
            f"unknown method {name!r}; the SciPy methods usable here are: {', '.join(OPTIONS)}"
        )
    return _BY_LOWER_CASE[lower]


def _parse_options(method, config):
    valid = OPTIONS[method]
    options = {}
    for key, value in (config or {}).items():
        check = valid.get(key) if isinstance(key, str) else None
        if check is None:
            raise ValueError(
                f"unknown option {key!r} for method '{method}'; valid options: {', '.join(valid)}"
            )
        options[key] = check(key, value)
    return options


# ---- the user's functions as SciPy calls them ------------------------------


def _describe_point(x):
    """'[x0, x1, ...]' for an error message, shortened for long vectors."""
    shown = ", ".join(f"{v:.17g}" for v in x[:6])
    return f"[{shown}, ... ({x.shape[0]} values)]" if x.shape[0] > 6 else f"[{shown}]"


# minimize's status when the monitor stopped the run, as NLopt's FORCED_STOP.
FORCED_STOP = -5


class _Stop(Exception):
    """Unwinds SciPy's run when the monitor asks to stop."""


class _Run:
    """What one minimize counts, and, with a monitor, the best point
    evaluated and the monitor's request to stop."""

    def __init__(self):
        self.nfev = self.njev = 0
        self.best_x, self.best_f = None, math.inf
        self.request = 0


def _objective_value(value, run, x):
    if type(value) is not float:
        if not isinstance(value, (numbers.Real, np.ndarray)) or np.size(value) != 1:
            raise TypeError(f"the objective must return a float, got {type(value).__name__}")
        value = float(value)
    if value != value:
        raise RuntimeError(f"objective returned NaN at evaluation {run.nfev}, x = {_describe_point(x)}")
    return value


def _show(monitor, x, value, user_data, run):
    """Shows the monitor an evaluation; raises _Stop if it asks to stop."""
    if run.best_x is None or value < run.best_f:
        run.best_x, run.best_f = x.copy(), value
    request = callback_status(monitor(x.copy(), value, user_data), "monitor")
    if request != 0:
        run.request = request
        raise _Stop


def _make_fun(objective, user_data, monitor, run, mute_stderr):
    def fun(x):
        run.nfev += 1
        try:
            value = _objective_value(objective(x, user_data), run, x)
            if monitor is not None:
                _show(monitor, x, value, user_data, run)
            return value
        except BaseException:
            mute_stderr()  # f2py reports a failed callback on its way out
            raise

    return fun


def _make_jac(grad_fn, user_data, grad, run, mute_stderr):
    """SciPy's jac(x): the user writes into `grad`, one buffer for the run;
    SciPy gets a copy, as it keeps the gradients it is given (BFGS
    compares consecutive ones)."""

    def jac(x):
        run.njev += 1
        try:
            status = callback_status(grad_fn(x, grad, user_data), "gradient")
            if status != 0:
                raise RuntimeError(
                    f"gradient returned status {status} at gradient evaluation {run.njev}, x = {_describe_point(x)}"
                )
            return grad.copy()
        except BaseException:
            mute_stderr()
            raise

    return jac


def _status(result):
    """0 when SciPy reports success, as every optim implementation does;
    else SciPy's status, but 1 for a failure SciPy numbers 0
    (trust-constr's iteration limit).  SciPy's own numbers for success vary
    by method: COBYLA's is 1, TNC's 0 to 2, trust-constr's 1 and 2."""
    if result.success:
        return 0
    return int(result.status) or 1


class _SciPyWarnings:
    """A warnings.showwarning that keeps SciPy's warnings as notes while a
    run goes on and shows the others (the user's own) as before.  SciPy's
    are those raised in its files, or in this one when SciPy points at its
    caller.

    catch_warnings, which installs it, changes process-wide state (as
    SciPy's own line searches do): when runs in different threads overlap,
    a recorder may stay installed after its run has ended; it then shows
    everything as before instead of keeping it."""

    def __init__(self):
        self.notes = []
        self.recording = True
        self._show_others = warnings.showwarning

    def __call__(self, message, category, filename, lineno, file=None, line=None):
        if self.recording and (filename.startswith(_SCIPY_DIR) or filename == __file__):
            note = f"{category.__name__}: {message}"
            if note not in self.notes:
                self.notes.append(note)
        else:
            self._show_others(message, category, filename, lineno, file, line)


# ---- the implementation ----------------------------------------------------


class ScipyOptimize(OptimInterface):
    def __init__(self):
        self._x0 = None
        self._objective = None
        self._grad = None
        self._user_data = None
        self._method = None  # None: DEFAULT_METHOD
        self._options = {}
        self._stderr = Capture(2, is_f2py_message, None)
        self._monitor = None
        self._stats = None  # of the last minimize

    def set_initial_guess(self, x0):
        x0 = np.array(x0, dtype=np.float64)  # a copy: x0 is the caller's memory
        if x0.ndim != 1 or x0.shape[0] < 1:
            raise ValueError(f"'x0' must be a non-empty vector, got shape {x0.shape}")
        not_finite = np.flatnonzero(~np.isfinite(x0))
        if not_finite.size:
            i = not_finite[0]
            raise ValueError(f"'x0' must be finite, but x0[{i}] = {x0[i]}")
        self._x0 = x0

    def set_objective_fn(self, objective):
        if not callable(objective):
            raise ValueError(f"the objective must be callable, got {type(objective).__name__}")
        self._objective = objective

    def set_grad_fn(self, grad):
        if not callable(grad):
            raise ValueError(f"the gradient must be callable, got {type(grad).__name__}")
        self._grad = grad

    def set_monitor_fn(self, monitor):
        if monitor is not None and not callable(monitor):
            raise ValueError(f"the monitor must be callable or None, got {type(monitor).__name__}")
        self._monitor = monitor

    def set_user_data(self, user_data):
        self._user_data = user_data

    def set_method(self, method_name, config):
        method = _method_name(method_name)
        self._options = _parse_options(method, config)
        self._method = method

    def minimize(self, x):
        if self._x0 is None:
            raise RuntimeError("no initial guess: call set_initial_guess first")
        if self._objective is None:
            raise RuntimeError("no objective function: call set_objective_fn first")
        n = self._x0.shape[0]
        if x.shape != (n,):
            raise ValueError(f"'x' must be a vector of length {n}, like the initial guess")
        method = self._method or DEFAULT_METHOD
        run = _Run()
        derivatives = {}
        if method in _USES_GRADIENT and self._grad is not None:
            derivatives["jac"] = _make_jac(self._grad, self._user_data, np.empty(n), run, self._stderr.try_begin)
        elif method in _NEEDS_GRADIENT:
            raise RuntimeError(
                f"method '{method}' needs the gradient, but none was set: call set_grad_fn, or choose a "
                "method that does without, such as BFGS (finite differences) or Nelder-Mead"
            )
        if method in _HESSIAN_BY_DIFFERENCES:
            derivatives["hess"] = "2-point"
        scipy_warnings = _SciPyWarnings()
        with warnings.catch_warnings():
            for module in (r"scipy(\.|$)", re.escape(__name__) + "$"):
                warnings.filterwarnings("always", module=module)
            warnings.showwarning = scipy_warnings
            fun = _make_fun(self._objective, self._user_data, self._monitor, run, self._stderr.try_begin)
            try:
                result = scipy_minimize(fun, self._x0.copy(), method=method, options=dict(self._options),
                                        **derivatives)
            except _Stop:
                result = None
            finally:
                scipy_warnings.recording = False
                while self._stderr.active:
                    self._stderr.end()
                self._stats = {"nfev": run.nfev, **({"njev": run.njev} if "jac" in derivatives else {})}
        if result is None:
            x[:] = run.best_x
            self._stats["fun"] = run.best_f
            return FORCED_STOP, f"FORCED_STOP: stopped by the monitor after evaluation {run.nfev} (it returned {run.request})"
        if not np.isfinite(result.x).all():
            raise RuntimeError(
                f"method '{method}' ended at a point that is not finite, x = {_describe_point(result.x)}: "
                "the objective may be unbounded below"
            )
        x[:] = result.x
        self._stats["fun"] = float(result.fun)
        if "nit" in result:
            self._stats["nit"] = int(result.nit)
        message = str(result.message)
        if scipy_warnings.notes:
            message += f" (SciPy warned: {'; '.join(scipy_warnings.notes)})"
        return _status(result), message

    def get_stats(self):
        if self._stats is None:
            raise RuntimeError("no statistics yet: they are of the last minimize, and none has run")
        return dict(self._stats)
