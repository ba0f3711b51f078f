// Workflow use cases against real SQLite files: registry-driven 信息比对, version conflicts
// between two connections, audit tampering, the content-addressed file store.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/workflow/case_json.h"
#include "app/workflow/workflow_service.h"
#include "domain/workflow/sha256.h"
#include "io/policy_loader.h"
#include "store/database.h"
#include "store/file_store.h"
#include "wf_fixtures.h"
#include "../support/temp_database.h"

namespace fangpin::app {
namespace {

namespace fs = std::filesystem;
using namespace workflow;
using namespace workflow::testing;

Member member(const char* hh, const char* id, Labour labour, bool public_employee = false) {
  Member m;
  m.household_id = hh;
  m.name = "成员";
  m.id_number = id;
  m.birth = D("1980-01-01");
  m.relation = Relation::Head;
  m.labour = labour;
  m.public_employee = public_employee;
  return m;
}

class WorkflowStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fangpin::testing::make_temp_dir("fangpin_wf");
    path_ = (dir_ / "wf.db").string();
    auto s = fangpin::testing::open_migrated_database(path_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    db_ = std::move(*s);
    registry_ = &db_->registry();
    auto p = io::load_policy("");
    ASSERT_TRUE(p.ok());
    policy_ = *p;
    // H1: 因病 candidate (大病, pc 3000 < 7100). H2: a public employee (negative list).
    Household h1;
    h1.household_id = "H1";
    h1.region_code = "532923101001";
    h1.head_name = "张三";
    Household h2 = h1;
    h2.household_id = "H2";
    const Household hs[] = {h1, h2};
    store::ImportRun run{"households", "t.csv", "test", "2023-01-01T00:00:00Z", 2, 0};
    ASSERT_TRUE(registry_->write_households(hs, run).ok());
    Member ill = member("H1", "532923198001010011", Labour::Ordinary);
    ill.health = Health::SeriousIllness;
    const Member ms[] = {ill, member("H1", "532923198001010022", Labour::Ordinary),
                         member("H2", "532923198001010033", Labour::Ordinary, true)};
    ASSERT_TRUE(registry_->write_members(ms, run).ok());
    Finance f;
    f.household_id = "H1";
    f.year = 2022;
    f.wage_income = yuan(6000);
    Finance g = f;
    g.household_id = "H2";
    const Finance fs_[] = {f, g};
    ASSERT_TRUE(registry_->write_finances(fs_, run).ok());
    cases_ = &db_->cases();
  }
  void TearDown() override {
    cases_ = nullptr;
    registry_ = nullptr;
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // A second, independent Database on the same file (another process, in effect).
  std::unique_ptr<store::Database> open_db() {
    auto d = store::open_database(path_);
    EXPECT_TRUE(d.ok());
    return d.ok() ? std::move(*d) : nullptr;
  }
  WorkflowEnv env(store::CaseStore& cs) {
    return WorkflowEnv{*registry_, cs, policy_, params(), calendar(), "2026-01-01T00:00:00Z"};
  }
  CaseRecord must(Result<CaseRecord> r) {
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : CaseRecord{};
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<store::Database> db_;
  store::Store* registry_ = nullptr;  // db_'s
  store::CaseStore* cases_ = nullptr;
  Policy policy_;
};

TEST_F(WorkflowStoreTest, ComparisonSuggestsFromAssessmentAndCaseRoundTrips) {
  auto e = env(*cases_);
  auto c = must(open_case(e, village(), "H1", Channel::SelfApplication, D("2023-03-01"), "本人申请"));
  EXPECT_EQ(c.version, 1);
  c = must(take_step(e, village(), c.c.id, step(Step::Visit, "2023-03-01")));
  c = must(take_step(e, village(), c.c.id, step(Step::Commitment, "2023-03-02")));
  c = must(take_step(e, township(), c.c.id, step(Step::Comparison, "2023-03-03")));
  EXPECT_EQ(c.version, 4);
  EXPECT_EQ(c.c.suggested_type, MonitoredType::Marginal);
  EXPECT_TRUE(c.c.suggested_reasons.has(RiskReason::Illness));
  auto loaded = load_case(e, c.c.id);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(case_to_text(loaded->c), case_to_text(c.c));
  auto events = cases_->audit_events(c.c.id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 4u);
  EXPECT_EQ((*events)[0].action, "立案");
  EXPECT_EQ((*events)[3].action, "信息比对");
  EXPECT_EQ((*events)[3].actor, "乡干部乙");
  EXPECT_EQ((*events)[3].role, "乡级");
  EXPECT_EQ((*events)[3].region, "532923101001");
  // Events hold only what changed: the suggestion and the appended step.
  const auto after = nlohmann::json::parse((*events)[3].after);
  EXPECT_EQ(after.at("suggested_type"), "边缘易致贫户");
  EXPECT_EQ(after.at("progress"), 3);
  ASSERT_EQ(after.at("history+").size(), 1u);
  EXPECT_EQ(after.at("history+")[0].at("step"), "信息比对");
  EXPECT_FALSE(after.contains("household_id"));
  const auto before = nlohmann::json::parse((*events)[3].before);
  EXPECT_EQ(before.at("suggested_type"), nullptr);
  EXPECT_EQ(before.at("progress"), 2);
  EXPECT_FALSE(before.contains("history"));
  // The creation event carries the whole case.
  EXPECT_EQ(nlohmann::json::parse((*events)[0].after).at("household_id"), "H1");
}

TEST_F(WorkflowStoreTest, NegativeListHitRejectsAndFreesHousehold) {
  auto e = env(*cases_);
  auto c = must(open_case(e, village(), "H2", Channel::CadreCheck, D("2023-03-01"), ""));
  c = must(take_step(e, village(), c.c.id, step(Step::Visit, "2023-03-01")));
  c = must(take_step(e, village(), c.c.id, step(Step::Commitment, "2023-03-01")));
  // A user cannot smuggle facts in: the registry decides.
  StepInput in = step(Step::Comparison, "2023-03-02");
  in.assessed = true;
  in.suggested_type = MonitoredType::Marginal;
  c = must(take_step(e, township(), c.c.id, in));
  EXPECT_EQ(c.c.status, CaseStatus::Rejected);
  EXPECT_EQ(c.c.closed_reason, "信息比对命中负面清单：公职人员");
  // The household may get a new case later.
  EXPECT_TRUE(open_case(e, village(), "H2", Channel::CadreCheck, D("2023-04-01"), "").ok());
}

TEST_F(WorkflowStoreTest, OneActiveCasePerHouseholdAndUnknownHousehold) {
  auto e = env(*cases_);
  must(open_case(e, village(), "H1", Channel::CadreCheck, D("2023-03-01"), ""));
  auto dup = open_case(e, village(), "H1", Channel::DepartmentWarning, D("2023-03-02"), "");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().kind, ErrorKind::Conflict);
  auto unknown = open_case(e, village(), "H9", Channel::CadreCheck, D("2023-03-02"), "");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::NotFound);
}

TEST_F(WorkflowStoreTest, ConcurrentWritersOneGetsConflictNothingHalfWritten) {
  auto e1 = env(*cases_);
  auto c = must(open_case(e1, village(), "H1", Channel::CadreCheck, D("2023-03-01"), ""));
  auto second_db = open_db();
  ASSERT_NE(second_db, nullptr);
  store::CaseStore* second = &second_db->cases();
  auto e2 = env(*second);
  // Both read version 1 …
  auto r1 = load_case(e1, c.c.id);
  auto r2 = load_case(e2, c.c.id);
  ASSERT_TRUE(r1.ok() && r2.ok());
  ASSERT_EQ(r1->version, 1);
  ASSERT_EQ(r2->version, 1);
  auto n1 = apply(r1->c, village(), step(Step::Visit, "2023-03-01", "甲核查"));
  auto n2 = apply(r2->c, village(), step(Step::Visit, "2023-03-02", "乙核查"));
  ASSERT_TRUE(n1.ok() && n2.ok());
  store::AuditDraft d{"甲", "村级", "2023-03-01T09:00:00Z", "2023-03-01", "入户核查", case_to_text(r1->c), ""};
  store::CaseRow row1{c.c.id, "H1", "532923101001", "识别中", true, "2023-03-01", 1, case_to_text(*n1), {}, std::nullopt};
  store::CaseRow row2 = row1;
  row2.data = case_to_text(*n2);
  // … the first write wins, the second gets Conflict.
  auto w1 = cases_->update_case(row1, d);
  ASSERT_TRUE(w1.ok()) << w1.error().message;
  auto w2 = second->update_case(row2, d);
  ASSERT_FALSE(w2.ok());
  EXPECT_EQ(w2.error().kind, ErrorKind::Conflict);
  // Nothing of the loser was written: stored case is the winner's, one event only.
  auto now = load_case(e2, c.c.id);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->version, 2);
  EXPECT_EQ(now->c.history.back().note, "甲核查");
  EXPECT_EQ(cases_->audit_events(c.c.id)->size(), 2u);
  // Through the service with a stale expected version.
  auto stale = take_step(e2, village(), c.c.id, step(Step::Commitment, "2023-03-03"), 1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().kind, ErrorKind::Conflict);
  EXPECT_TRUE(verify_audit(e1)->ok());
}

TEST_F(WorkflowStoreTest, RefusedStepWritesNothing) {
  auto e = env(*cases_);
  auto c = must(open_case(e, village(), "H1", Channel::CadreCheck, D("2023-03-01"), ""));
  auto r = take_step(e, county(), c.c.id, step(Step::CountyApproval, "2023-03-02"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(load_case(e, c.c.id)->version, 1);
  EXPECT_EQ(cases_->audit_events(std::nullopt)->size(), 1u);
}

TEST_F(WorkflowStoreTest, AuditTamperingDetectedAndNamed) {
  auto e = env(*cases_);
  auto c = must(open_case(e, village(), "H1", Channel::CadreCheck, D("2023-03-01"), ""));
  must(take_step(e, village(), c.c.id, step(Step::Visit, "2023-03-01")));
  must(take_step(e, village(), c.c.id, step(Step::Commitment, "2023-03-02")));
  auto ok = verify_audit(e);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->ok());
  EXPECT_EQ(ok->events, 3);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "UPDATE audit_events SET actor = '他人' WHERE seq = 2", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto bad = verify_audit(e);
  ASSERT_TRUE(bad.ok());
  ASSERT_FALSE(bad->ok());
  EXPECT_EQ(bad->first_broken, 2);
}

TEST_F(WorkflowStoreTest, EliminationNominationChecksRegistry) {
  auto e = env(*cases_);
  auto c = must(open_case(e, village(), "H1", Channel::CadreCheck, D("2023-03-01"), ""));
  const std::pair<Actor, Step> steps[] = {
      {village(), Step::Visit},          {village(), Step::Commitment},     {township(), Step::Comparison},
      {village(), Step::VillageAppraisal}, {village(), Step::VillageNotice}};
  for (const auto& [a, s] : steps) c = must(take_step(e, a, c.c.id, step(s, "2023-03-02")));
  c = must(take_step(e, village(), c.c.id, step(Step::VillageNoticeEnd, "2023-03-07")));
  c = must(take_step(e, township(), c.c.id, step(Step::TownshipReview, "2023-03-08")));
  c = must(take_step(e, township(), c.c.id, step(Step::TownshipNotice, "2023-03-08")));
  c = must(take_step(e, township(), c.c.id, step(Step::TownshipNoticeEnd, "2023-03-13")));
  c = must(take_step(e, county(), c.c.id, step(Step::CountyApproval, "2023-03-14")));
  ASSERT_EQ(c.c.status, CaseStatus::Monitored);
  auto r = take_step(e, village(), c.c.id, step(Step::ElimNominate, "2023-10-01"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "eligibility");
  EXPECT_NE(r.error().message.find("收入稳定超过监测线"), std::string::npos);
  EXPECT_NE(r.error().message.find("因病 无已落实的对应措施"), std::string::npos);
  auto rows = eliminate_check(e, D("2023-10-01"), "5329");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_FALSE((*rows)[0].eligibility.eligible());
  auto due = due_list(e, D("2023-04-30"), 0, "");
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 3u);  // caseworker, plan, measures all overdue
  EXPECT_TRUE((*due)[0].overdue);
}

TEST(FileStore, ContentAddressedSizeAndTypeChecked) {
  std::string tmpl = (fs::temp_directory_path() / "fangpin_fs_XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  store::FileStore files(tmpl, 64);
  const std::string pdf = "%PDF-1.4\nminutes of 村级评议\n";
  auto a = files.put(pdf);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->sha256, sha256_hex(pdf));
  EXPECT_EQ(a->media_type, "application/pdf");
  EXPECT_TRUE(files.contains(a->sha256));
  EXPECT_EQ(*files.get(a->sha256), pdf);
  EXPECT_EQ(files.put(pdf)->sha256, a->sha256);  // stored once
  EXPECT_FALSE(files.put("MZ\x90\x00 not a document").ok());
  EXPECT_FALSE(files.put(std::string("%PDF-") + std::string(100, 'x')).ok());  // over 64 bytes
  EXPECT_FALSE(files.put("").ok());
  EXPECT_FALSE(files.get("../etc/passwd").ok());
  // A changed file is detected on read.
  { std::ofstream(fs::path(tmpl) / a->sha256.substr(0, 2) / a->sha256, std::ios::trunc) << "%PDF-changed"; }
  EXPECT_FALSE(files.get(a->sha256).ok());
  std::error_code ec;
  fs::remove_all(tmpl, ec);
}

}  // namespace
}  // namespace fangpin::app

namespace fangpin::app {
namespace {

using namespace workflow::testing;

TEST(CaseJson, RoundTripsEveryField) {
  workflow::Case c = monitored();
  c.caseworker = "王帮扶";
  c.caseworker_on = D("2023-03-21");
  c.plan = workflow::Plan{D("2023-03-22"), "计划", {"ab"}, std::nullopt};
  c = *workflow::add_measure(c, township(), workflow::Measure{0, workflow::MeasureCategory::Welfare, D("2023-03-25"),
                                                               yuan(1200) + 50, "县民政局", "低保", {"cd"}});
  auto back = case_from_text(case_to_text(c));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(case_to_text(*back), case_to_text(c));
  EXPECT_EQ(back->measures.at(0).amount, 120050);  // 1200.50 元
  EXPECT_EQ(back->history.size(), c.history.size());
}

TEST(CaseJson, CorruptDataIsAnErrorNamingTheField) {
  std::string text = case_to_text(opened());
  const auto pos = text.find("\"干部排查\"");
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, std::string("\"干部排查\"").size(), "\"飞鸽传书\"");
  auto r = case_from_text(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "channel");
  EXPECT_FALSE(case_from_text("{not json").ok());
  EXPECT_FALSE(case_from_text("[]").ok());
}

}  // namespace
}  // namespace fangpin::app

namespace fangpin::app {
namespace {

// Issue 15 defect 9: a record dated far in the future (a mistyped 9999-12-31) is refused,
// so it cannot make every later record "earlier than the last one" and lock the case.
TEST_F(WorkflowStoreTest, FutureDatedRecordsAreRefusedSoTheyCannotLockACase) {
  WorkflowEnv e{*registry_, *cases_, policy_, params(), calendar(), "2023-03-01T09:00:00Z"};  // today (UTC)
  auto far = open_case(e, village(), "H1", Channel::SelfApplication, D("9999-12-31"), "");
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(far.error().field, "date");
  EXPECT_NE(far.error().message.find("business_date_max_days_ahead"), std::string::npos) << far.error().message;
  auto c = must(open_case(e, village(), "H1", Channel::SelfApplication, D("2023-03-01"), "本人申请"));
  auto step_far = take_step(e, village(), c.c.id, step(Step::Visit, "9999-12-31"));
  ASSERT_FALSE(step_far.ok());
  EXPECT_EQ(step_far.error().kind, ErrorKind::Invalid);
  auto week = take_step(e, village(), c.c.id, step(Step::Visit, "2023-03-08"));
  EXPECT_FALSE(week.ok());
  // Tomorrow (UTC) is today in China: accepted; the case goes on with real dates.
  c = must(take_step(e, village(), c.c.id, step(Step::Visit, "2023-03-02")));
  c = must(take_step(e, village(), c.c.id, step(Step::Commitment, "2023-03-02")));
  EXPECT_EQ(c.version, 3);
}

}  // namespace
}  // namespace fangpin::app
