"""Lets the examples run from a source checkout after `make`, with no
environment variable: when openinterfaces is not installed, the package
assembled in build/lang_python is used."""

import importlib.util
import pathlib
import sys

if importlib.util.find_spec("openinterfaces") is None:
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "build" / "lang_python"))
