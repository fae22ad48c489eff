#!/usr/bin/env bash
# An installed tree on its own: configure and build a fresh build tree,
# install it into a temporary prefix, delete the build tree, move the prefix
# elsewhere, and run the C and Python examples from there -- with no
# environment variable but PYTHONPATH.  Then build out-of-tree
# implementations against the installed oif.pc (one of them written for
# MaRDI Open Interfaces 0.7: tests/compat/) and load them through
# OIF_IMPL_PATH, from C and from Python.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

meson setup "$work/build" "$source_dir" --prefix="$work/prefix" -Dwerror=true >/dev/null
ninja -C "$work/build" >/dev/null
meson install -C "$work/build" --quiet >/dev/null
rm -rf "$work/build"
mv "$work/prefix" "$work/moved"
prefix=$work/moved
site=$(find "$prefix" -type d -name openinterfaces -path '*-packages/*' | head -n 1)
site=$(dirname "$site")
examples=$prefix/libexec/oif/examples
py_examples=$prefix/share/oif/examples/python
unset OIF_IMPL_PATH OIF_LOG

failures=0
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

listing=$(env OIF_IMPL_PATH="$work/my_impls" PYTHONPATH="$site" /usr/bin/python3 -m openinterfaces)
if grep -qE '^ +vieta_qeq +c +available$' <<<"$listing"; then
  echo "ok: python3 -m openinterfaces lists the out-of-tree implementation"
else
  echo "FAILED: listing"; echo "$listing"; failures=$((failures + 1))
fi

[ "$failures" -eq 0 ] && echo "installed tree: all checks passed" || exit 1
