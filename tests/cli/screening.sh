#!/usr/bin/env bash
# Drives `fangpin screen` / `fangpin warnings` through the real binary (README: 部门筛查预警),
# then runs the screening benchmark's four-way equality check at a small size (not its timing).
# Usage: screening.sh PATH/TO/fangpin
set -uo pipefail
FP=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/harness.bash"
cd "$T"
A=$(id 532923 19800101 011); C=$(id 532923 20120601 012); B=$(id 532923 19850505 021)
OUT=$(id 110101 19900101 099)

cat > h.csv <<CSV
户编号,区划代码,户主姓名,联系电话,是否脱贫户,脱贫年度,住房安全,饮水安全,义务教育保障,基本医疗保障,不愁吃穿
H1,532923101001,张三,13812345678,否,,是,是,是,是,是
H2,532923102001,李四,,否,,是,是,是,是,是
CSV
cat > m.csv <<CSV
户编号,姓名,证件号码,与户主关系,健康状况,劳动技能
H1,张三,$A,户主,健康,普通劳动力
H1,张小,$C,子,健康,无劳动力
H2,李四,$B,户主,健康,普通劳动力
CSV
cat > f.csv <<CSV
户编号,年度,工资性收入,生产经营性收入,财产性收入,转移性收入,生产经营性支出
H1,2022,30000,0,0,0,0
H2,2022,40000,0,0,0,0
CSV
cat > med.csv <<CSV
证件号码,日期,医疗总费用,合规自付费用,是否大病
$A,2023-03-01,20000,15800.01,否
$C,2023-03-02,6000,5000,否
$B,2023-03-02,6000,5000,否
$OUT,2023-03-02,6000,5000,否
$A,2023-03-02,abc,5000,否
CSV
cat > work.csv <<CSV
证件号码,日期,就业状态
$B,2023-03-01,务工
CSV
cat > car.csv <<CSV
证件号码,日期,车辆类型,是否营运/农用
$C,2023-03-01,小型轿车,否
CSV

check "init" expect_rc 0 "$FP" --db t.db init
check "import households" expect_rc 0 "$FP" --db t.db import households h.csv
check "import members" expect_rc 0 "$FP" --db t.db import members m.csv
check "import finances" expect_rc 0 "$FP" --db t.db import finances f.csv
check "unknown department is a usage error" expect_rc 2 "$FP" --db t.db screen --dept 外交 --month 2023-03 med.csv
check "bad month is a usage error" expect_rc 2 "$FP" --db t.db screen --dept 医保 --month 2023-3 med.csv
check "screen with a malformed row exits 3" expect_rc 3 "$FP" --db t.db screen --dept 医保 --month 2023-03 med.csv --format jsonl --received 2023-03-03
cp out.txt med.jsonl
check "jsonl warnings then summary" /usr/bin/python3 - "$A" "$C" "$B" <<'PY'
import json, sys
A, C, B = sys.argv[1:4]
lines = [json.loads(l) for l in open("med.jsonl", encoding="utf-8")]
ws, s = lines[:-1], lines[-1]["summary"]
assert [w["household_id"] for w in ws] == ["H1", "H2"], ws
h1 = ws[0]
assert h1["grade"] == "红" and h1["reason"] == "因病" and h1["department"] == "医保", h1
assert h1["signals"] == 2 and len(h1["facts"]) == 2, h1
assert h1["member"] == A[:6] + "********" + A[-4:], h1["member"]
assert h1["dispatch_by"] == "2023-03-07" and h1["verify_by"] == "2023-03-10" and h1["status"] == "待核实"
assert ws[1]["grade"] == "黄"
assert s["rows"] == 5 and s["matched"] == 3 and s["unmatched"] == 1 and s["rejected"] == 1, s
assert s["grades"] == {"红": 1, "橙": 0, "黄": 1} and s["warnings_new"] == 2 and s["zero_report"] is False, s
text = open("med.jsonl", encoding="utf-8").read()
for full in (A, C, B):
    assert full not in text, "unmasked resident ID in output"
PY
check "text mode names rows and masks IDs" expect_rc 3 "$FP" --db t.db screen --dept 医保 --month 2023-04 med.csv --received 2023-04-03
check "text mode row issues" bash -c "grep -q '第 5 行 \[证件号码\] 未匹配' out.txt && grep -q '第 6 行 \[医疗总费用\]' out.txt && ! grep -q '$A' out.txt"
check "second month merged, not duplicated" bash -c "grep -q '新增 0，合并 2' out.txt"
RUN2=$(grep -o '批次 [0-9]*' out.txt | tail -1 | cut -d' ' -f2)
check "list --run: the warnings a run created or merged into" expect_rc 0 "$FP" --db t.db warnings list --run "$RUN2" --format jsonl
check "both merged warnings, with both months' facts" /usr/bin/python3 -c "
import json; ws = [json.loads(l) for l in open('out.txt', encoding='utf-8')]
assert [w['household_id'] for w in ws] == ['H1', 'H2'], ws
assert ws[0]['month'] == '2023-03' and ws[0]['signals'] == 4 and len(ws[0]['facts']) == 4, ws[0]
assert ws[1]['signals'] == 2 and ws[1]['grade'] == '黄', ws[1]"
check "list --run of an unknown run is empty" bash -c "\"$FP\" --db t.db warnings list --run 999 | grep -q '共 0 条预警'"
check "list all" expect_rc 0 "$FP" --db t.db warnings list
check "two warnings listed" grep -q "共 2 条预警" out.txt
check "list by grade" expect_rc 0 "$FP" --db t.db warnings list --grade 红 --format jsonl
check "one red" bash -c "[ \$(wc -l <out.txt) -eq 1 ] && grep -q '\"H1\"' out.txt"
check "list by region" expect_rc 0 "$FP" --db t.db warnings list --region 532923102
check "region filter" bash -c "grep -q '共 1 条预警' out.txt && grep -q H2 out.txt"
WID=$("$FP" --db t.db warnings list --grade 红 --format jsonl | /usr/bin/python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['warning_id'])")
check "verify bad result is usage" expect_rc 2 "$FP" --db t.db warnings verify "$WID" --result 也许 --by 王 --date 2023-03-05
check "verify 纳入 with a missing policy file is refused before anything is stored" expect_rc 1 "$FP" --db t.db warnings verify "$WID" --result 纳入 --by 王干部 --date 2023-03-05 --policy nope.toml
check "verify" expect_rc 0 "$FP" --db t.db warnings verify "$WID" --result 纳入 --by 王干部 --date 2023-03-05
check "纳入 registers an identification case" grep -q "已登记识别案件 #1（部门预警，户 H1）" out.txt
check "case show" expect_rc 0 "$FP" --db t.db case show 1 --format json
check "case is a 部门预警 clue dated when the village had the warning" /usr/bin/python3 -c "
import json; c = json.load(open('out.txt'))
assert c['household_id'] == 'H1' and c['channel'] == '部门预警' and c['clue_date'] == '2023-03-07', c
assert '部门预警 #$WID' in json.dumps(c, ensure_ascii=False), c"
cat > house.csv <<CSV2
证件号码,日期,房屋鉴定等级
$A,2023-03-01,D
CSV2
check "housing feed" expect_rc 0 "$FP" --db t.db screen --dept 住建 --month 2023-03 house.csv --received 2023-03-03
HID=$("$FP" --db t.db warnings list --dept 住建 --format jsonl | /usr/bin/python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['warning_id'])")
check "纳入 for a household already in a case does not open a second" expect_rc 0 "$FP" --db t.db warnings verify "$HID" --result 纳入 --by 王干部 --date 2023-03-06
check "the existing case is named" grep -q "该户已有进行中的案件 #1，未重复登记（户 H1）" out.txt
check "verify twice refused" expect_rc 1 "$FP" --db t.db warnings verify "$WID" --result 不纳入 --by 李 --date 2023-03-06
# 纳入 and its case are one unit of work: when the case cannot be opened (here a trigger
# refuses every new case), the verification is not stored either and the reason is given.
H2W=$("$FP" --db t.db warnings list --region 532923102 --format jsonl | /usr/bin/python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['warning_id'])")
sqlite3 t.db "CREATE TRIGGER no_cases BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, '案件表只读'); END"
check "纳入 whose case cannot be opened fails" expect_rc 1 "$FP" --db t.db warnings verify "$H2W" --result 纳入 --by 王干部 --date 2023-03-06
check "the reason is printed and nothing was stored" grep -q "未能登记识别案件，核实结论未保存：.*案件表只读" err.txt
check "the warning is still open" bash -c "\"$FP\" --db t.db warnings list --open --region 532923102 | grep -q '共 1 条预警'"
sqlite3 t.db "DROP TRIGGER no_cases"
check "open list excludes verified" expect_rc 0 "$FP" --db t.db warnings list --open
check "one open" grep -q "共 1 条预警" out.txt
check "zero report" expect_rc 0 "$FP" --db t.db screen --dept 人社 --month 2023-03 work.csv
check "zero report printed" grep -q "零报告：人社 2023-03 无预警" out.txt
check "runs list zero report" bash -c "\"$FP\" --db t.db warnings runs | grep -q '人社.*零报告'"
check "assess before vehicle fact" expect_rc 0 "$FP" --db t.db assess --year 2022 --all --format jsonl
check "H1 not excluded" /usr/bin/python3 -c "import json; r=[json.loads(l) for l in open('out.txt')]; assert [x['excluded'] for x in r if x['household_id']=='H1']==[False], r"
check "vehicle feed" expect_rc 0 "$FP" --db t.db screen --dept 车辆登记 --month 2023-03 car.csv
check "assess after vehicle fact" expect_rc 0 "$FP" --db t.db assess --year 2022 --format jsonl
check "H1 excluded as 消费型车辆" /usr/bin/python3 -c "import json; r=[json.loads(l) for l in open('out.txt')]; h=[x for x in r if x['household_id']=='H1']; assert h and h[0]['excluded'] and h[0]['exclusion_reasons']==['消费型车辆'], r"
check "index snapshot written" test -f t.db.screen-index

# The benchmark's four-way equality check (fangpin, PostgreSQL, SQLite, pandas) at a small size.
check "benchmark equality (small)" bash "$ROOT/bench/screening/run.sh" --fangpin "$FP" --persons 20000 --feed 8000 --check-only

echo "screening.sh: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
