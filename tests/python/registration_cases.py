"""Implementations registered in the process: openinterfaces.register_impl
(a class, no files), the C functions oif_register_impl_dir/_conf seen from
Python, and packages announcing implementations through the entry-point
group openinterfaces.impls.

Registrations last as long as the process: these tests run in a pytest of
their own (test_register.py), so that the names they register appear in no
other test's listing, and each uses names of its own."""

import ctypes
import math
import os
import pathlib
import sys
import textwrap
import warnings

import numpy as np
import pytest

import openinterfaces
from openinterfaces import core
from openinterfaces._impl.interfaces.ivp import IVPInterface
from openinterfaces._impl.interfaces.qeq import QeqInterface
from openinterfaces.interfaces.ivp import IVP
from openinterfaces.interfaces.qeq import QEQ

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("OIF_BUILD_DIR", ROOT / "build"))


class FixedRoots(QeqInterface):
    """Roots that tell it was this class that answered."""

    def solve_qeq(self, a, b, c, roots):
        roots[:] = [a + 100.0, b + 100.0]


class Euler(IVPInterface):
    """Explicit Euler with a fixed step: enough of an IVP to integrate."""

    def __init__(self):
        self.t = 0.0
        self.y = None
        self.rhs = None
        self.user_data = None

    def set_initial_value(self, y0, t0):
        self.y, self.t = y0.copy(), t0

    def set_rhs_fn(self, rhs):
        self.rhs = rhs

    def set_tolerances(self, rtol, atol):
        pass

    def set_user_data(self, user_data):
        self.user_data = user_data

    def set_integrator(self, integrator_name, config):
        raise ValueError(f"unknown integrator {integrator_name!r}")

    def integrate(self, t, y):
        steps = 1000
        h = (t - self.t) / steps
        ydot = np.empty_like(self.y)
        for _ in range(steps):
            self.rhs(self.t, self.y, ydot, self.user_data)
            self.y += h * ydot
            self.t += h
        y[:] = self.y

    def print_stats(self):
        pass


def _liboif_c():
    lib = ctypes.CDLL(str(BUILD / "lang_c" / "user" / "liboif_c.so"))
    lib.oif_last_error.restype = ctypes.c_char_p
    lib.oif_load_impl.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
    lib.oif_solve_qeq.argtypes = [ctypes.c_int, ctypes.c_double, ctypes.c_double, ctypes.c_double,
                                  ctypes.POINTER(core.OIFArrayF64)]
    lib.oif_register_impl_dir.argtypes = [ctypes.c_char_p]
    lib.oif_register_impl_conf.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    return lib


def _c_solve_qeq(impl: str, a: float, b: float, c: float) -> list:
    """Loads and calls `impl` as a C user does, through liboif_c."""
    lib = _liboif_c()
    h = lib.oif_load_impl(b"qeq", impl.encode(), 1, 0)
    assert h >= core.OIF_IMPL_STARTING_NUMBER, lib.oif_last_error().decode()
    try:
        data = (ctypes.c_double * 2)()
        dims = (ctypes.c_ssize_t * 1)(2)
        roots = core.OIFArrayF64(1, dims, data, core.OIF_ARRAY_C_CONTIGUOUS | core.OIF_ARRAY_F_CONTIGUOUS)
        assert lib.oif_solve_qeq(h, a, b, c, ctypes.byref(roots)) == 0, lib.oif_last_error().decode()
        return list(data)
    finally:
        assert lib.oif_unload_impl(h) == 0


def test_registered_class_loads_from_python_and_is_listed():
    openinterfaces.register_impl("qeq", "registered_fixed_roots", FixedRoots)
    assert "registered_fixed_roots" in openinterfaces.list_impls("qeq")
    with QEQ("registered_fixed_roots") as solver:
        assert list(solver.solve(1.0, 2.0, 3.0)) == [101.0, 102.0]
    binding = core.load_impl("qeq", "registered_fixed_roots", 1, 0)  # the low-level route too
    core.unload_impl(binding)
    assert openinterfaces._core.impl_language("qeq", "registered_fixed_roots") == "python"


def test_registered_class_loads_from_c_in_the_same_process():
    openinterfaces.register_impl("qeq", "registered_for_c", FixedRoots)
    assert _c_solve_qeq("registered_for_c", 1.0, 2.0, 3.0) == [101.0, 102.0]


def test_registered_ivp_integrates_and_each_load_is_a_new_instance():
    openinterfaces.register_impl("ivp", "registered_euler", Euler)
    first, second = IVP("registered_euler"), IVP("registered_euler")
    for solver, rate in ((first, 1.0), (second, 2.0)):
        solver.set_initial_value([1.0], 0.0)
        solver.set_user_data(rate)
        solver.set_rhs_fn(lambda t, y, ydot, k: ydot.__setitem__(0, -k * y[0]))
    first.integrate(1.0)
    second.integrate(1.0)
    assert first.y[0] == pytest.approx(math.exp(-1.0), rel=1e-3)
    assert second.y[0] == pytest.approx(math.exp(-2.0), rel=5e-3)
    with pytest.raises(RuntimeError, match="unknown integrator 'rk4'"):
        first.set_integrator("rk4")


def test_class_defined_in_a_function_is_found_by_the_object_not_its_name():
    # Its qualified name (...<locals>.Local) cannot be imported: the bridge
    # must take the registered object.
    class Local(FixedRoots):
        def solve_qeq(self, a, b, c, roots):
            roots[:] = [-1.0, -2.0]

    openinterfaces.register_impl("qeq", "registered_local_class", Local)
    assert list(QEQ("registered_local_class").solve(1.0, 0.0, 0.0)) == [-1.0, -2.0]


@pytest.mark.parametrize(
    "interface, name, cls, error, message",
    [
        ("nonlinear", "reg_bad_1", FixedRoots, ValueError, "unknown interface 'nonlinear'; known interfaces: ivp"),
        (None, "reg_bad_2", FixedRoots, ValueError, "unknown interface None"),
        ("qeq", "bad-name", FixedRoots, ValueError, "implementation name 'bad-name' is invalid"),
        ("qeq", "", FixedRoots, ValueError, "implementation name '' is invalid"),
        ("qeq", "x" * 129, FixedRoots, ValueError, "is invalid"),
        ("qeq", 42, FixedRoots, ValueError, "implementation name 42 is invalid"),
        ("qeq", "reg_bad_3", Euler, TypeError, "class Euler does not subclass openinterfaces._impl.interfaces.qeq"
         ".QeqInterface"),
        ("qeq", "reg_bad_4", object, TypeError, "class object does not subclass"),
        ("qeq", "reg_bad_5", FixedRoots(), TypeError, "must be a class subclassing QeqInterface, not FixedRoots"),
        ("qeq", "reg_bad_6", QeqInterface, TypeError, "class QeqInterface does not define method solve_qeq"),
        ("ivp", "reg_bad_7", type("HalfIVP", (IVPInterface,), {"integrate": lambda self, t, y: None}), TypeError,
         "does not define methods print_stats, set_initial_value, set_integrator, set_rhs_fn, set_tolerances, "
         "set_user_data of interface 'ivp'"),
    ],
)
def test_registration_errors(interface, name, cls, error, message):
    with pytest.raises(error) as info:
        openinterfaces.register_impl(interface, name, cls)
    assert message in str(info.value)
    if isinstance(name, str) and isinstance(interface, str) and interface in ("qeq", "ivp"):
        assert name not in openinterfaces._core.list_impls(interface)


def test_duplicate_names_are_refused():
    openinterfaces.register_impl("qeq", "registered_twice", FixedRoots)
    with pytest.raises(ValueError, match="'registered_twice' of interface 'qeq': the name is taken: it was "
                                         "registered already, as class FixedRoots"):
        openinterfaces.register_impl("qeq", "registered_twice", FixedRoots)
    # A shipped implementation's name is taken by its .conf on the search path.
    with pytest.raises(ValueError, match=r"the name is taken: '.*/qeq/py_qeq_solver/py_qeq_solver.conf' is on "
                                         "the search path"):
        openinterfaces.register_impl("qeq", "py_qeq_solver", FixedRoots)
    assert sorted(QEQ("py_qeq_solver").solve(1.0, -3.0, 2.0)) == [1.0, 2.0]  # still the shipped one


def test_name_registered_from_c_is_taken_for_python(tmp_path):
    conf = tmp_path / "registered_by_conf.conf"
    conf.write_text(f"python\n{FixedRoots.__module__} FixedRoots\n")
    lib = _liboif_c()
    assert lib.oif_register_impl_conf(b"qeq", str(conf).encode()) == 0, lib.oif_last_error().decode()
    with pytest.raises(ValueError, match="registered already, as '.*registered_by_conf.conf'"):
        openinterfaces.register_impl("qeq", "registered_by_conf", FixedRoots)
    # A .conf registered from C loads from Python too (module on sys.path).
    assert list(QEQ("registered_by_conf").solve(0.0, 0.0, 0.0)) == [100.0, 100.0]


def test_folder_registered_from_c_is_searched_first(tmp_path):
    impl = tmp_path / "qeq" / "registered_folder_qeq"
    impl.mkdir(parents=True)
    (impl / "registered_folder_qeq.conf").write_text("python\nmine Mine\n")
    (impl / "mine.py").write_text(textwrap.dedent("""\
        from openinterfaces._impl.interfaces.qeq import QeqInterface

        class Mine(QeqInterface):
            def solve_qeq(self, a, b, c, roots):
                roots[:] = [3.0, 4.0]
        """))
    lib = _liboif_c()
    assert lib.oif_register_impl_dir(str(tmp_path).encode()) == 0, lib.oif_last_error().decode()
    assert "registered_folder_qeq" in openinterfaces.list_impls("qeq")
    assert openinterfaces._core.search_path().startswith(f"{tmp_path.resolve()}:")
    assert list(QEQ("registered_folder_qeq").solve(1.0, 1.0, 1.0)) == [3.0, 4.0]
    assert lib.oif_register_impl_dir(str(tmp_path / "missing").encode()) == core.OIF_ERROR
    assert "No such file or directory" in lib.oif_last_error().decode()


# ---- entry points --------------------------------------------------------------


def _announce(tmp_path, monkeypatch, package: str, entry_points: dict, module_source: str):
    """A package `package` installed in a folder on sys.path: a module and a
    dist-info folder whose entry_points.txt announces `entry_points`."""
    site = tmp_path / "site"
    dist_info = site / f"{package}-1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: 1.0\n")
    lines = "".join(f"{name} = {value}\n" for name, value in entry_points.items())
    (dist_info / "entry_points.txt").write_text(f"[openinterfaces.impls]\n{lines}")
    (site / f"{package}.py").write_text(textwrap.dedent(module_source))
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, package, raising=False)


ANNOUNCED_MODULE = """\
    from openinterfaces._impl.interfaces.qeq import QeqInterface

    class Announced(QeqInterface):
        def solve_qeq(self, a, b, c, roots):
            roots[:] = [5.0, 6.0]

    class NotAnImpl:
        pass
    """


def test_entry_point_is_registered_by_the_constructor(tmp_path, monkeypatch):
    _announce(tmp_path, monkeypatch, "oif_ep_ctor", {"qeq.announced_ctor": "oif_ep_ctor:Announced"},
              ANNOUNCED_MODULE)
    assert "announced_ctor" not in openinterfaces._core.list_impls("qeq")  # not before it is asked for
    assert list(QEQ("announced_ctor").solve(1.0, 1.0, 1.0)) == [5.0, 6.0]
    # Registered now: for C callers in the process too.
    assert "announced_ctor" in openinterfaces._core.list_impls("qeq")
    assert _c_solve_qeq("announced_ctor", 1.0, 1.0, 1.0) == [5.0, 6.0]


def test_entry_points_are_registered_by_list_impls(tmp_path, monkeypatch):
    _announce(tmp_path, monkeypatch, "oif_ep_list",
              {"qeq.announced_list": "oif_ep_list:Announced", "ivp.announced_other_interface": "oif_ep_list:Announced"},
              ANNOUNCED_MODULE)
    assert "announced_list" in openinterfaces.list_impls("qeq")
    assert "announced_list" in openinterfaces._core.list_impls("qeq")
    assert "announced_other_interface" not in openinterfaces._core.list_impls("ivp")  # not asked for yet
    assert list(QEQ("announced_list").solve(0.0, 0.0, 0.0)) == [5.0, 6.0]


def test_broken_entry_points(tmp_path, monkeypatch):
    _announce(tmp_path, monkeypatch, "oif_ep_broken",
              {"qeq.announced_not_an_impl": "oif_ep_broken:NotAnImpl",
               "qeq.announced_missing": "oif_ep_broken:Missing",
               "qeq.py_qeq_solver": "oif_ep_broken:Announced"},
              ANNOUNCED_MODULE)
    with pytest.raises(ValueError, match="entry point qeq.announced_not_an_impl = 'oif_ep_broken:NotAnImpl' of "
                                         "oif_ep_broken .* TypeError: class NotAnImpl does not subclass"):
        QEQ("announced_not_an_impl")
    with pytest.raises(ValueError, match="qeq.announced_missing .* AttributeError"):
        QEQ("announced_missing")
    # A name found elsewhere is not taken from an entry point.
    assert sorted(QEQ("py_qeq_solver").solve(1.0, -3.0, 2.0)) == [1.0, 2.0]
    # Nor is a name nobody announces: the usual message.
    with pytest.raises(ValueError, match="no qeq/announced_nowhere/announced_nowhere.conf"):
        QEQ("announced_nowhere")
    with pytest.warns(RuntimeWarning) as caught:
        names = openinterfaces.list_impls("qeq")
    assert "announced_not_an_impl" not in names and "announced_missing" not in names
    assert sorted(str(w.message).split(" =")[0] for w in caught) == [
        "entry point qeq.announced_missing", "entry point qeq.announced_not_an_impl"]


def test_list_impls_is_quiet_without_entry_points():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "py_qeq_solver" in openinterfaces.list_impls("qeq")
    with pytest.raises(ValueError, match="unknown interface 'nonlinear'"):
        openinterfaces.list_impls("nonlinear")


def test_entry_registered_from_c_imports_its_class_from_sys_path():
    # oif_register_impl_entry() as a C host would call it: no class object,
    # "<module> <Class>" to import.
    openinterfaces._core.register_impl_entry("qeq", "entry_by_module", "python", f"{FixedRoots.__module__} FixedRoots")
    assert list(QEQ("entry_by_module").solve(1.0, 1.0, 1.0)) == [101.0, 101.0]
    openinterfaces._core.register_impl_entry("qeq", "entry_no_class", "python", f"{FixedRoots.__module__} Missing")
    with pytest.raises(ValueError, match="entry_no_class.*cannot import it: ImportError: module .* has no class "
                                         "'Missing'"):
        QEQ("entry_no_class")
    with pytest.raises(ValueError, match="must not be empty"):
        openinterfaces._core.register_impl_entry("qeq", "entry_empty", "python", "")
