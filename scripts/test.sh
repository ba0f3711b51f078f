#!/usr/bin/env bash
# README command 2: install, build, run every test. .ci/run calls exactly this.
#   1. the release build (warnings are errors): unit, integration, CLI contract and layer tests;
#   2. the web front end (web/): built (type check, bundle budget) and its browser journeys run
#      in Debian's chromium against `fangpin serve` serving it (scripts/web-test.sh);
#      FANGPIN_SKIP_WEB=1 skips it;
#   3. an AddressSanitizer + UndefinedBehaviorSanitizer build of the unit and integration
#      tests (build-asan/), compiled while stage 2 runs. FANGPIN_SKIP_SANITIZERS=1 skips it for a quick local run.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
bash scripts/install-deps.sh
# Line tables only (-g1): enough for sanitizer and crash traces, and much less to compile
# and link than full debug info, which keeps the CI run short.
FLAGS=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG")
bash scripts/build.sh "${FLAGS[@]}"
echo "[test] release build took $((SECONDS - started)) s"
(cd "${BUILD_DIR:-build}" && ctest --output-on-failure -j"$(nproc)" --timeout 900)
# The sanitizer build (stage 3) compiles while the browser journeys (stage 2) run: those
# mostly wait on the browser and the server, so the two share the 2 cores well.
ASAN_DIR=${ASAN_BUILD_DIR:-build-asan}
asan_pid=
if [ "${FANGPIN_SKIP_SANITIZERS:-0}" != 1 ]; then
  asan_start=$SECONDS
  mkdir -p "$ASAN_DIR"
  # -O1: the usual optimisation for sanitizer runs, and quicker to compile; only the test suites.
  # its own process group (setsid), so a failed web stage stops the whole compile
  BUILD_DIR=$ASAN_DIR BUILD_TARGET=fangpin_tests setsid nice -n 10 bash scripts/build.sh \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DFANGPIN_SANITIZE=ON -DFANGPIN_BUILD_BENCH=OFF \
    > "$ASAN_DIR/build.log" 2>&1 &
  asan_pid=$!
  trap '[ -n "$asan_pid" ] && kill -- "-$asan_pid" 2>/dev/null || true' EXIT
fi
if [ "${FANGPIN_SKIP_WEB:-0}" != 1 ]; then
  web_start=$SECONDS
  FANGPIN="$(cd "${BUILD_DIR:-build}" && pwd)/fangpin" bash scripts/web-test.sh
  echo "[test] web front end: build and browser journeys took $((SECONDS - web_start)) s"
fi
if [ -n "$asan_pid" ]; then
  if ! wait "$asan_pid"; then asan_pid=; tail -n 80 "$ASAN_DIR/build.log"; echo "[test] sanitizer build failed" >&2; exit 1; fi
  asan_pid=
  echo "[test] sanitizer build took $((SECONDS - asan_start)) s (alongside the web stage)"
  # The CLI scripts and the layer check ran above; here the GoogleTest suites run instrumented.
  (cd "$ASAN_DIR" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure -j"$(nproc)" --timeout 1800 -E '^(cli_|architecture_layers$)')
  echo "[test] sanitizer build and tests took $((SECONDS - asan_start)) s"
fi
echo "[test] all tests passed in $((SECONDS - started)) s"
