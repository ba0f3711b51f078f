#!/usr/bin/env bash
# The build states the architecture (README "Layout"): every #include in src/ must point
# inward. Fails, naming the file and line, when a layer includes one it may not. Run by
# ctest as `architecture_layers`.
#   domain    → domain                        (pure: no I/O, no storage, no adapters)
#   io        → domain, io
#   store     → domain, store                 (sqlite3.h only in store/sqlite/, libpq only in store/postgres/)
#   screening → domain, io, store, screening
#   app       → domain, io, store, screening, app
#   demo      → domain, io, demo
#   server    → domain, io, store, screening, app, server
#   cli       → everything
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A allowed=(
  [domain]="domain"
  [io]="domain io"
  [store]="domain store"
  [screening]="domain io store screening"
  [app]="domain io store screening app"
  [demo]="domain io demo"
  [server]="domain io store screening app server"
  [cli]="domain io store screening app demo server cli"
)
# System headers a layer must not use, as extended regexes.
declare -A forbidden_system=(
  [domain]='<(sqlite3|libpq-fe|httplib|zip|expat|toml\+\+/|spdlog/|CLI/|tbb/|filesystem|fstream|iostream)'
  [io]='<(sqlite3|libpq-fe|httplib|spdlog/|CLI/)'
  [screening]='<(sqlite3|libpq-fe|httplib|CLI/)'
  [app]='<(sqlite3|libpq-fe|httplib|CLI/)'
  [demo]='<(sqlite3|libpq-fe|httplib|CLI/)'
  [server]='<(sqlite3|libpq-fe|CLI/)'
)
bad=0
for layer in "${!allowed[@]}"; do
  [ -d "src/$layer" ] || continue
  while IFS=: read -r file line text; do
    target=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$text")
    if ! grep -qw -- "$target" <<<"${allowed[$layer]}"; then
      echo "$file:$line: layer '$layer' may not include '$target/' ($text)"
      bad=1
    fi
  done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include "[a-z_]+/' "src/$layer" || true)
  if [ -n "${forbidden_system[$layer]:-}" ]; then
    while IFS= read -r hit; do
      echo "$hit: layer '$layer' may not use this library"
      bad=1
    done < <(grep -rnE "^[[:space:]]*#[[:space:]]*include ${forbidden_system[$layer]}" "src/$layer" || true)
  fi
done
# Backend headers stay in their backend's folder.
while IFS= read -r hit; do echo "$hit: sqlite3.h outside src/store/sqlite/"; bad=1; done < <(
  grep -rnE '#[[:space:]]*include <sqlite3\.h>' src | grep -v '^src/store/sqlite/' || true)
while IFS= read -r hit; do echo "$hit: libpq outside src/store/postgres/"; bad=1; done < <(
  grep -rnE '#[[:space:]]*include <(libpq-fe|postgresql/libpq-fe)\.h>' src | grep -v '^src/store/postgres/' || true)
if ((bad)); then
  echo "architecture_layers: FAILED (see README \"Layout\" for the allowed arrows)"
  exit 1
fi
echo "architecture_layers: every include points inward"
