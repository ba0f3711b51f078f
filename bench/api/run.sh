#!/usr/bin/env bash
# API benchmark (issue 5): a demo county in SQLite, one 县级 account, the real server on
# loopback, and wrk driving household detail reads and list pages. Prints req/s, p50, p99.
#   bash bench/api/run.sh [path/to/fangpin]
# Environment: BENCH_HOUSEHOLDS (40000), BENCH_DURATION (10s), BENCH_CONNECTIONS (32),
# BENCH_THREADS (2, wrk threads), BENCH_SERVER_THREADS (64), BENCH_PORT (18089).
set -euo pipefail
BENCH_NAME=api
DEFAULT_PORT=18089
# shellcheck source=bench/api/common.bash
. "$(dirname "$0")/common.bash"

echo "== 演示县 $HOUSEHOLDS 户 → $WORK"
"$FP" demo-data --households "$HOUSEHOLDS" --seed 2023 --year 2023 --out "$WORK/demo" >/dev/null
"$FP" --db "$WORK/b.db" init >/dev/null
for t in households members finances; do "$FP" --db "$WORK/b.db" import "$t" "$WORK/demo/$t.csv" | tail -1; done
PASSWORD=$("$FP" --db "$WORK/b.db" user add bench --role 县级 --scope 532923 | sed -n 's/^初始密码: //p')
# Household ids (first CSV column, BOM stripped) and township prefixes for the list script.
tail -n +2 "$WORK/demo/households.csv" | cut -d, -f1 | tr -d '\r' >"$WORK/ids.txt"
tail -n +2 "$WORK/demo/households.csv" | cut -d, -f2 | cut -c1-9 | sort -u >"$WORK/townships.txt"
COUNT=$(wc -l <"$WORK/ids.txt")

start_server
TOKEN=$(login bench "$PASSWORD")
# Warm the list cache (the registry snapshot) once so the run measures steady state.
curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/households?limit=1" >/dev/null

echo "== wrk -t$WRK_THREADS -c$CONNS -d$DURATION（服务器 $SERVER_THREADS 个工作线程，$(nproc) 核）"
wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$HERE/detail.lua" "http://127.0.0.1:$PORT" \
  -- "$TOKEN" "$WORK/ids.txt" >"$WORK/detail.txt"
wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$HERE/list.lua" "http://127.0.0.1:$PORT" \
  -- "$TOKEN" "$COUNT" "$WORK/townships.txt" >"$WORK/list.txt"
cat "$WORK/detail.txt"
summary detail "$WORK/detail.txt"
summary list "$WORK/list.txt"
