"""`python3 -m openinterfaces new` and `check`: a scaffolded implementation
builds and loads as it is, each method failing with "not implemented yet";
`check` passes a shipped implementation and fails a scaffolded one."""

import importlib.util
import inspect
import os
import pathlib
import shutil
import subprocess
import sys
import tomllib

import numpy as np
import pytest

from openinterfaces import OIFError
from openinterfaces.interfaces import IVP, QEQ, Linsolve, Optim

BUILD = pathlib.Path(os.environ.get("OIF_BUILD_DIR", pathlib.Path(__file__).parents[2] / "build")).resolve()
INTERFACES = ["ivp", "linsolve", "optim", "qeq"]


def run_cli(*args, env=None, cwd=None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OIF_")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "openinterfaces", *args], capture_output=True, text=True,
                          env=environment, cwd=cwd)


def new(tmp_path, interface, name, lang):
    """Scaffolds into <tmp_path>/impls/<interface>/<name>/, the layout of a
    root folder on OIF_IMPL_PATH."""
    run = run_cli("new", interface, name, "--lang", lang, "--dir", str(tmp_path / "impls" / interface))
    assert (run.returncode, run.stderr) == (0, ""), run.stderr
    assert f"python3 -m openinterfaces check {interface} {name}" in run.stdout
    return tmp_path / "impls" / interface / name


def call_unimplemented(interface, name):
    """Loads the implementation and calls a method the skeleton leaves
    unimplemented; what it raises."""
    with pytest.raises(OIFError) as info:
        if interface == "qeq":
            QEQ(name).solve(1.0, -3.0, 2.0)
        elif interface == "linsolve":
            Linsolve(name).solve(np.eye(2), np.ones(2))
        elif interface == "ivp":
            IVP(name).set_initial_value([1.0], 0.0)
        else:
            opt = Optim(name)
            opt.set_initial_guess([1.0, 2.0])
            opt.set_objective_fn(lambda x, _: 0.0)
            opt.minimize()
    return str(info.value)


@pytest.mark.parametrize("interface", INTERFACES)
def test_a_python_skeleton_loads_and_says_what_is_not_implemented(tmp_path, monkeypatch, interface):
    folder = new(tmp_path, interface, f"my_{interface}", "python")
    name = folder.name
    conf = (folder / f"{name}.conf").read_text().split("\n")
    assert conf[0] == "python"
    module_name, class_name = conf[1].split()

    # Every method of the interface, optional ones too, is overridden.
    spec = importlib.util.spec_from_file_location(f"scaffolded_{interface}", folder / f"{module_name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cls = getattr(module, class_name)
    base = cls.__mro__[1]
    abc_methods = {n for n, f in inspect.getmembers(base, inspect.isfunction) if not n.startswith("_")}
    assert abc_methods and abc_methods <= set(vars(cls)), abc_methods - set(vars(cls))

    # The package: its entry point names the same class.
    pyproject = tomllib.loads((folder / "pyproject.toml").read_text())
    assert pyproject["project"]["entry-points"]["openinterfaces.impls"] == {
        f"{interface}.{name}": f"{module_name}:{class_name}"}
    assert pyproject["tool"]["setuptools"]["py-modules"] == [module_name]

    monkeypatch.setenv("OIF_IMPL_PATH", str(tmp_path / "impls"))
    message = call_unimplemented(interface, name)
    assert f"{interface}/{name}, method '" in message
    assert "NotImplementedError: " in message and "is not implemented yet" in message


def uninstalled_pkg_config_path():
    """The build tree's oif-uninstalled.pc, which pkg-config prefers when
    its folder is on PKG_CONFIG_PATH: headers and libraries of the build tree."""
    folder = BUILD / "meson-uninstalled"
    if not (folder / "oif-uninstalled.pc").exists():
        pytest.skip(f"no {folder}/oif-uninstalled.pc")
    return str(folder)


@pytest.mark.parametrize("interface", INTERFACES)
def test_a_c_skeleton_compiles_cleanly_and_loads(tmp_path, monkeypatch, interface):
    if shutil.which("pkg-config") is None or shutil.which("cc") is None:
        pytest.skip("needs pkg-config and cc")
    folder = new(tmp_path, interface, f"my_c_{interface}", "c")
    name = folder.name
    assert (folder / f"{name}.conf").read_text() == f"c\nlib{name}\n"
    env = {**os.environ, "PKG_CONFIG_PATH": uninstalled_pkg_config_path()}
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "oif"], capture_output=True, text=True, env=env,
                           check=True).stdout.split()
    compiled = subprocess.run(["cc", "-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-shared", "-fPIC",
                               str(folder / f"{name}.c"), *flags, "-o", str(folder / f"lib{name}.so")],
                              capture_output=True, text=True)
    assert compiled.returncode == 0, compiled.stderr
    monkeypatch.setenv("OIF_IMPL_PATH", str(tmp_path / "impls"))
    message = call_unimplemented(interface, name)
    assert message.endswith(f"{interface}/{name}, method '{message.split(chr(39))[1]}': not implemented yet")


def test_a_c_skeleton_builds_and_installs_with_its_meson_build(tmp_path, monkeypatch):
    if shutil.which("meson") is None or shutil.which("ninja") is None:
        pytest.skip("needs meson and ninja")
    folder = new(tmp_path, "ivp", "my_ivp", "c")
    env = {**os.environ, "PKG_CONFIG_PATH": uninstalled_pkg_config_path()}
    installed = tmp_path / "installed"
    for command in (["meson", "setup", "build", f"--prefix={tmp_path / 'prefix'}", f"-Dimpldir={installed}"],
                    ["ninja", "-C", "build"], ["meson", "install", "-C", "build", "--quiet"]):
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True, env=env)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert sorted(p.name for p in (installed / "ivp" / "my_ivp").iterdir()) == ["libmy_ivp.so", "my_ivp.conf"]

    monkeypatch.setenv("OIF_IMPL_PATH", str(installed))
    solver = IVP("my_ivp")
    solver.set_user_data(3)  # the one method the skeleton implements
    with pytest.raises(OIFError, match=r"ivp/my_ivp, method 'integrate': not implemented yet$"):
        solver.integrate(1.0)


def test_new_refuses_bad_input(tmp_path):
    run = run_cli("new", "no_such_interface", "x", "--lang", "c", cwd=tmp_path)
    assert run.returncode == 2 and "unknown interface 'no_such_interface'; known: ivp, linsolve, optim, qeq" in run.stderr
    for bad in ("1st", "my-impl", "my impl", "class", "ünï"):
        run = run_cli("new", "qeq", bad, "--lang", "python", cwd=tmp_path)
        assert run.returncode == 2 and "invalid implementation name" in run.stderr, bad
    run = run_cli("new", "qeq", "x", "--lang", "fortran", cwd=tmp_path)
    assert run.returncode == 2 and "invalid choice: 'fortran'" in run.stderr
    assert list(tmp_path.iterdir()) == []

    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "mine.c").write_text("/* someone's */\n")
    run = run_cli("new", "qeq", "taken", "--lang", "c", cwd=tmp_path)
    assert run.returncode == 2 and "exists and is not empty" in run.stderr
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["mine.c"]
    # An empty folder is filled; the default parent is the current folder.
    (tmp_path / "empty").mkdir()
    run = run_cli("new", "qeq", "empty", "--lang", "c", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "empty").iterdir()) == [
        "empty.c", "empty.conf", "meson.build", "meson_options.txt"]


def table_rows(stdout):
    """(RESULT, TEST, REASON) of each row of the table."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("RESULT  TEST"))
    rows = []
    for line in lines[start + 1:]:
        if not line:
            break
        result, test, *reason = line.split(None, 2)
        rows.append((result, test, reason[0] if reason else ""))
    return rows


def test_check_passes_a_shipped_implementation():
    run = run_cli("check", "qeq", "c_qeq_solver")
    assert (run.returncode, run.stderr) == (0, ""), run.stdout + run.stderr
    assert run.stdout.startswith("Checking qeq/c_qeq_solver (c) against the conformance suite")
    rows = table_rows(run.stdout)
    assert len(rows) >= 5 and {result for result, _, _ in rows} == {"PASS"}
    assert ("PASS", "two_real_roots_in_any_order", "") in rows
    assert run.stdout.rstrip().endswith(f"qeq/c_qeq_solver conforms: {len(rows)} passed, 0 failed, 0 skipped")


def test_check_fails_a_scaffolded_implementation_with_reasons(tmp_path):
    new(tmp_path, "qeq", "unfinished", "python")
    run = run_cli("check", "qeq", "unfinished", env={"OIF_IMPL_PATH": str(tmp_path / "impls")})
    assert (run.returncode, run.stderr) == (1, ""), run.stdout + run.stderr
    rows = table_rows(run.stdout)
    failed = [row for row in rows if row[0] == "FAIL"]
    assert failed and ("FAIL", "two_real_roots_in_any_order",
                       "OIFError: qeq/unfinished, method 'solve_qeq': NotImplementedError: "
                       "solve_qeq is not implemented yet") in rows
    assert "qeq/unfinished does not conform" in run.stdout


def test_check_a_c_skeleton_of_ivp_runs_the_whole_suite(tmp_path):
    """Every test of the ivp suite gives a row, none stops the run."""
    if shutil.which("pkg-config") is None or shutil.which("cc") is None:
        pytest.skip("needs pkg-config and cc")
    folder = new(tmp_path, "ivp", "skeleton", "c")
    env = {**os.environ, "PKG_CONFIG_PATH": uninstalled_pkg_config_path()}
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "oif"], capture_output=True, text=True, env=env,
                           check=True).stdout.split()
    subprocess.run(["cc", "-std=c11", "-shared", "-fPIC", str(folder / "skeleton.c"), *flags, "-o",
                    str(folder / "libskeleton.so")], check=True)
    run = run_cli("check", "ivp", "skeleton", env={"OIF_IMPL_PATH": str(tmp_path / "impls")})
    assert (run.returncode, run.stderr) == (1, ""), run.stdout + run.stderr
    rows = table_rows(run.stdout)
    assert len(rows) > 25 and {result for result, _, _ in rows} <= {"FAIL", "SKIP"}
    assert ("FAIL", "integrates_backwards_from_t0",
            "OIFError: ivp/skeleton, method 'set_initial_value': not implemented yet") in rows


def test_check_usage_errors_exit_2():
    run = run_cli("check", "no_such_interface", "x")
    assert run.returncode == 2 and "unknown interface 'no_such_interface'" in run.stderr
    run = run_cli("check", "qeq", "no_such_impl")
    assert run.returncode == 2 and "cannot load qeq/no_such_impl" in run.stderr
    run = run_cli("check", "qeq")
    assert run.returncode == 2 and "usage: python3 -m openinterfaces check" in run.stderr
