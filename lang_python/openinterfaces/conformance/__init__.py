"""The conformance suites: what every implementation of an interface does
alike, one pytest module per interface (ivp, optim, qeq, linsolve).

They run against the implementations that _impls.impls(interface) names:
the shipped ones, or those of the environment variable
OIF_TEST_<INTERFACE>_IMPLS (comma-separated).  The test suite runs them on
the shipped implementations (tests/python/test_*_conformance.py);
`python3 -m openinterfaces check INTERFACE NAME` on any one (_check.py).
"""

SUITES = ("ivp", "linsolve", "optim", "qeq")
