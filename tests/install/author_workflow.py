"""The implementation author's workflow (docs/implementation-authors.md),
against an installed tree: scaffold a C and a Python qeq implementation,
write their solver, build and install the C one into impldir, install the
Python one as a package (announced by its entry point), check both, and
call both from C and Python -- the Python class also registered in-process.

    author_workflow.py WORK_DIR LIBOIF_C IMPLDIR PREFIX

Run by check_install.sh with PYTHONPATH set to the installed package and
PKG_CONFIG_PATH to the installed oif.pc, of a tree moved to PREFIX since
(meson's pkg-config lookup does not relocate, so a copy says PREFIX).  Prints "ok: ..." per step; exits
non-zero at the first failure.
"""

import ctypes
import os
import pathlib
import re
import subprocess
import sys

WORK, LIBOIF_C, IMPLDIR, PREFIX = (pathlib.Path(arg) for arg in sys.argv[1:5])
PYTHON = "/usr/bin/python3"

# The solver both fill in: the roots of a x^2 + b x + c without
# cancellation, as the conformance suite demands.
C_SOLVER = """\
#include <math.h>

int solve_qeq(Self *self, double a, double b, double c, OIFArrayF64 *roots)
{
    (void)self;
    if (a == 0.0 && b == 0.0) {
        oif_set_error("a = b = 0: no equation");
        return 1;
    }
    if (a == 0.0) {
        roots->data[0] = roots->data[1] = -c / b;
        return 0;
    }
    double d = b * b - 4.0 * a * c;
    if (d < 0.0) {
        oif_set_error("complex roots");
        return 1;
    }
    double q = -0.5 * (b + copysign(sqrt(d), b));
    roots->data[0] = q / a;
    roots->data[1] = q != 0.0 ? c / q : q / a;
    return 0;
}
"""
PY_SOLVER = '''\
    def solve_qeq(self, a, b, c, roots):
        import math
        if a == 0.0 and b == 0.0:
            raise ValueError("a = b = 0: no equation")
        if a == 0.0:
            roots[:] = -c / b
            return
        d = b * b - 4.0 * a * c
        if d < 0.0:
            raise ValueError("complex roots")
        q = -0.5 * (b + math.copysign(math.sqrt(d), b))
        roots[0] = q / a
        roots[1] = c / q if q != 0.0 else q / a
'''


def run(*command, env=None, cwd=None):
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=cwd)
    if result.returncode != 0:
        sys.exit(f"FAILED: {' '.join(map(str, command))}\n{result.stdout}{result.stderr}")
    return result.stdout


def step(message):
    print(f"ok: {message}")


scaffold = WORK / "scaffold"
scaffold.mkdir(parents=True)
run(PYTHON, "-m", "openinterfaces", "new", "qeq", "my_c_qeq", "--lang", "c", "--dir", str(scaffold))
run(PYTHON, "-m", "openinterfaces", "new", "qeq", "my_py_qeq", "--lang", "python", "--dir", str(scaffold))
c_source = scaffold / "my_c_qeq" / "my_c_qeq.c"
c_text = c_source.read_text()
c_source.write_text(re.sub(r"int solve_qeq\(.*?\n}\n", lambda _: C_SOLVER, c_text, flags=re.DOTALL))
py_source = scaffold / "my_py_qeq" / "my_py_qeq.py"
py_text = py_source.read_text()
py_source.write_text(re.sub(r"    def solve_qeq\(.*", lambda _: PY_SOLVER, py_text, flags=re.DOTALL))
step("scaffolded a C and a Python qeq implementation and wrote their solver")

pc_dir = WORK / "pkgconfig"
pc_dir.mkdir()
installed_pc = pathlib.Path(os.environ["PKG_CONFIG_PATH"].split(":")[0]) / "oif.pc"
(pc_dir / "oif.pc").write_text(re.sub(r"(?m)^prefix=.*$", f"prefix={PREFIX}", installed_pc.read_text()))
build = WORK / "my_c_qeq_build"
run("meson", "setup", str(build), str(scaffold / "my_c_qeq"), f"-Dimpldir={IMPLDIR}",
    env={"PKG_CONFIG_PATH": str(pc_dir)})
run("ninja", "-C", str(build))
run("meson", "install", "-C", str(build), "--quiet")
assert (IMPLDIR / "qeq" / "my_c_qeq" / "my_c_qeq.conf").is_file()
step("built the C one with its meson.build and installed it into impldir")

site_extra = WORK / "site_extra"
run(PYTHON, "-m", "pip", "install", "--quiet", "--no-build-isolation", "--no-deps", "--no-index",
    "--target", str(site_extra), str(scaffold / "my_py_qeq"))
env = {"PYTHONPATH": f"{os.environ['PYTHONPATH']}:{site_extra}"}
step("installed the Python one as a package")

for name in ("my_c_qeq", "my_py_qeq"):
    table = run(PYTHON, "-m", "openinterfaces", "check", "qeq", name, env=env)
    assert "FAIL" not in table and "PASS" in table, table
    step(f"python3 -m openinterfaces check qeq {name} passes")

# From Python: the C one from impldir, the Python one through its entry
# point; and the Python class registered in-process under another name,
# then called through liboif_c as a C caller in the same process does.
caller = f"""
import ctypes, sys
sys.path.insert(0, {str(site_extra)!r})
import numpy as np
import openinterfaces
from openinterfaces import core
from openinterfaces.interfaces.qeq import QEQ
from my_py_qeq import MyPyQeq

for name in ("my_c_qeq", "my_py_qeq"):
    assert sorted(QEQ(name).solve(1.0, -3.0, 2.0)) == [1.0, 2.0], name
openinterfaces.register_impl("qeq", "mine_in_process", MyPyQeq)
assert sorted(QEQ("mine_in_process").solve(1.0, -3.0, 2.0)) == [1.0, 2.0]
lib = ctypes.CDLL({str(LIBOIF_C)!r})
lib.oif_load_impl.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
lib.oif_solve_qeq.argtypes = [ctypes.c_int, ctypes.c_double, ctypes.c_double, ctypes.c_double,
                              ctypes.POINTER(core.OIFArrayF64)]
h = lib.oif_load_impl(b"qeq", b"mine_in_process", 1, 0)
assert h >= core.OIF_IMPL_STARTING_NUMBER
data = (ctypes.c_double * 2)()
roots = core.OIFArrayF64(1, (ctypes.c_ssize_t * 1)(2), data, core.OIF_ARRAY_C_CONTIGUOUS | core.OIF_ARRAY_F_CONTIGUOUS)
assert lib.oif_solve_qeq(h, 1.0, -3.0, 2.0, ctypes.byref(roots)) == 0 and sorted(data) == [1.0, 2.0]
print("called")
"""
assert run(PYTHON, "-c", caller, env=env).strip() == "called"
step("called both from Python, and the in-process registration from Python and from C")
