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
cd "$(dirname "$0")/../.."
FP=$(realpath "${1:-build/fangpin}")
HOUSEHOLDS=${BENCH_HOUSEHOLDS:-40000}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-32}
WRK_THREADS=${BENCH_THREADS:-2}
SERVER_THREADS=${BENCH_SERVER_THREADS:-64}
PORT=${BENCH_PORT:-18090}
HERE=$(pwd)/bench/api
WORK=$(mktemp -d /tmp/fangpin-bench-cases.XXXXXX)
PID=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID"; wait "$PID" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

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

"$FP" --db "$WORK/b.db" serve --no-web --listen "127.0.0.1:$PORT" --threads "$SERVER_THREADS" --log-level warn \
  >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
login() {
  curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
COUNTY=$(login bench-county "$COUNTY_PW")
HELPER=$(login 演示帮扶责任人 "$HELPER_PW")
MINE=$(curl -fs -H "Authorization: Bearer $HELPER" "http://127.0.0.1:$PORT/api/v1/cases?mine=true&limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "帮扶责任人的案件 $MINE 个"

summary() {  # name, wrk output file
  awk -v name="$1" '
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Requests\/sec/ {rps=$2}
    /Non-2xx/ {bad=$NF}
    END {printf "%-8s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n", name, rps, p50, p99, (bad==""?0:bad)}' "$2"
}
echo "== wrk -t$WRK_THREADS -c$CONNS -d$DURATION（服务器 $SERVER_THREADS 个工作线程，$(nproc) 核）"
wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$HERE/mine.lua" "http://127.0.0.1:$PORT" \
  -- "$HELPER" >"$WORK/mine.txt"
wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$HERE/step.lua" "http://127.0.0.1:$PORT" \
  -- "$COUNTY" "$WORK/eliminated.txt" >"$WORK/step.txt"
summary mine "$WORK/mine.txt"
summary step "$WORK/step.txt"
"$FP" --db "$WORK/b.db" audit verify | tail -1
