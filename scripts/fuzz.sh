#!/usr/bin/env bash
# libFuzzer runs of the parsers (issue 15): builds the harnesses in fuzz/ with clang, ASan
# and UBSan into build-fuzz/, then runs each for SECONDS seconds (default 10) on a copy of
# its seed corpus fuzz/corpus/<harness>/ (new inputs land in build-fuzz/corpus/<harness>,
# the repo's seeds stay as they are). Prints execs and crashes per harness; exits 1 when a
# harness crashed (the reproducer is saved as build-fuzz/crashes/<harness>-crash-*).
#   Usage: scripts/fuzz.sh [SECONDS] [harness...]      e.g. scripts/fuzz.sh 180 fuzz_xlsx
#   Env:   BUILD_DIR (build-fuzz), JOBS (1 process per harness), NICE (19)
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER=${1:-10}
shift || true
ALL=(fuzz_csv fuzz_mapped_csv fuzz_xlsx fuzz_policy_toml)
HARNESSES=("$@")
[ ${#HARNESSES[@]} -eq 0 ] && HARNESSES=("${ALL[@]}")
BUILD_DIR=${BUILD_DIR:-build-fuzz}
NICE=${NICE:-19}
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found (apt-get install clang)" >&2; exit 2; }
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFANGPIN_FUZZ=ON \
  -DFANGPIN_BUILD_TESTS=OFF -DFANGPIN_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null || exit 2
nice -n "$NICE" cmake --build "$BUILD_DIR" -j"$(nproc)" --target "${HARNESSES[@]}" || exit 2

mkdir -p "$BUILD_DIR/crashes" "$BUILD_DIR/logs"
failed=0
printf '%-18s %8s %12s %10s %8s\n' harness seconds execs exec/s crashes
for h in "${HARNESSES[@]}"; do
  corpus="$BUILD_DIR/corpus/$h"
  mkdir -p "$corpus"
  [ -d "fuzz/corpus/$h" ] && cp -n fuzz/corpus/"$h"/* "$corpus"/ 2>/dev/null
  dict=()
  [ -f "fuzz/$h.dict" ] && dict=(-dict="fuzz/$h.dict")
  log="$BUILD_DIR/logs/$h.log"
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    nice -n "$NICE" "$BUILD_DIR/fuzz/$h" "$corpus" "${dict[@]}" -max_total_time="$SECONDS_PER" -rss_limit_mb=2048 \
    -timeout=10 -max_len=65536 -print_final_stats=1 -artifact_prefix="$BUILD_DIR/crashes/$h-" >"$log" 2>&1
  rc=$?
  execs=$(grep -a 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  rate=$(grep -a 'stat::average_exec_per_sec' "$log" | awk '{print $2}')
  crashes=$(ls "$BUILD_DIR/crashes" 2>/dev/null | grep -c "^$h-")
  printf '%-18s %8s %12s %10s %8s\n' "$h" "$SECONDS_PER" "${execs:-?}" "${rate:-?}" "$crashes"
  if [ $rc -ne 0 ]; then
    failed=1
    echo "  $h exited $rc; see $log" >&2
    grep -a -m3 'ERROR\|SUMMARY' "$log" >&2
  fi
done
exit $failed
