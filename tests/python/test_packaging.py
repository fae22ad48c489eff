"""How the project is built for users and for the tests: the Debian packages
each make target installs, warnings as errors only for the tests, CI running
the README's test command, and the RUNPATH rewriting that wheels rely on
(the installed tree and the wheel themselves are checked by
tests/install/check_install.sh and check_pip.sh)."""

import pathlib
import re
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).parents[2]


def deps(purpose):
    result = subprocess.run([str(ROOT / "scripts" / "install-deps"), "--for", purpose, "--list"],
                            capture_output=True, text=True, check=True)
    return result.stdout.split()


def make_dry_run(target, build_dir):
    result = subprocess.run(["make", "-n", "-C", str(ROOT), target, f"BUILD={build_dir}"],
                            capture_output=True, text=True, check=True)
    return result.stdout


def test_the_demo_installs_only_what_building_and_the_demo_need():
    demo, test = deps("demo"), deps("test")
    assert set(demo) < set(test)
    for needed in ["gcc", "meson", "libsundials-dev", "python3-numpy", "python3-matplotlib"]:
        assert needed in demo
    for test_only in ["valgrind", "clang", "python3-pytest", "mpi-default-dev", "python3-mesonpy"]:
        assert test_only in test and test_only not in demo


def test_install_deps_rejects_an_unknown_purpose():
    result = subprocess.run([str(ROOT / "scripts" / "install-deps"), "--for", "everything", "--list"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "demo or test" in result.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_user_builds_do_not_treat_warnings_as_errors_but_tests_do(tmp_path):
    fresh = tmp_path / "no-build-yet"
    for target in ["all", "demo"]:
        commands = make_dry_run(target, fresh)
        assert "install-deps --for demo" in commands
        assert f"meson setup {fresh} -Dwerror=false" in commands
    for target in ["test", "test-quick"]:
        commands = make_dry_run(target, fresh)
        assert "install-deps --for test" in commands
        assert f"meson setup {fresh} -Dwerror=true" in commands
        # and an existing build tree is switched to it
        assert f"meson configure {fresh} -Dwerror=true" in commands


def test_ci_runs_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick_start.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
          if line.strip() and not line.startswith("#")]
    assert ci[-1] == "make test"


@pytest.fixture
def library_with_long_runpath(tmp_path):
    cc = shutil.which("cc")
    if cc is None:
        pytest.skip("needs a C compiler")
    source = tmp_path / "lib.c"
    source.write_text("int answer(void) { return 42; }\n")
    library = tmp_path / "libanswer.so"
    subprocess.run([cc, "-shared", "-fPIC", str(source), "-o", str(library),
                    "-Wl,-rpath,$ORIGIN/../../lang_c/user:$ORIGIN/../../dispatch:$ORIGIN/_lib"], check=True)
    return library


def runpath(library):
    dynamic = subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\((?:RUNPATH|RPATH)\).*\[(.*)\]", dynamic)


@pytest.mark.skipif(shutil.which("readelf") is None, reason="needs readelf")
def test_set_runpath_writes_the_install_rpath(library_with_long_runpath):
    script = ROOT / "scripts" / "set_runpath.py"
    stamp = library_with_long_runpath.parent / "stamp"
    subprocess.run([sys.executable, str(script), "--stamp", str(stamp), str(library_with_long_runpath), "$ORIGIN/_lib"],
                   check=True)
    assert runpath(library_with_long_runpath) == ["$ORIGIN/_lib"]
    assert stamp.exists()
    # Again: nothing changes (the wheel build runs it after every relink).
    subprocess.run([sys.executable, str(script), str(library_with_long_runpath), "$ORIGIN/_lib"], check=True)
    assert runpath(library_with_long_runpath) == ["$ORIGIN/_lib"]
    # The library still loads.
    subprocess.run([sys.executable, "-c", f"import ctypes; assert ctypes.CDLL({str(library_with_long_runpath)!r}).answer() == 42"],
                   check=True)


@pytest.mark.skipif(shutil.which("readelf") is None, reason="needs readelf")
def test_set_runpath_refuses_what_does_not_fit_or_is_empty(library_with_long_runpath):
    script = ROOT / "scripts" / "set_runpath.py"
    before = runpath(library_with_long_runpath)
    for new in ["$ORIGIN/" + "x" * 200, ""]:
        result = subprocess.run([sys.executable, str(script), str(library_with_long_runpath), new],
                                capture_output=True, text=True)
        assert result.returncode != 0
        assert runpath(library_with_long_runpath) == before
