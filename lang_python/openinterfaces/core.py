"""Low-level access to implementations: constants, loading, and calls.

Most users want the classes in :mod:`openinterfaces.interfaces` instead.
``load_impl`` returns an :class:`OIFPyBinding`, whose ``call`` converts the
arguments directly into the C structures the implementation receives: no
copies of arrays, no ctypes.  The constants are those of ``<oif/api.h>``,
taken from the C headers when the extension is built.
"""

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
