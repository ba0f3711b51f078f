#!/usr/bin/env bash
# Issue 14: negative-list findings from the command line (README "finding") and the
# household's monitored type/status following the case decisions (README "household show").
# Usage: findings.sh PATH/TO/fangpin
set -uo pipefail
FP=$(realpath "$1")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/harness.bash"
cd "$T"
cat > h.csv <<CSV
户编号,区划代码,户主姓名,是否脱贫户,脱贫年度,住房安全,饮水安全,义务教育保障,基本医疗保障,不愁吃穿,监测对象类型
H1,532923101001,张三,否,,是,是,是,是,是,
H2,532923102001,李四,否,,是,是,是,是,是,
CSV
cat > m.csv <<CSV
户编号,姓名,证件号码,与户主关系,健康状况,劳动技能,是否公职人员
H1,张三,$(id 532923 19800101 011),户主,患有大病,普通劳动力,否
H1,赵氏,$(id 532923 19820202 022),配偶,健康,普通劳动力,否
H2,李四,$(id 532923 19750101 041),户主,健康,普通劳动力,否
CSV
cat > f.csv <<CSV
户编号,年度,工资性收入,生产经营性收入,财产性收入,转移性收入,生产经营性支出
H1,2022,6000,0,0,0,0
H2,2022,6000,0,0,0,0
CSV
"$FP" --db t.db init >/dev/null
"$FP" --db t.db import households h.csv >/dev/null; "$FP" --db t.db import members m.csv >/dev/null; "$FP" --db t.db import finances f.csv >/dev/null
printf '%%PDF-1.4 养殖场照片' > photo.pdf
V="--role 村级 --user 村干部甲 --scope 532923101"

check "candidate before" expect_rc 0 "$FP" --db t.db assess --year 2022 --all --format jsonl
check "H2 is a candidate" python3 -c "
import json; r={x['household_id']:x for x in map(json.loads, open('out.txt'))}; assert r['H2']['candidate'] and not r['H2']['excluded'], r['H2']"
check "unknown kind is usage" expect_rc 2 "$FP" --db t.db finding add H1 --kind 开豪车 --date 2023-05-01 --note x --evidence photo.pdf $V
check "unknown kind names the kinds" has "种养大户"
check "outside scope is unknown" expect_rc 1 "$FP" --db t.db finding add H2 --kind 种养大户 --date 2023-05-01 --note x --evidence photo.pdf $V
check "outside scope message" has "户编号 H2 不在登记库中"
check "supervisor refused" expect_rc 1 "$FP" --db t.db finding add H2 --kind 种养大户 --date 2023-05-01 --note x --evidence photo.pdf --role 督导
check "add" expect_rc 0 "$FP" --db t.db finding add H2 --kind 种养大户 --date 2023-05-01 --note "养殖生猪 300 头" --evidence photo.pdf --role 乡级 --user 乡干部乙 --format json
check "add json" python3 -c "
import json,hashlib; j=json.load(open('out.txt')); sha=hashlib.sha256(open('photo.pdf','rb').read()).hexdigest()
assert j['id']==1 and j['kind']=='种养大户' and j['by']=='乡干部乙' and j['role']=='乡级' and j['evidence']==[sha], j"
check "evidence archived" bash -c "ls t.db.files/*/ | grep -qx \$(sha256sum photo.pdf | cut -c1-64)"
check "assess excludes" expect_rc 0 "$FP" --db t.db assess --year 2022 --all --format jsonl
check "excluded with the kind" python3 -c "
import json; r={x['household_id']:x for x in map(json.loads, open('out.txt'))}
assert r['H2']['excluded'] and not r['H2']['candidate'] and r['H2']['exclusion_reasons']==['种养大户'], r['H2']"
check "show lists the finding" expect_rc 0 "$FP" --db t.db household show H2
check "show text" has "负面清单：种养大户 核查发现（第 1 号）：养殖生猪 300 头（入户核查 乡干部乙 2023-05-01）"
check "withdraw needs a reason" expect_rc 2 "$FP" --db t.db finding withdraw H2 1 --date 2023-06-01 --role 县级
check "withdraw" expect_rc 0 "$FP" --db t.db finding withdraw H2 1 --date 2023-06-01 --reason "复核：合作社所有" --role 县级 --user 县干部丙
check "withdraw text" has "已撤销核查发现 1（户 H2，种养大户，县干部丙 2023-06-01）"
check "withdraw twice conflicts" expect_rc 1 "$FP" --db t.db finding withdraw H2 1 --date 2023-06-02 --reason 重复 --role 县级
check "list" expect_rc 0 "$FP" --db t.db finding list H2 --format json
check "list keeps both records" python3 -c "
import json; j=json.load(open('out.txt')); assert len(j)==1 and j[0]['active'] is False and j[0]['withdrawal']['note']=='复核：合作社所有', j"
check "candidate again" expect_rc 0 "$FP" --db t.db assess --year 2022 --all --format jsonl
check "not excluded after withdrawal" python3 -c "
import json; r={x['household_id']:x for x in map(json.loads, open('out.txt'))}; assert not r['H2']['excluded'], r['H2']"

# Registry follows the case: 县级审定 → monitored with the case's type.
C="--role 县级 --user 县干部丙"; X="--role 乡级 --user 乡干部乙"; V1="--role 村级 --user 村干部甲"
"$FP" --db t.db case open --household H1 --channel 干部排查 --date 2023-03-01 $V1 >/dev/null
for s in "入户核查 2023-03-01 村级" "承诺授权书 2023-03-01 村级" "信息比对 2023-03-02 乡级" "村级评议 2023-03-02 村级" \
         "村级公示 2023-03-02 村级" "村级公示结束 2023-03-07 村级" "乡镇审核 2023-03-08 乡级" "乡镇公示 2023-03-08 乡级" \
         "乡镇公示结束 2023-03-13 乡级"; do
  set -- $s; "$FP" --db t.db case step 1 "$1" --date "$2" --role "$3" >/dev/null 2>&1 || echo "step $1 failed"
done
check "show before approval" expect_rc 0 "$FP" --db t.db household show H1 --format json
check "no status before approval" python3 -c "
import json; j=json.load(open('out.txt')); assert j['monitor_status']=='none' and j['monitored_type'] is None, j"
check "approve" expect_rc 0 "$FP" --db t.db case step 1 县级审定 --date 2023-03-14 $C
check "show after approval" expect_rc 0 "$FP" --db t.db household show H1 --format json
check "monitored as decided" python3 -c "
import json; j=json.load(open('out.txt'))
assert j['monitor_status']=='monitored' and j['monitored_type']=='边缘易致贫户' and j['monitor_case_id']==1 and j['monitor_on']=='2023-03-14', j"
check "show text status" expect_rc 0 "$FP" --db t.db household show H1
check "status line" has "监测状态：监测中（案件 1 于 2023-03-14 决定）"
check "finding for a live case" expect_rc 0 "$FP" --db t.db finding add H1 --kind 子女有赡养能力 --date 2023-04-01 --note "子女在省城经商" --evidence photo.pdf $V
check "removal takes the finding as reason" expect_rc 0 "$FP" --db t.db case step 1 清退 --date 2023-04-02 $C --format json
check "removed with reason" python3 -c "
import json; j=json.load(open('out.txt')); assert j['state']=='已清退' and j['closed_reason']=='负面清单核查发现：子女有赡养能力（第 3 号，村干部甲 2023-04-01）', j"
check "registry removed" expect_rc 0 "$FP" --db t.db household show H1 --format json
check "removed, no type" python3 -c "
import json; j=json.load(open('out.txt')); assert j['monitor_status']=='removed' and j['monitored_type'] is None, j"
# An import saying otherwise is stored but does not override the case.
sed -i 's/^H1,\(.*\),$/H1,\1,脱贫不稳定户/' h.csv
check "import disagreeing" expect_rc 0 "$FP" --db t.db import households h.csv
check "import says so" has "1 户的监测对象类型与案件决定不一致，以案件为准，未覆盖（第 2 行）"
check "still removed" expect_rc 0 "$FP" --db t.db household show H1 --format json
check "case decision kept" python3 -c "
import json; j=json.load(open('out.txt')); assert j['monitor_status']=='removed' and j['monitored_type'] is None, j"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
