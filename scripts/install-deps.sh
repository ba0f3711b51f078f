#!/usr/bin/env bash
# Installs what fangpin needs from Debian 12 packages. Safe to re-run; skips apt when
# everything is already there.
set -euo pipefail
PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libsqlite3-dev sqlite3 libzip-dev libexpat1-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev libspdlog-dev libtbb-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 libcpp-httplib-dev libsodium-dev wrk curl postgresql python3-pandas
  # the web front end (scripts/web-build.sh) and its browser tests (scripts/web-test.sh)
  chromium fonts-noto-cjk
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm: Debian's nodejs + npm unless some node/npm is already installed (e.g. a
# NodeSource nodejs, which provides npm itself and conflicts with Debian's npm package).
# Debian 12's node is 18; scripts/web-node.sh then fetches the pinned node 22 for the build.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "[install-deps] installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "[install-deps] all packages present"
fi
