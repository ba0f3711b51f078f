#!/usr/bin/env bash
# Drives the workflow commands of the real fangpin binary (README: Case workflow).
# Usage: workflow.sh PATH/TO/fangpin
set -uo pipefail
FP=$(realpath "$1")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/harness.bash"
cd "$T"
cat > h.csv <<CSV
户编号,区划代码,户主姓名,是否脱贫户,脱贫年度,住房安全,饮水安全,义务教育保障,基本医疗保障,不愁吃穿
H1,532923101001,张三,否,,是,是,是,是,是
H2,532923101001,李四,否,,是,是,是,是,是
CSV
cat > m.csv <<CSV
户编号,姓名,证件号码,与户主关系,健康状况,劳动技能,是否公职人员
H1,张三,$(id 532923 19800101 011),户主,患有大病,普通劳动力,否
H1,赵氏,$(id 532923 19820202 022),配偶,健康,普通劳动力,否
H2,李四,$(id 532923 19750101 041),户主,健康,普通劳动力,是
CSV
cat > f.csv <<CSV
户编号,年度,工资性收入,生产经营性收入,财产性收入,转移性收入,生产经营性支出
H1,2022,6000,0,0,0,0
H2,2022,6000,0,0,0,0
CSV
"$FP" --db t.db init >/dev/null
for t in households members finances; do "$FP" --db t.db import $t $t.csv >/dev/null 2>&1 || true; done
"$FP" --db t.db import households h.csv >/dev/null; "$FP" --db t.db import members m.csv >/dev/null; "$FP" --db t.db import finances f.csv >/dev/null

V="--role 村级 --user 村干部甲"; X="--role 乡级 --user 乡干部乙"; C="--role 县级 --user 县干部丙"
check "open" expect_rc 0 "$FP" --db t.db case open --household H1 --channel 部门预警 --date 2023-01-19 $V --format json
check "open json" python3 -c "import json; j=json.load(open('out.txt')); assert j['case_id']==1 and j['state']=='待入户核查' and j['version']==1, j"
check "due across Spring Festival (3 working days)" expect_rc 0 "$FP" --db t.db due --as-of 2023-01-20 --within 30 --format jsonl
check "verification due 2023-01-29" python3 -c "
import json; r=[json.loads(l) for l in open('out.txt')]
assert r[0]['item']=='入户核查' and r[0]['due']=='2023-01-29' and r[0]['overdue'] is False, r
assert r[1]['due']=='2023-02-03', r"
check "overdue on 2023-01-30" expect_rc 0 "$FP" --db t.db due --as-of 2023-01-30 --within 0 --format jsonl
check "overdue flagged" python3 -c "
import json; r=[json.loads(l) for l in open('out.txt')]
assert len(r)==1 and r[0]['overdue'] is True and r[0]['days_left']==-1, r"
check "missing --role is usage" expect_rc 2 "$FP" --db t.db case step 1 入户核查 --date 2023-01-20
check "unknown step is usage" expect_rc 2 "$FP" --db t.db case step 1 飞行 --date 2023-01-20 $V
check "bad date is usage" expect_rc 2 "$FP" --db t.db case step 1 入户核查 --date 2023-02-30 $V
check "wrong role refused" expect_rc 1 "$FP" --db t.db case step 1 入户核查 --date 2023-01-20 $X
check "wrong role message" has "角色 乡级 无权办理“入户核查”（限 村级）"
check "supervisor read-only" expect_rc 1 "$FP" --db t.db case step 1 入户核查 --date 2023-01-20 --role 督导
check "out of order refused" expect_rc 1 "$FP" --db t.db case step 1 村级评议 --date 2023-01-20 $V
check "out of order message" has "应先办理“入户核查”"
printf '%%PDF-1.4 认定核查表' > form.pdf
printf 'MZ not a document' > virus.exe
check "bad document type refused" expect_rc 1 "$FP" --db t.db case step 1 入户核查 --date 2023-01-20 $V --doc virus.exe
check "visit with form" expect_rc 0 "$FP" --db t.db case step 1 入户核查 --date 2023-01-20 $V --note 属实 --doc form.pdf
check "form archived by sha256" bash -c "ls t.db.files/*/ | grep -qx \$(sha256sum form.pdf | cut -c1-64)"
check "commitment" expect_rc 0 "$FP" --db t.db case step 1 承诺授权书 --date 2023-01-28 $V
check "comparison" expect_rc 0 "$FP" --db t.db case step 1 信息比对 --date 2023-01-29 $X --format json
check "comparison suggests from registry" python3 -c "
import json; j=json.load(open('out.txt')); assert j['suggested_type']=='边缘易致贫户' and j['suggested_reasons']==['因病'], j"
check "appraisal" expect_rc 0 "$FP" --db t.db case step 1 村级评议 --date 2023-01-30 $V
check "village notice" expect_rc 0 "$FP" --db t.db case step 1 村级公示 --date 2023-01-30 $V
check "notice of 4 days refused" expect_rc 1 "$FP" --db t.db case step 1 村级公示结束 --date 2023-02-03 $V
check "4-day message" has "仅 4 天"
check "objection" expect_rc 0 "$FP" --db t.db case step 1 公示异议 --date 2023-01-31 $V --note 群众反映有车辆
check "suspended notice cannot close" expect_rc 1 "$FP" --db t.db case step 1 村级公示结束 --date 2023-02-04 $V
check "objection resolved" expect_rc 0 "$FP" --db t.db case step 1 异议处理 --date 2023-02-01 $V --note 农用车，异议不成立
check "notice of 5 days closes" expect_rc 0 "$FP" --db t.db case step 1 村级公示结束 --date 2023-02-04 $V
check "township review" expect_rc 0 "$FP" --db t.db case step 1 乡镇审核 --date 2023-02-05 $X
check "township notice" expect_rc 0 "$FP" --db t.db case step 1 乡镇公示 --date 2023-02-05 $X
check "township notice end" expect_rc 0 "$FP" --db t.db case step 1 乡镇公示结束 --date 2023-02-10 $X
check "stale version conflict" expect_rc 1 "$FP" --db t.db case step 1 县级审定 --date 2023-02-11 $C --expect-version 3
check "conflict message" has "已被他人更新"
check "county approval changes reasons" expect_rc 0 "$FP" --db t.db case step 1 县级审定 --date 2023-02-11 $C --reasons 因病,因务工就业不稳 --format json
check "monitored with change recorded" python3 -c "
import json; j=json.load(open('out.txt'))
assert j['status']=='监测中' and j['reasons']==['因病','因务工就业不稳'] and '调整了系统建议' in j['history'][-1]['note'], j"
check "due: caseworker, plan, measures overdue" expect_rc 0 "$FP" --db t.db due --as-of 2023-03-01 --within 0 --format json
check "three overdue items" python3 -c "
import json; r=json.load(open('out.txt')); assert sorted(x['item'] for x in r)==['帮扶措施','帮扶计划','帮扶责任人'] and all(x['overdue'] for x in r), r"
check "assign" expect_rc 0 "$FP" --db t.db case assign 1 --caseworker 王帮扶 --date 2023-02-12 $X
check "plan by caseworker" expect_rc 0 "$FP" --db t.db case plan 1 --text 健康帮扶加就业 --date 2023-02-13 --role 帮扶责任人 --user 王帮扶
check "other caseworker refused" expect_rc 1 "$FP" --db t.db case measure 1 --category 健康帮扶 --start 2023-02-14 --unit 县医保局 --role 帮扶责任人 --user 李某
check "measure" expect_rc 0 "$FP" --db t.db case measure 1 --category 健康帮扶 --start 2023-02-14 --amount 3000 --unit 县医保局 --evidence form.pdf --role 帮扶责任人 --user 王帮扶
check "bad category is usage" expect_rc 2 "$FP" --db t.db case measure 1 --category 发钱 --start 2023-02-14 --unit x $X
check "reasons with 、 and a 缺劳力" expect_rc 0 "$FP" --db t.db case open --household H2 --channel 自主申报 --date 2023-02-20 $V
check "bad reason is usage" expect_rc 2 "$FP" --db t.db case step 2 类型变更 --date 2023-02-21 $C --reasons 因病、因懒 --note x
check "bad reason message" has "因懒"
check "type change needs monitored" expect_rc 1 "$FP" --db t.db case step 2 类型变更 --date 2023-02-21 $C --reasons 因病、缺劳力，因学 --note x
check "reject the extra case" expect_rc 0 "$FP" --db t.db case step 2 驳回 --date 2023-02-21 $V --note 重复线索
check "eliminate-check lists failures" expect_rc 0 "$FP" --db t.db eliminate-check --as-of 2023-07-01 --format jsonl
check "failed criteria by name" python3 -c "
import json; r=[json.loads(l) for l in open('out.txt')]
assert r[0]['eligible'] is False and '稳定半年以上' in r[0]['failed'] and '风险均有对应帮扶措施' in r[0]['failed'], r"
check "nomination refused" expect_rc 1 "$FP" --db t.db case step 1 消除提名 --date 2023-07-01 $V
check "nomination message" has "不符合风险消除条件"
check "quality" expect_rc 0 "$FP" --db t.db quality --as-of 2023-07-01 --format jsonl
check "quality flags" python3 -c "
import json; r=[json.loads(l) for l in open('out.txt')]
# measures due 2023-02-13 (clue 1-19 + 25 days) but started 2-14: 不及时, rectified that day.
assert [x['flag'] for x in r]==['不及时','不精准'], r
assert r[0]['found_on']=='2023-02-14' and r[0]['rectified_on']=='2023-02-14', r
assert r[1]['detail']=='因务工就业不稳 无对应帮扶措施' and r[1]['rectified_on'] is None, r"
check "negative list case" expect_rc 0 "$FP" --db t.db case open --household H2 --channel 自主申报 --date 2023-03-01 $V
"$FP" --db t.db case step 3 入户核查 --date 2023-03-01 $V >/dev/null
"$FP" --db t.db case step 3 承诺授权书 --date 2023-03-01 $V >/dev/null
check "comparison rejects public employee" expect_rc 0 "$FP" --db t.db case step 3 信息比对 --date 2023-03-02 $X --format json
check "rejected with reason" python3 -c "
import json; j=json.load(open('out.txt')); assert j['status']=='已驳回' and j['closed_reason']=='信息比对命中负面清单：公职人员', j"
check "show json has audit" expect_rc 0 "$FP" --db t.db case show 1 --format json
check "audit events listed" python3 -c "
import json; j=json.load(open('out.txt')); a=j['audit']; assert a[0]['action']=='立案' and len(a)==j['version'], (len(a), j['version'])"
check "case list" expect_rc 0 "$FP" --db t.db case list --region 532923101 --format jsonl
check "three cases" bash -c "[ \$(wc -l < out.txt) -eq 3 ]"
check "backcheck empty" expect_rc 0 "$FP" --db t.db backcheck --as-of 2023-07-01 --format json
check "audit verify ok" expect_rc 0 "$FP" --db t.db audit verify --format json
check "audit ok json" python3 -c "import json; j=json.load(open('out.txt')); assert j['ok'] is True and j['first_broken'] is None and j['events']==22, j"
sqlite3 t.db "UPDATE audit_events SET after_json = replace(after_json, '王帮扶', '张冒名') WHERE seq = 14"
check "tampering detected" expect_rc 1 "$FP" --db t.db audit verify
check "first broken event named" has "#14"

# The demo county: cases in every state, some overdue; reports and the chain hold.
mkdir demo && cd demo
"$FP" demo-data --households 600 --seed 3 --out d >/dev/null
"$FP" --db d.db init >/dev/null
for t in households members finances; do "$FP" --db d.db import $t d/$t.csv >/dev/null; done
check "demo-cases" expect_rc 0 "$FP" --db d.db demo-cases --as-of 2024-06-28
check "demo-cases refuses a second run" expect_rc 1 "$FP" --db d.db demo-cases --as-of 2024-06-28
check "demo list" expect_rc 0 "$FP" --db d.db case list --format jsonl
check "every state present" python3 -c "
import json; r=[json.loads(l) for l in open('out.txt')]
statuses={x['status'] for x in r}; states={x['state'] for x in r}
assert statuses=={'识别中','监测中','风险消除中','已消除','已驳回','已清退'}, statuses
need={'待入户核查','待承诺授权书','待信息比对','待村级评议','待村级公示','村级公示中','村级公示暂停（异议待处理）',
      '待乡镇审核','待乡镇公示','乡镇公示中','待县级审定'}
assert need <= states, need - states"
check "demo due has overdue" expect_rc 0 "$FP" --db d.db due --as-of 2024-06-28 --format jsonl
check "overdue items" python3 -c "
import json; r=[json.loads(l) for l in open('out.txt')]
items={x['item'] for x in r if x['overdue']}
assert {'入户核查','县级审定（识别认定）','帮扶计划','回头看'} <= items, items"
check "demo quality has all three flags" expect_rc 0 "$FP" --db d.db quality --as-of 2024-06-28 --format jsonl
check "three kinds" python3 -c "
import json; r=[json.loads(l) for l in open('out.txt')]
assert {x['flag'] for x in r}=={'不及时','不精准','成效不明显'}, r"
check "demo eliminate-check" expect_rc 0 "$FP" --db d.db eliminate-check --as-of 2024-06-28 --format jsonl
check "one eligible, only households without labour stay monitored" python3 -c "
import json; r=[json.loads(l) for l in open('out.txt')]
assert any(x['eligible'] for x in r), r
for x in r:
  k=[c for c in x['criteria'] if c['name']=='有劳动能力'][0]
  assert k['met'] or k['detail'].startswith('丧失劳动能力户'), x"
check "demo backcheck" expect_rc 0 "$FP" --db d.db backcheck --as-of 2024-06-28 --format jsonl
check "three eliminated cases checked" bash -c "[ \$(wc -l < out.txt) -eq 3 ]"
check "demo audit verify" expect_rc 0 "$FP" --db d.db audit verify
cd ..

# Existing cases (issue 14): the demo county's 存量 files imported as cases, idempotently;
# the reports cover them; demo-cases still runs beside them; a batch step with refusals.
mkdir existing && cd existing
"$FP" demo-data --households 3000 --seed 4 --out d >/dev/null
"$FP" --db e.db init >/dev/null
for t in households members finances; do "$FP" --db e.db import $t d/$t.csv >/dev/null; done
rows=$(($(wc -l < d/existing_cases.csv) - 1))
check "import cases" expect_rc 0 "$FP" --db e.db import cases d/existing_cases.csv
check "cases inserted" has "新增 $rows，未变 0"
check "import measures" expect_rc 0 "$FP" --db e.db import measures d/measures.xlsx
check "import cases again: unchanged" expect_rc 0 "$FP" --db e.db import cases d/existing_cases.xlsx
check "nothing new" has "新增 0，未变 $rows"
check "one case per row" bash -c "[ \$('$FP' --db e.db case list | wc -l) -eq $rows ]"
check "migrated eliminate-check" expect_rc 0 "$FP" --db e.db eliminate-check --as-of 2024-06-28 --format jsonl
check "monitored ones checked" bash -c "[ \$(wc -l < out.txt) -ge 5 ]"
check "migrated backcheck" expect_rc 0 "$FP" --db e.db backcheck --as-of 2024-06-28 --format jsonl
check "eliminated ones back-checked" bash -c "[ \$(wc -l < out.txt) -ge 1 ]"
check "migrated due and quality" bash -c "'$FP' --db e.db due --as-of 2024-06-28 --format jsonl | grep -q . && '$FP' --db e.db quality --as-of 2024-06-28 --format jsonl | grep -q ."
check "a bad row names row and column" expect_rc 3 bash -c "printf '户编号,监测对象类型,风险类型,审定日期,状态\nNOPE,边缘易致贫户,因病,2023-01-01,监测中\n' > bad.csv && '$FP' --db e.db import cases bad.csv"
check "unknown household" has "第 2 行 .户编号. 户编号 NOPE 不存在（请先导入户信息）"
check "demo-cases beside imported cases" expect_rc 0 "$FP" --db e.db demo-cases --as-of 2024-06-28
elim=$("$FP" --db e.db backcheck --as-of 2024-06-28 --format jsonl | head -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["case_id"])')
check "batch: one refused, the others done" expect_rc 3 "$FP" --db e.db case step --cases "$elim,999999" 回头看 --date 2024-06-28 $X
check "batch total" has "合计：办理 1 个，未办理 1 个"
check "batch names the missing case" has "案件 999999：未办理——案件 999999 不存在或不在管辖范围内"
check "existing audit verify" expect_rc 0 "$FP" --db e.db audit verify
cd ..

echo "workflow CLI: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
