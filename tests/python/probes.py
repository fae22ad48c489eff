"""Safety probes: what ordinary user code does to a solver -- a callback that
keeps, closes, re-initialises or replaces things, a wrong signature, edge
times -- run in a child process with a timeout, so that a crash or a hang
fails the one probe with a clear verdict instead of taking the suite down.

A probe test is marked with its category,

    @pytest.mark.probe("crash")     # or "hang", "wrong result", "wrong exception"
    def test_close_inside_rhs():
        run_child('''...python source...''')

and the suite prints how many probes of each category ran and passed.

The child is /usr/bin/python3 with the test's environment, Python's
allocator set to malloc and glibc's scribbling over freed memory.  Under
scripts/run-valgrind and scripts/run-sanitizers, OIF_PROBE_WRAPPER holds the
command that runs the child (valgrind, or the ASan preload) and
OIF_PROBE_TIMEOUT_MULTIPLIER scales the timeouts."""

import os
import shlex
import signal
import subprocess
import sys
import textwrap

CATEGORIES = ("crash", "hang", "wrong result", "wrong exception")


def _timeout(seconds):
    return seconds * float(os.environ.get("OIF_PROBE_TIMEOUT_MULTIPLIER", "1"))


def run_child(source, timeout=60, env=None, expect_status=0):
    """Runs `source` in a fresh interpreter; fails unless it exits with
    `expect_status` within `timeout` seconds.  Returns the CompletedProcess
    (text stdout and stderr) for further checks."""
    wrapper = shlex.split(os.environ.get("OIF_PROBE_WRAPPER", ""))
    command = wrapper + [sys.executable, "-c", textwrap.dedent(source)]
    # Python's objects from malloc, one block each, and freed memory
    # scribbled over: a use after free then reads garbage, not the old values.
    child_env = dict(os.environ, PYTHONMALLOC="malloc", MALLOC_PERTURB_="165")
    child_env.update(env or {})
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=_timeout(timeout), env=child_env)
    except subprocess.TimeoutExpired as hung:
        raise AssertionError(f"the child hung: no exit within {timeout} s\n{_output(hung)}") from None
    if done.returncode < 0:
        name = signal.Signals(-done.returncode).name
        raise AssertionError(f"the child crashed with {name}\n{_output(done)}")
    assert done.returncode == expect_status, (
        f"the child exited with status {done.returncode}, not {expect_status}\n{_output(done)}"
    )
    return done


def _output(done):
    def text(x):
        return x.decode(errors="replace") if isinstance(x, bytes) else (x or "")

    return f"--- stdout\n{text(done.stdout)}--- stderr\n{text(done.stderr)}"


# What a probe of one implementation starts with: the names it uses, and
# the implementation `impl` on the callback path chosen.
_IMPL_PRELUDE = """
import gc, math, os, sys, threading
import numpy as np
from openinterfaces.core import (make_oif_callback, OIF_TYPE_F64, OIF_TYPE_INT, OIF_TYPE_ARRAY_F64,
                                 OIF_USER_DATA)
from openinterfaces.interfaces.ivp import IVP
from openinterfaces.interfaces.optim import Optim
if {via_c}:
    os.environ["OIF_PYTHON_CALLBACKS_VIA_C"] = "1"
impl = {impl!r}
RHS_TYPES = (OIF_TYPE_F64, OIF_TYPE_ARRAY_F64, OIF_TYPE_ARRAY_F64, OIF_USER_DATA)
"""


def run_impl_child(impl_path, body, **kwargs):
    """run_child() of `body` with `impl` set from impl_path, an
    (implementation, callbacks via C) pair as conftest.with_callback_paths()
    gives."""
    impl, via_c = impl_path
    return run_child(_IMPL_PRELUDE.format(impl=impl, via_c=via_c) + textwrap.dedent(body), **kwargs)
