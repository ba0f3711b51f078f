#!/usr/bin/env bash
# Case API benchmark (issue 10): the demo county with its demo cases in SQLite, the real
# server on loopback, and wrk driving
#   mine  GET /api/v1/cases?mine=true as the demo 帮扶责任人 (the caseworker's work list)
#   step  POST /api/v1/cases/{id}/steps, 回头看 kept on eliminated cases, as a 县级 account
# Prints req/s, p50 and p99 of each.
#   bash bench/api/cases.sh [path/to/fangpin]
# Environment: BENCH_HOUSEHOLDS (40000), BENCH_DURATION (10s), BENCH_CONNECTIONS (32),
# BENCH_THREADS (2), BENCH_SERVER_THREADS (64), BENCH_PORT (18090).
set -euo pipefail
BENCH_NAME=cases
DEFAULT_PORT=18090
# shellcheck source=bench/api/common.bash
. "$(dirname "$0")/common.bash"

echo "== 演示县 $HOUSEHOLDS 户及演示案件 → $WORK"
"$FP" demo-data --households "$HOUSEHOLDS" --seed 2023 --year 2023 --out "$WORK/demo" >/dev/null
"$FP" --db "$WORK/b.db" init >/dev/null
for t in households members finances; do "$FP" --db "$WORK/b.db" import "$t" "$WORK/demo/$t.csv" >/dev/null; done
"$FP" --db "$WORK/b.db" demo-cases --as-of 2024-06-28 | tail -1
COUNTY_PW=$("$FP" --db "$WORK/b.db" user add bench-county --role 县级 --scope 532923 | sed -n 's/^初始密码: //p')
HELPER_PW=$("$FP" --db "$WORK/b.db" user add 演示帮扶责任人 --role 帮扶责任人 --scope 532923 | sed -n 's/^初始密码: //p')
"$FP" --db "$WORK/b.db" case list --format jsonl |
  python3 -c 'import json,sys; [print(j["case_id"]) for j in map(json.loads, sys.stdin) if j["status"]=="已消除"]' \
  >"$WORK/eliminated.txt"
echo "已消除案件 $(wc -l <"$WORK/eliminated.txt") 个"

start_server
COUNTY=$(login bench-county "$COUNTY_PW")
HELPER=$(login 演示帮扶责任人 "$HELPER_PW")
MINE=$(curl -fs -H "Authorization: Bearer $HELPER" "http://127.0.0.1:$PORT/api/v1/cases?mine=true&limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "帮扶责任人的案件 $MINE 个"

echo "== wrk -t$WRK_THREADS -c$CONNS -d$DURATION（服务器 $SERVER_THREADS 个工作线程，$(nproc) 核）"
wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$HERE/mine.lua" "http://127.0.0.1:$PORT" \
  -- "$HELPER" >"$WORK/mine.txt"
wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$HERE/step.lua" "http://127.0.0.1:$PORT" \
  -- "$COUNTY" "$WORK/eliminated.txt" >"$WORK/step.txt"
summary mine "$WORK/mine.txt"
summary step "$WORK/step.txt"
"$FP" --db "$WORK/b.db" audit verify | tail -1
