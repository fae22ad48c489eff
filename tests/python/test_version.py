"""The Python package and the C libraries it loads are one version."""

import ctypes
import os
import pathlib

import openinterfaces

BUILD = pathlib.Path(os.environ.get("OIF_BUILD_DIR", pathlib.Path(__file__).parents[2] / "build"))


def test_package_version_is_the_c_libraries_version():
    common = ctypes.CDLL(str(BUILD / "common" / "liboif_common.so"))
    common.oif_version.restype = ctypes.c_char_p
    assert openinterfaces.__version__ == common.oif_version().decode()

