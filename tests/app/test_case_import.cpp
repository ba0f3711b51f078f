// Existing cases (存量监测对象) and batch steps (issue 14): real files imported into a real
// SQLite database, then the same reports and steps every case goes through.
#include <algorithm>

#include <fmt/format.h>

#include "app/case_import.h"
#include "app/workflow/batch_steps.h"
#include "app/workflow/workflow_service.h"
#include "fixtures.h"
#include "io/workflow_policy.h"

namespace fangpin::testing {
namespace {

using workflow::Actor;
using workflow::CaseStatus;
using workflow::Step;

Date D(const char* iso) { return *Date::parse(iso); }

class CaseImportTest : public TempDb {
 protected:
  static constexpr const char* kOtherVillage = "532923102001";  // 沙龙镇: another township

  void SetUp() override {
    TempDb::SetUp();
    auto bundle = io::load_policy_bundle("");
    ASSERT_TRUE(bundle.ok());
    params_ = bundle->workflow;
    auto cal = io::load_calendar("");
    ASSERT_TRUE(cal.ok());
    calendar_ = std::move(*cal);
    // H1..H6 in village A, HX in another township: a labour-capable head, 三保障 secure and
    // an income far above the 2022 and 2023 lines (so only the rule under test decides).
    Rows households{household_header()}, members{member_header()}, finances{finance_header()};
    int seq = 1;
    for (std::string id : {"H1", "H2", "H3", "H4", "H5", "H6", "HX"}) {
      households.push_back(household(id, id == "HX" ? kOtherVillage : kVillage));
      members.push_back({id, "户主" + id, make_id("532923", "19700101", seq++), "户主", "健康", "普通劳动力"});
      for (const char* year : {"2022", "2023"}) finances.push_back({id, year, "30000", "0", "0", "0", "0"});
    }
    ASSERT_EQ(run_import(io::RegistryTable::Households, write_csv("h.csv", households))->rejected, 0);
    ASSERT_EQ(run_import(io::RegistryTable::Members, write_csv("m.csv", members))->rejected, 0);
    ASSERT_EQ(run_import(io::RegistryTable::Finances, write_csv("f.csv", finances))->rejected, 0);
  }

  app::WorkflowEnv env() { return app::WorkflowEnv{*store_, db_->cases(), policy_, params_, calendar_, "2026-01-01T00:00:00Z"}; }

  static std::vector<std::string> case_header() {
    return {"户编号", "监测对象类型", "风险类型", "发现方式", "识别日期", "审定日期", "帮扶责任人",
            "帮扶计划日期", "状态", "消除日期", "回退日期", "清退日期", "清退原因"};
  }
  Result<app::ImportReport> import_file(io::CaseTable t, const std::string& path, bool strict = false,
                                        const std::string& scope = "") {
    app::CaseImportRequest req{t, path, strict, Actor{"县干部丙", Role::County, scope}, "2026-01-02T03:04:05Z", ""};
    return app::import_case_file(*db_, req);
  }
  std::vector<app::CaseRecord> cases() {
    auto e = env();
    auto all = app::list_case_records(e, "");
    EXPECT_TRUE(all.ok());
    return all.ok() ? *all : std::vector<app::CaseRecord>{};
  }
  std::optional<app::CaseRecord> case_of(const std::string& household) {
    for (auto& r : cases())
      if (r.c.household_id == household) return r;
    return std::nullopt;
  }
  static bool has_error(const app::ImportReport& r, std::size_t row, const std::string& column, const std::string& part) {
    return std::any_of(r.errors.begin(), r.errors.end(), [&](const io::RowError& e) {
      return e.row == row && e.column == column && e.reason.find(part) != std::string::npos;
    });
  }
  // Walks an elimination from 消除提名 on `nominate` to 消除县级审定 (公示 5 days each).
  void eliminate(std::int64_t id, const char* nominate) {
    auto e = env();
    const Actor village{"村干部甲", Role::Village, ""}, township{"乡干部乙", Role::Township, ""},
        county{"县干部丙", Role::County, ""};
    Date d = D(nominate);
    auto step = [&](const Actor& a, Step s, int after_days, std::string note = {}) {
      d = d.plus_days(after_days);
      workflow::StepInput in;
      in.step = s;
      in.on = d;
      in.note = std::move(note);
      auto r = app::take_step(e, a, id, in);
      ASSERT_TRUE(r.ok()) << workflow::label(s) << ": " << r.error().message;
    };
    step(village, Step::ElimNominate, 0);
    step(village, Step::ElimVisit, 0, "户主签字的风险消除评估表");
    step(village, Step::ElimVillageAppraisal, 1);
    step(village, Step::ElimVillageNotice, 0);
    step(village, Step::ElimVillageNoticeEnd, 5);
    step(township, Step::ElimTownshipReview, 1);
    step(township, Step::ElimTownshipNotice, 0);
    step(township, Step::ElimTownshipNoticeEnd, 5);
    step(county, Step::ElimCountyApproval, 2);
  }

  workflow::WorkflowParams params_;
  workflow::WorkCalendar calendar_;
};

// The first test: a migrated 监测中 case is eliminated 6 months after its approval
// date (SPEC §9 ④ counts from the imported 审定日期), through the ordinary procedure.
TEST_F(CaseImportTest, AMigratedMonitoredCaseIsEliminatedSixMonthsAfterItsApproval) {
  auto rc = import_file(io::CaseTable::Cases,
                        write_csv("存量.csv", {case_header(),
                                               {"H1", "边缘易致贫户", "因病", "干部排查", "2023-03-01", "2023-03-10",
                                                "李建国", "2023-03-15", "监测中", "", "", "", ""}}));
  ASSERT_TRUE(rc.ok()) << rc.error().message;
  EXPECT_EQ(rc->imported, 1);
  EXPECT_EQ(rc->rejected, 0);
  auto rm = import_file(io::CaseTable::Measures,
                        write_csv("措施.csv", {{"户编号", "措施类别", "开始日期", "金额", "责任单位", "说明"},
                                               {"H1", "健康帮扶", "2023-03-20", "1200", "县医疗保障局", "大病救助"}}));
  ASSERT_TRUE(rm.ok()) << rm.error().message;
  EXPECT_EQ(rm->imported, 1);

  auto c = case_of("H1");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->c.status, CaseStatus::Monitored);
  EXPECT_EQ(c->c.approved_on, D("2023-03-10"));
  EXPECT_EQ(c->c.clue_date, D("2023-03-01"));
  EXPECT_EQ(c->c.caseworker, "李建国");
  ASSERT_TRUE(c->c.plan);
  EXPECT_EQ(c->c.plan->on, D("2023-03-15"));
  ASSERT_EQ(c->c.measures.size(), 1u);
  EXPECT_EQ(c->c.measures[0].amount, 120000);

  auto e = env();
  auto before = app::eliminate_check(e, D("2023-09-09"), "");
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->size(), 1u);
  EXPECT_FALSE((*before)[0].eligibility.eligible());
  ASSERT_EQ((*before)[0].eligibility.failures().size(), 1u);
  EXPECT_NE((*before)[0].eligibility.failures()[0].find("2023-09-10"), std::string::npos)
      << (*before)[0].eligibility.failures()[0];
  // 消除提名 a day early is refused by the same rule.
  workflow::StepInput early;
  early.step = Step::ElimNominate;
  early.on = D("2023-09-09");
  auto refused = app::take_step(e, Actor{"村干部甲", Role::Village, ""}, c->c.id, early);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Refused);

  auto after = app::eliminate_check(e, D("2023-09-10"), "");
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE((*after)[0].eligibility.eligible());
  eliminate(c->c.id, "2023-09-10");
  auto done = case_of("H1");
  EXPECT_EQ(done->c.status, CaseStatus::Eliminated);
  EXPECT_EQ(done->c.eliminated_on, D("2023-09-24"));
}

// The second test: a migrated 已消除 case is back-checked like any other.
TEST_F(CaseImportTest, AMigratedEliminatedCaseShowsUpInBackcheck) {
  auto rc = import_file(io::CaseTable::Cases,
                        write_csv("存量.csv", {case_header(),
                                               {"H2", "脱贫不稳定户", "因务工就业不稳、因学", "", "", "2022-01-10", "", "",
                                                "已消除", "2022-09-01", "", "", ""}}));
  ASSERT_TRUE(rc.ok());
  ASSERT_EQ(rc->imported, 1);
  auto c = case_of("H2");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->c.status, CaseStatus::Eliminated);
  EXPECT_FALSE(c->c.active());
  EXPECT_EQ(c->c.clue_date, D("2022-01-10"));  // 识别日期 defaults to 审定日期
  EXPECT_EQ(c->c.channel, workflow::Channel::CadreCheck);
  EXPECT_EQ(c->c.reasons.bits, (EnumSet<RiskReason>{}.bits | (1u << static_cast<unsigned>(RiskReason::UnstableEmployment)) |
                                (1u << static_cast<unsigned>(RiskReason::Education))));
  auto e = env();
  auto rows = app::backcheck_list(e, D("2023-06-01"), "");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].case_id, c->c.id);
  EXPECT_EQ((*rows)[0].eliminated_on, "2022-09-01");
  // Not before its elimination, and a 回头看 is due a year after it (SPEC §9).
  auto earlier = app::backcheck_list(e, D("2022-08-31"), "");
  ASSERT_TRUE(earlier.ok());
  EXPECT_TRUE(earlier->empty());
  auto due = app::due_list(e, D("2023-10-01"), 0, "");
  ASSERT_TRUE(due.ok());
  ASSERT_FALSE(due->empty());
  EXPECT_EQ((*due)[0].item.what, "回头看");
  // A 回头看 with 风险消除回退 works on it (the household is monitored again).
  workflow::StepInput back;
  back.step = Step::BackCheck;
  back.on = D("2023-06-01");
  back.rollback = true;
  back.note = "务工收入中断";
  auto r = app::take_step(e, Actor{"乡干部乙", Role::Township, ""}, c->c.id, back);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->c.status, CaseStatus::Monitored);
}

// Each state of FORMATS.md: rolled back (monitored again, ④ counting from the rollback)
// and removed; one 迁入 audit event per case naming who and which file.
TEST_F(CaseImportTest, RolledBackAndRemovedCasesAndTheirAuditEvent) {
  const std::string path =
      write_csv("县台账.csv", {case_header(),
                               {"H3", "边缘易致贫户", "因病", "自主申报", "2021-03-01", "2021-03-10", "", "", "监测中",
                                "2021-10-20", "2022-05-01", "", ""},
                               {"H4", "突发严重困难户", "因灾", "", "", "2022-04-01", "", "", "已清退", "", "", "2022-08-01",
                                "负面清单：家庭成员为公职人员"}});
  auto rc = import_file(io::CaseTable::Cases, path);
  ASSERT_TRUE(rc.ok());
  ASSERT_EQ(rc->imported, 2) << (rc->errors.empty() ? "" : rc->errors[0].reason);
  auto h3 = case_of("H3");
  ASSERT_TRUE(h3);
  EXPECT_EQ(h3->c.status, CaseStatus::Monitored);
  EXPECT_EQ(h3->c.rollbacks, 1);
  EXPECT_EQ(h3->c.last_backcheck, D("2022-05-01"));
  EXPECT_FALSE(h3->c.eliminated_on);
  EXPECT_EQ(h3->c.channel, workflow::Channel::SelfApplication);
  ASSERT_EQ(h3->c.history.size(), 3u);  // 县级审定, 消除县级审定, 回头看
  EXPECT_EQ(h3->c.history[1].step, Step::ElimCountyApproval);
  EXPECT_EQ(h3->c.history[2].step, Step::BackCheck);
  EXPECT_TRUE(app::is_migrated(h3->c));
  auto h4 = case_of("H4");
  ASSERT_TRUE(h4);
  EXPECT_EQ(h4->c.status, CaseStatus::Removed);
  EXPECT_EQ(h4->c.closed_on, D("2022-08-01"));
  EXPECT_EQ(h4->c.closed_reason, "负面清单：家庭成员为公职人员");

  auto e = env();
  auto check = app::eliminate_check(e, D("2022-10-31"), "");
  ASSERT_TRUE(check.ok());
  ASSERT_EQ(check->size(), 1u);  // H3 only: H4 is removed
  const auto failures = (*check)[0].eligibility.failures();
  EXPECT_TRUE(std::any_of(failures.begin(), failures.end(), [](const std::string& f) {
    return f.find("风险消除回退于 2022-05-01") != std::string::npos;
  }));

  auto events = db_->cases().audit_events(h3->c.id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].action, "迁入");
  EXPECT_EQ((*events)[0].actor, "县干部丙");
  EXPECT_NE(h3->c.clue_note.find("县台账.csv 第 2 行"), std::string::npos) << h3->c.clue_note;
  auto runs = store_->import_runs();
  ASSERT_TRUE(runs.ok());
  EXPECT_EQ(runs->back().kind, "cases");
  EXPECT_EQ(runs->back().imported, 2);
  EXPECT_TRUE(e.cases.audit_events(std::nullopt).ok());
  auto chain = app::verify_audit(e);
  ASSERT_TRUE(chain.ok());
  EXPECT_TRUE(chain->ok());
}

// Each row error names its row and column; the valid rows are stored (default) or nothing
// is (strict).
TEST_F(CaseImportTest, EachRowErrorNamesRowAndColumn) {
  // H5 has a live case opened in fangpin already.
  auto e = env();
  ASSERT_TRUE(app::open_case(e, Actor{"村干部甲", Role::Village, ""}, "H5", workflow::Channel::CadreCheck, D("2024-01-05"), "")
                  .ok());
  const std::string path = write_csv(
      "errors.csv",
      {case_header(),
       {"H1", "边缘易致贫户", "因病", "", "", "2023-03-10", "", "", "监测中", "", "", "", ""},        // 2: valid
       {"H99", "边缘易致贫户", "因病", "", "", "2023-03-10", "", "", "监测中", "", "", "", ""},       // 3: unknown household
       {"H5", "边缘易致贫户", "因病", "", "", "2023-03-10", "", "", "监测中", "", "", "", ""},        // 4: live case
       {"H2", "边缘户", "因病", "", "", "2023-03-10", "", "", "监测中", "", "", "", ""},              // 5: unknown type
       {"H2", "边缘易致贫户", "因病、因懒", "", "", "2023-03-10", "", "", "监测中", "", "", "", ""},  // 6: unknown reason
       {"H3", "边缘易致贫户", "因病", "", "2023-04-01", "2023-03-10", "", "", "监测中", "", "", "", ""},  // 7: approval before clue
       {"H4", "边缘易致贫户", "因病", "", "", "2023-03-10", "", "", "已消除", "2023-01-01", "", "", ""},  // 8: elimination before approval
       {"H6", "边缘易致贫户", "因病", "", "", "2023-03-10", "", "2023-03-01", "监测中", "", "", "", ""},  // 9: plan before approval
       {"H6", "边缘易致贫户", "因病", "", "", "2023-03-10", "", "", "已消除", "", "", "", ""},        // 10: 已消除 without date
       {"H1", "边缘易致贫户", "因病", "", "", "2023-03-10", "", "", "监测中", "", "", "", ""},        // 11: repeated household
       {"HX", "边缘易致贫户", "因病", "", "", "2023-03-10", "", "", "待定", "", "", "", ""}});         // 12: unknown status
  auto strict = import_file(io::CaseTable::Cases, path, true);
  ASSERT_TRUE(strict.ok());
  EXPECT_EQ(strict->rejected, 10);
  EXPECT_EQ(strict->imported, 0);
  EXPECT_EQ(cases().size(), 1u);  // only H5's own case: strict stored nothing

  auto r = import_file(io::CaseTable::Cases, path);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->imported, 1);
  EXPECT_EQ(r->rejected, 10);
  EXPECT_TRUE(has_error(*r, 3, "户编号", "H99 不存在"));
  EXPECT_TRUE(has_error(*r, 4, "户编号", "已有在办案件"));
  EXPECT_TRUE(has_error(*r, 5, "监测对象类型", "边缘户"));
  EXPECT_TRUE(has_error(*r, 6, "风险类型", "因懒"));
  EXPECT_TRUE(has_error(*r, 7, "审定日期", "早于识别日期"));
  EXPECT_TRUE(has_error(*r, 8, "消除日期", "早于审定日期"));
  EXPECT_TRUE(has_error(*r, 9, "帮扶计划日期", "早于审定日期"));
  EXPECT_TRUE(has_error(*r, 10, "消除日期", "已消除"));
  EXPECT_TRUE(has_error(*r, 11, "户编号", "第 2 行"));
  EXPECT_TRUE(has_error(*r, 12, "状态", "待定"));
  EXPECT_EQ(cases().size(), 2u);
  ASSERT_TRUE(case_of("H1"));

  // A missing required column rejects every row, naming the column.
  auto missing = import_file(io::CaseTable::Cases, write_csv("no-status.csv", {{"户编号", "监测对象类型", "风险类型", "审定日期"},
                                                                                {"H6", "边缘易致贫户", "因病", "2023-03-10"}}));
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->rejected, 1);
  EXPECT_TRUE(has_error(*missing, 1, "状态", "缺少必填列"));
}

TEST_F(CaseImportTest, MeasureRowErrors) {
  ASSERT_EQ(import_file(io::CaseTable::Cases,
                        write_csv("c.csv", {case_header(),
                                            {"H1", "边缘易致贫户", "因病", "", "", "2023-03-10", "", "", "监测中", "", "", "", ""}}))
                ->imported,
            1);
  auto r = import_file(io::CaseTable::Measures,
                       write_csv("m.csv", {{"户编号", "措施类别", "开始日期", "金额", "责任单位", "说明"},
                                           {"H1", "健康帮扶", "2023-03-20", "", "县医疗保障局", ""},   // 2: valid
                                           {"H1", "发钱", "2023-03-20", "", "县民政局", ""},           // 3: unknown category
                                           {"H1", "综合保障", "2023-03-01", "", "县民政局", ""},       // 4: before approval
                                           {"H2", "综合保障", "2023-04-01", "", "县民政局", ""},       // 5: no case
                                           {"H99", "综合保障", "2023-04-01", "", "县民政局", ""},      // 6: unknown household
                                           {"H1", "综合保障", "2023-04-01", "-5", "县民政局", ""},     // 7: negative amount
                                           {"H1", "综合保障", "2023-04-01", "", "", ""}}));            // 8: no unit
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->imported, 1);
  EXPECT_EQ(r->rejected, 6);
  EXPECT_TRUE(has_error(*r, 3, "措施类别", "发钱"));
  EXPECT_TRUE(has_error(*r, 4, "开始日期", "早于该户案件"));
  EXPECT_TRUE(has_error(*r, 5, "户编号", "没有经县级审定的案件"));
  EXPECT_TRUE(has_error(*r, 6, "户编号", "H99 不存在"));
  EXPECT_TRUE(has_error(*r, 7, "金额", "负数"));
  EXPECT_TRUE(has_error(*r, 8, "责任单位", "必填"));
  EXPECT_EQ(case_of("H1")->c.measures.size(), 1u);
}

// Re-importing the same files changes nothing and says so; the case keeps its one event.
TEST_F(CaseImportTest, ReimportIsIdempotent) {
  const std::string cases_csv =
      write_csv("c.csv", {case_header(),
                          {"H1", "边缘易致贫户", "因病", "", "", "2023-03-10", "", "", "监测中", "", "", "", ""},
                          {"H2", "边缘易致贫户", "因学", "", "", "2022-03-10", "", "", "已消除", "2022-12-01", "", "", ""}});
  const std::string measures_csv = write_csv("m.csv", {{"户编号", "措施类别", "开始日期", "责任单位"},
                                                       {"H1", "健康帮扶", "2023-03-20", "县医疗保障局"},
                                                       {"H2", "教育帮扶", "2022-03-20", "县教育体育局"}});
  ASSERT_EQ(import_file(io::CaseTable::Cases, cases_csv)->written.inserted, 2);
  ASSERT_EQ(import_file(io::CaseTable::Measures, measures_csv)->written.inserted, 2);
  auto again = import_file(io::CaseTable::Cases, cases_csv);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->written.inserted, 0);
  EXPECT_EQ(again->written.unchanged, 2);
  EXPECT_EQ(again->rejected, 0);
  auto measures_again = import_file(io::CaseTable::Measures, measures_csv);
  ASSERT_TRUE(measures_again.ok());
  EXPECT_EQ(measures_again->written.inserted, 0);
  EXPECT_EQ(measures_again->written.unchanged, 2);
  EXPECT_EQ(cases().size(), 2u);
  auto h1 = case_of("H1");
  EXPECT_EQ(h1->c.measures.size(), 1u);
  auto events = db_->cases().audit_events(h1->c.id);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 2u);  // the case, then its measures: each 迁入
  for (const auto& ev : *events) EXPECT_EQ(ev.action, "迁入");
}

// A scoped importer cannot tell a household outside its scope from a missing one.
TEST_F(CaseImportTest, OutOfScopeHouseholdsLookUnknown) {
  auto r = import_file(io::CaseTable::Cases,
                       write_csv("c.csv", {case_header(),
                                           {"HX", "边缘易致贫户", "因病", "", "", "2023-03-10", "", "", "监测中", "", "", "", ""},
                                           {"HY", "边缘易致贫户", "因病", "", "", "2023-03-10", "", "", "监测中", "", "", "", ""}}),
                       false, "532923101");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->imported, 0);
  ASSERT_EQ(r->errors.size(), 2u);
  EXPECT_EQ(r->errors[0].reason, "户编号 HX 不存在（请先导入户信息）");
  EXPECT_EQ(r->errors[1].reason, "户编号 HY 不存在（请先导入户信息）");
}

// ---- batch steps -----------------------------------------------------------------------

// The batch test: one 消除提名 for four cases on one date with one shared document;
// the case approved less than 6 months before is refused with the rule, the others are
// done, a case outside the scope reads like a missing one.
TEST_F(CaseImportTest, ABatchWithOneRefusedCase) {
  ASSERT_EQ(import_file(io::CaseTable::Cases,
                        write_csv("c.csv", {case_header(),
                                            {"H1", "边缘易致贫户", "因病", "", "", "2023-01-10", "", "", "监测中", "", "", "", ""},
                                            {"H2", "边缘易致贫户", "因病", "", "", "2023-01-10", "", "", "监测中", "", "", "", ""},
                                            {"H3", "边缘易致贫户", "因病", "", "", "2023-06-01", "", "", "监测中", "", "", "", ""},
                                            {"HX", "边缘易致贫户", "因病", "", "", "2023-01-10", "", "", "监测中", "", "", "", ""}}))
                ->imported,
            4);
  ASSERT_EQ(import_file(io::CaseTable::Measures,
                        write_csv("m.csv", {{"户编号", "措施类别", "开始日期", "责任单位"},
                                            {"H1", "健康帮扶", "2023-01-20", "县医疗保障局"},
                                            {"H2", "健康帮扶", "2023-01-20", "县医疗保障局"},
                                            {"H3", "健康帮扶", "2023-06-20", "县医疗保障局"},
                                            {"HX", "健康帮扶", "2023-01-20", "县医疗保障局"}}))
                ->imported,
            4);
  std::vector<std::int64_t> ids;
  for (const char* h : {"H1", "H3", "HX", "H2"}) ids.push_back(case_of(h)->c.id);
  ids.push_back(999);  // missing
  ids.push_back(ids[0]);  // repeated: once
  const std::string minutes(64, 'a');
  workflow::StepInput in;
  in.step = Step::ElimNominate;
  in.on = D("2023-08-01");
  in.note = "村民代表会议 2023-08-01";
  in.documents = {minutes};
  auto e = env();
  auto r = app::take_batch_step(e, Actor{"村干部甲", Role::Village, "532923101"}, ids, in);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->outcomes.size(), 5u);
  EXPECT_EQ(r->done, 2);
  EXPECT_EQ(r->refused, 3);
  const auto& o = r->outcomes;
  EXPECT_TRUE(o[0].done);
  ASSERT_TRUE(o[1].refused);
  EXPECT_EQ(o[1].refused->kind, ErrorKind::Refused);
  EXPECT_NE(o[1].refused->message.find("稳定半年以上"), std::string::npos) << o[1].refused->message;
  ASSERT_TRUE(o[2].refused);
  EXPECT_EQ(o[2].refused->kind, ErrorKind::NotFound);
  ASSERT_TRUE(o[4].refused);
  EXPECT_EQ(o[4].refused->kind, ErrorKind::NotFound);
  EXPECT_EQ(o[2].refused->message, fmt::format("案件 {} 不存在或不在管辖范围内", ids[2]));
  EXPECT_EQ(o[4].refused->message, "案件 999 不存在或不在管辖范围内");
  EXPECT_TRUE(o[3].done);
  // Each done case references the one shared document; the refused ones are unchanged.
  for (const char* h : {"H1", "H2"}) {
    auto c = case_of(h);
    EXPECT_EQ(c->c.status, CaseStatus::Eliminating) << h;
    EXPECT_EQ(c->c.history.back().documents, std::vector<std::string>{minutes}) << h;
  }
  EXPECT_EQ(case_of("H3")->c.status, CaseStatus::Monitored);
  EXPECT_EQ(case_of("HX")->c.status, CaseStatus::Monitored);
  auto with_doc = db_->cases().cases_with_document(minutes);
  ASSERT_TRUE(with_doc.ok());
  EXPECT_EQ(with_doc->size(), 2u);

  const auto j = app::batch_view(*r, in);
  EXPECT_EQ(j["done"], 2);
  EXPECT_EQ(j["refused"], 3);
  EXPECT_EQ(j["independent"], true);
  EXPECT_EQ(j["results"][1]["error"]["code"], "refused");
  EXPECT_EQ(j["results"][2]["error"]["code"], "not_found");
  EXPECT_EQ(j["results"][0]["state"], "待消除入户评估");

  // An empty list or a non-positive id is a bad request, not a batch.
  EXPECT_EQ(app::take_batch_step(e, Actor{"村干部甲", Role::Village, ""}, {}, in).error().kind, ErrorKind::Invalid);
  EXPECT_EQ(app::take_batch_step(e, Actor{"村干部甲", Role::Village, ""}, {1, 0}, in).error().field, "cases");
}

}  // namespace
}  // namespace fangpin::testing
