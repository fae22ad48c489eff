"""The bad-input matrix from Python: every kind of wrong input a Python user
can hand openinterfaces -- .conf files, names, bindings, arguments, arrays,
callbacks and config dicts -- raises the documented exception with a message
that says why, and the interpreter goes on: after each refusal a valid call
still gives the right answer.  test_core, test_python_bridge, test_ivp and
test_optim check single cases in depth; this module sweeps each kind of
input across the entry points and implementations that take it, and prints
how many inputs it tried per boundary when it ends (tests/c/test_bad_inputs.c
is its C counterpart)."""

import collections
import contextlib
import math
import os
import pathlib
import sys

import numpy as np
import pytest

from conftest import IVP_IMPLS, OPTIM_IMPLS, PYTHON_IMPLS
from openinterfaces import OIFError, OIFOptionError, _core
from openinterfaces.core import (
    OIF_TYPE_F64,
    OIF_TYPE_INT,
    OIF_TYPE_STRING,
    OIFPyBinding,
    load_impl,
    unload_impl,
)
from openinterfaces.interfaces.ivp import IVP
from openinterfaces.interfaces.linsolve import Linsolve
from openinterfaces.interfaces.optim import Optim
from openinterfaces.interfaces.qeq import QEQ

ROOT = pathlib.Path(__file__).parents[2]
BUILD = pathlib.Path(os.environ.get("OIF_BUILD_DIR", ROOT / "build"))
FIXTURES = ROOT / "tests" / "c" / "fixtures"  # shared with the C matrix

BOUNDARIES = ("conf", "names", "handles", "arguments", "arrays", "callbacks", "config dicts")
REFUSED = collections.Counter()
ACCEPTED = collections.Counter()  # inputs at a boundary that must work

_witness = None  # a c_qeq_solver binding: the valid call after each refusal


def assert_valid_call_still_works():
    roots = np.empty(2)
    _witness.call("solve_qeq", (1.0, -3.0, 2.0), (roots,))
    assert sorted(roots) == [1.0, 2.0]


@pytest.fixture(scope="module", autouse=True)
def witness_and_summary(request):
    """Loads the witness, and prints the counts when the module ends."""
    global _witness
    _witness = load_impl("qeq", "c_qeq_solver", 1, 0)
    failed_before = request.session.testsfailed
    yield
    unload_impl(_witness)
    counts = ", ".join(f"{b} {REFUSED[b]}" for b in BOUNDARIES)
    failed = request.session.testsfailed - failed_before
    verdict = (
        "all refused with their exception and message, the interpreter went on after each"
        if failed == 0
        else f"{failed} test(s) of the matrix failed"
    )
    line = (
        f"bad inputs tried from Python: {counts} ({sum(REFUSED.values())} in all) -- {verdict}; "
        f"{sum(ACCEPTED.values())} inputs at the boundaries accepted as documented"
    )
    # Past output capture (what capsys.disabled() does), so that it shows
    # in a passing run too.
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        if reporter is not None:
            reporter.write_line("")
            reporter.write_line(line)
        else:
            print(line, file=sys.__stdout__)


@contextlib.contextmanager
def refused(boundary, exception, *words):
    """The block raises exactly `exception` mentioning every word; then a
    valid call still works."""
    with pytest.raises(BaseException) as info:
        yield info
    assert type(info.value) is exception, f"{type(info.value).__name__}: {info.value}"
    message = str(info.value)
    for word in words:
        assert word in message, f"{message!r} does not mention {word!r}"
    assert_valid_call_still_works()
    REFUSED[boundary] += 1


def load_error(*words):
    return refused("conf", ValueError, *words)


# ---- 1. .conf files -----------------------------------------------------------

LONG_LINE = 10000
MAX_CONF_BYTES = 64 * 1024
RUNNING_AS_ROOT = os.geteuid() == 0


@pytest.fixture(scope="module")
def generated_confs(tmp_path_factory):
    """Confs that the C fixtures do not have: long lines, absolute library
    paths (the C fixtures find theirs through LD_LIBRARY_PATH, which this
    process was not started with), and permissions git does not keep."""
    root = tmp_path_factory.mktemp("impls")
    confs = {
        "no_final_newline": f"c\n{BUILD}/impl/qeq/c_qeq_solver/liboif_qeq_c_qeq_solver",
        "long_first_line": "x" * LONG_LINE + "\nliboif_qeq_c_qeq_solver\n",
        "long_second_line": "c\n" + "y" * LONG_LINE + "\n",
        "long_module_line": "python\n" + "m" * (LONG_LINE - 4) + " Cls\n",
        "missing_method_abs": f"c\n{BUILD}/tests/c/liboif_test_qeq_missing_method\n",
        "unreadable": "c\nliboif_qeq_c_qeq_solver\n",
        "oversized": "c\nliboif_qeq_c_qeq_solver\n" + "\n" * MAX_CONF_BYTES,
    }
    for name, text in confs.items():
        folder = root / "qeq" / name
        folder.mkdir(parents=True)
        (folder / f"{name}.conf").write_text(text)
    (root / "qeq" / "unreadable" / "unreadable.conf").chmod(0)
    yield root
    (root / "qeq" / "unreadable" / "unreadable.conf").chmod(0o600)


@pytest.fixture
def conf_path(monkeypatch, generated_confs):
    monkeypatch.setenv("OIF_IMPL_PATH", f"{FIXTURES}:{generated_confs}")


# Permissions do not stop root: then the unreadable case becomes one that
# fails as early, a file over the 64 KiB limit, so that as many are tried.
UNREADABLE_OR_OVERSIZED = (
    ("oversized", True, ["oversized.conf", f"is larger than {MAX_CONF_BYTES} bytes"])
    if RUNNING_AS_ROOT
    else ("unreadable", True, ["cannot open", "unreadable.conf", "Permission denied"])
)


@pytest.mark.parametrize(
    "impl, unparsable, words",
    [
        ("empty", True, ["empty.conf", "malformed", "two lines"]),
        ("one_line", True, ["one_line.conf", "malformed", "two lines"]),
        ("long_first_line", True, ["long_first_line.conf", "line 1", f"has {LONG_LINE} characters"]),
        ("long_second_line", True, ["long_second_line.conf", "line 2", f"has {LONG_LINE} characters"]),
        ("long_module_line", True, ["long_module_line.conf", "line 2", f"has {LONG_LINE} characters"]),
        ("binary_junk", True, ["binary_junk.conf", "NUL bytes"]),
        # Bytes that are not UTF-8 reach the message replaced, not as an error.
        ("bad_utf8_language", False, ["unknown language 'c\ufffd\ufffd'", "expected 'c' or 'python'"]),
        ("bad_utf8_module", False, ["bad_utf8_module", "cannot import it: UnicodeDecodeError"]),
        ("unknown_language", False, ["unknown language 'fortran'"]),
        ("missing_library", False, ["missing_library", "liboif_does_not_exist.so"]),
        ("not_a_library", False, ["libnot_a_library.so", "file too short"]),
        ("missing_method_abs", False, ["does not define method 'solve_qeq'"]),
        ("conf_is_directory", False, ["no qeq/conf_is_directory/conf_is_directory.conf", "Available:"]),
        UNREADABLE_OR_OVERSIZED,
    ],
)
def test_broken_conf_files_are_value_errors(conf_path, impl, unparsable, words):
    with load_error(f"cannot load implementation '{impl}' of interface 'qeq'", *words):
        load_impl("qeq", impl, 1, 0)
    with load_error(*words[:2]):
        QEQ(impl)
    if unparsable:
        with load_error(*words[:2]):
            _core.impl_language("qeq", impl)


def test_conf_language_line_that_is_not_utf8_is_shown_replaced(conf_path):
    assert _core.impl_language("qeq", "bad_utf8_language") == "c\ufffd\ufffd"
    assert "bad_utf8_language" in _core.list_impls("qeq")
    ACCEPTED["conf"] += 1


def test_conf_without_final_newline_loads(conf_path):
    assert sorted(QEQ("no_final_newline").solve(1.0, -3.0, 2.0)) == [1.0, 2.0]
    ACCEPTED["conf"] += 1


# ---- 2. names -----------------------------------------------------------------

BAD_NAMES = [
    ("qeq/c_qeq_solver", ValueError, "only letters, digits and '_'"),
    ("..", ValueError, "only letters, digits and '_'"),
    ("../impl", ValueError, "only letters, digits and '_'"),
    ("c qeq", ValueError, "only letters, digits and '_'"),
    ("", ValueError, "must have 1 to 128 characters, not 0"),
    ("a" * 300, ValueError, "must have 1 to 128 characters, not more"),
    ("b" * 129, ValueError, "must have 1 to 128 characters, not more"),
    ("résolveur", ValueError, "only letters, digits and '_'"),
    ("qeq\0x", ValueError, "contains a NUL character"),
    ("\udc80", UnicodeEncodeError, "surrogates not allowed"),
]


@pytest.mark.parametrize(
    "name, exception, why",
    BAD_NAMES,
    ids=["slash", "dot_dot", "parent", "space", "empty", "300", "129", "non_ascii", "nul", "surrogate"],
)
def test_bad_names_are_refused_everywhere(name, exception, why):
    with refused("names", exception, why):
        load_impl(name, "c_qeq_solver", 1, 0)
    with refused("names", exception, why):
        load_impl("qeq", name, 1, 0)
    with refused("names", exception, why):
        QEQ(name)
    with refused("names", exception, why):
        _core.list_impls(name)
    with refused("names", exception, why):
        _core.impl_language("qeq", name)


@pytest.mark.parametrize("name", [None, b"qeq", 3])
def test_names_that_are_not_str_are_type_errors(name):
    with refused("names", TypeError, "load_impl(interface: str, impl: str, major: int, minor: int)"):
        load_impl(name, "c_qeq_solver", 1, 0)
    with refused("names", TypeError, "load_impl(interface: str, impl: str, major: int, minor: int)"):
        load_impl("qeq", name, 1, 0)
    with refused("names", TypeError, "the interface name must be a str"):
        _core.list_impls(name)


def test_names_of_128_characters_are_looked_for():
    with refused("names", ValueError, "unknown interface 'bbbb"):
        load_impl("b" * 128, "c_qeq_solver", 1, 0)
    with refused("names", ValueError, "no qeq/bbbb", "Available:"):
        load_impl("qeq", "b" * 128, 1, 0)


@pytest.mark.parametrize(
    "major, exception, why",
    [
        (2**32 + 1, ValueError, "version 4294967297.0 was requested"),  # not taken for 1
        (2**64, OverflowError, "too large"),
        (-1, OverflowError, "negative"),
        (1.0, TypeError, "integer"),
    ],
)
def test_versions_out_of_range(major, exception, why):
    with refused("names", exception, why):
        load_impl("qeq", "c_qeq_solver", major, 0)


# ---- 3. bindings (handles) ------------------------------------------------------

VALID_CALL = {
    "qeq": ("solve_qeq", (1.0, -3.0, 2.0), (np.empty(2),)),
    "linsolve": ("solve_lin", (np.eye(2), np.ones(2)), (np.empty(2),)),
    "ivp": ("print_stats", (), ()),
    "optim": ("minimize", (), (np.empty(2),)),
}
LOADABLE = [
    ("qeq", "c_qeq_solver"),
    ("qeq", "py_qeq_solver"),
    ("linsolve", "c_lapack"),
    ("linsolve", "numpy"),
    ("ivp", "dopri5c"),
    ("ivp", "sundials_cvode"),
    ("ivp", "scipy_ode"),
    ("optim", "nlopt"),
    ("optim", "scipy_optimize"),
]


@pytest.mark.parametrize("interface, impl", LOADABLE)
def test_unloaded_binding_refuses_calls_and_a_second_unload(interface, impl):
    binding = load_impl(interface, impl, 1, 0)
    unload_impl(binding)
    assert binding.implh == 0 and repr(binding).endswith("unloaded>")
    with refused("handles", ValueError, f"implementation '{impl}' of interface '{interface}' is already unloaded"):
        unload_impl(binding)
    with refused("handles", ValueError, f"implementation '{impl}' of interface '{interface}' was unloaded"):
        binding.call(*VALID_CALL[interface])


def test_closed_interface_objects_refuse_every_method():
    y = np.ones(1)
    with IVP("scipy_ode") as ivp:
        ivp.set_initial_value(y, 0.0)
    calls = [
        lambda: ivp.set_initial_value(y, 0.0),
        lambda: ivp.set_rhs_fn(lambda t, y, ydot, _: None),
        lambda: ivp.set_tolerances(1e-6, 1e-8),
        lambda: ivp.set_user_data(None),
        lambda: ivp.set_integrator("dopri5"),
        lambda: ivp.integrate(1.0),
        lambda: ivp.print_stats(),
    ]
    with Optim("nlopt") as optim:
        pass
    calls += [
        lambda: optim.set_initial_guess([1.0]),
        lambda: optim.set_objective_fn(lambda x, _: 0.0),
        lambda: optim.set_grad_fn(lambda x, g, _: None),
        lambda: optim.set_user_data(None),
        lambda: optim.set_method("LN_BOBYQA"),
        lambda: optim.minimize(),
    ]
    with QEQ("py_qeq_solver") as qeq, Linsolve("numpy") as linsolve:
        pass
    calls += [lambda: qeq.solve(1.0, -3.0, 2.0), lambda: linsolve.solve(np.eye(2), np.ones(2))]
    for call in calls:
        with refused("handles", ValueError, "was unloaded"):
            call()


@pytest.mark.parametrize("not_a_binding", [3, None, "qeq", IVP])
def test_unload_impl_takes_only_bindings(not_a_binding):
    with refused("handles", TypeError, "unload_impl() takes an OIFPyBinding"):
        unload_impl(not_a_binding)


def test_bindings_are_made_only_by_load_impl():
    with refused("handles", TypeError, "cannot create 'openinterfaces._core.OIFPyBinding' instances"):
        OIFPyBinding()


# ---- 4. arguments through OIFPyBinding.call --------------------------------------


@pytest.fixture(params=["nlopt", "scipy_optimize"])
def optim_binding(request):
    """optim has every group of arguments, and string, callback and
    config-dict inputs; one C and one Python implementation."""
    binding = load_impl("optim", request.param, 1, 0)
    yield binding
    unload_impl(binding)


CALL_SIGNATURE = "call(method, in_args, out_args, return_arg_types=())"


def test_call_with_wrong_arity_or_keywords(optim_binding):
    x = np.empty(1)
    for args, kwargs in [
        (("minimize", ()), {}),
        (("minimize", (), (x,), (), ()), {}),
        (("minimize", (), (x,)), {"return_types": ()}),
        (("minimize", ()), {"out_args": (x,)}),
    ]:
        with refused("arguments", TypeError, CALL_SIGNATURE):
            optim_binding.call(*args, **kwargs)


@pytest.mark.parametrize(
    "method",
    ["", "m" * 300, None, 3, "integrate", "Minimize", "minimize ", "minimize\0"],
    ids=["empty", "300", "None", "int", "other_interface", "case", "space", "nul"],
)
def test_unknown_methods(optim_binding, method):
    with refused("arguments", ValueError, "interface 'optim' has no method", repr(method)[:20]):
        optim_binding.call(method, (), ())


def test_wrong_counts_per_group(optim_binding):
    x = np.empty(1)
    with refused("arguments", TypeError, "method 'minimize' takes 0 input arguments, got 1"):
        optim_binding.call("minimize", (1.0,), (x,))
    with refused("arguments", TypeError, "method 'minimize' takes 1 output argument, got 0"):
        optim_binding.call("minimize", (), ())
    with refused("arguments", TypeError, "method 'minimize' takes 1 output argument, got 2"):
        optim_binding.call("minimize", (), (x, x))
    with refused("arguments", TypeError, "method 'minimize' takes 2 return arguments, got 1"):
        optim_binding.call("minimize", (), (x,), (OIF_TYPE_INT,))
    with refused("arguments", TypeError, "method 'set_method' takes 2 input arguments, got 1"):
        optim_binding.call("set_method", ("LN_BOBYQA",), ())


@pytest.mark.parametrize("group", [0, 1, 2])
@pytest.mark.parametrize("given", [3, None, "ab", {"a": 1}])
def test_groups_that_are_not_tuples(optim_binding, group, given):
    args = ["set_method", ("BFGS", {}), ()]
    if group == 2:
        args.append(given)
        with refused("arguments", TypeError, "return arguments must be a tuple"):
            optim_binding.call(*args)
        return
    args[1 + group] = given
    with refused("arguments", TypeError, f"{['input', 'output'][group]} arguments must be a tuple"):
        optim_binding.call(*args)


def test_return_types_must_be_the_methods_own(optim_binding):
    x = np.empty(1)
    with refused("arguments", TypeError, "method 'minimize' returns 'status' as type INT (4), not 9"):
        optim_binding.call("minimize", (), (x,), (OIF_TYPE_F64, OIF_TYPE_STRING))
    with refused("arguments", TypeError, "returns 'message' as type STRING (12), not 'str'"):
        optim_binding.call("minimize", (), (x,), (OIF_TYPE_INT, "str"))


@pytest.mark.parametrize(
    "name, exception, words",
    [
        (5, TypeError, "argument 'method_name': expected a str, got int"),
        (None, TypeError, "argument 'method_name': expected a str, got NoneType"),
        (b"BFGS", TypeError, "argument 'method_name': expected a str, got bytes"),
        ("BFGS\0junk", ValueError, "argument 'method_name' contains a NUL character"),
        ("\udc80", UnicodeEncodeError, "surrogates not allowed"),
    ],
)
def test_string_arguments(optim_binding, name, exception, words):
    with refused("arguments", exception, words):
        optim_binding.call("set_method", (name, {}), ())


@pytest.mark.parametrize(
    "value, exception, words",
    [
        ("1.0", TypeError, "argument 'b': expected a float, got str"),
        (1j, TypeError, "argument 'b': expected a float, got complex"),
        (np.array([1.0, 2.0]), TypeError, "only size-1 arrays can be converted"),
        (10**400, ValueError, "argument 'b': 1000000000000000000000000000000000000000000000000000000000000"),
    ],
)
def test_float_arguments(value, exception, words):
    with refused("arguments", exception, words):
        _witness.call("solve_qeq", (1.0, value, 2.0), (np.empty(2),))


def test_callback_and_config_arguments(optim_binding):
    with refused("arguments", TypeError, "argument 'objective': expected a callable or a callback made by make_oif_callback(), got NoneType"):
        optim_binding.call("set_objective_fn", (None,), ())
    with refused("arguments", TypeError, "argument 'config': options must be a dict, not list"):
        optim_binding.call("set_method", ("BFGS", [("maxiter", 3)]), ())


# ---- 5. arrays -------------------------------------------------------------------


@pytest.fixture(params=["c_lapack", "numpy"])
def linsolve_binding(request):
    binding = load_impl("linsolve", request.param, 1, 0)
    yield binding
    unload_impl(binding)


def unaligned(n):
    """A writable float64 vector one byte off an 8-byte boundary."""
    return np.frombuffer(bytearray(8 * n + 1), dtype=np.float64, offset=1, count=n)


A2 = np.array([[2.0, 0.0], [0.0, 4.0]])
B2 = np.array([2.0, 2.0])


@pytest.mark.parametrize(
    "A, words",
    [
        (A2.astype(np.int64), "argument 'A' has dtype dtype('int64')"),
        (A2.astype(np.float32), "argument 'A' has dtype dtype('float32')"),
        (A2.astype(np.complex128), "argument 'A' has dtype dtype('complex128')"),
        (A2.astype(object), "argument 'A' has dtype dtype('O')"),
        (A2.astype(bool), "argument 'A' has dtype dtype('bool')"),
        (A2.astype(">f8"), "argument 'A' has dtype dtype('>f8')"),
        ((np.eye(4) * 2)[::2, ::2], "argument 'A' is not contiguous"),
        (unaligned(4).reshape(2, 2), "argument 'A' is not aligned in memory"),
        (np.array(2.0), "argument 'A' is 0-dimensional"),
    ],
    ids=["int64", "float32", "complex", "object", "bool", "big_endian", "strided", "unaligned", "0d"],
)
def test_input_arrays_refused_before_the_implementation(linsolve_binding, A, words):
    with refused("arrays", ValueError, f"method 'solve_lin', {words}"):
        linsolve_binding.call("solve_lin", (A, B2), (np.empty(2),))


@pytest.mark.parametrize(
    "x, words",
    [
        (np.empty(2, dtype=np.float32), "argument 'x' has dtype"),
        (np.empty(4)[::2], "argument 'x' is not contiguous"),
        (unaligned(2), "argument 'x' is not aligned in memory"),
    ],
    ids=["float32", "strided", "unaligned"],
)
def test_output_arrays_refused_before_the_implementation(linsolve_binding, x, words):
    with refused("arrays", ValueError, words):
        linsolve_binding.call("solve_lin", (A2, B2), (x,))


def read_only(a):
    a = np.array(a, dtype=np.float64)
    a.flags.writeable = False
    return a


def test_read_only_outputs_are_refused_and_read_only_inputs_used(linsolve_binding):
    with refused("arrays", ValueError, "argument 'x' is read-only"):
        linsolve_binding.call("solve_lin", (A2, B2), (read_only([0.0, 0.0]),))
    x = np.empty(2)
    linsolve_binding.call("solve_lin", (read_only(A2), read_only(B2)), (x,))
    assert list(x) == [1.0, 0.5]
    # A Fortran-ordered matrix is a layout, not a bad input.
    linsolve_binding.call("solve_lin", (np.asfortranarray([[2.0, 1.0], [0.0, 4.0]]), B2), (x,))
    assert list(x) == [0.75, 0.5]
    ACCEPTED["arrays"] += 2


@pytest.mark.parametrize(
    "A, b, x, words",
    [
        (np.empty((0, 0)), np.empty(0), np.empty(0), "'A' must be a non-empty square matrix"),
        (np.ones((2, 3)), B2, np.empty(2), "'A' must be a non-empty square matrix"),
        (np.ones((1,) * 32), np.ones(1), np.empty(1), "'A' must be a non-empty square matrix"),
        (A2, np.ones(3), np.empty(2), "'b' and 'x' must be vectors of length 2"),
        (A2, B2, np.empty(3), "'b' and 'x' must be vectors of length 2"),
        (A2, np.ones((2, 1)), np.empty(2), "'b' and 'x' must be vectors of length 2"),
    ],
    ids=["empty", "not_square", "32_dims", "long_b", "long_x", "b_matrix"],
)
def test_shapes_refused_by_the_implementation(linsolve_binding, A, b, x, words):
    with refused("arrays", OIFError, "Error occurred while executing method 'solve_lin'", words):
        linsolve_binding.call("solve_lin", (A, b), (x,))


@pytest.mark.parametrize("impl", ["c_qeq_solver", "py_qeq_solver"])
@pytest.mark.parametrize("roots", [np.empty(0), np.empty(3), np.empty((1, 2))], ids=["empty", "long", "matrix"])
def test_qeq_roots_of_the_wrong_shape(impl, roots):
    binding = load_impl("qeq", impl, 1, 0)
    with refused("arrays", OIFError, f"qeq/{impl}", "'roots' must be a vector of length 2"):
        binding.call("solve_qeq", (1.0, -3.0, 2.0), (roots,))
    unload_impl(binding)


IVP_LENGTH_WORDS = {
    "dopri5c": "'y' must be a vector of length 2, like y0",
    "sundials_cvode": "'y' must be a vector of length 2, like the initial value",
    "scipy_ode": "'y' must be a vector of length 2, like y0",
}
IVP_EMPTY_Y0_WORDS = {
    "dopri5c": "'y0' must not be empty",
    "sundials_cvode": "'y0' must be a non-empty vector",
    "scipy_ode": "ValueError: 'y0' must be a non-empty vector",
}


def decay(t, y, ydot, _):
    ydot[:] = -y


@pytest.mark.parametrize("impl", IVP_IMPLS)
def test_ivp_arrays(impl):
    solver = IVP(impl)
    with refused("arrays", OIFError, f"ivp/{impl}, method 'set_initial_value'", IVP_EMPTY_Y0_WORDS[impl]):
        solver._binding.call("set_initial_value", (np.empty(0), 0.0), ())
    with refused("arrays", ValueError, "argument 'y0' has dtype dtype('int64')"):
        solver._binding.call("set_initial_value", (np.ones(2, dtype=np.int64), 0.0), ())
    # The interface class converts what the binding refuses, and checks the shape.
    with refused("arrays", ValueError, "y0 must be a non-empty vector, got shape (0,)"):
        solver.set_initial_value([], 0.0)
    with refused("arrays", ValueError, "y0 must be a non-empty vector, got shape (1, 2)"):
        solver.set_initial_value([[1.0, 2.0]], 0.0)
    solver.set_initial_value(np.array([1, 5, 2, 6])[::2], 0)  # ints, strided: converted
    solver.set_rhs_fn(decay)
    for y in [np.empty(3), np.empty(0), np.empty((2, 1))]:
        with refused("arrays", OIFError, f"ivp/{impl}, method 'integrate'", IVP_LENGTH_WORDS[impl]):
            solver._binding.call("integrate", (1.0,), (y,))
    with refused("arrays", ValueError, "argument 'y' is read-only"):
        solver._binding.call("integrate", (1.0,), (read_only([0.0, 0.0]),))
    solver.integrate(1.0)
    np.testing.assert_allclose(solver.y, [math.exp(-1.0), 2 * math.exp(-1.0)], rtol=1e-5)
    ACCEPTED["arrays"] += 1


@pytest.mark.parametrize("impl", OPTIM_IMPLS)
def test_optim_arrays(impl):
    python = "ValueError: " if impl in PYTHON_IMPLS else ""
    opt = Optim(impl)
    set_initial_guess = f"optim/{impl}, method 'set_initial_guess'"
    with refused("arrays", OIFError, set_initial_guess, f"{python}'x0' must be a non-empty vector"):
        opt._binding.call("set_initial_guess", (np.empty(0),), ())
    with refused("arrays", ValueError, "x0 must be a non-empty vector, got shape (0,)"):
        opt.set_initial_guess([])
    opt.set_initial_guess([1.0, 2.0])
    opt.set_objective_fn(lambda x, _: float(x @ x))
    for x in [np.empty(3), np.empty(0)]:
        length_words = f"{python}'x' must be a vector of length 2, like the initial guess"
        with refused("arrays", OIFError, f"optim/{impl}, method 'minimize'", length_words):
            opt._binding.call("minimize", (), (x,))
    with refused("arrays", ValueError, "argument 'x' is read-only"):
        opt._binding.call("minimize", (), (read_only([0.0, 0.0]),))
    opt.minimize()
    np.testing.assert_allclose(opt.x, [0.0, 0.0], atol=1e-4)


# ---- 6. callbacks ------------------------------------------------------------------

INTEGRATORS = {
    "dopri5c": ["dopri5"],
    "sundials_cvode": ["bdf", "adams"],
    "scipy_ode": ["dopri5", "vode", "lsoda", "dop853"],
}
# What each integrator makes of a right-hand side that writes NaN from the
# start: an error, in its own words.  scipy_ode runs with nsteps = 1000:
# dopri5 and dop853 reject NaN steps until the steps run out.
NAN_RHS_WORDS = {
    ("dopri5c", "dopri5"): "the error estimate was not finite (NaN or Inf)",
    ("sundials_cvode", "bdf"): "CV_CONV_FAILURE",
    ("sundials_cvode", "adams"): "CV_CONV_FAILURE",
    ("scipy_ode", "dopri5"): "(t did not advance: does the right-hand side return NaN or Inf there?)",
    ("scipy_ode", "vode"): "repeated convergence failures of the corrector",
    ("scipy_ode", "lsoda"): "lsoda: the solution at t = 1 is not finite (NaN or Inf)",
    ("scipy_ode", "dop853"): "(t did not advance: does the right-hand side return NaN or Inf there?)",
}


def assert_solver_still_works(solver):
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(decay)
    solver.integrate(1.0)
    assert solver.y[0] == pytest.approx(math.exp(-1.0), rel=1e-5)


def test_rhs_writing_nan(ivp_impl):
    for integrator in INTEGRATORS[ivp_impl]:
        solver = IVP(ivp_impl)
        solver.set_integrator(integrator, {"nsteps": 1000} if ivp_impl == "scipy_ode" else {})
        solver.set_initial_value([1.0], 0.0)
        solver.set_rhs_fn(lambda t, y, ydot, _: ydot.fill(math.nan))
        words = NAN_RHS_WORDS[ivp_impl, integrator]
        with refused("callbacks", OIFError, f"ivp/{ivp_impl}, method 'integrate'", words):
            solver.integrate(1.0)
        assert_solver_still_works(solver)


@pytest.mark.parametrize("raised", [SystemExit(3), KeyboardInterrupt()], ids=["SystemExit", "KeyboardInterrupt"])
def test_rhs_raising_a_base_exception_gets_it_back(ivp_impl, raised):
    """Not only Exceptions: what ends a program elsewhere must come back to
    the caller here, not end the process inside a solver."""

    def rhs(t, y, ydot, _):
        raise raised

    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(rhs)
    with refused("callbacks", type(raised)) as info:
        solver.integrate(1.0)
    assert info.value is raised
    assert_solver_still_works(solver)


def test_rhs_with_the_wrong_parameters(ivp_impl):
    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0], 0.0)
    # Refused when it is set, the same way whatever the implementation.
    with refused("callbacks", TypeError, "the right-hand side must take (t, y, ydot, user_data), or (t, y)",
                 "takes (t, y, ydot)"):
        solver.set_rhs_fn(lambda t, y, ydot: None)
    assert_solver_still_works(solver)


@pytest.mark.parametrize("status", [2**32, 2**70, -(2**31) - 1], ids=["2**32", "2**70", "INT_MIN-1"])
def test_rhs_returning_a_status_beyond_int(ivp_impl, status):
    """Cut to a C int, 2**32 would read as 0, success: it must stop the run."""
    via_c = os.environ.get("OIF_PYTHON_CALLBACKS_VIA_C") == "1"
    exception, words = callback_failure(
        ivp_impl,
        via_c,
        f"RuntimeError: right-hand side returned status {status} at t = 0",
        ValueError,
        f"callback 'rhs', return value: {status} does not fit in a C int",
    )
    solver = IVP(ivp_impl)
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(lambda t, y, ydot, _: (decay(t, y, ydot, _), status)[1])
    with refused("callbacks", exception, words):
        solver.integrate(1.0)
    assert_solver_still_works(solver)


def sum_of_squares(x, _):
    return float(x @ x)


def callback_failure(impl, via_c, direct_words, glue_exception, glue_words):
    """What a callback's bad result raises: a Python implementation checks a
    Python user's callback itself (its error is the implementation's);
    through C, and for C implementations, the C layer checks it, raising
    its exception as itself, as the callback's."""
    if impl not in PYTHON_IMPLS or via_c:
        return glue_exception, glue_words
    return OIFError, direct_words


@pytest.mark.parametrize("returned", ["0.5", None, b"1"], ids=["str", "None", "bytes"])
def test_objective_returning_a_wrong_type(optim_impl, returned):
    via_c = os.environ.get("OIF_PYTHON_CALLBACKS_VIA_C") == "1"
    name = type(returned).__name__
    exception, words = callback_failure(
        optim_impl,
        via_c,
        f"TypeError: the objective must return a float, got {name}",
        TypeError,
        f"callback 'objective', return value: expected a float, got {name}",
    )
    opt = Optim(optim_impl)
    opt.set_initial_guess([1.0, 2.0])
    opt.set_objective_fn(lambda x, _: returned)
    with refused("callbacks", exception, words):
        opt.minimize()
    opt.set_objective_fn(sum_of_squares)
    opt.minimize()
    np.testing.assert_allclose(opt.x, [0.0, 0.0], atol=1e-4)


def test_objective_returning_nan(optim_impl):
    opt = Optim(optim_impl)
    opt.set_initial_guess([1.0, 2.0])
    opt.set_objective_fn(lambda x, _: math.nan)
    words = "objective returned NaN at evaluation 1, x = [1, 2]"
    with refused("callbacks", OIFError, f"optim/{optim_impl}, method 'minimize'", words):
        opt.minimize()


GRADIENT_METHOD = {"nlopt": "LD_LBFGS", "scipy_optimize": "BFGS"}


def test_gradient_returning_a_wrong_type(optim_impl):
    via_c = os.environ.get("OIF_PYTHON_CALLBACKS_VIA_C") == "1"
    exception, words = callback_failure(
        optim_impl,
        via_c,
        "TypeError: the gradient must return an int status or None, got str",
        TypeError,
        "callback 'grad', return value: expected an int status or None, got str",
    )
    opt = Optim(optim_impl)
    opt.set_initial_guess([1.0, 2.0])
    opt.set_objective_fn(sum_of_squares)
    opt.set_grad_fn(lambda x, g, _: "done")
    opt.set_method(GRADIENT_METHOD[optim_impl])
    with refused("callbacks", exception, words):
        opt.minimize()


def test_gradient_writing_nan(optim_impl):
    """nlopt fails; scipy_optimize ends the run with SciPy's status 3, whose
    message says NaN: a run that stops is not a failed call (optim guide)."""
    opt = Optim(optim_impl)
    opt.set_initial_guess([1.0, 2.0])
    opt.set_objective_fn(sum_of_squares)
    opt.set_grad_fn(lambda x, g, _: g.fill(math.nan))
    opt.set_method(GRADIENT_METHOD[optim_impl])
    if optim_impl == "nlopt":
        failure = "NLopt's LD_LBFGS failed with FAILURE"
        with refused("callbacks", OIFError, "optim/nlopt, method 'minimize'", failure):
            opt.minimize()
    else:
        status, message = opt.minimize()
        assert (status, message) == (3, "NaN result encountered.")
        assert_valid_call_still_works()
        REFUSED["callbacks"] += 1


def test_objective_raising_system_exit_gets_it_back(optim_impl):
    raised = SystemExit("stop")

    def objective(x, _):
        raise raised

    opt = Optim(optim_impl)
    opt.set_initial_guess([1.0, 2.0])
    opt.set_objective_fn(objective)
    with refused("callbacks", SystemExit) as info:
        opt.minimize()
    assert info.value is raised


# ---- 7. config dicts --------------------------------------------------------------


@pytest.mark.parametrize("impl", ["dopri5c", "scipy_ode"])
@pytest.mark.parametrize(
    "options, exception, words",
    [
        ({"max_step": [1]}, TypeError, "'max_step' has a value of type list; options must be int, float or str"),
        ({"max_step": {"a": 1}}, TypeError, "option 'max_step' has a value of type dict"),
        ({"max_step": None}, TypeError, "option 'max_step' has a value of type NoneType"),
        ({"max_step": b"1"}, TypeError, "option 'max_step' has a value of type bytes"),
        ({"max_step": 1j}, TypeError, "option 'max_step' has a value of type complex"),
        ({"max_num_steps": np.int64(2**40)}, ValueError, "option 'max_num_steps' = 1099511627776 does not fit"),
        ({"max_num_steps": 2**70}, ValueError, "'max_num_steps' = 1180591620717411303424 does not fit in a C int"),
        ({"max_num_steps": 2**31}, ValueError, "option 'max_num_steps' = 2147483648 does not fit in a C int"),
        ({"max_num_steps": -(2**31) - 1}, ValueError, "= -2147483649 does not fit in a C int"),
        ({"max_num_steps": "5\0junk"}, ValueError, "option 'max_num_steps' = '5\\x00junk' contains a NUL character"),
        ({"max_num_steps\0junk": 5}, ValueError, "option name 'max_num_steps\\x00junk' contains a NUL character"),
        ({"max_step": "\udc80"}, UnicodeEncodeError, "surrogates not allowed"),
        ({1: 5}, TypeError, "option names must be str, not int"),
    ],
    ids=["list", "dict", "None", "bytes", "complex", "huge_numpy_int", "huge_int", "int_max_plus_1",
         "int_min_minus_1", "nul_value", "nul_key", "surrogate", "int_key"],
)
def test_option_values_a_config_dict_cannot_hold(impl, options, exception, words):
    """Refused while converting, before any implementation sees them: the
    same for a C and a Python implementation."""
    solver = IVP(impl)
    # Python's own encoding error names no argument.
    context = "" if exception is UnicodeEncodeError else "method 'set_integrator', argument 'config'"
    with refused("config dicts", exception, context, words):
        solver.set_integrator("dopri5", options)
    assert_solver_still_works(solver)


# NaN is refused by every implementation; infinity only where it means "no
# limit" (a maximal step, a tolerance met at once).
NONFINITE_OPTION = {
    "dopri5c": ("dopri5", "max_step", {math.nan: "option 'max_step' must be > 0, got nan", math.inf: None}),
    "sundials_cvode": ("bdf", "max_step", {math.nan: "option 'max_step' must be positive, got nan", math.inf: None}),
    "scipy_ode": ("dopri5", "max_step", {math.nan: "option 'max_step' must be finite, got nan",
                                          math.inf: "option 'max_step' must be finite, got inf"}),
    "nlopt": ("LN_BOBYQA", "xtol_rel", {math.nan: "option 'xtol_rel' is NaN; give a number", math.inf: None}),
    "scipy_optimize": ("Nelder-Mead", "xatol", {math.nan: "option 'xatol' must be a number, got float nan",
                                                 math.inf: None}),
}


@pytest.mark.parametrize("impl", list(NONFINITE_OPTION))
@pytest.mark.parametrize("value", [math.nan, math.inf], ids=["nan", "inf"])
def test_nonfinite_float_options(impl, value):
    method, key, outcome = NONFINITE_OPTION[impl]
    is_ivp = impl in IVP_IMPLS
    obj = IVP(impl) if is_ivp else Optim(impl)
    choose = obj.set_integrator if is_ivp else obj.set_method
    words = outcome[value]
    if words is None:
        choose(method, {key: value})
        ACCEPTED["config dicts"] += 1
    else:
        name = "set_integrator" if is_ivp else "set_method"
        with refused("config dicts", OIFOptionError, f"Error occurred while executing method '{name}'", words):
            choose(method, {key: value})
    if is_ivp:
        assert_solver_still_works(obj)
    else:
        obj.set_initial_guess([1.0, 2.0])
        obj.set_objective_fn(sum_of_squares)
        status, message = obj.minimize()
        assert isinstance(status, int) and message
