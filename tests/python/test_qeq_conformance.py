"""The conformance suite of interface qeq (interfaces/qeq.toml), run on
every shipped implementation.

The tests live in the package, openinterfaces/conformance/qeq.py, so that
`python3 -m openinterfaces check qeq NAME` runs the same ones on any
implementation; importing them here collects them with this module's name,
and OIF_TEST_QEQ_IMPLS (comma-separated) chooses other implementations.
"""

from openinterfaces.conformance.qeq import *  # noqa: F401,F403
