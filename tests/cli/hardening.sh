#!/usr/bin/env bash
# CLI contract of `serve` under misuse (issue 15, defect 4): a malformed --listen is a usage
# error (2), and a second server on a port already in use exits 1 instead of sharing it.
# Usage: hardening.sh PATH/TO/fangpin
set -uo pipefail
FP=$(realpath "$1")
T=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill -TERM $PID 2>/dev/null; rm -rf "$T"' EXIT
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/harness.bash"
cd "$T"
"$FP" --db t.db init >/dev/null

check "port with trailing junk is a usage error" expect_rc 2 "$FP" --db t.db serve --no-web --listen 127.0.0.1:18559x
check "port out of range is a usage error" expect_rc 2 "$FP" --db t.db serve --no-web --listen 127.0.0.1:70000
check "empty port is a usage error" expect_rc 2 "$FP" --db t.db serve --no-web --listen 127.0.0.1:
check "a trusted proxy must be an IP" expect_rc 2 "$FP" --db t.db serve --no-web --trusted-proxy proxy.example

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$FP" --db t.db serve --no-web --listen "127.0.0.1:$PORT" --log-level warn >serve.txt 2>&1 &
PID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
check "first server answers" curl -fs "http://127.0.0.1:$PORT/healthz" -o /dev/null
check "second server on the same port exits 1" expect_rc 1 timeout 20 "$FP" --db t.db serve --no-web --listen "127.0.0.1:$PORT"
check "and says the port is in use" has "已被占用"
check "first server still answers" curl -fs "http://127.0.0.1:$PORT/healthz" -o /dev/null
kill -TERM $PID
wait $PID; rc=$?
PID=""
check "first server stops with 0" test "$rc" -eq 0

echo "hardening.sh: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
