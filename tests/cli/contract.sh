#!/usr/bin/env bash
# Drives the real fangpin binary through the documented CLI contract (README).
# Usage: contract.sh PATH/TO/fangpin
set -uo pipefail
FP=$(realpath "$1")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/harness.bash"
cd "$T"
A=$(id 532923 19800101 011); B=$(id 532923 19820202 022); C=$(id 532923 20080101 031); D=$(id 532923 19750101 041)
BAD=${A:0:17}$([ "${A:17:1}" = 0 ] && echo 1 || echo 0)

cat > h.csv <<CSV
户编号,区划代码,户主姓名,联系电话,是否脱贫户,脱贫年度,住房安全,饮水安全,义务教育保障,基本医疗保障,不愁吃穿,监测对象类型
H1,532923101001,张三,13812345678,是,2018,否,是,是,是,是,
H2,532923101002,李四,,否,,是,是,是,是,是,边缘易致贫户
H3,532923102001,王五,,否,,是,是,是,是,是,
CSV
cat > m.csv <<CSV
户编号,姓名,证件号码,与户主关系,健康状况,残疾等级,劳动技能,在校生状况,是否公职人员
H1,张三,$A,户主,患有大病,,普通劳动力,,否
H1,赵氏,$B,配偶,健康,,普通劳动力,,否
H1,张小,$C,子,健康,,无劳动力,初中,否
H2,李四,$D,户主,健康,,普通劳动力,,否
H3,王五,$BAD,户主,健康,,普通劳动力,,否
H9,某人,$(id 532923 19900101 051),户主,健康,,普通劳动力,,否
CSV
cat > f.csv <<CSV
户编号,年度,工资性收入,生产经营性收入,财产性收入,转移性收入,生产经营性支出,合规自付医疗费用
H1,2022,30000,0,0,0,0,0
H1,2023,12000,3000,0,600,0,8000
H2,2023,20000,0,0,0,0,0
H3,2023,8000,0,0,0,0,0
H9,2023,1,0,0,0,0,0
CSV

check "usage error exits 2" expect_rc 2 "$FP" assess
check "unknown subcommand exits 2" expect_rc 2 "$FP" --db x.db frobnicate
check "missing db is an error" expect_rc 1 "$FP" --db none.db assess --year 2023
check "init" expect_rc 0 "$FP" --db t.db init
check "households import" expect_rc 0 "$FP" --db t.db import households h.csv
check "last line contract" bash -c "tail -1 out.txt | grep -qx 'imported 3, rejected 0'"
check "members with rejects exits 3" expect_rc 3 "$FP" --db t.db import members m.csv --rejects rej.csv
check "members last line" bash -c "tail -1 out.txt | grep -qx 'imported 4, rejected 2'"
check "rejects file names row and column" bash -c "grep -q '^6,证件号码,' rej.csv && grep -q '^7,户编号,' rej.csv"
check "strict import stores nothing" expect_rc 3 "$FP" --db t.db import finances f.csv --strict --rejects none.csv
check "strict import prints zero" bash -c "tail -1 out.txt | grep -qx 'imported 0, rejected 1'"
check "strict left finances empty" expect_rc 0 "$FP" --db t.db household show H1 --format json
check "no finances stored" python3 -c "import json; assert json.load(open('out.txt'))['finances']==[]"
sed -i '/^H9,/d' f.csv
check "finances import" expect_rc 0 "$FP" --db t.db import finances f.csv
check "re-import is idempotent" expect_rc 0 "$FP" --db t.db import finances f.csv
check "re-import says unchanged" grep -q "新增 0，更新 0，未变 4" out.txt

check "assess jsonl" expect_rc 0 "$FP" --db t.db assess --year 2023 --format jsonl
cp out.txt assess.jsonl
check "jsonl contract" python3 - <<'PY'
import json,sys
rows=[json.loads(l) for l in open('assess.jsonl')]
keys=["household_id","year","people","net_income","income_per_capita","rigid_expenditure","adjusted_income_per_capita","line","candidate","type","risk_reasons","primary_reason","excluded","exclusion_reasons","shortfalls","wrong_type"]
assert [r["household_id"] for r in rows]==["H1"], rows
r=rows[0]
assert list(r.keys())==keys, list(r.keys())
# H1 2023: net 15600 over 3 people = 5200 < 7100, formerly poor -> 脱贫不稳定户.
assert r["people"]==3 and r["net_income"]==15600 and r["income_per_capita"]==5200
assert r["rigid_expenditure"]==8000 and abs(r["adjusted_income_per_capita"]-2533.33)<1e-9, r
assert r["line"]==7100 and r["candidate"] is True and r["type"]=="脱贫不稳定户"
# 因病 (大病), 因务工就业不稳 (12000 < 50% of 30000), 因安全住房; primary by amount: wage drop 18000 > selfpay 8000.
assert r["risk_reasons"]==["因病","因务工就业不稳","因安全住房"], r["risk_reasons"]
assert r["primary_reason"]=="因务工就业不稳"
assert r["excluded"] is False and r["exclusion_reasons"]==[] and r["shortfalls"]==["住房安全"] and r["wrong_type"] is False
PY
check "assess --all" expect_rc 0 "$FP" --db t.db assess --year 2023 --all --format jsonl
cp out.txt all.jsonl
check "all lists every assessable household" python3 - <<'PY'
import json
rows={json.loads(l)["household_id"]:json.loads(l) for l in open('all.jsonl')}
assert set(rows)=={"H1","H2"}, rows.keys()
assert rows["H2"]["candidate"] is False and rows["H2"]["type"] is None and rows["H2"]["wrong_type"] is True
PY
check "region filter" expect_rc 0 "$FP" --db t.db assess --year 2023 --all --region 532923102 --format jsonl
check "region filter output empty" bash -c "[ ! -s out.txt ]"
check "unconfigured year names the year" expect_rc 1 "$FP" --db t.db assess --year 2031
check "year in message" grep -q 2031 err.txt
check "policy override file" bash -c "printf '[monitoring_line]\n2023 = 5000\n' > p.toml"
check "assess with policy" expect_rc 0 "$FP" --db t.db assess --year 2023 --policy p.toml --format jsonl
check "lower line changes decision" python3 -c "
import json; r=json.loads(open('out.txt').readline()); assert r['line']==5000 and r['type']=='突发严重困难户', r"
check "bad policy key rejected" bash -c "printf '[monitoring_line]\n2023 = 5000\n[assessment]\nfoo = 1\n' > bad.toml"
check "bad policy exits nonzero" expect_rc 1 "$FP" --db t.db assess --year 2023 --policy bad.toml
check "table format" expect_rc 0 "$FP" --db t.db assess --year 2023
check "table has totals" bash -c "grep -q 脱贫不稳定户 out.txt && grep -q 按主要风险 out.txt"
check "csv format" expect_rc 0 "$FP" --db t.db assess --year 2023 --format csv
check "csv header" bash -c "head -1 out.txt | grep -q '^户编号,年度'"
check "household show masks ids" expect_rc 0 "$FP" --db t.db household show H1 --format json
check "masked id" bash -c "grep -q '${A:0:6}\*\*\*\*\*\*\*\*${A:14:4}' out.txt && ! grep -q '$A' out.txt && ! grep -q 13812345678 out.txt"
check "household show text" expect_rc 0 "$FP" --db t.db household show H1
check "text masked" bash -c "! grep -q '$A' out.txt"
check "unknown household" expect_rc 1 "$FP" --db t.db household show NOPE
check "demo-data" expect_rc 0 "$FP" demo-data --households 300 --seed 7 --out demo
check "demo files" bash -c "for f in households members finances; do [ -s demo/\$f.csv ] && [ -s demo/\$f.xlsx ] || exit 1; done"
check "demo deterministic" bash -c "'$FP' demo-data --households 300 --seed 7 --out demo2 >/dev/null && cmp demo/members.csv demo2/members.csv"
check "demo xlsx imports" bash -c "'$FP' --db d.db init >/dev/null && for t in households members finances; do '$FP' --db d.db import \$t demo/\$t.xlsx | tail -1 | grep -q 'rejected 0' || exit 1; done"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
