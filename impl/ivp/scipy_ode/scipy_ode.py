"""Initial-value problems with the integrators of scipy.integrate.ode:
"vode", "lsoda", "dopri5" (the default) and "dop853", also under the names
other implementations use: "bdf" and "adams" (vode's methods) and "rk45"
(dopri5).

Options (set_integrator) are each integrator's keyword options as SciPy 1.10
documents them (OPTIONS below), plus "rtol" and "atol", which do what
set_tolerances does, and "max_num_steps", another name for "nsteps" shared
with the C implementations.  Options not given take SciPy's defaults, except
nsteps = 500000 steps per integrate call (SciPy: 500), so that long runs do
not stop by default.  The options that make SciPy print are accepted only
with their quiet values: this implementation never prints (except
print_stats) and reports every failure as an exception.

A Jacobian (set_jac_fn) goes to vode and lsoda, as SciPy's ode gives it
them, but not with the banded options lband and uband, whose packed form it
does not come in; dopri5 and dop853 do not use one.

get_stats counts since set_initial_value, over every restart: the
right-hand side's evaluations as its wrapper counts them, and the
integrator's own counters (steps, rejected steps, Jacobian evaluations, ...)
read from its Fortran work array (_IWORK_COUNTERS).

Every integrate call continues from the last output time.  A new
right-hand side, Jacobian, monitor, user data, tolerances or integrator, and
integrating backwards after forwards, restart the method there; so does
any failure, except running out of steps or a monitor's request to stop,
after which integrate goes on from where the integrator stopped.

How SciPy is called: integrate runs the integrator's Fortran routine
(`runner`) with the work arrays of the integrator object, exactly as
ode.integrate does, but without its warnings.warn on failure (those would
print, and catching them means changing the process-wide warning filters
on every call).  Two things still print, and are kept out of the user's
output by pointing a file descriptor at a temporary file for a moment:
vode and lsoda write their messages to stdout from Fortran (they have no
switch to stop it), so fd 1 is redirected around each of their calls
(3-5 us per integrate call); and f2py writes "Call-back ... failed." to
stderr when the right-hand side raises, so fd 2 is redirected only then,
from the right-hand side's wrapper just before the exception unwinds.
While the right-hand side itself runs, fd 1 points at the real stdout
again, so that what it prints is never taken for an integrator's message.
Whatever else is written to those descriptors meanwhile (another thread)
is written back afterwards, but for lines that look like ODEPACK's.
"""

import ctypes
import math
import numbers
import re
import sys

import numpy as np
from scipy.integrate import _ode

from openinterfaces._core import OIFStopped
from openinterfaces._impl._fd_capture import Capture, is_f2py_message
from openinterfaces._impl._callback_status import callback_status
from openinterfaces._impl.interfaces.ivp import IVPInterface

DEFAULT_INTEGRATOR = "dopri5"
DEFAULT_NSTEPS = 500_000
DEFAULT_RTOL = 1e-6
DEFAULT_ATOL = 1e-12


# ---- options ---------------------------------------------------------------


def _integer(key, value):
    if not isinstance(value, numbers.Integral):
        raise ValueError(f"option '{key}' must be an int, got {type(value).__name__} {value!r}")
    return int(value)


def _positive_integer(key, value):
    value = _integer(key, value)
    if value <= 0:
        raise ValueError(f"option '{key}' must be > 0, got {value}")
    return value


def _non_negative_integer(key, value):
    value = _integer(key, value)
    if value < 0:
        raise ValueError(f"option '{key}' must be >= 0, got {value}")
    return value


def _number(key, value):
    if not isinstance(value, numbers.Real):
        raise ValueError(f"option '{key}' must be a number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"option '{key}' must be finite, got {value}")
    return value


def _non_negative_number(key, value):
    value = _number(key, value)
    if value < 0.0:
        raise ValueError(f"option '{key}' must be >= 0 (0 lets the integrator choose), got {value:g}")
    return value


def _flag(key, value):
    if _integer(key, value) not in (0, 1):
        raise ValueError(f"option '{key}' must be 0 or 1 (false or true), got {value!r}")
    return bool(value)


def _vode_method(key, value):
    if not isinstance(value, str) or value.lower() not in ("adams", "bdf"):
        raise ValueError(f"option '{key}' must be 'adams' or 'bdf', got {value!r}")
    return value.lower()


def _safety(key, value):
    value = _number(key, value)
    if value != 0.0 and not 1e-4 < value < 1.0:
        raise ValueError(f"option '{key}' must lie between 1e-4 and 1 (0: the default 0.9), got {value:g}")
    return value


def _beta(key, value):
    value = _number(key, value)
    if value > 0.2:
        raise ValueError(f"option '{key}' must be <= 0.2, got {value:g}")
    return value


def _ixpr(key, value):
    if _integer(key, value) != 0:
        raise ValueError(
            f"option '{key}' = {value!r} would make LSODA print its method switches to stdout; "
            "scipy_ode never prints, so only 0 is accepted"
        )
    return 0


def _verbosity(key, value):
    value = _integer(key, value)
    if value >= 0:
        raise ValueError(
            f"option '{key}' = {value} would make the integrator print; scipy_ode never prints "
            "(failures are raised as exceptions with the integrator's message), so give a negative value"
        )
    return value


_ODEPACK_OPTIONS = {
    "lband": _non_negative_integer,
    "uband": _non_negative_integer,
    "with_jacobian": _flag,
    "nsteps": _positive_integer,
    "first_step": _non_negative_number,
    "min_step": _non_negative_number,
    "max_step": _non_negative_number,
}
_DOPRI_OPTIONS = {
    "nsteps": _positive_integer,
    "first_step": _non_negative_number,
    "max_step": _non_negative_number,
    "safety": _safety,
    "ifactor": _non_negative_number,
    "dfactor": _non_negative_number,
    "beta": _beta,
    "verbosity": _verbosity,
}
# Each integrator's keyword options as SciPy 1.10 documents them for
# ode.set_integrator, besides rtol and atol (which every one takes).  Array
# tolerances are not offered: config dicts hold scalars.
OPTIONS = {
    "vode": {"method": _vode_method, **_ODEPACK_OPTIONS, "order": _positive_integer},
    "lsoda": {
        **_ODEPACK_OPTIONS,
        "max_order_ns": _positive_integer,
        "max_order_s": _positive_integer,
        "max_hnil": _non_negative_integer,
        "ixpr": _ixpr,
    },
    "dopri5": _DOPRI_OPTIONS,
    "dop853": _DOPRI_OPTIONS,
}
# The method names every ivp implementation that has such a method
# accepts, as a SciPy integrator and its settings: CVODE's "bdf" (with
# Newton iteration, which vode does only with with_jacobian) and "adams",
# and "rk45", the Dormand-Prince pair.  Options given with them are those
# of the integrator and may override the settings, except 'method'.
PORTABLE_NAMES = {
    "bdf": ("vode", {"method": "bdf", "with_jacobian": True}),
    "adams": ("vode", {"method": "adams"}),
    "rk45": ("dopri5", {}),
}
_INTEGRATOR_CLASSES = {"vode": _ode.vode, "lsoda": _ode.lsoda, "dopri5": _ode.dopri5, "dop853": _ode.dop853}


def _check_tolerances(rtol, atol):
    """rtol and atol as floats, or atol as it is if it is an array, which
    set_vector_tolerances checked."""
    if isinstance(atol, np.ndarray):
        return _check_tolerances(rtol, 0.0)[0], atol
    if not (isinstance(rtol, numbers.Real) and isinstance(atol, numbers.Real)):
        raise ValueError(f"tolerances must be numbers, got rtol = {rtol!r}, atol = {atol!r}")
    rtol, atol = float(rtol), float(atol)
    if not (rtol > 0.0 and math.isfinite(rtol) and atol >= 0.0 and math.isfinite(atol)):
        raise ValueError(
            f"tolerances must be finite with rtol > 0 and atol >= 0, got rtol = {rtol:g}, atol = {atol:g}"
        )
    return rtol, atol


def _valid_options(name):
    return ", ".join(["rtol", "atol", *OPTIONS[name], "max_num_steps (= nsteps)"])


def _parse_options(name, config):
    """SciPy's keyword arguments for integrator `name`, and the tolerances
    among the options ({"rtol": ..., "atol": ...}, either or both)."""
    kwargs, tolerances = {"nsteps": DEFAULT_NSTEPS}, {}
    step_limit_key = None
    for key, value in (config or {}).items():
        if key in ("rtol", "atol"):
            tolerances[key] = value
            continue
        scipy_key = "nsteps" if key == "max_num_steps" else key
        check = OPTIONS[name].get(scipy_key) if isinstance(scipy_key, str) else None
        if check is None:
            raise ValueError(
                f"unknown option {key!r} for integrator '{name}'; valid options: {_valid_options(name)}"
            )
        if scipy_key == "nsteps":
            if step_limit_key is not None:
                raise ValueError(f"options '{step_limit_key}' and '{key}' are the same; give only one")
            step_limit_key = key
        kwargs[scipy_key] = check(key, value)
    return kwargs, tolerances


# ---- what the integrators return -------------------------------------------

# The return code meaning "nsteps steps taken before reaching t": the
# integration is fine so far and can go on.
# Where each integrator's Fortran code keeps its counters: indices into its
# iwork array (the Fortran IWORK(i) at i - 1), from the documentation of
# DVODE (optional outputs), LSODA (where NJE also counts the LU
# decompositions) and Hairer's DOPRI5 and DOP853.  The right-hand side's
# evaluations are counted by its wrapper instead: DOP853's NFCN leaves out
# those of its dense output.
_IWORK_COUNTERS = {
    "vode": {
        "steps": 10, "rejected_steps": 21, "jacobian_evaluations": 12, "linear_solver_setups": 18,
        "nonlinear_iterations": 19, "nonlinear_convergence_failures": 20,
    },
    "lsoda": {"steps": 10, "jacobian_evaluations": 12, "linear_solver_setups": 12},
    "dopri5": {"steps": 18, "rejected_steps": 19},
    "dop853": {"steps": 18, "rejected_steps": 19},
}
# The integrators keep iwork at this place of their call_args.
_CALL_ARGS_IWORK = 5
# DOPRI5 and DOP853 start their counters at 0 on every call (SciPy calls
# them afresh for every output time), and write them only when they return.
_COUNTED_PER_CALL = ("dopri5", "dop853")

_ODEPACK_OUT_OF_STEPS = -1
_OUT_OF_STEPS = {"vode": _ODEPACK_OUT_OF_STEPS, "lsoda": _ODEPACK_OUT_OF_STEPS, "dopri5": -2, "dop853": -2}
_STIFF_HINT = "; for a stiff problem use vode with method='bdf' and with_jacobian=1, or lsoda"
_ODEPACK_FAILURES = {
    -2: "more accuracy requested than double precision allows; raise rtol or atol",
    -3: "illegal input (see the integrator's message)",
    -4: "repeated error test failures; check the right-hand side for discontinuities, NaN or Inf",
    -5: "repeated convergence failures of the corrector; check the tolerances" + _STIFF_HINT,
    -6: "an error weight became zero: a solution component vanished while atol = 0; set atol > 0",
    -7: "LSODA's internal workspace is too small",
}
_DOPRI_FAILURES = {
    -1: "the input is not consistent (check first_step, max_step, safety, ifactor, dfactor, beta)",
    -3: "the step size became too small: the solution may blow up there" + _STIFF_HINT,
    -4: "the problem is probably stiff" + _STIFF_HINT,
}
_FAILURES = {
    "vode": _ODEPACK_FAILURES,
    "lsoda": _ODEPACK_FAILURES,
    "dopri5": _DOPRI_FAILURES,
    "dop853": _DOPRI_FAILURES,
}


# ---- keeping SciPy's output out of the user's ------------------------------
# (with openinterfaces._impl._fd_capture)


def _fortran_stdout_flusher():
    """libgfortran's FLUSH(6) as a no-argument function, or None.

    When stdout is not a terminal, libgfortran buffers what Fortran writes
    to it: without a flush, a message would reach the real stdout after the
    redirection ended.  The library is the one SciPy's extension modules
    loaded, found in the process's memory map (Linux)."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = [line.split(None, 5)[5].strip() for line in maps if "libgfortran" in line]
        flush = ctypes.CDLL(paths[0])._gfortran_flush_i4
    except (OSError, IndexError, AttributeError):
        return None
    flush.argtypes = [ctypes.POINTER(ctypes.c_int)]
    flush.restype = None
    unit = ctypes.c_int(6)
    return lambda: flush(unit)


_FLUSH_FORTRAN_STDOUT = _fortran_stdout_flusher()


def _flush_c_stdout():
    """Pushes out what a C program printed before, which may wait in C's
    stdout buffer, so that print_stats's lines come after it."""
    try:
        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError):
        pass

# A message of ODEPACK's XERRWD: " DVODE--  At current T ...", " lsoda-- ...",
# then lines that start with blanks.
_ODEPACK_MESSAGE_START = re.compile(rb" [A-Za-z]+-")


def _is_odepack_message(line, previous_was_message):
    return bool(_ODEPACK_MESSAGE_START.match(line)) or (previous_was_message and line[:1].isspace())


# ---- SciPy's f(t, y) and one integrate step per integrator family --------


# f2py hands f a y over the integrator's own work memory, which is reused
# and freed: an array kept past the call would later read garbage.
_KEPT_Y = (
    "the right-hand side kept its argument 'y' (or an array derived from it) after it returned; "
    "with scipy_ode its memory belongs to SciPy's integrator and is reused: keep a copy instead "
    "(numpy.array(y) or y.copy())"
)


def _ydot_in_place(ydot, shape, dtype):
    """Puts back the shape of the solver's ydot after a right-hand side
    reshaped it in place, or raises if it resized it, or changed its dtype
    or strides: its values would then not be f(t, y) for the integrator."""
    if ydot.dtype is dtype and ydot.size == shape[0] and ydot.flags.c_contiguous:
        ydot.shape = shape
        return
    raise ValueError(
        f"the right-hand side changed ydot from a contiguous {dtype} vector of shape {shape} to {ydot.dtype} "
        f"of shape {ydot.shape} with strides {ydot.strides}: write f(t, y) into ydot in place "
        "(ydot[:] = ...) without resizing it or changing its dtype or strides"
    )


def _make_f(rhs, user_data, ydot, stderr):
    """SciPy's f(t, y) calling rhs(t, y, ydot, user_data), and a function
    returning how many times it ran.  It returns the same ydot every time,
    which f2py copies into the integrator's own array."""
    evaluations = 0
    mute_stderr = stderr.try_begin
    shape, strides, dtype = ydot.shape, ydot.strides, ydot.dtype
    # A C user's callback, or a Python user's forced through C, hands the
    # user's function views of y and ydot that it looks after itself: the
    # checks below are for a Python function given y and ydot as they are.
    checked = type(rhs).__name__ != "CCallback"

    def f(t, y):
        nonlocal evaluations
        evaluations += 1
        try:
            references = sys.getrefcount(y) if checked else 0
            status = rhs(t, y, ydot, user_data)
            if checked:
                if sys.getrefcount(y) > references:
                    raise RuntimeError(_KEPT_Y)
                # f2py would fail on a resized ydot with an empty message,
                # and read a re-typed or re-strided one wrongly.
                if ydot.shape != shape or ydot.strides != strides or ydot.dtype is not dtype:
                    _ydot_in_place(ydot, shape, dtype)
            if status is not None and (status := callback_status(status, "right-hand side")) != 0:
                raise RuntimeError(f"right-hand side returned status {status} at t = {t:.15g}")
            return ydot
        except BaseException:
            # f2py reports a failed callback on stderr on its way out.
            mute_stderr()
            raise

    return f, lambda: evaluations


def _make_show_step(monitor, user_data, stderr, requests):
    """show_step(t, y): calls the monitor on a copy of y and tells whether
    it asked to stop, appending its request to `requests` if so."""
    mute_stderr = stderr.try_begin

    def show_step(t, y):
        try:
            request = callback_status(monitor(t, np.array(y), user_data), "monitor")
        except BaseException:
            # f2py reports a failed solout on stderr on its way out.
            mute_stderr()
            raise
        if request != 0:
            requests.append(request)
        return request != 0

    return show_step


def _no_jacobian():
    """The Jacobian callback when no Jacobian function is set: never called."""


def _make_jac(jac, user_data, n, stderr):
    """SciPy's jac(t, y) calling jac(t, y, J, user_data) on an n x n
    column-major J, zeroed before each call, which f2py copies.  J is the
    same array from call to call, unless the Jacobian kept it: that one
    then keeps its values, as a kept view does (ndarray_view.h), and the
    next call gets a new J."""
    matrix = [np.zeros((n, n), order="F")]
    mute_stderr = stderr.try_begin

    def jac_f(t, y):
        try:
            J = matrix[0]
            J.fill(0.0)
            references = sys.getrefcount(J)
            status = jac(t, y, J, user_data)
            if sys.getrefcount(J) > references:
                matrix[0] = np.empty_like(J)
            status = callback_status(status, "Jacobian")
            if status != 0:
                raise RuntimeError(f"Jacobian returned status {status} at t = {t:.15g}")
            return J
        except BaseException:
            mute_stderr()  # f2py reports a failed callback on its way out
            raise

    return jac_f


def _dopri_step(integrator, f, stdout, show_step, jac):
    """dopri5 and dop853: with verbosity < 0 they print nothing, so `stdout`
    stays as it is.  With a monitor (`show_step` not None) their solout is
    called after every accepted step, and stops the run by returning -1.
    Explicit methods use no Jacobian: `jac` is not called."""
    runner = integrator.runner
    rtol, atol, solout, iout, work, iwork = integrator.call_args
    # As many rtol as atol, which DOPRI's wrappers insist on.
    atol = np.array(atol, ndmin=1)
    rtol = np.full(atol.shape, rtol)
    if show_step is not None:
        iout = 1

        def solout(nr, xold, x, y, nd, icomp, con):
            # Call nr = 1 is for the starting point, before any step.
            return -1 if nr > 1 and show_step(x, y) else 0

    def step(t0, y0, t1):
        t, y, _, code = runner(f, t0, y0, t1, rtol, atol, solout, iout, work, iwork, ())
        return y, t, code, ""

    return step


def _odepack_step(integrator, f, stdout, show_step, jac):
    """vode and lsoda: one Fortran state per process, which SciPy's handles
    assign to one integrator object at a time."""
    step = _odepack_call(integrator, f, stdout, jac)
    return step if show_step is None else _showing_steps(step, integrator, show_step)


# ODEPACK's itask: to tout (interpolating within the last step when it was
# passed), or one step.  Its place in call_args, and that of rwork, whose
# element 12 (TCUR) is the time the integrator got to.
_ITASK_TO_TOUT, _ITASK_ONE_STEP = 1, 2
_CALL_ARGS_ITASK, _CALL_ARGS_ISTATE, _CALL_ARGS_RWORK, _RWORK_TCUR = 2, 3, 4, 12


def _showing_steps(step, integrator, show_step):
    """vode and lsoda with a monitor, which they have no hook for: one step
    per call (itask 2), each shown to the monitor, until a step passes t1;
    then a call to t1 (itask 1) interpolates back.  nsteps bounds the steps
    as it does a call to t1."""
    args = integrator.call_args
    nsteps = integrator.nsteps

    def step_showing(t0, y0, t1):
        direction = 1.0 if t1 > t0 else -1.0
        continuing = args[_CALL_ARGS_ISTATE] == 2
        if continuing and (args[_CALL_ARGS_RWORK][_RWORK_TCUR] - t1) * direction >= 0.0:
            return step(t0, y0, t1)  # the last step passed t1 already
        t, y = t0, y0
        for _ in range(nsteps):
            args[_CALL_ARGS_ITASK] = _ITASK_ONE_STEP
            try:
                y, t, code, message = step(t, y, t1)
            finally:
                args[_CALL_ARGS_ITASK] = _ITASK_TO_TOUT
            if code < 0 or show_step(t, y):
                return y, t, code, message
            if (t - t1) * direction >= 0.0:
                return step(t, y, t1)
        return y, t, _ODEPACK_OUT_OF_STEPS, ""

    return step_showing


def _odepack_call(integrator, f, stdout, jac):
    """One call of vode's or lsoda's Fortran code, as call_args say."""
    cls = type(integrator)
    runner = integrator.runner
    is_vode = cls is _ode.vode

    def f_printing_to_stdout(t, y):
        # What the right-hand side prints is the user's, never an
        # integrator message to keep out of the user's output.
        stdout.pause()
        try:
            return f(t, y)
        finally:
            stdout.resume()

    def step(t0, y0, t1):
        stdout.begin()
        try:
            if integrator.initialized and integrator.handle != cls.active_global_handle:
                # Another problem ran this Fortran code since: start afresh
                # from the last output.
                integrator.reset(y0.shape[0], False)
            if not integrator.initialized:
                integrator.initialized = True
                integrator.acquire_new_handle()
            handle = integrator.handle
            args = integrator.call_args
            rtol, atol, itask, istate, rwork, iwork, flag = args
            # The arguments in the order of SciPy's vode.run and lsoda.run.
            if is_vode:
                y, t, code = runner(
                    f_printing_to_stdout, jac, y0, t0, t1, rtol, atol, itask, istate, rwork, iwork,
                    flag, (), (),
                )
            else:
                y, t, code = runner(
                    f_printing_to_stdout, y0, t0, t1, rtol, atol, itask, istate, rwork, iwork, jac,
                    flag, (), 0, (),
                )
            # Checked before the lock is released, as other threads may
            # then start problems of their own.
            displaced = handle != cls.active_global_handle
        finally:
            message = stdout.end()
        if displaced:
            raise RuntimeError(
                f"{cls.__name__} integrated another problem while it integrated this one (from within the "
                f"right-hand side?); SciPy's {cls.__name__} solves one problem at a time: use dopri5 or "
                "dop853 for one of them"
            )
        if code > 0 or code == _ODEPACK_OUT_OF_STEPS:
            # istate: go on from the integrator's state next time (also
            # after running out of steps, as ODEPACK documents).
            args[3] = 2
        return y, t, code, message

    return step


_STEP_MAKERS = {"vode": _odepack_step, "lsoda": _odepack_step, "dopri5": _dopri_step, "dop853": _dopri_step}


# ---- the implementation ----------------------------------------------------


class ScipyODE(IVPInterface):
    def __init__(self):
        self._integrator_name = DEFAULT_INTEGRATOR
        self._integrator_kwargs = {"nsteps": DEFAULT_NSTEPS}
        self._rtol, self._atol = DEFAULT_RTOL, DEFAULT_ATOL
        self._rhs = None
        self._monitor = None
        self._jac = None
        self._monitor_requests = []  # what the monitor returned when it asked to stop
        self._user_data = None
        # The solution at the last output time: where the method (re)starts.
        self._t = 0.0
        self._y = None
        self._ydot = None
        self._f = None  # None: to be made from rhs, user data and ydot
        self._count_f = None
        self._earlier_evaluations = 0  # by the f's made since set_initial_value before the current one
        self._step = None  # None: the method restarts at the next integrate
        # The integrator's work array that holds its counters since it last
        # started, if it ran since set_initial_value; and what earlier
        # integrators and work arrays counted since then.
        self._integrator = None
        self._iwork_integrator = None  # the name of the integrator that _iwork belongs to
        self._iwork = None
        self._earlier_counts = {}
        self._direction = 0.0
        self._stdout = Capture(1, _is_odepack_message, _FLUSH_FORTRAN_STDOUT)
        self._stderr = Capture(2, is_f2py_message, None)

    def set_initial_value(self, y0, t0):
        y0 = np.array(y0, dtype=np.float64)  # a copy: y0 is the caller's memory
        if y0.ndim != 1 or y0.shape[0] < 1:
            raise ValueError(f"'y0' must be a non-empty vector, got shape {y0.shape}")
        if not math.isfinite(t0):
            raise ValueError(f"'t0' must be finite, got {t0}")
        not_finite = np.flatnonzero(~np.isfinite(y0))
        if not_finite.size:
            i = not_finite[0]
            raise ValueError(f"'y0' must be finite, but y0[{i}] = {y0[i]}")
        if self._y is None or self._y.shape != y0.shape:
            self._ydot = np.empty_like(y0)
        self._drop_f()
        self._earlier_evaluations = 0
        self._iwork, self._earlier_counts = None, {}
        self._t, self._y = float(t0), y0

    def set_rhs_fn(self, rhs):
        if not callable(rhs):
            raise ValueError(f"the right-hand side must be callable, got {type(rhs).__name__}")
        self._rhs = rhs
        self._drop_f()

    def set_jac_fn(self, jac):
        if jac is not None and not callable(jac):
            raise ValueError(f"the Jacobian must be callable or None, got {type(jac).__name__}")
        self._jac = jac
        self._step = None  # restarts with or without it

    def set_monitor_fn(self, monitor):
        if monitor is not None and not callable(monitor):
            raise ValueError(f"the monitor must be callable or None, got {type(monitor).__name__}")
        self._monitor = monitor
        self._step = None  # made anew to show the steps, or not

    def set_tolerances(self, rtol, atol):
        self._rtol, self._atol = _check_tolerances(rtol, atol)
        self._step = None

    def set_vector_tolerances(self, rtol, atol):
        rtol, _ = _check_tolerances(rtol, 0.0)
        atol = np.array(atol, dtype=np.float64)  # a copy: atol is the caller's memory
        if atol.ndim != 1 or atol.size == 0 or (self._y is not None and atol.shape != self._y.shape):
            length = "?" if self._y is None else self._y.shape[0]
            raise ValueError(f"'atol' must be a vector as long as y0 ({length}), got shape {atol.shape}")
        wrong = np.flatnonzero(~(np.isfinite(atol) & (atol >= 0.0)))
        if wrong.size:
            raise ValueError(f"'atol' must be non-negative and finite, but atol[{wrong[0]}] = {atol[wrong[0]]}")
        self._rtol, self._atol = rtol, atol
        self._step = None

    def set_user_data(self, user_data):
        self._user_data = user_data
        self._drop_f()

    def set_integrator(self, integrator_name, config):
        name = integrator_name.lower() if isinstance(integrator_name, str) else None
        name, settings = PORTABLE_NAMES.get(name, (name, {}))
        if name not in OPTIONS:
            raise ValueError(
                f"unknown integrator {integrator_name!r}; scipy_ode provides: {', '.join(OPTIONS)}, "
                f"and {', '.join(PORTABLE_NAMES)} (the names other implementations use)"
            )
        if "method" in settings and "method" in (config or {}):
            raise ValueError(f"integrator {integrator_name!r} is vode's method {settings['method']!r}: "
                             "give no option 'method' with it")
        kwargs, tolerances = _parse_options(name, config)
        kwargs = {**settings, **kwargs}
        rtol, atol = _check_tolerances(
            tolerances.get("rtol", self._rtol), tolerances.get("atol", self._atol)
        )
        self._integrator_name, self._integrator_kwargs = name, kwargs
        self._rtol, self._atol = rtol, atol
        self._step = None

    def integrate(self, t, y):
        y_last = self._y
        if y_last is None:
            raise RuntimeError("no initial value: call set_initial_value before integrate")
        if y.shape != y_last.shape:
            raise ValueError(f"'y' must be a vector of length {y_last.shape[0]}, like y0")
        if np.shape(self._atol) not in ((), y_last.shape):
            raise ValueError(f"'atol' has {np.size(self._atol)} values but y0 has {y_last.shape[0]}: set the "
                             "tolerances again for the new y0")
        if not math.isfinite(t):
            raise ValueError(f"'t' must be finite, got {t}")
        t_last = self._t
        if t == t_last:
            y[:] = y_last
            return
        if not math.isfinite(t - t_last):
            raise ValueError(f"'t' = {t:g} is too far from the current time {t_last:g}: the span overflows")
        step = self._step
        if step is None or not 0.0 < (t - t_last) * self._direction:
            step = self._start(t)
        requests = self._monitor_requests
        requests.clear()
        try:
            y_new, t_new, code, message = step(t_last, y_last, t)
        except BaseException:
            self._follow_iwork()
            self._step = None
            if self._stderr.active:
                self._stderr.end()
            ydot = self._ydot
            if ydot.shape != y_last.shape or ydot.strides != y_last.strides or ydot.dtype != y_last.dtype:
                # The right-hand side resized it: the next f gets a new one.
                self._ydot = np.empty_like(y_last)
                self._drop_f()
            raise
        self._follow_iwork()
        if code < 0:
            self._fail(code, t_new, y_new, t, message)
        if requests:
            # The integrators go on from the step shown: dopri5 and dop853
            # start each call afresh, vode and lsoda are at that step.
            self._t, self._y = t_new, y_new
            y[:] = y_new
            raise OIFStopped(f"stopped by the monitor at t = {t_new:.17g} (it returned {requests[0]})")
        if "illegal" in message:
            # ODEPACK's interpolation refused the output time ("intdy-- t
            # (=r1) illegal") yet the call reports success.
            self._step = None
            raise RuntimeError(
                f"{self._integrator_name} could not compute the solution at t = {t:.15g}; the integrator "
                f"says: {message}"
            )
        # lsoda reports success with NaN in y when the right-hand side
        # returns NaN from the start: a silent wrong answer, refused here.
        if not np.isfinite(y_new).all():
            self._step = None
            raise RuntimeError(
                f"{self._integrator_name}: the solution at t = {t:.15g} is not finite (NaN or Inf): the "
                "right-hand side returned NaN or Inf, or the solution blew up"
            )
        self._t, self._y = t, y_new  # y_new is the integrator's fresh array
        y[:] = y_new

    def print_stats(self):
        _flush_c_stdout()
        print(f"scipy_ode: integrator: {self._integrator_name}")
        print(f"scipy_ode: rhs evaluations: {self._rhs_evaluations()}", flush=True)

    def get_stats(self):
        # Every counter of the integrator in use, 0 before it ran, and those
        # of earlier ones that counted since set_initial_value.
        counts = dict.fromkeys(_IWORK_COUNTERS[self._integrator_name], 0)
        for key, count in self._earlier_counts.items():
            counts[key] = counts.get(key, 0) + count
        if self._iwork is not None:
            self._add_counts(counts)
        return {"steps": counts.pop("steps"), "rhs_evaluations": self._rhs_evaluations(), **counts}

    def _rhs_evaluations(self):
        return self._earlier_evaluations + (self._count_f() if self._count_f else 0)

    def _add_counts(self, counts):
        """Adds the counters of the current work array to `counts`."""
        iwork, name = self._iwork, self._iwork_integrator
        for key, index in _IWORK_COUNTERS[name].items():
            counts[key] = counts.get(key, 0) + int(iwork[index])

    def _keep_counts(self):
        """Before the integrator's work array is replaced: its counts are kept."""
        if self._iwork is not None:
            self._add_counts(self._earlier_counts)
            self._iwork = None

    def _follow_iwork(self):
        """After a call of the integrator's Fortran code, keeps the counts
        that the next call would lose.  DOPRI5 and DOP853 count each call
        from 0: their counts are kept, and zeroed so that a call that does
        not return normally (the right-hand side raised) adds nothing.
        vode and lsoda go on counting, but make a new work array when they
        start again after another problem used their Fortran code
        (_odepack_step)."""
        iwork = self._integrator.call_args[_CALL_ARGS_IWORK]
        if self._iwork_integrator in _COUNTED_PER_CALL:
            self._iwork = iwork
            self._keep_counts()
            for index in _IWORK_COUNTERS[self._iwork_integrator].values():
                iwork[index] = 0
        elif iwork is not self._iwork:
            self._keep_counts()
            self._iwork = iwork

    def _drop_f(self):
        """The right-hand side, its user data or y's length changed: a new
        f, and the method restarts from the last output time."""
        if self._count_f is not None:
            self._earlier_evaluations += self._count_f()
        self._f = self._count_f = None
        self._step = None

    def _start(self, t):
        """The method, started afresh at the last output time, to go towards t."""
        if self._rhs is None:
            raise RuntimeError("no right-hand side: call set_rhs_fn before integrate")
        if self._f is None:
            self._f, self._count_f = _make_f(self._rhs, self._user_data, self._ydot, self._stderr)
        name = self._integrator_name
        kwargs = self._integrator_kwargs
        span = abs(t - self._t)
        if kwargs.get("first_step", 0.0) > span:
            # lsoda takes a first step far beyond t as it is given, and then
            # reports success with y = 0 (first_step = 1e308 to t = 1).
            kwargs = {**kwargs, "first_step": span}
        integrator = _INTEGRATOR_CLASSES[name](rtol=self._rtol, atol=self._atol, **kwargs)
        # vode and lsoda use the Jacobian, as SciPy's ode does given one, but
        # for banded ones (lband, uband), whose packed form it is not given in.
        banded = "lband" in kwargs or "uband" in kwargs
        uses_jac = self._jac is not None and name in ("vode", "lsoda") and not banded
        integrator.reset(self._y.shape[0], uses_jac)
        self._keep_counts()
        self._integrator, self._iwork_integrator = integrator, name
        show_step = None
        if self._monitor is not None:
            show_step = _make_show_step(self._monitor, self._user_data, self._stderr, self._monitor_requests)
        jac = _make_jac(self._jac, self._user_data, self._y.shape[0], self._stderr) if uses_jac else _no_jacobian
        self._step = _STEP_MAKERS[name](integrator, self._f, self._stdout, show_step, jac)
        self._direction = 1.0 if t > self._t else -1.0
        return self._step

    def _fail(self, code, t_reached, y_reached, t, message):
        name = self._integrator_name
        if code == _OUT_OF_STEPS[name]:
            # Fine so far: the next integrate goes on from there.
            # dopri5 and dop853 reject every step whose error estimate is
            # NaN, until the steps run out without t having moved.
            stuck = " (t did not advance: does the right-hand side return NaN or Inf there?)" if (
                t_reached == self._t
            ) else ""
            self._t, self._y = t_reached, y_reached
            raise RuntimeError(
                f"{name}: nsteps = {self._integrator_kwargs['nsteps']} steps taken in this call reached "
                f"only t = {t_reached:.15g} of t = {t:.15g}{stuck}; call integrate again to go on, or raise "
                "the option nsteps with set_integrator"
            )
        self._step = None
        reason = _FAILURES[name].get(code, "unexpected return code")
        details = f"; the integrator says: {message}" if message else ""
        raise RuntimeError(
            f"{name} failed at t = {t_reached:.15g} on the way to t = {t:.15g}: {reason} "
            f"(return code {code}){details}"
        )
