#!/usr/bin/env bash
# Crash safety (issue 15): SIGKILLs `import`, `screen` and a stream of case steps at random
# points, many times, and after every kill checks
#   - PRAGMA integrity_check = ok and PRAGMA foreign_key_check empty;
#   - all-or-nothing per transaction: an import leaves the table as before or with every
#     row of the file (and its import_runs row only then); a screening run leaves no
#     warning without its run and sum(warnings_new) = count(warnings); a case's version
#     equals the number of its audit events;
#   - `fangpin audit verify` exits 0 (the hash chain is intact).
# Prints the figures; exits 1 on the first violation (the database is kept for a look).
#   Usage: scripts/crash-safety.sh [ROUNDS]        (default 20 kills of each kind)
#   Env:   FANGPIN (build/fangpin), HOUSEHOLDS (4000), FEED_ROWS (200000), KEEP=1 keeps the dir
set -uo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-20}
FANGPIN=$(realpath "${FANGPIN:-build/fangpin}")
HOUSEHOLDS=${HOUSEHOLDS:-4000}
FEED_ROWS=${FEED_ROWS:-200000}
command -v sqlite3 >/dev/null || { echo "crash-safety.sh: needs the sqlite3 shell" >&2; exit 2; }
[ -x "$FANGPIN" ] || { echo "crash-safety.sh: no binary at $FANGPIN (build first or set FANGPIN)" >&2; exit 2; }
W=$(mktemp -d "${TMPDIR:-/tmp}/fangpin-crash-XXXXXX")
DB=$W/crash.db
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$W"' EXIT
q() { sqlite3 -batch -noheader "$DB" "$1"; }
fail() {
  echo "VIOLATION: $*" >&2
  trap - EXIT
  echo "database kept: $DB" >&2
  exit 1
}
# A random delay in seconds (3 decimals) below $1 ms.
delay() { printf '0.%03d' $(( RANDOM % $1 )); }
check_common() {
  local ic
  ic=$(q "PRAGMA integrity_check;")
  [ "$ic" = ok ] || fail "$1: integrity_check: $ic"
  [ -z "$(q 'PRAGMA foreign_key_check;')" ] || fail "$1: foreign_key_check not empty"
  "$FANGPIN" --db "$DB" audit verify >/dev/null 2>&1 || fail "$1: audit verify: $("$FANGPIN" --db "$DB" audit verify 2>&1 | tail -1)"
}
# Kills `$@` after a random delay below $1 ms; echoes "killed" or "finished".
run_and_kill() {
  local ms=$1
  shift
  "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$(delay "$ms")"
  if kill -KILL "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null
    echo killed
  else
    wait "$pid" 2>/dev/null
    echo finished
  fi
}

echo "work dir $W; $ROUNDS rounds per kind; $HOUSEHOLDS households, feed of $FEED_ROWS rows"
"$FANGPIN" demo-data --households "$HOUSEHOLDS" --seed 7 --out "$W/demo" >/dev/null || exit 2
"$FANGPIN" --db "$DB" init >/dev/null || exit 2
"$FANGPIN" --db "$DB" import households "$W/demo/households.csv" >/dev/null || exit 2
members_total=$(($(wc -l <"$W/demo/members.csv") - 1))
# A 医保 feed: each member's ID over several months' visits (FORMATS "Feeds").
awk -F, -v n="$FEED_ROWS" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /证件号码/) c = i; next }
  { ids[++k] = $c } END { print "证件号码,日期,医疗总费用,合规自付费用,是否大病,是否参保";
  for (i = 0; i < n; i++) printf "%s,2023-03-%02d,%d,%d,否,是\n", ids[i % k + 1], i % 28 + 1, 1000 + i % 50000, 500 + i % 20000 }' \
  "$W/demo/members.csv" >"$W/feed.csv"

# --- 1. import members: all rows or none -------------------------------------------------
killed=0 finished=0
t0=$(date +%s)
for ((i = 1; i <= ROUNDS; i++)); do
  q "DELETE FROM members; DELETE FROM import_runs WHERE kind = 'members';"
  runs_before=$(q "SELECT count(*) FROM import_runs;")
  r=$(run_and_kill 1500 "$FANGPIN" --db "$DB" import members "$W/demo/members.csv")
  [ "$r" = killed ] && killed=$((killed + 1)) || finished=$((finished + 1))
  n=$(q "SELECT count(*) FROM members;")
  runs=$(q "SELECT count(*) FROM import_runs;")
  check_common "import round $i"
  if [ "$n" = 0 ]; then
    [ "$runs" = "$runs_before" ] || fail "import round $i: no members but an import run was recorded"
  elif [ "$n" = "$members_total" ]; then
    [ "$runs" = $((runs_before + 1)) ] || fail "import round $i: all members but $((runs - runs_before)) runs"
  else
    fail "import round $i: $n of $members_total members stored (half-written)"
  fi
done
echo "import members ($members_total rows): $ROUNDS rounds, killed $killed, finished $finished, $(( $(date +%s) - t0 )) s — all-or-nothing held"
# Leave the registry whole for the next parts.
"$FANGPIN" --db "$DB" import members "$W/demo/members.csv" >/dev/null || exit 2
"$FANGPIN" --db "$DB" import finances "$W/demo/finances.csv" >/dev/null || exit 2

# --- 2. screen: a run and its warnings together ------------------------------------------
killed=0 finished=0
t0=$(date +%s)
for ((i = 1; i <= ROUNDS; i++)); do
  runs_before=$(q "SELECT count(*) FROM screening_runs;")
  r=$(run_and_kill 3000 "$FANGPIN" --db "$DB" screen --dept 医保 --month 2023-03 "$W/feed.csv")
  [ "$r" = killed ] && killed=$((killed + 1)) || finished=$((finished + 1))
  check_common "screen round $i"
  runs=$(q "SELECT count(*) FROM screening_runs;")
  [ $((runs - runs_before)) -le 1 ] || fail "screen round $i: $((runs - runs_before)) runs from one command"
  orphans=$(q "SELECT count(*) FROM screening_warnings WHERE run_id NOT IN (SELECT id FROM screening_runs);")
  [ "$orphans" = 0 ] || fail "screen round $i: $orphans warnings without their run"
  sums=$(q "SELECT (SELECT count(*) FROM screening_warnings), (SELECT coalesce(sum(warnings_new), 0) FROM screening_runs);")
  [ "${sums%|*}" = "${sums#*|}" ] || fail "screen round $i: warnings $sums (count | sum of warnings_new)"
done
echo "screen 医保 ($FEED_ROWS rows): $ROUNDS rounds, killed $killed, finished $finished, $(q 'SELECT count(*) FROM screening_runs;') runs stored, $(( $(date +%s) - t0 )) s — all-or-nothing held"

# --- 3. a stream of case steps -----------------------------------------------------------
# Each stream opens cases for the next households and walks them through the first steps;
# the whole stream is SIGKILLed at a random point, then versions must match audit events.
mapfile -t HIDS < <(q "SELECT household_id FROM households WHERE household_id NOT IN (SELECT household_id FROM cases) ORDER BY household_id LIMIT $((ROUNDS * 40));")
stream() {
  local from=$1 n=$2 id
  for ((k = from; k < from + n && k < ${#HIDS[@]}; k++)); do
    id=$("$FANGPIN" --db "$DB" case open --household "${HIDS[$k]}" --channel 干部排查 --date 2023-03-01 \
      --role 村级 --user 村干部 2>/dev/null | sed -n 's/^案件 \([0-9]*\).*/\1/p' | head -1)
    [ -n "$id" ] || continue
    "$FANGPIN" --db "$DB" case step "$id" 入户核查 --date 2023-03-01 --role 村级 --user 村干部 >/dev/null 2>&1
    "$FANGPIN" --db "$DB" case step "$id" 承诺授权书 --date 2023-03-02 --role 村级 --user 村干部 >/dev/null 2>&1
    "$FANGPIN" --db "$DB" case step "$id" 信息比对 --date 2023-03-03 --role 乡级 --user 乡干部 >/dev/null 2>&1
  done
}
killed=0
t0=$(date +%s)
for ((i = 0; i < ROUNDS; i++)); do
  setsid bash -c "$(declare -f stream); $(declare -p HIDS FANGPIN DB); stream $((i * 40)) 40" >/dev/null 2>&1 &
  pid=$!
  sleep "$(delay 999)"
  sleep "$(( RANDOM % 2 ))"
  kill -KILL -- "-$pid" 2>/dev/null && killed=$((killed + 1))
  wait "$pid" 2>/dev/null
  check_common "case stream $i"
  bad=$(q "SELECT count(*) FROM cases c WHERE c.version <> (SELECT count(*) FROM audit_events a WHERE a.case_id = c.id);")
  [ "$bad" = 0 ] || fail "case stream $i: $bad cases whose version differs from their audit events"
done
echo "case steps: $ROUNDS streams killed $killed times, $(q 'SELECT count(*) FROM cases;') cases, $(q 'SELECT count(*) FROM audit_events;') audit events, $(( $(date +%s) - t0 )) s — versions match events, chain intact"
echo "crash-safety: all checks held"
