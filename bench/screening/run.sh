#!/usr/bin/env bash
# Screening benchmark, four ways side by side (README: 部门筛查预警, Benchmark):
#   (a) fangpin screen  (b) PostgreSQL 15  (c) SQLite 3 (sqlite3 shell)  (d) pandas
# Each system first loads the registry (timed separately: "registry load/index"); the timed
# job is the monthly one: read the 医保 feed, match by resident ID, grade (红/橙/黄),
# de-duplicate against open warnings (merge), store the warnings. The four results must be
# identical (household, grade, signal count of every warning created or merged). fangpin's
# timed job is `screen` with its text summary; the run's warnings are exported afterwards
# (`warnings list --run N`) for the comparison.
# Usage: run.sh [--persons N] [--feed M] [--large] [--build DIR] [--fangpin PATH]
#               [--check-only] [--keep] [--data DIR]
# --data DIR reuses a directory written by bench_screening_gen (skips generating; the
# fangpin database is restored from DIR/fangpin.base.db, made on first use, before the run).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD="$ROOT/build"
PERSONS=1000000
FEED=300000
CHECK_ONLY=0
KEEP=0
DATA=""
FP=""
while (($#)); do
  case "$1" in
    --persons) PERSONS=$2; shift ;;
    --feed) FEED=$2; shift ;;
    --large) PERSONS=30000000; FEED=10000000 ;;
    --build) BUILD=$2; shift ;;
    --fangpin) FP=$2; shift ;;
    --check-only) CHECK_ONLY=1 ;;
    --keep) KEEP=1 ;;
    --data) DATA=$(realpath "$2"); shift ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
  shift
done
[ -n "$FP" ] || FP="$BUILD/fangpin"
FP=$(realpath "$FP")
GEN="$(dirname "$FP")/bench_screening_gen"
PY=/usr/bin/python3
PGBIN=/usr/lib/postgresql/15/bin
for x in "$FP" "$GEN" "$PGBIN/initdb" "$PGBIN/pg_ctl" /usr/bin/sqlite3 /usr/bin/psql; do
  [ -x "$x" ] || { echo "missing: $x (build the bench_screening_gen target; scripts/install-deps.sh)"; exit 1; }
done
"$PY" -c "import pandas" || { echo "missing python3-pandas"; exit 1; }

T=$(mktemp -d /tmp/fangpin-scrbench.XXXXXX)
chmod 755 "$T"
cd "$T"  # the postgres user must be able to stand in the working directory
PGUSER_RUN=()
if [ "$(id -u)" -eq 0 ]; then PGUSER_RUN=(runuser -u postgres --); fi
PORT=$((20000 + RANDOM % 20000))
cleanup() {
  if [ -f "$T/pg/postmaster.pid" ]; then "${PGUSER_RUN[@]}" "$PGBIN/pg_ctl" -D "$T/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  if [ "$KEEP" -eq 0 ]; then rm -rf "$T"; else echo "kept $T"; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { "$PY" -c "print(f'{$2 - $1:.3f}')"; }
# peak RSS (MiB) of a command, its stdout to $1
peak() { local o=$1; shift; /usr/bin/time -f "%M" -o "$T/rss" "$@" >"$o"; local rc=$?; awk '{printf "%.0f", $1/1024}' "$T/rss" >"$T/rss_mib"; return $rc; }

if [ -n "$DATA" ]; then
  D="$DATA"
  PERSONS=$(($(wc -l <"$D/members.csv") - 1))
  FEED=$(($(wc -l <"$D/feed.csv") - 1))
  echo "== reusing $D ($PERSONS persons, $FEED feed rows)"
  [ -f "$D/fangpin.base.db" ] || cp "$D/fangpin.db" "$D/fangpin.base.db"
  rm -f "$D/fangpin.db-wal" "$D/fangpin.db-shm"
  cp "$D/fangpin.base.db" "$D/fangpin.db"
  sync
  FP_LOAD="(reused)"
  chmod -R a+rX "$D"
  chmod a+rx "$D"
else
  D="$T/data"
  echo "== generating registry ($PERSONS persons) and 医保 feed ($FEED rows)"
  t0=$(now)
  "$GEN" --persons "$PERSONS" --feed "$FEED" --out "$D" >"$T/gen.out"
  FP_LOAD=$(awk '/fangpin_registry_load_seconds/ {print $2}' "$T/gen.out")
  echo "   generated in $(elapsed "$t0" "$(now)") s (fangpin registry load through the Store API: $FP_LOAD s)"
fi
chmod -R a+rX "$T"

# ---- (a) fangpin -------------------------------------------------------------------------
head -1 "$D/feed.csv" >"$D/empty.csv"
t0=$(now)
"$FP" --db "$D/fangpin.db" screen --dept 医保 --month 2023-03 "$D/empty.csv" --received 2023-04-03 >"$T/fp_index.out"
FP_INDEX=$(elapsed "$t0" "$(now)")
t0=$(now)
set +e
peak "$T/fp.txt" "$FP" --db "$D/fangpin.db" screen --dept 医保 --month 2023-03 "$D/feed.csv" --received 2023-04-03
rc=$?
set -e
FP_JOB=$(elapsed "$t0" "$(now)")
FP_RSS=$(cat "$T/rss_mib")
[ "$rc" -eq 0 ] || { echo "fangpin screen failed rc=$rc"; tail -5 "$T/fp.txt"; exit 1; }
tail -2 "$T/fp.txt" | sed 's/^/   fangpin: /'
# The run's warnings (created, or merged into open ones) for the equality check; not timed.
RUN=$(grep -o '批次 [0-9]*' "$T/fp.txt" | tail -1 | cut -d' ' -f2)
t0=$(now)
"$FP" --db "$D/fangpin.db" warnings list --run "$RUN" --format jsonl >"$T/fp.jsonl"
FP_EXPORT=$(elapsed "$t0" "$(now)")
"$PY" - "$T/fp.jsonl" "$T/fp.csv" <<'PYX'
import json, sys
rank = {"黄": 1, "橙": 2, "红": 3}
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w") as o:
    for line in f:
        j = json.loads(line)
        o.write(f"{j['household_id']},{rank[j['grade']]},{j['signals']}\n")
PYX

# ---- (b) PostgreSQL 15 -------------------------------------------------------------------
echo "== PostgreSQL 15 (own server in $T/pg, unix socket only)"
mkdir -p "$T/pg"
[ "$(id -u)" -eq 0 ] && chown postgres "$T/pg" "$T"
"${PGUSER_RUN[@]}" "$PGBIN/initdb" -D "$T/pg" -A trust -U bench -E UTF8 --locale=C --no-sync >"$T/initdb.log" 2>&1
"${PGUSER_RUN[@]}" "$PGBIN/pg_ctl" -D "$T/pg" -l "$T/pg.log" -w -o "-k $T -p $PORT -c listen_addresses='' -c shared_buffers=1GB -c work_mem=256MB -c max_parallel_workers_per_gather=2" start >/dev/null
PSQL=(psql -X -q -h "$T" -p "$PORT" -U bench -d postgres -v ON_ERROR_STOP=1)
t0=$(now)
"${PSQL[@]}" <<SQL
CREATE TABLE members (id_number text COLLATE "C" PRIMARY KEY, household_id text COLLATE "C" NOT NULL);
CREATE TABLE households (household_id text COLLATE "C" PRIMARY KEY, region_code text, people int, net bigint, rigid bigint, line bigint);
CREATE TABLE warnings (household_id text COLLATE "C", reason text, grade_rank int, signals bigint, PRIMARY KEY (household_id, reason));
COPY members FROM '$D/members.csv' (FORMAT csv, HEADER true);
COPY households FROM '$D/households.csv' (FORMAT csv, HEADER true);
COPY warnings FROM '$D/open_warnings.csv' (FORMAT csv, HEADER true);
ANALYZE;
SQL
PG_LOAD=$(elapsed "$t0" "$(now)")
t0=$(now)
"${PSQL[@]}" <<SQL
CREATE UNLOGGED TABLE feed (id_number text COLLATE "C", day text, total numeric, selfpay numeric, serious text);
COPY feed FROM '$D/feed.csv' (FORMAT csv, HEADER true);
COPY (
  WITH g AS (
    SELECT m.household_id,
           CASE WHEN f.sp > 0 AND h.people > 0 AND (h.net - h.rigid - f.sp) * 10000 < 10000 * h.line * h.people THEN 3
                WHEN f.sp > 0 AND h.people > 0 AND (h.net - h.rigid - f.sp) * 10000 < 12000 * h.line * h.people THEN 2
                WHEN f.serious = '是' THEN 2
                WHEN f.sp >= 500000 THEN 1 ELSE 0 END AS grade
    FROM (SELECT id_number, round(selfpay * 100)::bigint AS sp, serious FROM feed) f
    JOIN members m ON m.id_number = f.id_number
    JOIN households h ON h.household_id = m.household_id)
  INSERT INTO warnings AS w (household_id, reason, grade_rank, signals)
  SELECT household_id, '因病', max(grade), count(*) FROM g WHERE grade > 0 GROUP BY household_id
  ON CONFLICT (household_id, reason) DO UPDATE
    SET grade_rank = greatest(w.grade_rank, excluded.grade_rank), signals = w.signals + excluded.signals
  RETURNING household_id, grade_rank, signals
) TO '$T/pg_out.csv' (FORMAT csv);
SQL
PG_JOB=$(elapsed "$t0" "$(now)")
cp "$T/pg_out.csv" "$T/pg.csv"

# ---- (c) SQLite --------------------------------------------------------------------------
echo "== SQLite $(sqlite3 --version | cut -d' ' -f1)"
t0=$(now)
sqlite3 "$T/sq.db" <<SQL >/dev/null
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE members (id_number TEXT PRIMARY KEY, household_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE households (household_id TEXT PRIMARY KEY, region_code TEXT, people INTEGER, net INTEGER, rigid INTEGER, line INTEGER) WITHOUT ROWID;
CREATE TABLE warnings (household_id TEXT, reason TEXT, grade_rank INTEGER, signals INTEGER, PRIMARY KEY (household_id, reason));
.import --csv --skip 1 $D/members.csv members
.import --csv --skip 1 $D/households.csv households
.import --csv --skip 1 $D/open_warnings.csv warnings
ANALYZE;
SQL
SQ_LOAD=$(elapsed "$t0" "$(now)")
t0=$(now)
sqlite3 "$T/sq.db" <<SQL >/dev/null
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -262144;
CREATE TEMP TABLE feed (id_number TEXT, day TEXT, total REAL, selfpay REAL, serious TEXT);
.import --csv --skip 1 $D/feed.csv feed
.mode csv
.headers off
.output $T/sq.csv
WITH g AS (
  SELECT m.household_id,
         CASE WHEN f.sp > 0 AND h.people > 0 AND (h.net - h.rigid - f.sp) * 10000 < 10000 * h.line * h.people THEN 3
              WHEN f.sp > 0 AND h.people > 0 AND (h.net - h.rigid - f.sp) * 10000 < 12000 * h.line * h.people THEN 2
              WHEN f.serious = '是' THEN 2
              WHEN f.sp >= 500000 THEN 1 ELSE 0 END AS grade
  FROM (SELECT id_number, CAST(round(selfpay * 100) AS INTEGER) AS sp, serious FROM feed) f
  JOIN members m ON m.id_number = f.id_number
  JOIN households h ON h.household_id = m.household_id)
INSERT INTO warnings (household_id, reason, grade_rank, signals)
SELECT household_id, '因病', max(grade), count(*) FROM g WHERE grade > 0 GROUP BY household_id
ON CONFLICT (household_id, reason) DO UPDATE
  SET grade_rank = max(grade_rank, excluded.grade_rank), signals = signals + excluded.signals
RETURNING household_id, grade_rank, signals;
.output stdout
SQL
SQ_JOB=$(elapsed "$t0" "$(now)")

# ---- (d) pandas --------------------------------------------------------------------------
echo "== pandas $("$PY" -c 'import pandas; print(pandas.__version__)')"
"$PY" "$HERE/pandas_job.py" "$D" "$T/pd.csv" >"$T/pd.out"
PD_LOAD=$(awk '/pandas_load_seconds/ {print $2}' "$T/pd.out")
PD_JOB=$(awk '/pandas_job_seconds/ {print $2}' "$T/pd.out")

# ---- equality ----------------------------------------------------------------------------
for s in fp pg sq pd; do tr -d '\r' <"$T/$s.csv" | LC_ALL=C sort >"$T/$s.sorted"; done
N=$(wc -l <"$T/fp.sorted")
same=1
for s in pg sq pd; do
  if ! cmp -s "$T/fp.sorted" "$T/$s.sorted"; then
    same=0
    echo "MISMATCH fangpin vs $s:"; diff "$T/fp.sorted" "$T/$s.sorted" | head -10
  fi
done
[ "$N" -gt 0 ] || { echo "no warnings produced: the check would be vacuous"; exit 1; }
if [ "$same" -eq 1 ]; then echo "== identical results: $N warnings (created or merged) from all four"; else exit 1; fi
[ "$CHECK_ONLY" -eq 1 ] && exit 0

ratio() { "$PY" -c "print(f'{$1 / max($2, 1e-9):.1f}×')"; }
echo
echo "persons $PERSONS, feed rows $FEED, cores $(nproc)"
printf '%-12s %22s %14s %12s\n' system "registry load/index s" "month job s" "vs fangpin"
printf '%-12s %22s %14s %12s\n' fangpin "$FP_LOAD + $FP_INDEX" "$FP_JOB" "1.0×"
printf '%-12s %22s %14s %12s\n' PostgreSQL "$PG_LOAD" "$PG_JOB" "$(ratio "$PG_JOB" "$FP_JOB")"
printf '%-12s %22s %14s %12s\n' SQLite "$SQ_LOAD" "$SQ_JOB" "$(ratio "$SQ_JOB" "$FP_JOB")"
printf '%-12s %22s %14s %12s\n' pandas "$PD_LOAD" "$PD_JOB" "$(ratio "$PD_JOB" "$FP_JOB")"
echo "fangpin month job peak RSS: $FP_RSS MiB (index snapshot $(du -m "$D/fangpin.db.screen-index" | cut -f1) MiB); export of the run's warnings as jsonl (not timed above): $FP_EXPORT s"
