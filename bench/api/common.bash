# Shared by the API benchmarks (run.sh, cases.sh): settings, a work directory removed on exit
# together with the server, login, and the one-line wrk summary. Source it after `set -euo
# pipefail` with BENCH_NAME and the default port set:
#   BENCH_NAME=cases; DEFAULT_PORT=18090; . "$(dirname "$0")/common.bash"
# shellcheck shell=bash disable=SC2034  # the settings are used by the scripts that source this
cd "$(dirname "$0")/../.." || exit 1
FP=$(realpath "${1:-build/fangpin}")
HOUSEHOLDS=${BENCH_HOUSEHOLDS:-40000}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-32}
WRK_THREADS=${BENCH_THREADS:-2}
SERVER_THREADS=${BENCH_SERVER_THREADS:-64}
PORT=${BENCH_PORT:-$DEFAULT_PORT}
HERE=$(pwd)/bench/api
WORK=$(mktemp -d "/tmp/fangpin-bench-$BENCH_NAME.XXXXXX")
PID=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID"; wait "$PID" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Starts `fangpin serve` on $WORK/b.db in the background and waits for /healthz.
start_server() {
  "$FP" --db "$WORK/b.db" serve --no-web --listen "127.0.0.1:$PORT" --threads "$SERVER_THREADS" --log-level warn \
    >"$WORK/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
}

login() {  # user, password -> token
  curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

summary() {  # name, wrk output file
  awk -v name="$1" '
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Requests\/sec/ {rps=$2}
    /Non-2xx/ {bad=$NF}
    END {printf "%-8s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n", name, rps, p50, p99, (bad==""?0:bad)}' "$2"
}
