// Issue 14 items 2 and 4 against real SQLite files: the household's current monitored type
// and status follow each case decision (SPEC §9) and an import never overrides them;
// negative-list findings by cadres (SPEC §5) exclude the household from the assessment and
// give the county its reason to 清退, and are withdrawn only by a new record.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "app/findings.h"
#include "app/import_service.h"
#include "app/workflow/workflow_service.h"
#include "domain/assessment.h"
#include "io/policy_loader.h"
#include "store/database.h"
#include "wf_fixtures.h"
#include "../support/temp_database.h"

namespace fangpin::app {
namespace {

namespace fs = std::filesystem;
using namespace workflow;
using namespace workflow::testing;

const std::string kSha(64, 'a');

class RegistryFollowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fangpin::testing::make_temp_dir("fangpin_follow");
    auto s = fangpin::testing::open_migrated_database((dir_ / "f.db").string());
    ASSERT_TRUE(s.ok()) << s.error().message;
    db_ = std::move(*s);
    auto p = io::load_policy("");
    ASSERT_TRUE(p.ok());
    policy_ = *p;
    // H1: 大病, pc 3000 < 6600 in 2022 (边缘易致贫户); 2023 pc 15000 ≥ 7100 (eliminable).
    Household h;
    h.household_id = "H1";
    h.region_code = "532923101001";
    h.head_name = "张三";
    const Household hs[] = {h};
    store::ImportRun run{"households", "t.csv", "test", "2023-01-01T00:00:00Z", 1, 0};
    ASSERT_TRUE(db_->registry().write_households(hs, run).ok());
    Member a;
    a.household_id = "H1";
    a.name = "张三";
    a.id_number = "532923198001010011";
    a.birth = D("1980-01-01");
    a.relation = Relation::Head;
    a.health = Health::SeriousIllness;
    Member b = a;
    b.id_number = "532923198001010022";
    b.health = Health::Healthy;
    const Member ms[] = {a, b};
    ASSERT_TRUE(db_->registry().write_members(ms, run).ok());
    Finance f22;
    f22.household_id = "H1";
    f22.year = 2022;
    f22.wage_income = yuan(6000);
    Finance f23 = f22;
    f23.year = 2023;
    f23.wage_income = yuan(30000);
    const Finance fs_[] = {f22, f23};
    ASSERT_TRUE(db_->registry().write_finances(fs_, run).ok());
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  WorkflowEnv env() { return WorkflowEnv{db_->registry(), db_->cases(), policy_, params(), calendar(), "2026-01-01T09:00:00Z"}; }
  CaseRecord must(Result<CaseRecord> r) {
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : CaseRecord{};
  }
  Household household() {
    auto d = db_->registry().find_household("H1");
    EXPECT_TRUE(d.ok() && d->has_value());
    return d.ok() && d->has_value() ? (*d)->household : Household{};
  }
  Household listed() {
    auto snap = db_->registry().load_registry({"5329", {}});
    EXPECT_TRUE(snap.ok() && snap->households.size() == 1u);
    return snap.ok() && !snap->households.empty() ? snap->households[0] : Household{};
  }
  // The case of H1 through 县级审定 on 2023-03-14 as 边缘易致贫户, 因病.
  CaseRecord approved(WorkflowEnv& e) {
    auto c = must(open_case(e, village(), "H1", Channel::CadreCheck, D("2023-03-01"), ""));
    const std::pair<Actor, Step> steps[] = {
        {village(), Step::Visit},          {village(), Step::Commitment},     {township(), Step::Comparison},
        {village(), Step::VillageAppraisal}, {village(), Step::VillageNotice}};
    for (const auto& [a, s] : steps) c = must(take_step(e, a, c.c.id, step(s, "2023-03-02")));
    c = must(take_step(e, village(), c.c.id, step(Step::VillageNoticeEnd, "2023-03-07")));
    c = must(take_step(e, township(), c.c.id, step(Step::TownshipReview, "2023-03-08")));
    c = must(take_step(e, township(), c.c.id, step(Step::TownshipNotice, "2023-03-08")));
    c = must(take_step(e, township(), c.c.id, step(Step::TownshipNoticeEnd, "2023-03-13")));
    StepInput approve = step(Step::CountyApproval, "2023-03-14");
    approve.type = MonitoredType::Marginal;
    approve.reasons = EnumSet<RiskReason>{};
    approve.reasons->add(RiskReason::Illness);
    return must(take_step(e, county(), c.c.id, approve));
  }
  Result<ImportReport> import_households(const std::string& csv) {
    const std::string path = (dir_ / "hh.csv").string();
    std::ofstream(path) << csv;
    ImportRequest req;
    req.table = io::RegistryTable::Households;
    req.path = path;
    req.user = "tester";
    req.now = "2024-01-01T00:00:00Z";
    return import_registry_file(db_->registry(), policy_, req);
  }

  fs::path dir_;
  std::unique_ptr<store::Database> db_;
  Policy policy_;
};

TEST_F(RegistryFollowsTest, TypeAndStatusAfterEachDecision) {
  auto e = env();
  EXPECT_EQ(household().monitor_status, MonitorStatus::None);
  auto c = approved(e);
  Household h = household();
  EXPECT_EQ(h.monitored_type, MonitoredType::Marginal);
  EXPECT_EQ(h.monitor_status, MonitorStatus::Monitored);
  EXPECT_EQ(h.monitor_case_id, c.c.id);
  EXPECT_EQ(h.monitor_on, D("2023-03-14"));
  EXPECT_EQ(listed().monitor_status, MonitorStatus::Monitored);

  // 健康帮扶 addresses 因病 (for the elimination below).
  c = must(add_measure(e, township(), c.c.id, Measure{0, MeasureCategory::Health, D("2023-03-20"), 0, "县医保局", "", {}}));

  // 类型变更
  StepInput change = step(Step::TypeChange, "2023-04-01", "收入骤减");
  change.type = MonitoredType::SuddenHardship;
  c = must(take_step(e, county(), c.c.id, change));
  EXPECT_EQ(household().monitored_type, MonitoredType::SuddenHardship);
  EXPECT_EQ(listed().monitored_type, MonitoredType::SuddenHardship);
  EXPECT_EQ(household().monitor_on, D("2023-04-01"));

  // 消除县级审定 after the SPEC §9 procedure (six months after approval).
  c = must(take_step(e, village(), c.c.id, step(Step::ElimNominate, "2023-09-15")));
  EXPECT_EQ(household().monitor_status, MonitorStatus::Monitored);  // 风险消除中: still monitored
  c = must(take_step(e, village(), c.c.id, step(Step::ElimVisit, "2023-09-15", "户主已签字")));
  c = must(take_step(e, village(), c.c.id, step(Step::ElimVillageAppraisal, "2023-09-16")));
  c = must(take_step(e, village(), c.c.id, step(Step::ElimVillageNotice, "2023-09-16")));
  c = must(take_step(e, village(), c.c.id, step(Step::ElimVillageNoticeEnd, "2023-09-21")));
  c = must(take_step(e, township(), c.c.id, step(Step::ElimTownshipReview, "2023-09-22")));
  c = must(take_step(e, township(), c.c.id, step(Step::ElimTownshipNotice, "2023-09-22")));
  c = must(take_step(e, township(), c.c.id, step(Step::ElimTownshipNoticeEnd, "2023-09-27")));
  c = must(take_step(e, county(), c.c.id, step(Step::ElimCountyApproval, "2023-09-28")));
  h = household();
  EXPECT_EQ(h.monitor_status, MonitorStatus::Eliminated);
  EXPECT_EQ(h.monitored_type, MonitoredType::SuddenHardship);  // the type it was eliminated as
  EXPECT_EQ(listed().monitor_status, MonitorStatus::Eliminated);

  // 回头看 keeping the elimination changes nothing; 风险消除回退 makes it monitored again.
  c = must(take_step(e, township(), c.c.id, step(Step::BackCheck, "2024-03-01")));
  EXPECT_EQ(household().monitor_on, D("2023-09-28"));
  StepInput rollback = step(Step::BackCheck, "2024-06-01", "收入下降");
  rollback.rollback = true;
  c = must(take_step(e, township(), c.c.id, rollback));
  EXPECT_EQ(household().monitor_status, MonitorStatus::Monitored);
  EXPECT_EQ(household().monitor_on, D("2024-06-01"));

  // 清退: removed, no type.
  c = must(take_step(e, county(), c.c.id, step(Step::Removal, "2024-07-01", "整户外迁")));
  h = household();
  EXPECT_EQ(h.monitor_status, MonitorStatus::Removed);
  EXPECT_FALSE(h.monitored_type.has_value());
  EXPECT_FALSE(listed().monitored_type.has_value());
}

TEST_F(RegistryFollowsTest, RejectedIdentificationDecidesNothing) {
  auto e = env();
  auto c = must(open_case(e, village(), "H1", Channel::CadreCheck, D("2023-03-01"), ""));
  c = must(take_step(e, village(), c.c.id, step(Step::Visit, "2023-03-01")));
  c = must(take_step(e, county(), c.c.id, step(Step::Reject, "2023-03-02", "经核实收入较高")));
  EXPECT_EQ(c.c.status, CaseStatus::Rejected);
  EXPECT_EQ(household().monitor_status, MonitorStatus::None);
  EXPECT_EQ(household().monitor_case_id, 0);
}

TEST_F(RegistryFollowsTest, ImportNeverOverridesACaseDecisionAndSaysSo) {
  // Before any case, the import's label is the type (read as monitored).
  const std::string head = "户编号,区划代码,户主姓名,联系电话,是否脱贫户,脱贫年度,住房安全,饮水安全,义务教育保障,基本医疗保障,不愁吃穿,监测对象类型\n";
  auto r = import_households(head + "H1,532923101001,张三,,否,,是,是,是,是,是,脱贫不稳定户\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->case_decided_rows.empty());
  EXPECT_EQ(household().monitored_type, MonitoredType::Unstable);
  EXPECT_EQ(household().monitor_status, MonitorStatus::Monitored);
  EXPECT_EQ(household().monitor_case_id, 0);

  auto e = env();
  approved(e);  // the county decides 边缘易致贫户
  EXPECT_EQ(household().monitored_type, MonitoredType::Marginal);

  // A file still saying 脱贫不稳定户: stored, reported (count + row), the case's type stays.
  r = import_households(head + "H1,532923101001,张三,,否,,是,是,是,是,是,脱贫不稳定户\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->case_decided_rows, std::vector<std::size_t>{2});
  ASSERT_FALSE(r->warnings.empty());
  EXPECT_EQ(r->warnings.back(), "1 户的监测对象类型与案件决定不一致，以案件为准，未覆盖（第 2 行）");
  EXPECT_EQ(household().monitored_type, MonitoredType::Marginal);
  EXPECT_EQ(listed().monitored_type, MonitoredType::Marginal);
  // Agreeing with the case: nothing to say.
  r = import_households(head + "H1,532923101001,张三,,否,,是,是,是,是,是,边缘易致贫户\n");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->case_decided_rows.empty());
}

TEST_F(RegistryFollowsTest, WrongTypeCheckReadsTheCaseDecision) {
  auto e = env();
  auto c = approved(e);
  // 2022 pc 3000 < line: 突发严重困难户 (above-line type) is a wrong type; 边缘 is right.
  auto assess_h1 = [&] {
    auto d = db_->registry().find_household("H1");
    EXPECT_TRUE(d.ok() && d->has_value());
    const auto& detail = **d;
    HouseholdFacts facts{&detail.household, detail.members, &detail.finances[0], nullptr, detail.negative_facts, false};
    auto a = assess(facts, 2022, yuan(6600), policy_);
    EXPECT_TRUE(a.ok());
    return a.ok() ? *a : Assessment{};
  };
  EXPECT_FALSE(assess_h1().wrong_type);
  StepInput change = step(Step::TypeChange, "2023-04-01", "改判");
  change.type = MonitoredType::SuddenHardship;
  must(take_step(e, county(), c.c.id, change));
  EXPECT_TRUE(assess_h1().wrong_type);
}

// --- negative-list findings (SPEC §5) ---

NegativeFinding finding(const char* kind, const char* on = "2023-05-01") {
  NegativeFinding f;
  f.household_id = "H1";
  f.kind = kind;
  f.found_on = D(on);
  f.note = "养殖生猪 300 头";
  f.evidence = {kSha};
  return f;
}

TEST_F(RegistryFollowsTest, FindingExcludesHouseholdUntilWithdrawn) {
  auto& reg = db_->registry();
  const FindingActor cadre{"村干部甲", "村级"};
  auto excluded = [&] {
    auto snap = reg.load_registry({"", {}});
    EXPECT_TRUE(snap.ok());
    return negative_list_hits(snap->members, snap->negative_facts, D("2023-12-31"), policy_);
  };
  EXPECT_TRUE(excluded().empty());
  auto f = add_finding(reg, policy_, cadre, finding("种养大户"), D("2024-01-01"));
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->found_by, "村干部甲");
  EXPECT_EQ(f->role, "村级");
  EXPECT_EQ(excluded(), std::vector<std::string>{"种养大户"});
  // The assessment says why.
  auto d = reg.find_household("H1");
  ASSERT_TRUE(d.ok() && d->has_value());
  ASSERT_EQ((*d)->negative_facts.size(), 1u);
  EXPECT_EQ((*d)->negative_facts[0].detail, fmt::format("核查发现（第 {} 号）：养殖生猪 300 头", f->id));
  HouseholdFacts facts{&(*d)->household, (*d)->members, &(*d)->finances[0], nullptr, (*d)->negative_facts, false};
  auto a = assess(facts, 2022, yuan(6600), policy_);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->excluded);
  EXPECT_FALSE(a->candidate);
  EXPECT_EQ(a->exclusion_reasons, std::vector<std::string>{"种养大户"});

  // Withdrawn by a new record with its reason; the finding itself is kept.
  auto w = withdraw_finding(reg, {"乡干部乙", "乡级"}, "H1", f->id, D("2023-06-01"), "", D("2024-01-01"));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().field, "reason");
  w = withdraw_finding(reg, {"乡干部乙", "乡级"}, "H1", f->id, D("2023-06-01"), "复核：养殖为合作社所有", D("2024-01-01"));
  ASSERT_TRUE(w.ok()) << w.error().message;
  EXPECT_EQ(w->withdraws, f->id);
  EXPECT_TRUE(excluded().empty());
  auto list = list_findings(reg, "H1");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_FALSE((*list)[0].active());
  EXPECT_EQ((*list)[0].finding.note, "养殖生猪 300 头");
  EXPECT_EQ((*list)[0].withdrawal->note, "复核：养殖为合作社所有");
  EXPECT_EQ((*list)[0].withdrawal->found_by, "乡干部乙");
  auto again = withdraw_finding(reg, {"乡干部乙", "乡级"}, "H1", f->id, D("2023-06-02"), "重复", D("2024-01-01"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::Conflict);
  auto raw = reg.negative_findings("H1");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->size(), 2u);  // the finding and its withdrawal, nothing deleted
}

TEST_F(RegistryFollowsTest, FindingRulesNameTheField) {
  auto& reg = db_->registry();
  const FindingActor cadre{"村干部甲", "村级"};
  auto field_of = [&](NegativeFinding f) {
    auto r = add_finding(reg, policy_, cadre, std::move(f), D("2024-01-01"));
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string("ok") : r.error().field;
  };
  EXPECT_EQ(field_of(finding("开豪车")), "kind");
  EXPECT_EQ(field_of(finding("公职人员")), "kind");  // from the registry, not a finding
  auto no_note = finding("隐瞒资产或虚报支出");
  no_note.note.clear();
  EXPECT_EQ(field_of(no_note), "note");
  auto no_evidence = finding("隐瞒资产或虚报支出");
  no_evidence.evidence.clear();
  EXPECT_EQ(field_of(no_evidence), "evidence");
  auto bad_evidence = finding("隐瞒资产或虚报支出");
  bad_evidence.evidence = {"photo.jpg"};
  EXPECT_EQ(field_of(bad_evidence), "evidence");
  EXPECT_EQ(field_of(finding("隐瞒资产或虚报支出", "2024-02-01")), "date");  // after today
  auto unknown = finding("隐瞒资产或虚报支出");
  unknown.household_id = "H9";
  auto r = add_finding(reg, policy_, cadre, unknown, D("2024-01-01"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::NotFound);
  auto w = withdraw_finding(reg, cadre, "H1", 999, D("2023-06-01"), "x", D("2024-01-01"));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, ErrorKind::NotFound);
  EXPECT_TRUE(reg.negative_findings("H1")->empty());
}

TEST_F(RegistryFollowsTest, CountyRemovesLiveCaseWithTheFindingAsReason) {
  auto e = env();
  auto c = approved(e);
  auto f = add_finding(db_->registry(), policy_, {"村干部甲", "村级"}, finding("子女有赡养能力"), D("2024-01-01"));
  ASSERT_TRUE(f.ok());
  c = must(take_step(e, county(), c.c.id, step(Step::Removal, "2023-05-02")));
  EXPECT_EQ(c.c.status, CaseStatus::Removed);
  EXPECT_EQ(c.c.closed_reason, fmt::format("负面清单核查发现：子女有赡养能力（第 {} 号，村干部甲 2023-05-01）", f->id));
  EXPECT_EQ(household().monitor_status, MonitorStatus::Removed);
}

TEST_F(RegistryFollowsTest, CaseAtComparisonRejectedByFinding) {
  auto e = env();
  ASSERT_TRUE(add_finding(db_->registry(), policy_, {"村干部甲", "村级"}, finding("隐瞒资产或虚报支出", "2023-03-01"),
                          D("2024-01-01"))
                  .ok());
  auto c = must(open_case(e, village(), "H1", Channel::CadreCheck, D("2023-03-01"), ""));
  c = must(take_step(e, village(), c.c.id, step(Step::Visit, "2023-03-01")));
  c = must(take_step(e, village(), c.c.id, step(Step::Commitment, "2023-03-01")));
  c = must(take_step(e, township(), c.c.id, step(Step::Comparison, "2023-03-02")));
  EXPECT_EQ(c.c.status, CaseStatus::Rejected);
  EXPECT_EQ(c.c.closed_reason, "信息比对命中负面清单：隐瞒资产或虚报支出");
}

}  // namespace
}  // namespace fangpin::app
