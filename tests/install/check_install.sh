#!/usr/bin/env bash
# An installed tree on its own: configure and build a fresh build tree for
# the prefix /usr/local and install it into a temporary DESTDIR.  The Python
# package must land where Debian's python3 looks for that prefix, and import
# from there.  Then copy the installed tree elsewhere, uninstall the original
# with the build tree's `ninja uninstall` (nothing of ours may be left),
# delete the build tree, and run the C and Python examples from the copy --
# with no environment variable but PYTHONPATH.  Then build out-of-tree
# implementations against the installed oif.pc (one of them written for
# MaRDI Open Interfaces 0.7: tests/compat/) and load them through
# OIF_IMPL_PATH, from C and from Python.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
fail() { echo "FAILED: $*"; failures=$((failures + 1)); }

meson setup "$work/build" "$source_dir" --prefix=/usr/local -Dwerror=true >/dev/null
ninja -C "$work/build" >"$work/ninja.log" || { tail -n 30 "$work/ninja.log"; exit 1; }
DESTDIR="$work/dest" meson install -C "$work/build" --quiet >/dev/null

# Where the package went, as a path on the target system (without DESTDIR);
# Debian's python3 must search it for the prefix /usr/local.
package=$(find "$work/dest" -type d -name openinterfaces -path '*-packages/*' | head -n 1)
site=$(dirname "${package#"$work/dest"}")
# The directories Debian's python3 searches (for /usr/local and /usr).
searched=$(env -u PYTHONPATH /usr/bin/python3 -c 'import site; print("\n".join(site.getsitepackages()))')
if grep -Fqx "$site" <<<"$searched"; then
  echo "ok: the package is installed into $site, which python3 searches"
else
  fail "the package is installed into $site; python3 searches only:" $searched
fi
if out=$(cd / && env -u OIF_IMPL_PATH PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$work/dest$site" /usr/bin/python3 -c \
    'import openinterfaces; print(openinterfaces.__file__); from openinterfaces.interfaces.qeq import QEQ; QEQ("c_qeq_solver")' 2>&1) &&
    [ "$out" = "$work/dest$site/openinterfaces/__init__.py" ]; then
  echo "ok: import openinterfaces with PYTHONPATH=<DESTDIR>$site"
else
  fail "import openinterfaces with PYTHONPATH=<DESTDIR>$site:"; echo "$out"
fi
# For the prefix /usr the package goes where python3 searches too (Debian's
# lib/python3/dist-packages); configuring is enough to see where.
meson setup "$work/build-usr" "$source_dir" --prefix=/usr >/dev/null
usr_site=$(/usr/bin/python3 -c 'import json, os, sys
installed = json.load(open(sys.argv[1])).values()
print(next(os.path.dirname(os.path.dirname(d)) for d in installed if d.endswith("/openinterfaces/__init__.py")))' \
  "$work/build-usr/meson-info/intro-installed.json")
rm -rf "$work/build-usr"
if grep -Fqx "$usr_site" <<<"$searched"; then
  echo "ok: with the prefix /usr, the package is installed into $usr_site, which python3 searches"
else
  fail "with the prefix /usr, the package is installed into $usr_site; python3 searches only:" $searched
fi

# A copy of the installed tree, elsewhere: installed trees can be moved.
cp -a "$work/dest/usr/local" "$work/moved"
# Uninstalling (as docs/getting-started.md says) leaves nothing of ours:
# Meson removes the files it installed and the folders it created, and it
# created all of DESTDIR.  (Bytecode Python wrote into the package would be
# left, with its folders: the import above wrote none.)
ninja -C "$work/build" uninstall >"$work/uninstall.log" 2>&1 || { cat "$work/uninstall.log"; fail "ninja uninstall"; }
if [ ! -e "$work/dest" ]; then
  echo "ok: ninja uninstall removed every installed file and folder"
else
  fail "left after ninja uninstall:"; find "$work/dest" | head -n 20
fi
rm -rf "$work/build"

prefix=$work/moved
site=$prefix/${site#/usr/local/}
examples=$prefix/libexec/oif/examples
py_examples=$prefix/share/oif/examples/python
unset OIF_IMPL_PATH OIF_LOG

check() { # check "description" command...: must exit 0, print something, and nothing on stderr
  local what=$1; shift
  local out err
  if out=$("$@" 2>"$work/stderr") && [ -n "$out" ] && [ ! -s "$work/stderr" ]; then
    echo "ok: $what"
  else
    echo "FAILED: $what"; echo "$out"; cat "$work/stderr"; failures=$((failures + 1))
  fi
}

for impl in c_qeq_solver py_qeq_solver; do check "C qeq example, $impl" "$examples/call_qeq_from_c" "$impl"; done
for impl in c_lapack numpy; do check "C linsolve example, $impl" "$examples/call_linsolve_from_c" "$impl"; done
for impl in dopri5c sundials_cvode scipy_ode; do
  check "C Burgers example, $impl" "$examples/call_ivp_from_c_burgers_eq" "$impl" 41
  check "Python Burgers example, $impl" env PYTHONPATH="$site" /usr/bin/python3 "$py_examples/call_ivp_burgers_eq.py" "$impl" 41
done
# sundials_cvode_mpi, where MPI was found: the example on two ranks.
if [ -x "$examples/mpi_reaction_diffusion" ]; then
  check "C MPI example under mpirun -np 2" env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
    mpirun -np 2 --oversubscribe "$examples/mpi_reaction_diffusion" 24
  check "Python MPI example under mpirun -np 2" env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
    mpirun -np 2 --oversubscribe -x PYTHONPATH="$site" /usr/bin/python3 "$py_examples/mpi_reaction_diffusion.py" 24
fi
for impl in nlopt scipy_optimize; do
  check "C Rosenbrock example, $impl" "$examples/call_optim_from_c_rosenbrock" "$impl"
  check "Python Rosenbrock example, $impl" env PYTHONPATH="$site" /usr/bin/python3 "$py_examples/call_optim_rosenbrock.py" "$impl"
done

# Programs record the libraries' versioned SONAMEs (0.x: MAJOR.MINOR, then
# MAJOR), so an installed version with another ABI is not picked up.
# (The release's numbers, not OIF_VERSION_STRING: that leads with the
# upstream API level, as in 0.7.0+oifc.0.1.0.)
version=$(sed -n 's/^#define OIF_VERSION_STRING "\(.*\)"$/\1/p' "$prefix/include/oif/version.h")
major=$(sed -n 's/^#define OIF_VERSION_MAJOR \([0-9]*\)$/\1/p' "$prefix/include/oif/version.h")
minor=$(sed -n 's/^#define OIF_VERSION_MINOR \([0-9]*\)$/\1/p' "$prefix/include/oif/version.h")
soversion=$([ "$major" = 0 ] && echo "0.$minor" || echo "$major")
needed=$(readelf -d "$examples/call_qeq_from_c" | sed -n 's/.*(NEEDED).*\[\(liboif_.*\)\]/\1/p')
if grep -qx "liboif_c\.so\.$soversion" <<<"$needed" && ! grep -vqx "liboif_[a-z_]*\.so\.$soversion" <<<"$needed"; then
  echo "ok: programs need the versioned libraries:" $needed
else
  echo "FAILED: a C example needs" $needed "(version $version)"; failures=$((failures + 1))
fi

# An implementation of one's own, out of tree.
mine=$work/my_impls/qeq/vieta_qeq
mkdir -p "$mine"
cp "$source_dir/tests/install/third_party_qeq/vieta_qeq.conf" "$mine/"
export PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name oif.pc)")
# The .pc file names the prefix it was configured with; point it at the moved one.
flags=$(pkg-config --define-variable=prefix="$prefix" --cflags --libs oif)
cc -std=c11 -Wall -Wextra -Werror -shared -fPIC "$source_dir/tests/install/third_party_qeq/vieta_qeq.c" \
  $flags -lm -o "$mine/liboif_vieta_qeq.so"
check "out-of-tree C implementation from C" env OIF_IMPL_PATH="$work/my_impls" "$examples/call_qeq_from_c" vieta_qeq 1 -3 2
check "out-of-tree C implementation from Python" env OIF_IMPL_PATH="$work/my_impls" PYTHONPATH="$site" \
  /usr/bin/python3 "$py_examples/call_qeq.py" vieta_qeq 1 -3 2
# Installed into the folder oif.pc names as impldir, the same implementation
# is found with no OIF_IMPL_PATH: it is where the installed dispatcher looks.
impldir=$(pkg-config --define-variable=prefix="$prefix" --variable=impldir oif)
if [ -n "$impldir" ] && [ -d "$impldir/qeq/c_qeq_solver" ]; then
  echo "ok: pkg-config --variable=impldir oif names the folder of the shipped implementations"
  mkdir -p "$impldir/qeq/vieta_in_impldir"
  cp "$mine/liboif_vieta_qeq.so" "$impldir/qeq/vieta_in_impldir/"
  cp "$mine/vieta_qeq.conf" "$impldir/qeq/vieta_in_impldir/vieta_in_impldir.conf"
  check "C implementation installed into impldir, from C" env -u OIF_IMPL_PATH "$examples/call_qeq_from_c" \
    vieta_in_impldir 1 -3 2
  check "C implementation installed into impldir, from Python" env -u OIF_IMPL_PATH PYTHONPATH="$site" \
    /usr/bin/python3 "$py_examples/call_qeq.py" vieta_in_impldir 1 -3 2
else
  fail "pkg-config --variable=impldir oif gives '$impldir', which holds no qeq/c_qeq_solver"
fi
# An implementation written for MaRDI Open Interfaces 0.7, only against the
# headers it gives implementation authors, built the same way; drivers in C
# (built against the installed tree too) and Python check its answers and
# that its errors arrive.
compat_src=$source_dir/tests/compat
compat=$work/compat_impls/ivp/upstream_style_ivp
mkdir -p "$compat"
cp "$compat_src/ivp/upstream_style_ivp/upstream_style_ivp.conf" "$compat/"
cc -std=c11 -Wall -Wextra -Werror -shared -fPIC "$compat_src/ivp/upstream_style_ivp/upstream_style_ivp.c" \
  $flags -lm -o "$compat/liboif_upstream_style_ivp.so"
libdir=$(pkg-config --define-variable=prefix="$prefix" --variable=libdir oif)
cc -std=c11 -Wall -Wextra -Werror "$compat_src/drive_upstream_style_ivp.c" $flags -lm -Wl,-rpath,"$libdir" \
  -o "$work/drive_upstream_style_ivp"
check "0.7-style C implementation from C" env OIF_IMPL_PATH="$work/compat_impls" "$work/drive_upstream_style_ivp"
check "0.7-style C implementation from Python" env OIF_IMPL_PATH="$work/compat_impls" PYTHONPATH="$site" \
  /usr/bin/python3 "$compat_src/drive_upstream_style_ivp.py"

# The implementation author's workflow: scaffold, build, install, check, call.
if env -u OIF_IMPL_PATH PYTHONPATH="$site" /usr/bin/python3 "$source_dir/tests/install/author_workflow.py" \
    "$work/author" "$libdir/liboif_c.so" "$impldir" "$prefix"; then
  echo "ok: the implementation author's workflow"
  check "C example calls the scaffolded C implementation from impldir" env -u OIF_IMPL_PATH \
    "$examples/call_qeq_from_c" my_c_qeq 1 -3 2
else
  echo "FAILED: the implementation author's workflow"; failures=$((failures + 1))
fi

listing=$(env OIF_IMPL_PATH="$work/my_impls" PYTHONPATH="$site" /usr/bin/python3 -m openinterfaces)
if grep -qE '^ +vieta_qeq +c +available$' <<<"$listing"; then
  echo "ok: python3 -m openinterfaces lists the out-of-tree implementation"
else
  echo "FAILED: listing"; echo "$listing"; failures=$((failures + 1))
fi

[ "$failures" -eq 0 ] && echo "installed tree: all checks passed" || exit 1
