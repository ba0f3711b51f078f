#!/usr/bin/env bash
# CLI contract of the account and server commands (README: HTTP API server): user add|list|disable|
# passwd exit codes and output, and `serve` answering on loopback then stopping on SIGTERM.
# Usage: server.sh PATH/TO/fangpin
set -uo pipefail
FP=$(realpath "$1")
T=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill -TERM $PID 2>/dev/null; rm -rf "$T"' EXIT
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/harness.bash"
cd "$T"

check "user add needs an initialised db" expect_rc 1 "$FP" --db t.db user add a --role 县级 --scope 532923
"$FP" --db t.db init >/dev/null
check "user add prints a generated password" expect_rc 0 "$FP" --db t.db user add county1 --role 县级 --scope 532923
PW=$(sed -n 's/^初始密码: //p' out.txt)
check "generated password is 16 chars" test "${#PW}" -eq 16
check "unknown role is a usage error" expect_rc 2 "$FP" --db t.db user add x --role 村长 --scope 532923
check "dept data user needs a department" expect_rc 2 "$FP" --db t.db user add x --role 部门数据员 --scope 532923
check "duplicate user is an error" expect_rc 1 "$FP" --db t.db user add county1 --role 县级 --scope 532923
check "password from stdin" expect_rc 0 sh -c "echo 'a-long-password-1' | '$FP' --db t.db user add v1 --role village --scope 532923101001 --password-stdin"
check "stdin password is not printed" bash -c "! grep -q a-long-password-1 out.txt"
check "user list" expect_rc 0 "$FP" --db t.db user list
check "list shows the role label" grep -q "v1	村级	532923101001" out.txt
check "disable" expect_rc 0 "$FP" --db t.db user disable v1
"$FP" --db t.db user list >out.txt
check "list shows disabled" grep -q "v1	村级.*停用" out.txt
check "disable unknown user" expect_rc 1 "$FP" --db t.db user disable nobody
check "passwd generates" expect_rc 0 "$FP" --db t.db user passwd county1
NEWPW=$(sed -n 's/^新密码: //p' out.txt)
check "bad --listen is a usage error" expect_rc 2 "$FP" --db t.db serve --listen nonsense

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$FP" --db t.db serve --listen "127.0.0.1:$PORT" --log-level warn >serve.txt 2>&1 &
PID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
check "healthz" bash -c "curl -fs http://127.0.0.1:$PORT/healthz | grep -q '\"status\":\"ok\"'"
check "old password refused" bash -c "[ \$(curl -s -o /dev/null -w '%{http_code}' -X POST http://127.0.0.1:$PORT/api/v1/auth/login -H 'Content-Type: application/json' -d '{\"username\":\"county1\",\"password\":\"$PW\"}') = 401 ]"
check "new password accepted" bash -c "curl -fs -X POST http://127.0.0.1:$PORT/api/v1/auth/login -H 'Content-Type: application/json' -d '{\"username\":\"county1\",\"password\":\"$NEWPW\"}' | grep -q '\"token_type\":\"Bearer\"'"
check "unknown route is JSON 404" bash -c "curl -s http://127.0.0.1:$PORT/api/v1/x | grep -q '\"code\":\"not_found\"'"
curl -fs "http://127.0.0.1:$PORT/api/openapi.json" >openapi.json
check "openapi.json is OpenAPI 3.1" grep -q '"openapi":"3.1.0"' openapi.json
if python3 -c 'import openapi_spec_validator' 2>/dev/null; then  # optional: validate when installed
  check "openapi.json validates" python3 -c "import json; from openapi_spec_validator import validate; validate(json.load(open('openapi.json')))"
fi
# Graceful stop: SIGTERM while a large upload is being imported; the import completes and
# its response is delivered before the server exits.
"$FP" demo-data --households 20000 --seed 5 --out demo >/dev/null
TOKEN=$(curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'Content-Type: application/json' -d "{\"username\":\"county1\",\"password\":\"$NEWPW\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
curl -s -o upload.json -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -F "file=@demo/households.csv" \
  "http://127.0.0.1:$PORT/api/v1/imports/households" >upload.code &
CURL=$!
inflight=0
for _ in $(seq 500); do  # until the import is being handled (the metrics request itself is 1)
  n=$(curl -fs "http://127.0.0.1:$PORT/metrics" | sed -n 's/^fangpin_http_inflight_requests //p')
  if [ "${n:-0}" -ge 2 ]; then inflight=1; break; fi
  sleep 0.01
done
check "upload seen in flight" test "$inflight" -eq 1
kill -TERM $PID
wait $PID; rc=$?
PID=""
wait $CURL
check "SIGTERM stops cleanly with exit 0" test "$rc" -eq 0
check "in-flight upload answered 200" grep -qx 200 upload.code
check "in-flight upload fully imported" grep -q '"imported":20000,' upload.json
check "startup line printed" grep -q "fangpin API 已启动: http://127.0.0.1:$PORT/" serve.txt

echo "server.sh: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
