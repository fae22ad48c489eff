"""Registering implementations in the process (registration_cases.py), in
a child pytest: registrations last as long as the process, and the names
they add would show in the listings and messages other tests check."""

import pathlib
import subprocess
import sys


def test_registration_cases_in_their_own_process():
    here = pathlib.Path(__file__).parent
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error",
                          str(here / "registration_cases.py")], cwd=here, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert " passed" in run.stdout and "skipped" not in run.stdout, run.stdout
