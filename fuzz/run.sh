#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in their own build folder and runs
# each for a bounded time, both at once, starting from a copy of the committed
# seed corpus (so the repository is never modified).  Exits non-zero when a
# target crashes, leaks, times out or breaks an invariant.
#
#   fuzz/run.sh [SECONDS_PER_TARGET]      (default 60)
#
# FUZZ_BUILD_DIR overrides the build folder (default: build-fuzz).  What each
# run produced (log, grown corpus, crashing inputs) is kept below
# <build folder>/fuzz/.
set -euo pipefail

seconds=${1:-60}
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [SECONDS_PER_TARGET]" >&2
  exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
targets=(conf_file config_dict)

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$root" -Dfuzzing=true -Dwerror=true >/dev/null
fi
# Only the fuzz targets: the rest of the project is built and tested by make.
ninja -C "$build" --quiet "${targets[@]/#/fuzz/fuzz_}"

out=$build/fuzz
# Stack traces name the frames when UBSan reports, as ASan's do.
export UBSAN_OPTIONS=print_stacktrace=1

pids=()
for t in "${targets[@]}"; do
  rm -rf "$out/corpus-$t" "$out/crashes-$t"
  mkdir -p "$out/crashes-$t"
  cp -R "$root/fuzz/corpus/$t" "$out/corpus-$t"
  # libFuzzer writes new inputs to the first folder: the copy.
  "$out/fuzz_$t" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$out/crashes-$t/" \
    "$out/corpus-$t" >"$out/$t.log" 2>&1 &
  pids+=($!)
done

# The last value of one of libFuzzer's final statistics in log $1.
final_stat() { sed -n "s/^stat::$2: *//p" "$1" | tail -n 1; }

failed=0
for i in "${!targets[@]}"; do
  t=${targets[$i]}
  log=$out/$t.log
  status=0
  wait "${pids[$i]}" || status=$?
  coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1 || true)
  corpus=$(find "$out/corpus-$t" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    echo "fuzz_$t: ok, $(final_stat "$log" number_of_executed_units) executions in ${seconds} s" \
      "($(final_stat "$log" average_exec_per_sec)/s), ${coverage:-cov: ?}, corpus $corpus," \
      "peak rss $(final_stat "$log" peak_rss_mb) MB"
  else
    failed=1
    echo "fuzz_$t: FAILED (exit $status); last lines of $log:"
    tail -n 60 "$log" | sed 's/^/  /'
    for input in "$out/crashes-$t"/*; do
      [ -e "$input" ] || continue
      echo "  reproduce: $out/fuzz_$t $input"
      echo "  input (base64): $(base64 -w 0 "$input" | cut -c1-4000)"
    done
  fi
done
exit $failed
