#!/usr/bin/env bash
# Configures and builds into build/ (warnings are errors). Usage: scripts/build.sh [extra cmake args]
# BUILD_DIR and BUILD_TYPE (default RelWithDebInfo) choose the tree, BUILD_TARGET one target
# (default all); ccache is used when present.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} -DFANGPIN_WERROR=ON "${launcher[@]}" "$@"
cmake --build "$BUILD_DIR" -j"$(nproc)" ${BUILD_TARGET:+--target "$BUILD_TARGET"}
