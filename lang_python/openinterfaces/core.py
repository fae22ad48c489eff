"""Low-level access to implementations: constants, loading, and calls.

Most users want the classes in :mod:`openinterfaces.interfaces` instead.
``load_impl`` returns an :class:`OIFPyBinding`, whose ``call`` converts the
arguments directly into the C structures the implementation receives: no
copies of arrays, no ctypes.  The constants are those of ``<oif/api.h>``,
taken from the C headers when the extension is built.

For code that builds those structures itself, as upstream's ctypes-based
core let it, the ctypes mirrors of ``<oif/api.h>``'s ``OIFArgType``,
``OIFArgs`` and ``OIFArrayF64`` are here too, and ``make_oif_config_dict``
(see its caveat).
"""

import ctypes
import numbers
import struct

from openinterfaces._core import (  # noqa: F401 (re-exported)
    OIF_ARRAY_C_CONTIGUOUS,
    OIF_ARRAY_F_CONTIGUOUS,
    OIF_BRIDGE_NOT_AVAILABLE_ERROR,
    OIF_ERROR,
    OIF_IMPL_INIT_ERROR,
    OIF_IMPL_NOT_AVAILABLE_ERROR,
    OIF_IMPL_STARTING_NUMBER,
    OIF_STOPPED,
    OIF_LANG_C,
    OIF_LANG_COUNT,
    OIF_LANG_CXX,
    OIF_LANG_JULIA,
    OIF_LANG_PYTHON,
    OIF_LANG_R,
    OIF_TYPE_ARRAY_F32,
    OIF_TYPE_ARRAY_F64,
    OIF_TYPE_BOOL,
    OIF_TYPE_CALLBACK,
    OIF_TYPE_CHAR,
    OIF_TYPE_CONFIG_DICT,
    OIF_TYPE_F32,
    OIF_TYPE_F64,
    OIF_TYPE_I8,
    OIF_TYPE_I32,
    OIF_TYPE_I64,
    OIF_TYPE_INT,
    OIF_TYPE_POINTER,
    OIF_TYPE_STRING,
    OIF_TYPE_U8,
    OIF_TYPE_U32,
    OIF_TYPE_U64,
    OIF_TYPE_UCHAR,
    OIF_TYPE_UINT,
    OIF_TYPE_USER_DATA,
    OIF_USER_DATA,
    OIFCallback,
    OIFPyBinding,
    OIFUserData,
    load_impl,
    make_oif_callback,
    make_oif_user_data,
    unload_impl,
)

# Short names used by code written for earlier versions of the package.
OIF_INT = OIF_TYPE_INT
OIF_FLOAT64 = OIF_TYPE_F64
OIF_ARRAY_F64 = OIF_TYPE_ARRAY_F64
OIF_STR = OIF_TYPE_STRING
OIF_CALLBACK = OIF_TYPE_CALLBACK
OIF_CONFIG_DICT = OIF_TYPE_CONFIG_DICT


# ---- ctypes mirrors of <oif/api.h> -------------------------------------------
# Field for field the C structs (ssize_t and size_t included), so that a
# pointer to one can be handed to C code; the tests hand them to the C
# library (tests/python/test_upstream_package.py).


class OIFArgType(ctypes.c_int):
    """An OIF_TYPE_* code: <oif/api.h>'s OIFArgType, a C enum of 4 bytes."""


class OIFArgs(ctypes.Structure):
    """<oif/api.h>'s OIFArgs: `num_args` arguments, each an OIF_TYPE_* code
    in `arg_types` and a pointer to its value in `arg_values`."""

    _fields_ = [
        ("num_args", ctypes.c_size_t),
        ("arg_types", ctypes.POINTER(OIFArgType)),
        ("arg_values", ctypes.POINTER(ctypes.c_void_p)),
    ]


class OIFArrayF64(ctypes.Structure):
    """<oif/api.h>'s OIFArrayF64: an `nd`-dimensional array of doubles at
    `data`, with OIF_ARRAY_C_CONTIGUOUS / OIF_ARRAY_F_CONTIGUOUS in `flags`.
    It does not own `dimensions` or `data`: whoever makes one keeps them alive."""

    _fields_ = [
        ("nd", ctypes.c_int),
        ("dimensions", ctypes.POINTER(ctypes.c_ssize_t)),
        ("data", ctypes.POINTER(ctypes.c_double)),
        ("flags", ctypes.c_int),
    ]


class OIFConfigDict(ctypes.Structure):
    """A dict of options in the layout upstream's Python package made them:
    its type code (OIF_TYPE_CONFIG_DICT), the language that made it
    (OIF_LANG_PYTHON), the number of entries, their MessagePack
    serialization (`buffer`, `buffer_length`) and the address of the Python
    dict.  Here the C library's OIFConfigDict is opaque and laid out
    otherwise: this struct is not one, and a pointer to it must not be
    handed to C as an ``OIFConfigDict *`` (OIFPyBinding.call takes the dict
    itself).  A C program can rebuild the options from `buffer` with
    oif_config_dict_set_serialized() and oif_config_dict_deserialize()."""

    _fields_ = [
        ("type", ctypes.c_int),
        ("src", ctypes.c_int),
        ("size", ctypes.c_size_t),
        ("buffer", ctypes.c_char_p),
        ("buffer_length", ctypes.c_size_t),
        ("native_object", ctypes.c_void_p),
    ]


_C_INT_RANGE = range(-(2**31), 2**31)


def _msgpack_int(value: int) -> bytes:
    """`value`, a C int, in MessagePack's shortest form, as msgpack-c's
    msgpack_pack_int64 (the C side) writes it: unsigned forms for positive
    values, signed ones for negative values."""
    if -32 <= value < 0x80:  # a fixint: the value is the byte
        return struct.pack(">b" if value < 0 else ">B", value)
    if value > 0:
        forms = ((0xCC, ">B", 2**8), (0xCD, ">H", 2**16), (0xCE, ">I", 2**32))
    else:
        forms = ((0xD0, ">b", 2**7), (0xD1, ">h", 2**15), (0xD2, ">i", 2**31))
    code, fmt = next((code, fmt) for code, fmt, limit in forms if -limit <= value < limit)
    return bytes([code]) + struct.pack(fmt, value)


def _msgpack_str(value: str) -> bytes:
    data = value.encode("utf-8")
    n = len(data)
    if n < 32:
        return bytes([0xA0 | n]) + data
    for code, fmt, limit in ((0xD9, ">B", 2**8), (0xDA, ">H", 2**16), (0xDB, ">I", 2**32)):
        if n < limit:
            return bytes([code]) + struct.pack(fmt, n) + data
    raise ValueError(f"a string of {n} bytes is too long for MessagePack")


def _msgpack_option(key, value) -> bytes:
    """One entry as the C side serializes it: the key, then the value as
    int, double or str (a bool is an int), the types options may have."""
    if not isinstance(key, str):
        raise TypeError(f"option names must be str, not {type(key).__name__}")
    if "\0" in key:
        raise ValueError(f"option name {key!r} contains a NUL character")
    if isinstance(value, numbers.Integral):
        if int(value) not in _C_INT_RANGE:
            raise ValueError(f"option '{key}' = {value!r} does not fit in a C int")
        encoded = _msgpack_int(int(value))
    elif isinstance(value, numbers.Real):
        encoded = b"\xcb" + struct.pack(">d", float(value))
    elif isinstance(value, str):
        if "\0" in value:
            raise ValueError(f"option '{key}' = {value!r} contains a NUL character")
        encoded = _msgpack_str(value)
    else:
        raise TypeError(f"option '{key}' has a value of type {type(value).__name__}; options must be int, float or str")
    return _msgpack_str(key) + encoded


def make_oif_config_dict(arg: dict) -> OIFConfigDict:
    """`arg` (str keys; int, float or str values) as an OIFConfigDict in
    upstream's layout, its entries serialized to MessagePack exactly as the
    C library serializes them (keys and values alternating, no map header).

    What it returns keeps `arg` and the serialized bytes alive, the bytes
    also as its attribute `serialized` (reading the `buffer` field stops
    at the first NUL byte).  It is not the C library's OIFConfigDict (see
    OIFConfigDict): to pass options to an implementation, pass the dict
    itself to OIFPyBinding.call.
    """
    if not isinstance(arg, dict):
        raise TypeError(f"options must be a dict, not {type(arg).__name__}")
    serialized = b"".join(_msgpack_option(key, value) for key, value in arg.items())
    config = OIFConfigDict(OIF_TYPE_CONFIG_DICT, OIF_LANG_PYTHON, len(arg), serialized, len(serialized), id(arg))
    config.native_dict = arg  # native_object holds its address: it must outlive this struct
    config.serialized = serialized
    return config
