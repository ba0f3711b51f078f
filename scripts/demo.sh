#!/usr/bin/env bash
# README command 1: install, build, generate the demo county into SQLite and run the main
# job (the 2023 assessment) on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
FP=./build/fangpin
DEMO=${DEMO_DIR:-demo}
DB=$DEMO/fangpin.db
HOUSEHOLDS=${DEMO_HOUSEHOLDS:-40000}
rm -rf "$DEMO"
$FP demo-data --households "$HOUSEHOLDS" --seed 2023 --year 2023 --out "$DEMO"
$FP --db "$DB" init
for t in households members finances; do
  $FP --db "$DB" import "$t" "$DEMO/$t.csv"
done
$FP --db "$DB" assess --year 2023 --format table
echo
echo "数据库: $DB   演示数据: $DEMO/   再看一户: $FP --db $DB household show <户编号>"
