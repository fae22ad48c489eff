"""The conformance suite of interface ivp (docs/user-guide/ivp.md, "What every implementation does alike"), run on
every shipped implementation.

The tests live in the package, openinterfaces/conformance/ivp.py, so that
`python3 -m openinterfaces check ivp NAME` runs the same ones on any
implementation; importing them here collects them with this module's name,
and OIF_TEST_IVP_IMPLS (comma-separated) chooses other implementations.
"""

from openinterfaces.conformance.ivp import *  # noqa: F401,F403
