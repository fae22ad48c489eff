"""Lets the benchmarks run from a source checkout after `make`: when
openinterfaces is not installed, the package in build/lang_python is used."""

import importlib.util
import pathlib
import sys

if importlib.util.find_spec("openinterfaces") is None:
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "build" / "lang_python"))
