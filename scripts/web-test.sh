#!/usr/bin/env bash
# Browser journeys for the web front end (tests/web/), in Debian's chromium driven by
# playwright-core, against a real `fangpin serve` on a fresh demo database.
#
#   FANGPIN=path/to/fangpin   the server binary (default: build/fangpin, else /work/main/build/fangpin)
#   WEB_FRONT=server|preview  who serves web/dist: the fangpin server itself at / (default,
#                             `serve --web web/dist`), or `vite preview` proxying /api to
#                             the server; FANGPIN_SERVE_ARGS adds arguments to `serve`.
#   WEB_TEST_OUT=DIR          output (screenshots, logs, data); default build/web-test
#   WEB_SKIP_BUILD=1          reuse web/dist as it is
# Only loopback addresses are used.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=web-node.sh
source "$ROOT/scripts/web-node.sh"
OUT=${WEB_TEST_OUT:-$ROOT/build/web-test}
if [ -z "${FANGPIN:-}" ]; then
  if [ -x "$ROOT/build/fangpin" ]; then FANGPIN=$ROOT/build/fangpin; else FANGPIN=/work/main/build/fangpin; fi
fi
for _ in $(seq 1 24); do [ -x "$FANGPIN" ] && break; echo "waiting for $FANGPIN …"; sleep 5; done
[ -x "$FANGPIN" ] || { echo "no fangpin binary at $FANGPIN" >&2; exit 1; }
FANGPIN=$(cd "$(dirname "$FANGPIN")" && pwd)/$(basename "$FANGPIN")

# Browser and CJK fonts (Chinese text must render, not tofu).
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'CJK'; then
  [ "$(id -u)" -eq 0 ] || { echo "chromium and fonts-noto-cjk are missing: run scripts/install-deps.sh as root" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

if [ "${WEB_SKIP_BUILD:-}" != 1 ] || [ ! -f "$ROOT/web/dist/index.html" ]; then
  bash "$ROOT/scripts/web-build.sh"
elif [ ! -d "$ROOT/web/node_modules" ]; then
  (cd "$ROOT/web" && npm ci --no-audit --no-fund --loglevel=error)
fi

rm -rf "$OUT"; mkdir -p "$OUT/data" "$OUT/screenshots"
DATA=$OUT/data; DB=$DATA/t.db
"$FANGPIN" demo-data --households 2000 --seed 1 --out "$DATA" >/dev/null
"$FANGPIN" --db "$DB" init >/dev/null
for t in households members finances; do "$FANGPIN" --db "$DB" import "$t" "$DATA/$t.csv" | tail -1; done
VILLAGE=$(sed -n '2p' "$DATA/villages.csv" | cut -d, -f1 | tr -d '\r\357\273\277')
COUNTY=${VILLAGE:0:6}
export FP_PW_VILLAGE=web-test-village-pw FP_PW_COUNTY=web-test-county-pw FP_PW_SUPER=web-test-super-pw FP_PW_ADMIN=web-test-admin-pw FP_PW_DEPT=web-test-dept-pw FP_PW_TOWNSHIP=web-test-township-pw FP_PW_CASEWORKER=web-test-caseworker-pw
echo "$FP_PW_VILLAGE" | "$FANGPIN" --db "$DB" user add wt-village --role 村级 --scope "$VILLAGE" --password-stdin
echo "$FP_PW_COUNTY"  | "$FANGPIN" --db "$DB" user add wt-county --role 县级 --scope "$COUNTY" --password-stdin
echo "$FP_PW_SUPER"   | "$FANGPIN" --db "$DB" user add wt-super --role 督导 --scope "$COUNTY" --password-stdin
echo "$FP_PW_ADMIN"   | "$FANGPIN" --db "$DB" user add wt-admin --role 系统管理员 --password-stdin
echo "$FP_PW_TOWNSHIP" | "$FANGPIN" --db "$DB" user add wt-township --role 乡级 --scope "${VILLAGE:0:9}" --password-stdin
echo "$FP_PW_CASEWORKER" | "$FANGPIN" --db "$DB" user add wt-caseworker --role 帮扶责任人 --scope "$VILLAGE" --password-stdin
echo "$FP_PW_DEPT"    | "$FANGPIN" --db "$DB" user add wt-dept --role 部门数据员 --scope "$COUNTY" --department 医保局 --password-stdin

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

API_PORT=$(free_port)
WEB_FRONT=${WEB_FRONT:-server}
SERVE_WEB=(--no-web); [ "$WEB_FRONT" = server ] && SERVE_WEB=(--web "$ROOT/web/dist")
# shellcheck disable=SC2086
"$FANGPIN" --db "$DB" serve --listen "127.0.0.1:$API_PORT" --threads 4 "${SERVE_WEB[@]}" ${FANGPIN_SERVE_ARGS:-} > "$OUT/server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$API_PORT/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$API_PORT/healthz" >/dev/null || { cat "$OUT/server.log"; exit 1; }

if [ "$WEB_FRONT" = server ]; then
  WEB_BASE_URL="http://127.0.0.1:$API_PORT"
else
  WEB_PORT=$(free_port)
  (cd "$ROOT/web" && FANGPIN_API_URL="http://127.0.0.1:$API_PORT" exec node node_modules/vite/bin/vite.js preview --port "$WEB_PORT" --strictPort --bypass-lock) > "$OUT/preview.log" 2>&1 &
  PIDS+=($!)
  WEB_BASE_URL="http://127.0.0.1:$WEB_PORT"
  for _ in $(seq 1 300); do curl -sf "$WEB_BASE_URL/" >/dev/null && break; sleep 0.2; done
  curl -sf "$WEB_BASE_URL/" >/dev/null || { cat "$OUT/preview.log"; exit 1; }
fi
echo "front end $WEB_BASE_URL, API 127.0.0.1:$API_PORT, output $OUT"

export WEB_BASE_URL OUT FANGPIN DB DATA VILLAGE COUNTY WEB_ROOT="$ROOT/web"
cd "$ROOT"
web_t0=$SECONDS
# a hung browser fails its journey file after 20 minutes instead of stalling CI (the limit is per
# file: a file holds many journeys, and a loaded 2-core machine runs them slowly)
# arguments: journey files to run (default: every tests/web/*.test.mjs)
[ $# -gt 0 ] || set -- tests/web/
node --test --test-concurrency=1 --test-timeout=1200000 "$@"
echo "[web-test] browser journeys took $((SECONDS - web_t0)) s (screenshots in $OUT/screenshots)"
