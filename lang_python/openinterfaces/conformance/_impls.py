"""Which implementations the conformance suites run against, and the
fixture parameters that run a Python implementation on both callback paths.

A Python user's callbacks reach a Python implementation as themselves, or,
with OIF_PYTHON_CALLBACKS_VIA_C=1, through the C layer as a C user's do (the
bridge reads the variable when a callback is set): the ivp and optim
fixtures give each Python implementation once per path."""

import os

import pytest

from openinterfaces import _core

SHIPPED = {
    "qeq": ["c_qeq_solver", "py_qeq_solver"],
    "linsolve": ["c_lapack", "numpy"],
    "ivp": ["dopri5c", "sundials_cvode", "scipy_ode"],
    "optim": ["nlopt", "scipy_optimize"],
}
SHIPPED_PYTHON_IMPLS = {"py_qeq_solver", "numpy", "scipy_ode", "scipy_optimize"}


def env_var(interface: str) -> str:
    return f"OIF_TEST_{interface.upper()}_IMPLS"


def impls(interface: str) -> list[str]:
    """The shipped implementations, or those OIF_TEST_<INTERFACE>_IMPLS names
    (the MPI suite: sundials_cvode_mpi; `check`: the one it checks)."""
    names = os.environ.get(env_var(interface))
    if not names:
        return list(SHIPPED[interface])
    names = names.split(",")
    if "sundials_cvode_mpi" in names:
        import mpi4py.MPI  # noqa: F401  (initialises MPI before the implementation loads)
    return names


def is_python(interface: str, impl: str) -> bool:
    if impl in SHIPPED_PYTHON_IMPLS:
        return True
    try:
        return _core.impl_language(interface, impl) == "python"
    except ValueError:  # not found: its tests say so when they load it
        return False


def set_callback_path(monkeypatch, via_c: bool):
    if via_c:
        monkeypatch.setenv("OIF_PYTHON_CALLBACKS_VIA_C", "1")
    else:
        monkeypatch.delenv("OIF_PYTHON_CALLBACKS_VIA_C", raising=False)


def with_callback_paths(impls, interface="ivp"):
    """(impl, via_c) for each C implementation, and for each Python one on
    both paths."""
    params = []
    for impl in impls:
        params.append(pytest.param((impl, False), id=impl))
        if is_python(interface, impl):
            params.append(pytest.param((impl, True), id=f"{impl}-callbacks_via_c"))
    return params
