"""OIFPyBinding.call and the rest of openinterfaces.core: argument checks,
errors, and the life of implementations and of what they hold."""

import gc
import pathlib

import numpy as np
import pytest

from openinterfaces import core
from openinterfaces.core import (
    OIF_TYPE_ARRAY_F64,
    OIF_TYPE_F64,
    OIF_TYPE_INT,
    OIF_USER_DATA,
    load_impl,
    make_oif_callback,
    unload_impl,
)
from openinterfaces.interfaces.ivp import IVP


def test_constants_have_the_c_values():
    assert (core.OIF_TYPE_INT, core.OIF_TYPE_F64, core.OIF_TYPE_ARRAY_F64) == (4, 9, 11)
    assert core.OIF_USER_DATA == core.OIF_TYPE_POINTER == core.OIF_TYPE_USER_DATA == 14
    assert (core.OIF_TYPE_STRING, core.OIF_TYPE_CALLBACK, core.OIF_TYPE_CONFIG_DICT) == (12, 13, 15)
    assert (core.OIF_LANG_C, core.OIF_LANG_PYTHON, core.OIF_LANG_COUNT) == (1, 3, 6)
    assert core.OIF_FLOAT64 == core.OIF_TYPE_F64 and core.OIF_INT == core.OIF_TYPE_INT


def test_binding_call_returns_zero_and_fills_outputs():
    binding = load_impl("qeq", "c_qeq_solver", 1, 0)
    roots = np.empty(2)
    assert binding.call("solve_qeq", (1.0, -3.0, 2.0), (roots,)) == 0
    assert sorted(roots) == [1.0, 2.0]
    assert (binding.interface, binding.impl) == ("qeq", "c_qeq_solver")
    assert binding.implh >= 1000
    unload_impl(binding)


def test_unknown_implementation_is_value_error_listing_available():
    with pytest.raises(ValueError, match=r"'no_such_solver'.*Available: c_qeq_solver"):
        load_impl("qeq", "no_such_solver", 1, 0)


def test_bad_names_are_value_errors():
    with pytest.raises(ValueError, match="only letters, digits"):
        load_impl("qeq", "../c_qeq_solver", 1, 0)
    with pytest.raises(ValueError, match="unknown interface"):
        load_impl("nonlinear", "c_qeq_solver", 1, 0)


@pytest.fixture
def qeq():
    binding = load_impl("qeq", "c_qeq_solver", 1, 0)
    yield binding
    unload_impl(binding)


def test_wrong_argument_counts(qeq):
    with pytest.raises(TypeError, match="takes 3 input arguments, got 2"):
        qeq.call("solve_qeq", (1.0, 2.0), (np.empty(2),))
    with pytest.raises(TypeError, match="takes 1 output argument, got 0"):
        qeq.call("solve_qeq", (1.0, 2.0, 1.0), ())


def test_unknown_method(qeq):
    with pytest.raises(ValueError, match="no method 'solve'"):
        qeq.call("solve", (), ())


@pytest.mark.parametrize("bad", ["1.0", None, [1.0]])
def test_non_numbers_are_type_errors_naming_the_argument(qeq, bad):
    with pytest.raises(TypeError, match="argument 'b': expected a float"):
        qeq.call("solve_qeq", (1.0, bad, 1.0), (np.empty(2),))


def test_bools_ints_and_numpy_scalars_are_accepted_as_floats(qeq):
    roots = np.empty(2)
    qeq.call("solve_qeq", (True, np.int64(-3), np.float32(2.0)), (roots,))
    assert sorted(roots) == [1.0, 2.0]


@pytest.mark.parametrize(
    "array, message",
    [
        (np.empty(2, dtype=np.float32), "has dtype"),
        (np.empty(2, dtype=np.int64), "has dtype"),
        (np.empty(2, dtype=">f8"), "has dtype"),
        (np.empty(4)[::2], "is not contiguous"),
        (np.array(1.0), "is 0-dimensional"),
    ],
)
def test_bad_arrays_are_value_errors(qeq, array, message):
    with pytest.raises(ValueError, match=f"argument 'roots' {message}"):
        qeq.call("solve_qeq", (1.0, -3.0, 2.0), (array,))


def test_read_only_output_is_value_error(qeq):
    roots = np.empty(2)
    roots.flags.writeable = False
    with pytest.raises(ValueError, match="'roots' is read-only"):
        qeq.call("solve_qeq", (1.0, -3.0, 2.0), (roots,))


def test_list_instead_of_array_is_type_error(qeq):
    with pytest.raises(TypeError, match="argument 'roots': expected a float64 NumPy array, got list"):
        qeq.call("solve_qeq", (1.0, -3.0, 2.0), ([0.0, 0.0],))


def test_wrongly_sized_array_is_the_implementations_error(qeq):
    with pytest.raises(RuntimeError, match="length 2"):
        qeq.call("solve_qeq", (1.0, -3.0, 2.0), (np.empty(3),))


def test_unloaded_binding_is_value_error():
    binding = load_impl("qeq", "c_qeq_solver", 1, 0)
    unload_impl(binding)
    with pytest.raises(ValueError, match="was unloaded"):
        binding.call("solve_qeq", (1.0, -3.0, 2.0), (np.empty(2),))
    with pytest.raises(ValueError, match="already unloaded"):
        unload_impl(binding)


def test_plain_callable_is_called_with_the_signature_of_the_spec():
    binding = load_impl("ivp", "dopri5c", 1, 0)
    seen = []

    def rhs(t, y, ydot, user_data):
        seen.append((type(t), type(y), y.dtype, user_data))
        ydot[:] = -y

    y = np.empty(1)
    binding.call("set_initial_value", (np.ones(1), 0.0), ())
    binding.call("set_user_data", ("data",), ())
    binding.call("set_rhs_fn", (rhs,), ())
    binding.call("integrate", (1.0,), (y,))
    assert seen[0] == (float, np.ndarray, np.float64, "data")
    assert abs(y[0] - np.exp(-1.0)) < 1e-5


def test_callback_argument_must_be_callable():
    binding = load_impl("ivp", "dopri5c", 1, 0)
    with pytest.raises(TypeError, match="argument 'rhs': expected a callable or a callback made by make_oif_callback"):
        binding.call("set_rhs_fn", (42,), ())


def test_make_oif_callback_checks_types():
    with pytest.raises(TypeError, match="must be callable"):
        make_oif_callback(42, (OIF_TYPE_F64,), OIF_TYPE_INT)
    with pytest.raises(ValueError, match="restype"):
        make_oif_callback(print, (OIF_TYPE_F64,), OIF_TYPE_ARRAY_F64)
    with pytest.raises(ValueError, match="argument types"):
        make_oif_callback(print, (core.OIF_TYPE_STRING,), OIF_TYPE_INT)
    callback = make_oif_callback(print, (OIF_TYPE_F64, OIF_USER_DATA), OIF_TYPE_INT)
    assert callback.fn is print


def decay(t, y, ydot, _):
    ydot[:] = -y


def test_solver_keeps_a_callback_whose_last_reference_is_gone():
    solver = IVP("dopri5c")
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(lambda t, y, ydot, _: decay(t, y, ydot, _))  # nothing else holds it
    gc.collect()
    solver.integrate(1.0)
    assert solver.y[0] == pytest.approx(np.exp(-1.0), rel=1e-5)


def test_closed_interface_object():
    solver = IVP("dopri5c")
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(decay)
    solver.close()
    with pytest.raises(ValueError, match="unloaded"):
        solver.integrate(1.0)
    solver.close()  # closing twice is harmless


def test_interface_object_as_context_manager():
    with IVP("dopri5c") as solver:
        solver.set_initial_value([1.0], 0.0)
        solver.set_rhs_fn(decay)
        solver.integrate(0.5)
    with pytest.raises(ValueError, match="unloaded"):
        solver.integrate(1.0)


@pytest.mark.parametrize("impl, via_c", [("dopri5c", "0"), ("scipy_ode", "0"), ("scipy_ode", "1")])
def test_garbage_collected_cycle_through_the_callback_is_freed(monkeypatch, impl, via_c):
    """An object whose rhs is its own bound method forms a cycle through the
    binding (and, for a Python implementation, through the implementation's
    own objects); the collector must still free it and unload the solver."""
    monkeypatch.setenv("OIF_PYTHON_CALLBACKS_VIA_C", via_c)

    class Model:
        def __init__(self):
            self.solver = IVP(impl)
            self.solver.set_initial_value([1.0], 0.0)
            self.solver.set_rhs_fn(self.rhs)

        def rhs(self, t, y, ydot, _):
            ydot[:] = -y

    import weakref

    model = Model()
    model.solver.integrate(0.1)
    ref = weakref.ref(model)
    del model
    gc.collect()
    assert ref() is None


def test_module_lists_interfaces_and_implementations_with_availability(tmp_path):
    import os
    import subprocess
    import sys

    broken = tmp_path / "qeq" / "broken"
    broken.mkdir(parents=True)
    (broken / "broken.conf").write_text("c\nliboif_not_there\n")
    env = {**os.environ, "OIF_IMPL_PATH": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "openinterfaces"], env=env, capture_output=True, text=True)
    assert run.returncode == 0 and run.stderr == ""
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"Implementations are searched for in: {tmp_path}:")
    sections = {}
    for line in lines[1:]:
        if line and not line.startswith(" "):
            current = sections.setdefault(line, [])
        elif line.strip():
            current.append(line.split(None, 2))
    assert set(sections) == {"ivp", "linsolve", "optim", "qeq"}
    qeq = {impl: (language, status) for impl, language, status in sections["qeq"]}
    assert qeq["c_qeq_solver"] == ("c", "available")
    assert qeq["py_qeq_solver"] == ("python", "available")
    assert qeq["broken"][0] == "c" and qeq["broken"][1].startswith("unavailable: ")
    assert "liboif_not_there" in qeq["broken"][1]
    ivp = [impl for impl, _, _ in sections["ivp"] if impl != "sundials_cvode_mpi"]  # where MPI is built
    assert ivp == ["dopri5c", "scipy_ode", "sundials_cvode"]


def test_module_help_and_version():
    import subprocess
    import sys

    import openinterfaces

    run = subprocess.run([sys.executable, "-m", "openinterfaces", "--version"], capture_output=True, text=True)
    assert (run.returncode, run.stdout, run.stderr) == (0, f"openinterfaces {openinterfaces.__version__}\n", "")
    run = subprocess.run([sys.executable, "-m", "openinterfaces", "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.startswith("usage: python3 -m openinterfaces")
    assert "OIF_IMPL_PATH" in run.stdout
    run = subprocess.run([sys.executable, "-m", "openinterfaces", "--list"], capture_output=True, text=True)
    assert run.returncode == 2 and "unrecognized arguments: --list" in run.stderr


def test_public_names_of_the_package():
    import openinterfaces
    from openinterfaces.interfaces import IVP, QEQ, Linsolve, MinimizeResult, Optim  # noqa: F401

    # sundials_cvode_mpi where MPI is built.
    ivp_impls = openinterfaces.list_impls("ivp")
    assert [name for name in ivp_impls if name != "sundials_cvode_mpi"] == ["dopri5c", "scipy_ode", "sundials_cvode"]
    assert openinterfaces.list_impls("qeq") == ["c_qeq_solver", "py_qeq_solver"]
    with pytest.raises(ValueError, match="unknown interface"):
        openinterfaces.list_impls("no_such_interface")
    assert issubclass(openinterfaces.OIFError, RuntimeError)
    assert issubclass(openinterfaces.OIFOptionError, openinterfaces.OIFError)
    assert issubclass(openinterfaces.OIFOptionError, ValueError)


def test_interface_versions_come_from_the_specs():
    import tomllib

    from openinterfaces._core import interface_names, interface_version

    specs = pathlib.Path(__file__).parents[2] / "interfaces"
    for name in interface_names():
        with open(specs / f"{name}.toml", "rb") as f:
            assert interface_version(name) == tuple(tomllib.load(f)["version"])
    with pytest.raises(ValueError, match="unknown interface 'no_such'"):
        interface_version("no_such")


def test_upstream_style_callbacks_still_work():
    solver = IVP("dopri5c")
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(make_oif_callback(decay, (OIF_TYPE_F64, OIF_TYPE_ARRAY_F64, OIF_TYPE_ARRAY_F64,
                                                OIF_USER_DATA), OIF_TYPE_INT))
    solver.integrate(1.0)
    assert abs(solver.y[0] - np.exp(-1.0)) < 1e-5
