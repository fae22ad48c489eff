"""Calling a C function from Python with OIF arguments.

:class:`Callback` wraps a C function pointer held in a PyCapsule so that
Python code calls it with floats, ints, NumPy arrays and user data, as
upstream's ``openinterfaces.callback.Callback`` did for Python
implementations handed a C callback.  Here the Python bridge hands such
implementations a callable of its own already, so this class is for code
that gets a capsule some other way.  ``make_oif_callback``, the other
direction (a Python function as a C one), is re-exported from
:mod:`openinterfaces.core`.
"""

import ctypes
import datetime

import numpy as np

from openinterfaces.core import (
    OIF_ARRAY_C_CONTIGUOUS,
    OIF_ARRAY_F_CONTIGUOUS,
    OIF_TYPE_ARRAY_F64,
    OIF_TYPE_F64,
    OIF_TYPE_INT,
    OIF_USER_DATA,
    OIFArrayF64,
    make_oif_callback,
)

__all__ = ["Callback", "make_oif_callback"]

# The right-hand side of the ivp interface, rhs(t, y, ydot, user_data):
# what upstream's Callback assumed whatever it was given.
IVP_RHS_ARG_TYPES = (OIF_TYPE_F64, OIF_TYPE_ARRAY_F64, OIF_TYPE_ARRAY_F64, OIF_USER_DATA)

_C_TYPES = {
    OIF_TYPE_INT: ctypes.c_int,
    OIF_TYPE_F64: ctypes.c_double,
    OIF_TYPE_ARRAY_F64: ctypes.POINTER(OIFArrayF64),
    OIF_USER_DATA: ctypes.c_void_p,
}

# Function objects of our own, not ctypes.pythonapi's shared ones, whose
# argtypes other code may set differently.
_capsule_get_pointer = ctypes.PYFUNCTYPE(ctypes.c_void_p, ctypes.py_object, ctypes.c_char_p)(
    ("PyCapsule_GetPointer", ctypes.pythonapi))
_capsule_get_name = ctypes.PYFUNCTYPE(ctypes.c_char_p, ctypes.py_object)(("PyCapsule_GetName", ctypes.pythonapi))
_CAPSULE_TYPE = type(datetime.datetime_CAPI)  # PyCapsule, which Python does not name elsewhere


class Callback:
    """The C function in the PyCapsule `fn_p` (opened with the capsule name
    `id`), called with Python values.

    `arg_types` are the OIF type codes of its parameters: OIF_TYPE_INT,
    OIF_TYPE_F64, OIF_TYPE_ARRAY_F64 (a contiguous float64 ndarray, passed
    as an ``OIFArrayF64 *`` viewing its memory) or OIF_USER_DATA (None, a
    PyCapsule or an address as int, passed as ``void *``); by default those
    of the ivp right-hand side, (t, y, ydot, user_data).  `restype` is
    OIF_TYPE_INT (the default) or OIF_TYPE_F64.  Calling it returns the C
    function's result.
    """

    def __init__(self, fn_p, id: str, arg_types=(), restype: int = OIF_TYPE_INT):
        self.fn_capsule = fn_p
        self.arg_types = tuple(arg_types) or IVP_RHS_ARG_TYPES
        unknown = [t for t in self.arg_types if t not in _C_TYPES]
        if unknown:
            raise ValueError(f"Callback: argument types must be OIF_TYPE_INT, OIF_TYPE_F64, OIF_TYPE_ARRAY_F64 "
                             f"or OIF_USER_DATA, not {unknown}")
        if restype not in (OIF_TYPE_INT, OIF_TYPE_F64):
            raise ValueError(f"Callback: restype must be OIF_TYPE_INT or OIF_TYPE_F64, not {restype}")
        address = _capsule_get_pointer(fn_p, id.encode())  # ValueError for a wrong name or a non-capsule
        prototype = ctypes.CFUNCTYPE(_C_TYPES[restype], *(_C_TYPES[t] for t in self.arg_types))
        self._fn = prototype(address)

    def __repr__(self) -> str:
        return f"<Callback of {len(self.arg_types)} arguments at {ctypes.cast(self._fn, ctypes.c_void_p).value:#x}>"

    def __call__(self, *args):
        if len(args) != len(self.arg_types):
            raise TypeError(f"the callback takes {len(self.arg_types)} arguments, not {len(args)}")
        # The converted arrays, and the shapes they point to, live until the call returns.
        c_args = [_to_c(value, arg_type, i) for i, (value, arg_type) in enumerate(zip(args, self.arg_types))]
        return self._fn(*c_args)


def _to_c(value, arg_type, position):
    if arg_type == OIF_TYPE_F64:
        return float(value)
    if arg_type == OIF_TYPE_INT:
        return int(value)
    if arg_type == OIF_TYPE_ARRAY_F64:
        return ctypes.pointer(_array_view(value, position))
    if value is None:
        return None
    if isinstance(value, _CAPSULE_TYPE):
        return _capsule_get_pointer(value, _capsule_get_name(value))
    if isinstance(value, int):
        return value
    raise TypeError(f"argument {position + 1}: user data passed to a C function must be None, a PyCapsule or "
                    f"an address, not {type(value).__name__}")


def _array_view(array, position) -> OIFArrayF64:
    """An OIFArrayF64 viewing `array`'s memory; it keeps `array` alive."""
    if not isinstance(array, np.ndarray) or array.dtype != np.float64:
        raise TypeError(f"argument {position + 1} must be a float64 ndarray, not "
                        f"{getattr(array, 'dtype', type(array).__name__)}")
    flags = (OIF_ARRAY_C_CONTIGUOUS if array.flags.c_contiguous else 0) | (
        OIF_ARRAY_F_CONTIGUOUS if array.flags.f_contiguous else 0)
    if not flags:
        raise ValueError(f"argument {position + 1} must be a C- or Fortran-contiguous array")
    dimensions = (ctypes.c_ssize_t * array.ndim)(*array.shape)
    view = OIFArrayF64(array.ndim, dimensions, array.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), flags)
    view.source = array  # the data pointer is only valid while the array lives
    return view
