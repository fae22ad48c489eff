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



def test_version_says_the_upstream_api_level_and_is_none_of_upstreams_releases():
    from packaging.version import Version

    version = Version(openinterfaces.__version__)
    # Code written for upstream that checks for its API level accepts it ...
    assert version >= Version("0.7") and openinterfaces.__version__ >= "0.7"
    # ... and the local label tells it from upstream's own 0.7.x.
    assert version.local is not None and version.local.startswith("oifc.")
    assert version.public == "0.7.0"
