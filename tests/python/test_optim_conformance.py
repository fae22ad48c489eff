"""The conformance suite of interface optim (docs/user-guide/optim.md), run on
every shipped implementation.

The tests live in the package, openinterfaces/conformance/optim.py, so that
`python3 -m openinterfaces check optim NAME` runs the same ones on any
implementation; importing them here collects them with this module's name,
and OIF_TEST_OPTIM_IMPLS (comma-separated) chooses other implementations.
"""

from openinterfaces.conformance.optim import *  # noqa: F401,F403
