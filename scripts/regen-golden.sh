#!/usr/bin/env bash
# Rewrites the golden references (tests/data/**/*.reference) from the fixtures, after a
# deliberate change of rules or fixtures: runs the built Golden* tests with
# FANGPIN_REGEN_GOLDEN=1, then shows what changed. Review the diff before committing it.
# Usage: scripts/regen-golden.sh [BUILD_DIR]   (default: build/)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
ran=0
for t in test_app test_screening test_workflow; do
  bin="$BUILD/$t"
  [ -x "$bin" ] || { echo "missing $bin: build it first (cmake --build $BUILD --target $t)"; exit 1; }
  FANGPIN_REGEN_GOLDEN=1 "$bin" --gtest_filter='Golden*' --gtest_brief=1 >/dev/null
  ran=1
done
[ "$ran" -eq 1 ]
cd "$ROOT"
git status --short -- tests/data
git --no-pager diff --stat -- tests/data
