#!/usr/bin/env bash
# A/B of fangpin binaries on the month job (README: 部门筛查预警, Benchmark): the runs are
# interleaved (A B A B …) on the same data, each on a fresh copy of the base database after an
# untimed empty-feed run (index snapshot), exactly as run.sh's part (a). Prints every run and,
# per binary, the median (min–max) of the wall time, user+sys CPU, and the phases of the
# `用时` line. On a shared machine wall times swing by 2–3× with other jobs; CPU time and
# medians of interleaved runs do not, so compare those (and check the load column). What ran
# just before also counts: after a process that touched a few GiB (the generator, run.sh's
# PostgreSQL and pandas) the database transaction was ~13% faster on this VM (0.254 vs 0.290 s,
# medians of 6 + 6 runs of one binary: fresh memory is slow to fault in), so a single run
# right after generating the data is no baseline.
# Usage: ab.sh --data DIR [--runs N] [--nice] LABEL=PATH LABEL=PATH …
#   --data DIR  a directory written by bench_screening_gen (run.sh --data uses the same one)
#   --runs N    rounds (default 7)
#   --nice      timed runs at nice -20 in a raised autogroup (root; restored on exit), so
#               other users' builds do not decide the result
set -euo pipefail
RUNS=7
DATA=""
NICE=0
BINS=()
while (($#)); do
  case "$1" in
    --data) DATA=$(realpath "$2"); shift ;;
    --runs) RUNS=$2; shift ;;
    --nice) NICE=1 ;;
    *=*) BINS+=("$1") ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
  shift
done
if [ -z "$DATA" ] || [ ! -f "$DATA/feed.csv" ] || [ ! -f "$DATA/fangpin.db" ]; then
  echo "--data DIR (bench_screening_gen output) required"
  exit 2
fi
((${#BINS[@]} >= 1)) || { echo "give LABEL=PATH for each binary"; exit 2; }
for spec in "${BINS[@]}"; do [ -x "${spec#*=}" ] || { echo "not executable: ${spec#*=}"; exit 2; }; done

D="$DATA"
[ -f "$D/fangpin.base.db" ] || cp "$D/fangpin.db" "$D/fangpin.base.db"
head -1 "$D/feed.csv" >"$D/empty.csv"
T=$(mktemp -d /tmp/fangpin-ab.XXXXXX)
OLD_GROUP_NICE=""
cleanup() {
  if [ -n "$OLD_GROUP_NICE" ]; then echo "$OLD_GROUP_NICE" >/proc/self/autogroup 2>/dev/null || true; fi
  rm -rf "$T"
}
trap cleanup EXIT
RUN_PREFIX=()
if [ "$NICE" -eq 1 ]; then
  OLD_GROUP_NICE=$(sed -E 's/.* nice (-?[0-9]+)$/\1/' /proc/self/autogroup 2>/dev/null || true)
  echo -20 >/proc/self/autogroup 2>/dev/null || echo "note: cannot raise the autogroup (not root?)"
  RUN_PREFIX=(nice -n -20)
fi

echo "label wall_s cpu_s screen_s write_s tx_s load1" >"$T/runs"
for ((i = 1; i <= RUNS; i++)); do
  for spec in "${BINS[@]}"; do
    label=${spec%%=*}
    fp=${spec#*=}
    rm -f "$D/fangpin.db-wal" "$D/fangpin.db-shm"
    cp "$D/fangpin.base.db" "$D/fangpin.db"
    sync
    "$fp" --db "$D/fangpin.db" screen --dept 医保 --month 2023-03 "$D/empty.csv" --received 2023-04-03 >/dev/null
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f "%e %U %S" -o "$T/time" "${RUN_PREFIX[@]}" "$fp" --db "$D/fangpin.db" screen --dept 医保 \
      --month 2023-03 "$D/feed.csv" --received 2023-04-03 >"$T/out"
    line=$(grep '用时' "$T/out")
    read -r wall user sys <"$T/time"
    phase() { sed -E "s/.*$1 ([0-9.]+) s.*/\\1/" <<<"$line"; }
    echo "$label $wall $(python3 -c "print(round($user + $sys, 3))") $(phase 筛查) $(phase 写入) \
$(sed -E 's/.*数据库事务 ([0-9.]+) s.*/\1/' <<<"$line") $load" | tee -a "$T/runs"
  done
done

python3 - "$T/runs" "$(nproc)" <<'PY'
import collections, statistics, sys
rows = [l.split() for l in open(sys.argv[1])][1:]
by = collections.OrderedDict()
for r in rows:
    by.setdefault(r[0], []).append([float(x) for x in r[1:]])
cols = ["wall", "cpu (user+sys)", "screen", "write", "db transaction"]
print(f"\nmedian (min–max) of {len(next(iter(by.values())))} interleaved runs each, seconds")
print(f"{'':10}" + "".join(f"{c:>22}" for c in cols))
for label, v in by.items():
    cells = []
    for k in range(len(cols)):
        xs = [x[k] for x in v]
        cells.append(f"{statistics.median(xs):.3f} ({min(xs):.3f}–{max(xs):.3f})")
    print(f"{label:10}" + "".join(f"{c:>22}" for c in cells))
loads = [float(r[-1]) for r in rows]
if max(loads) > int(sys.argv[2]):
    print(f"note: 1-min load up to {max(loads):.1f} on {sys.argv[2]} cores: wall times are unreliable, compare cpu")
PY
