"""What every interface class shares: loading by name and closing."""

from openinterfaces._core import interface_version
from openinterfaces.core import OIFPyBinding, load_impl, unload_impl


class InterfaceBase:
    """Holds one loaded implementation of an interface.

    The implementation is released by :meth:`close`, by leaving a ``with``
    block, or when the object is garbage-collected.
    """

    _interface = ""

    def __init__(self, impl: str):
        self._binding: OIFPyBinding = load_impl(self._interface, impl, *interface_version(self._interface))

    @property
    def impl(self) -> str:
        """The name of the implementation in use."""
        return self._binding.impl

    def close(self) -> None:
        """Releases the implementation; later calls raise ValueError."""
        if self._binding.implh != 0:
            unload_impl(self._binding)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __del__(self):
        binding = getattr(self, "_binding", None)
        if binding is not None and binding.implh != 0:
            unload_impl(binding)
