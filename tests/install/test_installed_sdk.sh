#!/usr/bin/env bash
# Installs the build into a scratch folder, then compiles a user's program
# with `pkg-config --cflags --libs oif` against the installed headers and runs
# it there: the installed dispatcher must find the installed implementations
# by itself, with no OIF_IMPL_PATH.  Every installed header must compile on
# its own.
set -euo pipefail
build_dir=$1
program=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

meson install -C "$build_dir" --no-rebuild --quiet --destdir "$stage" >/dev/null
pc_file=$(find "$stage" -name oif.pc)
export PKG_CONFIG_PATH=$(dirname "$pc_file") PKG_CONFIG_SYSROOT_DIR=$stage
flags=$(pkg-config --cflags --libs oif)
# Libraries built with sanitizers need the program to carry their runtime.
sanitize=$(meson introspect --buildoptions "$build_dir" |
  /usr/bin/python3 -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "b_sanitize"))')
[ "$sanitize" = none ] || flags="-fsanitize=$sanitize $flags"
cc -std=c11 -Wall -Wextra -Werror "$program" $flags -o "$stage/program"

# Every installed header compiles on its own, as the first and only include
# of a translation unit, and included twice (its guard), in C11 and -- as
# MaRDI Open Interfaces 0.7's tests include them -- in C++.
cflags=$(pkg-config --cflags oif)
include_root=$(dirname "$(find "$stage" -type d -path '*/include/oif' | head -n 1)")
compilers=("cc -std=c11" "c++ -std=c++17")
command -v c++ >/dev/null || compilers=("cc -std=c11")
headers=0
while IFS= read -r header; do
  name=${header#"$include_root"/}
  for compiler in "${compilers[@]}"; do
    language=$([ "${compiler%% *}" = cc ] && echo c || echo c++)
    if ! printf '#include <%s>\n#include <%s>\nint oif_header_check;\n' "$name" "$name" |
        $compiler -Wall -Wextra -Wpedantic -Werror -fsyntax-only $cflags -x "$language" - 2>"$stage/header.err"; then
      echo "<$name> does not compile on its own ($compiler):" >&2
      cat "$stage/header.err" >&2
      exit 1
    fi
  done
  headers=$((headers + 1))
done < <(find "$include_root/oif" "$include_root/oif_impl" -name '*.h' | sort)
[ "$headers" -gt 10 ] || { echo "only $headers headers installed under $include_root" >&2; exit 1; }

# <oif/_platform.h> tells a translation unit compiled with AddressSanitizer
# (by the installed compiler, and by clang where it is installed) from one
# without, with the macro 0.7's code tests with defined().
probe='#include <oif/_platform.h>
#if defined(OIF_SANITIZE_ADDRESS_ENABLED) != EXPECTED
#error "OIF_SANITIZE_ADDRESS_ENABLED is wrong"
#endif
OIF_ATTRIBUTE_NO_SANITIZE_ADDRESS int oif_platform_check(void);'
for compiler in cc clang; do
  command -v "$compiler" >/dev/null || continue
  for asan in 0 1; do
    sanitize=$([ "$asan" = 1 ] && echo -fsanitize=address || true)
    if ! printf '%s\n' "$probe" | $compiler -std=c11 -Wall -Wextra -Werror -fsyntax-only $sanitize \
        -DEXPECTED="$asan" $cflags -x c - 2>"$stage/header.err"; then
      echo "<oif/_platform.h> is wrong for $compiler ${sanitize:-without sanitizers}:" >&2
      cat "$stage/header.err" >&2
      exit 1
    fi
  done
done

unset OIF_IMPL_PATH
libdir=$(dirname "$(find "$stage" -name 'liboif_dispatch.so*' | head -n 1)")
output=$(LD_LIBRARY_PATH=$libdir "$stage/program")
expected=$'[ -4, -1 ]\n[ 1, 0.5 ]\n500 1e-08\ndone-1'
if [ "$output" != "$expected" ]; then
  printf 'unexpected output:\n%s\nexpected:\n%s\n' "$output" "$expected" >&2
  exit 1
fi
echo "installed SDK: $headers headers compile on their own; compiled with '$flags' and ran from $libdir"
