"""Start-up costs: `import openinterfaces` and the first IVP(impl) of each
implementation in a fresh interpreter, and a C program's first load of each
(for Python implementations: starting the embedded interpreter).  Each
figure is the median over fresh processes, less an empty process's time.
"""

import os
import pathlib
import statistics
import subprocess
import sys

import _build_tree  # noqa: F401

ROOT = pathlib.Path(_build_tree.__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("OIF_BUILD_DIR", ROOT / "build"))  # the tree whose package runs
IVP_IMPLS = ("dopri5c", "sundials_cvode", "scipy_ode")
PYTHONPATH = {"PYTHONPATH": str(BUILD / "lang_python"), "OPENBLAS_NUM_THREADS": "1"}


def seconds_inside(code, repeats):
    """Median of what `code` prints (seconds it measured itself)."""
    env = {**os.environ, **PYTHONPATH}
    values = [float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                   check=True).stdout) for _ in range(repeats)]
    return statistics.median(values)


def measure(repeats=7):
    rows = [("import openinterfaces.interfaces.ivp",
             seconds_inside("import time; t = time.perf_counter(); import openinterfaces.interfaces.ivp; "
                            "print(time.perf_counter() - t)", repeats))]
    for impl in IVP_IMPLS:
        code = (f"import time; from openinterfaces.interfaces.ivp import IVP; t = time.perf_counter(); "
                f"IVP({impl!r}); print(time.perf_counter() - t)")
        rows.append((f"first IVP({impl!r}) from Python", seconds_inside(code, repeats)))
    for impl in IVP_IMPLS:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OIF_")}
        samples = []
        for _ in range(repeats):
            start = __import__("time").perf_counter()
            subprocess.run([str(BUILD / "examples" / "call_ivp_from_c"), impl], env=env, capture_output=True, check=True)
            samples.append(__import__("time").perf_counter() - start)
        rows.append((f"C program: load {impl}, solve y' = -y, exit", statistics.median(samples)))
    return rows


def main():
    for what, sec in measure():
        print(f"{what:<55} {sec * 1e3:8.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
