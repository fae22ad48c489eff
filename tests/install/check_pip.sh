#!/usr/bin/env bash
# pip install --no-build-isolation . into a fresh virtual environment that
# sees Debian's NumPy and SciPy, offline; the package must then find its
# libraries and implementations by itself, through search paths inside
# itself only; and pip uninstall must remove it.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# What the build imports is declared for isolated builds (pip's default).
/usr/bin/python3 - "$source_dir/pyproject.toml" <<'PY'
import re, sys, tomllib
with open(sys.argv[1], "rb") as f:
    requires = {re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0].lower() for r in tomllib.load(f)["build-system"]["requires"]}
assert {"meson-python", "numpy"} <= requires, requires
PY

/usr/bin/python3 -m venv --system-site-packages "$work/venv"
(cd "$work" && "$work/venv/bin/pip" install --quiet --no-build-isolation --no-index "$source_dir")
cd "$work"

# Every ELF file of the package searches only folders inside the package
# ($ORIGIN-relative, and existing): none of the build tree's, which
# meson-python 0.12 would otherwise carry over (meson.build).
package=$(env -u PYTHONPATH "$work/venv/bin/python" -c 'import openinterfaces, os; print(os.path.dirname(openinterfaces.__file__))')
elf_files=0
while IFS= read -r -d '' file; do
  head -c 4 "$file" | grep -q $'^\x7fELF' || continue
  elf_files=$((elf_files + 1))
  runpath=$(readelf -d "$file" | sed -n 's/.*(\(RUNPATH\|RPATH\)).*\[\(.*\)\]/\2/p')
  IFS=: read -r -a entries <<<"$runpath"
  for entry in "${entries[@]}"; do
    dir=$(realpath -m "$(dirname "$file")/${entry#\$ORIGIN}")
    if [[ $entry != '$ORIGIN'* || ( $dir != "$package" && $dir != "$package"/* ) || ! -d $dir ]]; then
      echo "FAILED: ${file#"$package"/} searches $entry (RUNPATH $runpath), not a folder of the package"
      exit 1
    fi
  done
done < <(find "$package" -type f -name '*.so*' -print0)
[ "$elf_files" -ge 10 ] || { echo "FAILED: only $elf_files ELF files in $package"; exit 1; }
echo "ok: the $elf_files ELF files of the package search only folders inside it"
env -u PYTHONPATH -u OIF_IMPL_PATH "$work/venv/bin/python" -c "from openinterfaces.interfaces.ivp import IVP; IVP('dopri5c')"
env -u PYTHONPATH -u OIF_IMPL_PATH "$work/venv/bin/python" - <<'PY'
from importlib.metadata import version

import numpy as np

import openinterfaces
from openinterfaces.interfaces.ivp import IVP
from openinterfaces.interfaces.linsolve import Linsolve
from openinterfaces.interfaces.optim import Optim
from openinterfaces.interfaces.qeq import QEQ

for impl in ("dopri5c", "sundials_cvode", "scipy_ode"):
    with IVP(impl) as s:
        s.set_initial_value([1.0], 0.0)
        s.set_rhs_fn(lambda t, y, ydot, _: ydot.__setitem__(0, -y[0]))
        s.integrate(1.0)
        assert abs(s.y[0] - np.exp(-1.0)) < 1e-5, (impl, s.y)
for impl in ("c_qeq_solver", "py_qeq_solver"):
    assert sorted(QEQ(impl).solve(1.0, -3.0, 2.0)) == [1.0, 2.0]
for impl in ("c_lapack", "numpy"):
    assert np.allclose(Linsolve(impl).solve(np.eye(2) * 2, [2.0, 4.0]), [1.0, 2.0])
for impl in ("nlopt", "scipy_optimize"):
    opt = Optim(impl)
    opt.set_initial_guess([1.0, 1.0])
    opt.set_objective_fn(lambda x, _: float(((x - 3.0) ** 2).sum()))
    opt.minimize()
    assert np.allclose(opt.x, 3.0, atol=1e-4), (impl, opt.x)
# The wheel's metadata takes the version from meson.build, as the package does.
assert version("openinterfaces-c") == openinterfaces.__version__, (version("openinterfaces-c"), openinterfaces.__version__)
print(f"pip-installed package {openinterfaces.__version__}: every shipped implementation works")
PY

# pip uninstall (docs/getting-started.md) removes the package.
"$work/venv/bin/pip" uninstall --quiet --yes openinterfaces-c
if [ -e "$package" ] || env -u PYTHONPATH "$work/venv/bin/python" -c 'import openinterfaces' 2>/dev/null; then
  echo "FAILED: after pip uninstall openinterfaces-c:"; find "$package" 2>/dev/null | head; exit 1
fi
echo "ok: pip uninstall openinterfaces-c removed the package"
