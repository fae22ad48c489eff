"""Types of openinterfaces._core, the C extension (see core.py)."""

from collections.abc import Callable, Sequence
from typing import Any

OIF_TYPE_BOOL: int
OIF_TYPE_CHAR: int
OIF_TYPE_I8: int
OIF_TYPE_UCHAR: int
OIF_TYPE_U8: int
OIF_TYPE_INT: int
OIF_TYPE_I32: int
OIF_TYPE_UINT: int
OIF_TYPE_U32: int
OIF_TYPE_I64: int
OIF_TYPE_U64: int
OIF_TYPE_F32: int
OIF_TYPE_F64: int
OIF_TYPE_ARRAY_F32: int
OIF_TYPE_ARRAY_F64: int
OIF_TYPE_STRING: int
OIF_TYPE_CALLBACK: int
OIF_USER_DATA: int
OIF_TYPE_USER_DATA: int
OIF_TYPE_POINTER: int
OIF_TYPE_CONFIG_DICT: int
OIF_LANG_C: int
OIF_LANG_CXX: int
OIF_LANG_PYTHON: int
OIF_LANG_JULIA: int
OIF_LANG_R: int
OIF_LANG_COUNT: int
OIF_ARRAY_C_CONTIGUOUS: int
OIF_ARRAY_F_CONTIGUOUS: int
OIF_ERROR: int
OIF_IMPL_INIT_ERROR: int
OIF_BRIDGE_NOT_AVAILABLE_ERROR: int
OIF_IMPL_NOT_AVAILABLE_ERROR: int
OIF_STOPPED: int
OIF_IMPL_STARTING_NUMBER: int

class OIFPyBinding:
    @property
    def implh(self) -> int: ...
    @property
    def interface(self) -> str: ...
    @property
    def impl(self) -> str: ...
    def call(
        self, method: str, in_args: Sequence[Any], out_args: Sequence[Any], return_arg_types: Sequence[int] = ...
    ) -> int | list[int | str | dict[str, int | float | str]]: ...
    def supports(self, method: str) -> bool: ...

class OIFCallback:
    @property
    def fn(self) -> Callable[..., Any]: ...

class OIFUserData:
    @property
    def obj(self) -> Any: ...

def load_impl(interface: str, impl: str, major: int, minor: int) -> OIFPyBinding: ...
def unload_impl(binding: OIFPyBinding) -> None: ...
def make_oif_callback(fn: Callable[..., Any], argtypes: Sequence[int], restype: int) -> OIFCallback: ...
def make_oif_user_data(obj: Any) -> OIFUserData: ...
def list_impls(interface: str) -> list[str]: ...
def impl_language(interface: str, impl: str) -> str: ...
def register_impl_entry(interface: str, impl: str, language: str, details: str) -> None: ...
def interface_names() -> list[str]: ...
def interface_version(interface: str) -> tuple[int, int]: ...
def search_path() -> str: ...

class OIFError(RuntimeError): ...
class OIFOptionError(OIFError, ValueError): ...
class OIFStopped(OIFError): ...
