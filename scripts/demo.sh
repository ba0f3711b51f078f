#!/usr/bin/env bash
# README command 1: install, build (server and web front end), generate the demo county into SQLite, run the main
# job (the 2023 assessment) on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
# The web front end (web/dist), which `fangpin serve` below finds next to build/ and serves at /.
bash scripts/web-build.sh
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
# The county's existing monitored households (存量监测对象) and their measures, as cases in
# the state they are in (README "Existing cases").
$FP --db "$DB" import cases "$DEMO/existing_cases.csv"
$FP --db "$DB" import measures "$DEMO/measures.csv"
$FP --db "$DB" assess --year 2023 --format table
# Cases in every state of the procedure (some overdue), replayed through the real use cases.
echo
$FP --db "$DB" demo-cases --as-of 2024-06-28 | tail -1
# The reports cover the imported cases like any other.
$FP --db "$DB" due --as-of 2024-06-28 | tail -1
echo "风险消除核查: $($FP --db "$DB" eliminate-check --as-of 2024-06-28 --format jsonl | wc -l) 个监测中案件"
echo "回头看: $($FP --db "$DB" backcheck --as-of 2024-06-28 --format jsonl | wc -l) 个已消除案件"
$FP --db "$DB" quality --as-of 2024-06-28 | tail -1
$FP --db "$DB" audit verify
echo
echo "数据库: $DB   演示数据: $DEMO/   再看一户: $FP --db $DB household show <户编号>"
echo "案件: $FP --db $DB case list   到期: $FP --db $DB due --as-of 2024-06-28"

# The API and the web UI: one demo account per role (county, one township, one village), each with a
# random password printed once, then the server in the foreground (Ctrl-C stops it).
LISTEN=${DEMO_LISTEN:-127.0.0.1:8080}
VILLAGE=$(sed -n '2p' "$DEMO/villages.csv" | cut -d, -f1 | tr -d '\r')
ADMIN_PW=$($FP --db "$DB" user add demo-admin --role 系统管理员 --scope 532923 | sed -n 's/^初始密码: //p')
CADRE_PW=$($FP --db "$DB" user add demo-village --role 村级 --scope "$VILLAGE" | sed -n 's/^初始密码: //p')
COUNTY_PW=$($FP --db "$DB" user add demo-county --role 县级 --scope 532923 | sed -n 's/^初始密码: //p')
TOWNSHIP_PW=$($FP --db "$DB" user add demo-township --role 乡级 --scope "${VILLAGE:0:9}" | sed -n 's/^初始密码: //p')
SUPER_PW=$($FP --db "$DB" user add demo-supervisor --role 督导 --scope 532923 | sed -n 's/^初始密码: //p')
# The demo cases' caseworker is this account (src/demo/demo_cases.cpp).
HELPER_PW=$($FP --db "$DB" user add 演示帮扶责任人 --role 帮扶责任人 --scope 532923 | sed -n 's/^初始密码: //p')
MEDICAL_PW=$($FP --db "$DB" user add demo-medical --role 部门数据员 --scope 532923 --department 医保 |
  sed -n 's/^初始密码: //p')
echo
echo "演示账号（密码只显示这一次）："
echo "  系统管理员  demo-admin      管辖 532923         密码 $ADMIN_PW"
echo "  县级        demo-county     管辖 532923         密码 $COUNTY_PW"
echo "  乡级        demo-township   管辖 ${VILLAGE:0:9}      密码 $TOWNSHIP_PW"
echo "  督导        demo-supervisor 管辖 532923         密码 $SUPER_PW"
echo "  村级        demo-village    管辖 $VILLAGE   密码 $CADRE_PW"
echo "  帮扶责任人  演示帮扶责任人  管辖 532923         密码 $HELPER_PW"
echo "  部门数据员  demo-medical    医保                密码 $MEDICAL_PW"
echo
echo "网页: http://$LISTEN/   （用上面的账号登录）"
echo "API: http://$LISTEN/api/v1/   接口文档: http://$LISTEN/api/openapi.json"
echo "  登录: curl -s -X POST http://$LISTEN/api/v1/auth/login -H 'Content-Type: application/json' \\"
echo "          -d '{\"username\":\"demo-admin\",\"password\":\"$ADMIN_PW\"}'"
echo "  然后: curl -s -H 'Authorization: Bearer <token>' 'http://$LISTEN/api/v1/households?candidate=true&limit=5'"
exec $FP --db "$DB" serve --listen "$LISTEN"
