"""What every interface class shares: loading by name, closing, checking
arrays and callbacks before they reach an implementation."""

import inspect

import numpy as np

from openinterfaces._core import interface_version
from openinterfaces._registration import register_announced
from openinterfaces.core import OIFCallback, OIFPyBinding, load_impl, unload_impl


class InterfaceBase:
    """Holds one loaded implementation of an interface.

    The implementation is released by :meth:`close`, by leaving a ``with``
    block, or when the object is garbage-collected.
    """

    _interface = ""

    def __init__(self, impl: str):
        version = interface_version(self._interface)
        try:
            self._binding: OIFPyBinding = load_impl(self._interface, impl, *version)
        except ValueError:
            # A name found nowhere may be one an installed package announces
            # (entry points): registered on first use, then loaded.
            if not isinstance(impl, str) or not register_announced(self._interface, impl):
                raise
            self._binding = load_impl(self._interface, impl, *version)

    @property
    def impl(self) -> str:
        """The name of the implementation in use."""
        return self._binding.impl

    def supports(self, method: str) -> bool:
        """Whether the implementation has `method`, one of the interface's:
        False for a method added in a minor version of the interface after
        the one the implementation was written for (calling it raises)."""
        return self._binding.supports(method)

    def close(self) -> None:
        """Releases the implementation; later calls raise ValueError."""
        if self._binding.implh != 0:
            unload_impl(self._binding)

    def _state(self) -> str:
        """What a repr shows of the object's state, after the implementation."""
        return ""

    def __repr__(self) -> str:
        binding = getattr(self, "_binding", None)
        if binding is None:
            return f"<{type(self).__name__}: not loaded>"
        state = "closed" if binding.implh == 0 else self._state()
        return f"<{type(self).__name__} ({self._interface}) '{binding.impl}'{', ' + state if state else ''}>"

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __del__(self):
        binding = getattr(self, "_binding", None)
        if binding is not None and binding.implh != 0:
            unload_impl(binding)


def real_array(value, name: str) -> np.ndarray:
    """`value` as a float64 array, without a copy when it is one already.
    Raises TypeError for complex, object or string contents, which a
    conversion to float64 would cut to their real part or refuse late."""
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got an array of dtype {array.dtype}")
    return np.asarray(array, dtype=np.float64)


def real_vector(value, name: str) -> np.ndarray:
    """`value` as a non-empty contiguous float64 vector."""
    vector = np.ascontiguousarray(real_array(value, name))
    if vector.ndim != 1 or vector.size == 0:
        raise ValueError(f"{name} must be a non-empty vector, got shape {vector.shape}")
    return vector


def accepts(fn, count: int) -> bool:
    """Whether `fn` can be called with `count` positional arguments; True
    for a callback made by make_oif_callback (its signature is checked
    against the spec when it is passed) and when the signature cannot be
    read (some builtins), to let the call itself decide."""
    if isinstance(fn, OIFCallback):
        return True
    if not callable(fn):
        return False
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return True
    try:
        signature.bind(*range(count))
    except TypeError:
        return False
    return True


def check_callback(fn, what: str, *parameters: str) -> None:
    """Raises TypeError now, whatever the implementation, for a `fn` that
    cannot be called with the given parameters."""
    if not (callable(fn) or isinstance(fn, OIFCallback)):
        raise TypeError(f"the {what} must be callable, not {type(fn).__name__}")
    if not accepts(fn, len(parameters)):
        raise TypeError(f"the {what} must take ({', '.join(parameters)}); {fn!r} takes {inspect.signature(fn)}")
