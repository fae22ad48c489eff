#!/usr/bin/env bash
# Installs the build into a scratch folder, then compiles a user's program
# with `pkg-config --cflags --libs oif` against the installed headers and runs
# it there: the installed dispatcher must find the installed implementations
# by itself, with no OIF_IMPL_PATH.
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

unset OIF_IMPL_PATH
libdir=$(dirname "$(find "$stage" -name 'liboif_dispatch.so*' | head -n 1)")
output=$(LD_LIBRARY_PATH=$libdir "$stage/program")
expected=$'[-4.0, -1.0]\n[1.0, 0.5]\n500 1e-08\ndone-1'
if [ "$output" != "$expected" ]; then
  printf 'unexpected output:\n%s\nexpected:\n%s\n' "$output" "$expected" >&2
  exit 1
fi
echo "installed SDK: compiled with '$flags' and ran from $libdir"
