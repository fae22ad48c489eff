"""An ivp implementation written only against MaRDI Open Interfaces 0.7's
headers for implementation authors (tests/compat/ivp/upstream_style_ivp,
built by meson into <build>/tests/compat) works from Python: the driver
tests/compat/drive_upstream_style_ivp.py solves an oscillator with it and
checks that its logerr() message arrives in the exception.  The same driver
runs against an installed tree in tests/install/check_install.sh."""

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).parents[2]
BUILD = pathlib.Path(os.environ.get("OIF_BUILD_DIR", ROOT / "build"))


def test_upstream_style_c_implementation_from_python():
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIF_")}
    env.update(PYTHONPATH=str(BUILD / "lang_python"), OIF_IMPL_PATH=str(BUILD / "tests" / "compat"))
    run = subprocess.run([sys.executable, str(ROOT / "tests" / "compat" / "drive_upstream_style_ivp.py")],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stderr == ""
    assert "upstream_style_ivp rk4 from Python" in run.stdout
    assert "upstream_style_ivp: unknown integrator 'rk45'" in run.stdout
