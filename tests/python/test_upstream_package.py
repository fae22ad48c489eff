"""Drop-in compatibility with MaRDI Open Interfaces 0.7's Python package
beyond the interface classes: the attributes upstream's IVP and Optim keep,
its modules util, version and callback, the ctypes structures of its core,
the module paths its .conf files name for the shipped implementations, the
status its Julia implementations give without Julia, and implementations
written in its style (keeping the arrays they are handed)."""

import ctypes
import math
import os
import pathlib
import shutil

import numpy as np
import pytest

import openinterfaces
from openinterfaces import core
from openinterfaces.interfaces import IVP, QEQ, Linsolve, Optim

from probes import run_impl_child

BUILD = pathlib.Path(os.environ.get("OIF_BUILD_DIR", pathlib.Path(__file__).parents[2] / "build"))
UPSTREAM_STYLE = pathlib.Path(__file__).parents[1] / "c" / "fixtures_python" / "ivp" / "upstream_style"


# ---- attributes of the interface objects ------------------------------------


def test_ivp_keeps_the_converted_y0_and_the_user_data_as_upstream():
    s = IVP("dopri5c")
    s.set_initial_value([1, 2], 0)
    assert isinstance(s.y0, np.ndarray) and s.y0.dtype == np.float64 and list(s.y0) == [1.0, 2.0]
    user_data = {"rate": 2.0}
    s.set_user_data(user_data)
    assert s.user_data is user_data


def test_optim_keeps_the_converted_x0_and_the_user_data_as_upstream():
    opt = Optim("scipy_optimize")
    opt.set_initial_guess([3, -1])
    assert isinstance(opt.x0, np.ndarray) and opt.x0.dtype == np.float64 and list(opt.x0) == [3.0, -1.0]
    user_data = (1.0, 2.0)
    opt.set_user_data(user_data)
    assert opt.user_data is user_data


# ---- an implementation in upstream's style ----------------------------------


@pytest.fixture
def upstream_style_path(tmp_path):
    """OIF_IMPL_PATH for a folder holding only the upstream-style ivp
    implementation (tests/c/fixtures_python/ivp/upstream_style), as a third
    party would install it."""
    shutil.copytree(UPSTREAM_STYLE, tmp_path / "ivp" / "upstream_style")
    return str(tmp_path)


@pytest.mark.probe("crash")
@pytest.mark.parametrize("impl_path", [("upstream_style", False), ("upstream_style", True)],
                         ids=["upstream_style", "upstream_style-callbacks_via_c"])
def test_upstream_style_impl_keeping_y0_reads_the_values_it_was_given(impl_path, upstream_style_path):
    # The implementation keeps the view of y0 it was handed and hands it to
    # SciPy again at each restart; y0 is a list here, so the array made of
    # it has no owner but the IVP object.
    run_impl_child(
        impl_path,
        """
s = IVP(impl)
s.set_initial_value([1.0, 2.0], 0)
gc.collect()
junk = [np.full(2, 1e300) for _ in range(1000)]
s.set_user_data(3.0)
def rhs(t, y, ydot, rate):
    ydot[:] = -rate * y
s.set_rhs_fn(rhs)
expected = np.exp(-3.0) * np.array([1.0, 2.0])
assert np.allclose(s.integrate(1.0), expected, rtol=1e-7), s.y
s.set_tolerances(1e-10, 1e-12)  # restarts from the kept y0
del junk; gc.collect(); junk = [np.full(2, np.nan) for _ in range(1000)]
assert np.allclose(s.integrate(1.0), expected, rtol=1e-9), s.y
assert list(s.y0) == [1.0, 2.0]
""",
        env={"OIF_IMPL_PATH": upstream_style_path},
    )


# ---- openinterfaces.version, .util, .callback --------------------------------


def test_version_module():
    from openinterfaces.version import __version__

    assert __version__ == openinterfaces.__version__


def _grid(n, left, right, top, bottom):
    x, dx = np.linspace(left, right, num=n, retstep=True)
    y, dy = np.linspace(top, bottom, num=n, retstep=True)
    X, Y = np.meshgrid(x, y)
    return X, Y, dx, dy


def test_laplacian_matrix_of_constant_and_linear_functions_is_zero_inside():
    from openinterfaces.util import Laplacian2DApproximator

    X, Y, dx, dy = _grid(11, -1.0, 1.0, 1.0, -1.0)
    approx = Laplacian2DApproximator(11, dx, dy)
    assert approx.A.shape == (121, 121) and approx.matrix is approx.A
    for F in (np.ones_like(X), 21 * X + 5 * Y):
        inner = (approx.A @ F.reshape(-1)).reshape(11, 11)[1:-1, 1:-1]
        np.testing.assert_allclose(inner, 0.0, atol=1e-10)


def test_laplacian_matrix_solves_a_poisson_equation():
    from scipy.sparse.linalg import spsolve

    from openinterfaces.util import Laplacian2DApproximator

    m = 51
    x = np.linspace(0, 1, m)[1:-1]
    X, Y = np.meshgrid(x, x)
    exact = (Y - Y**5) * np.sin(3 * np.pi * X)
    source = -(20 * Y**3 + 9 * np.pi**2 * (Y - Y**5)) * np.sin(3 * np.pi * X)
    A = Laplacian2DApproximator(m - 2, 1 / (m - 1), 1 / (m - 1)).laplacian2DMatrix()
    U = spsolve(A.tocsc(), source.reshape(-1)).reshape(m - 2, m - 2)
    np.testing.assert_allclose(U, exact, atol=2e-3)


def test_periodic_laplacian_of_a_trigonometric_function():
    from openinterfaces.util import Laplacian2DApproximator

    X, Y, dx, dy = _grid(128, -np.pi, np.pi, np.pi, -np.pi)
    F = np.sin(X) * np.cos(Y) + np.cos(2 * X)
    before = F.copy()
    lap = Laplacian2DApproximator(128, dx, dy).laplacian_periodic(F)
    np.testing.assert_allclose(lap, -2 * np.sin(X) * np.cos(Y) - 4 * np.cos(2 * X), atol=5e-3)
    # Every boundary point, corners included, sees its periodic neighbours.
    assert lap[0, 0] == lap[-1, -1] == lap[0, -1] == lap[-1, 0]
    np.testing.assert_array_equal(F, before)
    with pytest.raises(ValueError, match="shape"):
        Laplacian2DApproximator(128, dx, dy).laplacian_periodic(F[:-1])


def test_used_memory_monitor_writes_a_csv_of_the_memory_use(tmp_path, capsys):
    from openinterfaces.util import UsedMemoryMonitor

    path = tmp_path / "memory.csv"
    with UsedMemoryMonitor(csv_filename=str(path)) as monitor:
        first = monitor.record()
        ballast = np.ones(32 * 1024 * 1024 // 8)  # 32 MiB, touched
        second = monitor.record()
        del ballast
    assert list(first) == monitor.headers == ["rss", "vms", "shared", "text", "lib", "data", "dirty"]
    assert 0 < first["rss"] <= first["vms"]
    assert second["rss"] - first["rss"] > 16 * 1024 * 1024
    with UsedMemoryMonitor(csv_filename=str(path)) as monitor:  # appends
        monitor.record()
    rows = path.read_text().splitlines()
    assert rows[0] == "rss,vms,shared,text,lib,data,dirty" and len(rows) == 4
    assert [int(v) for v in rows[1].split(",")] == list(first.values())
    assert capsys.readouterr() == ("", "")  # quiet, unlike upstream's


def test_used_memory_monitor_plots_resident_and_virtual_memory_in_mib(tmp_path):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")  # show() draws nothing
    import matplotlib.pyplot as plt

    from openinterfaces.util import UsedMemoryMonitor

    with UsedMemoryMonitor(csv_filename=str(tmp_path / "memory.csv")) as monitor:
        rows = [monitor.record(), monitor.record()]
        monitor.plot()
    rss, vms = plt.gca().get_lines()
    assert list(rss.get_ydata()) == [row["rss"] / 2**20 for row in rows]
    assert list(vms.get_ydata()) == [row["vms"] / 2**20 for row in rows]
    plt.close("all")


_capsule_new = ctypes.PYFUNCTYPE(ctypes.py_object, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p)(
    ("PyCapsule_New", ctypes.pythonapi))


def test_callback_calls_a_c_function_in_a_capsule():
    from openinterfaces.callback import Callback
    from openinterfaces.core import OIF_TYPE_F64

    libm = ctypes.CDLL("libm.so.6")
    capsule = _capsule_new(ctypes.cast(libm.cos, ctypes.c_void_p), b"fn", None)
    cos = Callback(capsule, "fn", [OIF_TYPE_F64], restype=OIF_TYPE_F64)
    assert cos(0.5) == math.cos(0.5)
    with pytest.raises(ValueError):
        Callback(capsule, "another name", [OIF_TYPE_F64])


def test_callback_passes_arrays_and_user_data_to_an_ivp_rhs():
    from openinterfaces.callback import Callback, make_oif_callback

    assert make_oif_callback is core.make_oif_callback
    seen = {}
    prototype = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_double, ctypes.POINTER(core.OIFArrayF64),
                                 ctypes.POINTER(core.OIFArrayF64), ctypes.c_void_p)

    def rhs(t, y, ydot, user_data):
        n = y.contents.dimensions[0]
        for i in range(n):
            ydot.contents.data[i] = -t * y.contents.data[i]
        seen.update(n=n, flags=y.contents.flags, user_data=user_data)
        return 7

    c_rhs = prototype(rhs)
    capsule = _capsule_new(ctypes.cast(c_rhs, ctypes.c_void_p), b"rhs", None)
    user_data = ctypes.c_double(1.0)
    user_data_capsule = _capsule_new(ctypes.addressof(user_data), None, None)
    y, ydot = np.array([1.0, 2.0, 3.0]), np.zeros(3)
    assert Callback(capsule, "rhs")(2.0, y, ydot, user_data_capsule) == 7  # the ivp rhs's types by default
    assert list(ydot) == [-2.0, -4.0, -6.0]
    assert seen == {"n": 3, "flags": core.OIF_ARRAY_C_CONTIGUOUS | core.OIF_ARRAY_F_CONTIGUOUS,
                    "user_data": ctypes.addressof(user_data)}
    with pytest.raises(TypeError, match="float64"):
        Callback(capsule, "rhs")(2.0, y.astype(np.float32), ydot, None)
    with pytest.raises(TypeError, match="4 arguments"):
        Callback(capsule, "rhs")(2.0, y, ydot)


# ---- ctypes structures of openinterfaces.core --------------------------------


def _lib(*parts):
    return ctypes.CDLL(str(BUILD.joinpath(*parts)))


def test_oif_array_f64_is_the_c_struct():
    lib = _lib("lang_c", "user", "liboif_c.so")
    lib.oif_create_array_f64.restype = ctypes.POINTER(core.OIFArrayF64)
    lib.oif_create_array_f64.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_ssize_t)]
    lib.oif_free_array_f64.argtypes = [ctypes.POINTER(core.OIFArrayF64)]
    dims = (ctypes.c_ssize_t * 2)(3, 4)
    array = lib.oif_create_array_f64(2, dims)
    try:
        assert array.contents.nd == 2
        assert list(array.contents.dimensions[:2]) == [3, 4]
        assert array.contents.flags == core.OIF_ARRAY_C_CONTIGUOUS
        array.contents.data[11] = 5.0  # the last element: data points at 12 doubles
    finally:
        lib.oif_free_array_f64(array)


def test_oif_args_and_arg_types_call_an_implementation_through_the_dispatcher():
    # As upstream's ctypes core called implementations.
    dispatch = _lib("dispatch", "liboif_dispatch.so")
    dispatch.load_interface_impl.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t]
    dispatch.call_interface_impl.argtypes = [ctypes.c_int, ctypes.c_char_p] + [ctypes.POINTER(core.OIFArgs)] * 3
    h = dispatch.load_interface_impl(b"qeq", b"c_qeq_solver", 1, 0)
    assert h >= core.OIF_IMPL_STARTING_NUMBER
    try:
        coefficients = [ctypes.c_double(v) for v in (1.0, -3.0, 2.0)]
        in_types = (core.OIFArgType * 3)(*[core.OIF_TYPE_F64] * 3)
        in_values = (ctypes.c_void_p * 3)(*[ctypes.addressof(c) for c in coefficients])
        roots = (ctypes.c_double * 2)()
        dims = (ctypes.c_ssize_t * 1)(2)
        roots_array = core.OIFArrayF64(1, dims, roots, core.OIF_ARRAY_C_CONTIGUOUS | core.OIF_ARRAY_F_CONTIGUOUS)
        roots_pointer = ctypes.pointer(roots_array)
        out_types = (core.OIFArgType * 1)(core.OIF_TYPE_ARRAY_F64)
        out_values = (ctypes.c_void_p * 1)(ctypes.addressof(roots_pointer))
        status = dispatch.call_interface_impl(h, b"solve_qeq", core.OIFArgs(3, in_types, in_values),
                                              core.OIFArgs(1, out_types, out_values), core.OIFArgs(0, None, None))
        assert status == 0
        assert sorted(roots) == [1.0, 2.0]
    finally:
        dispatch.unload_interface_impl(h)


def test_oif_config_dict_has_upstreams_layout():
    fields = [(name, getattr(core.OIFConfigDict, name).offset) for name, _ in core.OIFConfigDict._fields_]
    assert fields == [("type", 0), ("src", 4), ("size", 8), ("buffer", 16), ("buffer_length", 24),
                      ("native_object", 32)]
    assert ctypes.sizeof(core.OIFArgs) == 24 and ctypes.sizeof(core.OIFArrayF64) == 32
    assert ctypes.sizeof(core.OIFArgType) == 4


def test_make_oif_config_dict_serializes_as_the_c_library():
    common = _lib("common", "liboif_common.so")
    common.oif_config_dict_init.restype = ctypes.c_void_p
    for name in ("add_int", "add_double", "add_str", "serialize", "get_serialized", "get_serialized_object_length",
                 "set_serialized", "deserialize", "get_int", "get_double", "get_str", "free"):
        getattr(common, "oif_config_dict_" + name).argtypes = [ctypes.c_void_p]
    common.oif_config_dict_add_int.argtypes += [ctypes.c_char_p, ctypes.c_int]
    common.oif_config_dict_add_double.argtypes += [ctypes.c_char_p, ctypes.c_double]
    common.oif_config_dict_add_str.argtypes += [ctypes.c_char_p, ctypes.c_char_p]
    common.oif_config_dict_get_serialized.restype = ctypes.c_void_p
    common.oif_config_dict_get_serialized_object_length.restype = ctypes.c_size_t
    common.oif_config_dict_set_serialized.argtypes += [ctypes.c_char_p, ctypes.c_size_t]
    for name in ("get_int", "get_double", "get_str"):
        getattr(common, "oif_config_dict_" + name).argtypes += [ctypes.c_char_p]
    common.oif_config_dict_get_double.restype = ctypes.c_double
    common.oif_config_dict_get_str.restype = ctypes.c_char_p

    options = {"order": 5, "big": 300, "negative": -40, "huge": -(2**31), "flag": True, "rtol": 2.5e-7,
               "method": "bdf", "long": "x" * 40}
    config = core.make_oif_config_dict(options)
    assert (config.type, config.src, config.size) == (core.OIF_TYPE_CONFIG_DICT, core.OIF_LANG_PYTHON, len(options))
    assert config.native_object == id(options)
    serialized = ctypes.string_at(_buffer_address(config), config.buffer_length)
    assert serialized == config.serialized

    made_in_c = common.oif_config_dict_init()
    for key, value in options.items():
        if isinstance(value, str):
            common.oif_config_dict_add_str(made_in_c, key.encode(), value.encode())
        elif isinstance(value, float):
            common.oif_config_dict_add_double(made_in_c, key.encode(), value)
        else:
            common.oif_config_dict_add_int(made_in_c, key.encode(), int(value))
    assert common.oif_config_dict_serialize(made_in_c) == 0
    length = common.oif_config_dict_get_serialized_object_length(made_in_c)
    assert serialized == ctypes.string_at(common.oif_config_dict_get_serialized(made_in_c), length)
    common.oif_config_dict_free(made_in_c)

    read_in_c = common.oif_config_dict_init()
    assert common.oif_config_dict_set_serialized(read_in_c, serialized, len(serialized)) == 0
    assert common.oif_config_dict_deserialize(read_in_c) == 0
    assert common.oif_config_dict_get_int(read_in_c, b"huge") == -(2**31)
    assert common.oif_config_dict_get_double(read_in_c, b"rtol") == 2.5e-7
    assert common.oif_config_dict_get_str(read_in_c, b"long") == b"x" * 40
    common.oif_config_dict_free(read_in_c)

    with pytest.raises(TypeError, match="int, float or str"):
        core.make_oif_config_dict({"callback": print})
    with pytest.raises(ValueError, match="does not fit in a C int"):
        core.make_oif_config_dict({"n": 2**31})


def _buffer_address(config):
    """The address the `buffer` field holds (reading the field gives the
    bytes up to the first NUL instead)."""
    return ctypes.c_void_p.from_buffer(config, core.OIFConfigDict.buffer.offset).value


# ---- upstream's module paths for the shipped Python implementations ----------

UPSTREAM_CONF_LINES = [
    ("ivp", "scipy_ode", "openinterfaces._impl.ivp.scipy_ode.scipy_ode", "ScipyODE", "IVPInterface"),
    ("optim", "scipy_optimize", "openinterfaces._impl.optim.scipy_optimize.scipy_optimize", "ScipyOptimize",
     "OptimInterface"),
    ("linsolve", "numpy", "openinterfaces._impl.linsolve.numpy.linsolve", "NumPyLinsolve", "LinsolveInterface"),
    ("qeq", "py_qeq_solver", "openinterfaces._impl.qeq.py_qeq_solver.qeq_solver", "QeqSolver", "QeqInterface"),
]


@pytest.mark.parametrize("interface, impl, module, cls, base", UPSTREAM_CONF_LINES)
def test_upstreams_module_path_gives_the_shipped_class(interface, impl, module, cls, base):
    import importlib

    from openinterfaces._bridge_support import load_class

    shipped = getattr(importlib.import_module(module), cls)
    assert issubclass(shipped, getattr(importlib.import_module(f"openinterfaces._impl.interfaces.{interface}"), base))
    # The very class the Python bridge instantiates for the shipped .conf.
    conf_dir = BUILD / "impl" / interface / impl
    details = (conf_dir / f"{impl}.conf").read_text().splitlines()[1]
    assert load_class(str(conf_dir), details, f"_oif_impl_{interface}_{impl}") is shipped


@pytest.fixture
def upstream_confs(tmp_path, monkeypatch):
    """A folder with upstream's .conf file of each shipped Python
    implementation, under the name upstream_<impl>, on OIF_IMPL_PATH."""
    for interface, impl, module, cls, _ in UPSTREAM_CONF_LINES:
        folder = tmp_path / interface / f"upstream_{impl}"
        folder.mkdir(parents=True)
        (folder / f"upstream_{impl}.conf").write_text(f"python\n{module} {cls}\n")
    monkeypatch.setenv("OIF_IMPL_PATH", str(tmp_path))


def test_upstreams_conf_files_load_the_shipped_implementations(upstream_confs):
    assert sorted(QEQ("upstream_py_qeq_solver").solve(1.0, -3.0, 2.0)) == [1.0, 2.0]
    np.testing.assert_allclose(Linsolve("upstream_numpy").solve([[2.0, 0.0], [0.0, 4.0]], [2.0, 2.0]), [1.0, 0.5])
    s = IVP("upstream_scipy_ode")
    s.set_initial_value([1.0], 0.0)
    s.set_rhs_fn(lambda t, y, ydot, _: ydot.__setitem__(slice(None), -y))
    np.testing.assert_allclose(s.integrate(1.0), [math.exp(-1.0)], rtol=1e-5)
    opt = Optim("upstream_scipy_optimize")
    opt.set_initial_guess([3.0, -1.0])
    opt.set_objective_fn(lambda x, _: float(((x - 1) ** 2).sum()))
    opt.minimize()
    np.testing.assert_allclose(opt.x, [1.0, 1.0], atol=1e-4)


# ---- upstream's Julia implementations -----------------------------------------

JULIA_IMPLS = [(IVP, "ivp", "jl_diffeq"), (Linsolve, "linsolve", "jl_backslash"), (Optim, "optim", "optim_jl"),
               (Optim, "optim", "ipopt_jl"), (QEQ, "qeq", "jl_qeq_solver")]


@pytest.mark.parametrize("interface_class, interface, impl", JULIA_IMPLS)
def test_julia_implementations_report_a_missing_bridge(interface_class, interface, impl):
    # ValueError, as upstream raises for a missing bridge too ...
    with pytest.raises(ValueError, match=f"'{impl}'.*no bridge for language 'julia' in this build"):
        interface_class(impl)
    # ... and status 3, which upstream's C tests skip on.
    dispatch = _lib("dispatch", "liboif_dispatch.so")
    dispatch.load_interface_impl.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t]
    status = dispatch.load_interface_impl(interface.encode(), impl.encode(), 1, 0)
    assert status == core.OIF_BRIDGE_NOT_AVAILABLE_ERROR == 3


def test_a_julia_conf_on_the_search_path_reports_a_missing_bridge(tmp_path, monkeypatch):
    folder = tmp_path / "ivp" / "my_diffeq"
    folder.mkdir(parents=True)
    (folder / "my_diffeq.conf").write_text("julia\nivp/my_diffeq/my_diffeq.jl MyDiffEq\n")
    monkeypatch.setenv("OIF_IMPL_PATH", str(tmp_path))
    with pytest.raises(ValueError, match="no bridge for language 'julia'"):
        IVP("my_diffeq")
