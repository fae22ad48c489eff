"""The conformance suite of interface linsolve (interfaces/linsolve.toml), run on
every shipped implementation.

The tests live in the package, openinterfaces/conformance/linsolve.py, so that
`python3 -m openinterfaces check linsolve NAME` runs the same ones on any
implementation; importing them here collects them with this module's name,
and OIF_TEST_LINSOLVE_IMPLS (comma-separated) chooses other implementations.
"""

from openinterfaces.conformance.linsolve import *  # noqa: F401,F403
