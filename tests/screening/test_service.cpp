// Screening through the real store: SQLite file in a temp dir, registry imported through
// the real importer, warnings de-duplicated and verified, negative facts reaching assess.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "../app/fixtures.h"
#include "app/assess_service.h"
#include "screening/screening_service.h"
#include "store/migrations.h"
#include "store/screening_store.h"
#include "store/sql_dialect.h"
#include "store/store.h"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

namespace fangpin::screening {
namespace {

using fangpin::testing::make_id;
using fangpin::testing::Rows;

const std::string A = make_id("532923", "19800101", 11);
const std::string C = make_id("532923", "20120601", 12);
const std::string B = make_id("532923", "19850505", 21);

class ScreeningDb : public fangpin::testing::TempDb {
 protected:
  void SetUp() override {
    TempDb::SetUp();
    Rows h{household_header(), household("H1"), household("H2", "532923102001")};
    ASSERT_TRUE(run_import(io::RegistryTable::Households, write_csv("h.csv", h)).ok());
    Rows m{member_header(),
           {"H1", "张三", A, "户主", "健康", "普通劳动力"},
           {"H1", "张小", C, "子", "健康", "无劳动力"},
           {"H2", "李四", B, "户主", "健康", "普通劳动力"}};
    auto mi = run_import(io::RegistryTable::Members, write_csv("m.csv", m));
    ASSERT_TRUE(mi.ok());
    ASSERT_EQ(mi->rejected, 0);
    // H1: 2022 net 30,000 for 2 people (pc 15,000 > 6,600): not a candidate on its own.
    Rows f{finance_header(), {"H1", "2022", "30000", "0", "0", "0", "0"}, {"H2", "2022", "40000", "0", "0", "0", "0"}};
    ASSERT_TRUE(run_import(io::RegistryTable::Finances, write_csv("f.csv", f)).ok());
    sstore_ = &db_->screening();
    auto sp = io::load_policy_bundle("");
    ASSERT_TRUE(sp.ok());
    params_ = sp->screening;
    rebuild();
  }
  void TearDown() override {
    sstore_ = nullptr;
    TempDb::TearDown();
  }
  void rebuild() {
    auto idx = build_index(*sstore_);
    ASSERT_TRUE(idx.ok()) << idx.error().message;
    index_ = std::move(*idx);
  }
  ScreenReport screen(Department d, const std::string& month, const Rows& rows) {
    ScreenRequest req{d, month, write_csv("feed" + std::to_string(n_++) + ".csv", rows), "tester",
                      "2026-01-01T00:00:00Z", *Date::parse("2023-03-03")};
    last_ = req;
    auto r = run_screening(*sstore_, index_, policy_, params_, calendar_, req);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? std::move(*r) : ScreenReport{};
  }
  // Warning i of a report as the CLI shows it.
  store::WarningRecord rec(const ScreenReport& r, std::size_t i) { return warning_record(r, r.warnings.at(i), index_, last_); }
  static std::string facts_text(const store::WarningRecord& w) {
    std::string t;
    for (const auto& f : describe_facts(w.facts, w.signals)) t += f + "\n";
    return t;
  }
  static std::vector<std::string> medical_header() { return {"证件号码", "日期", "医疗总费用", "合规自付费用", "是否大病"}; }

  store::ScreeningStore* sstore_ = nullptr;  // db_'s
  ScreeningParams params_;
  RegistryIndex index_;
  WeekdayCalendar calendar_;
  ScreenRequest last_;
  int n_ = 0;
};

TEST_F(ScreeningDb, WarningsCarryEverythingAndDeadlines) {
  auto r = screen(Department::Medical, "2023-03", {medical_header(), {A, "2023-03-01", "20000", "15800.01", "否"}});
  ASSERT_EQ(r.warnings.size(), 1u);
  const auto w = rec(r, 0);
  EXPECT_GT(w.id, 0);
  EXPECT_EQ(w.household_id, "H1");
  EXPECT_EQ(w.region_code, kVillage);
  EXPECT_EQ(w.member_id, A);
  EXPECT_EQ(w.department, "医保");
  EXPECT_EQ(w.reason, "因病");
  EXPECT_EQ(w.grade, "红");
  EXPECT_EQ(facts_text(w), "医保 2023-03-01：医疗总费用 20000.00 元，合规自付费用 15800.01 元\n");
  // Received Friday 2023-03-03: to the village in 2 working days, verified 3 after that.
  EXPECT_EQ(w.dispatch_by, "2023-03-07");
  EXPECT_EQ(w.verify_by, "2023-03-10");
  auto stored = sstore_->list_warnings({});
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].grade, "红");
  EXPECT_EQ((*stored)[0].status, "open");
  // Read back, the warning is the one the run reported: deadlines come from its run.
  EXPECT_EQ((*stored)[0].household_id, "H1");
  EXPECT_EQ((*stored)[0].region_code, kVillage);
  EXPECT_EQ((*stored)[0].member_id, A);
  EXPECT_EQ((*stored)[0].month, "2023-03");
  EXPECT_EQ((*stored)[0].received_on, "2023-03-03");
  EXPECT_EQ((*stored)[0].dispatch_by, "2023-03-07");
  EXPECT_EQ((*stored)[0].verify_by, "2023-03-10");
  EXPECT_EQ(facts_text((*stored)[0]), facts_text(w));
  EXPECT_EQ(r.red, 1u);
  EXPECT_FALSE(r.zero_report);
}

TEST_F(ScreeningDb, VerificationDeadlineFollowsTheWorkflowRuleBasis) {
  params_.verification = workflow::DeadlineRule{7, workflow::DayBasis::Calendar};
  auto r = screen(Department::Medical, "2023-03", {medical_header(), {A, "2023-03-01", "20000", "15800.01", "否"}});
  ASSERT_EQ(r.warnings.size(), 1u);
  // Received Friday 2023-03-03 → village by Tuesday 03-07 (2 working days) → + 7 calendar days.
  EXPECT_EQ(rec(r, 0).dispatch_by, "2023-03-07");
  EXPECT_EQ(rec(r, 0).verify_by, "2023-03-14");
}

// Thousands of warnings: several encoding blocks (8,192) and store blocks (2,048), written
// while still being encoded; merges land in a later run. What the run reports is what is stored.
TEST_F(ScreeningDb, ManyWarningsAcrossBlocksAreStoredAsReported) {
  constexpr int kHouseholds = 12000;
  Rows h{household_header()}, m{member_header()}, f{finance_header()}, feed{medical_header()};
  for (int i = 0; i < kHouseholds; ++i) {
    const std::string hid = fmt::format("M{:05d}", i);
    const std::string id = make_id("532923", fmt::format("{}0101", 1950 + i / 1000), i % 1000);
    h.push_back(household(hid));
    m.push_back({hid, "成员", id, "户主", "健康", "普通劳动力"});
    f.push_back({hid, "2022", "90000", "0", "0", "0", "0"});
    feed.push_back({id, "2023-03-01", "6000", "5000", "否"});  // 黄 (self-pay ≥ 5,000)
  }
  ASSERT_TRUE(run_import(io::RegistryTable::Households, write_csv("bh.csv", h)).ok());
  ASSERT_TRUE(run_import(io::RegistryTable::Members, write_csv("bm.csv", m)).ok());
  ASSERT_TRUE(run_import(io::RegistryTable::Finances, write_csv("bf.csv", f)).ok());
  rebuild();
  auto r = screen(Department::Medical, "2023-03", feed);
  ASSERT_EQ(r.warnings_new, static_cast<std::size_t>(kHouseholds));
  for (std::size_t i = 1; i < r.warnings.size(); ++i) ASSERT_GT(r.warnings[i].id, r.warnings[i - 1].id);
  store::WarningFilter f_run;
  f_run.run_id = r.run_id;
  auto stored = sstore_->list_warnings(f_run);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), r.warnings.size());
  for (std::size_t i : {std::size_t{0}, std::size_t{2047}, std::size_t{2048}, std::size_t{8191}, std::size_t{8192},
                        r.warnings.size() - 1}) {
    const auto want = rec(r, i);
    EXPECT_EQ((*stored)[i].id, want.id);
    EXPECT_EQ((*stored)[i].household_id, want.household_id);
    EXPECT_EQ(facts_text((*stored)[i]), facts_text(want));
    EXPECT_EQ(facts_text(want), "医保 2023-03-01：医疗总费用 6000.00 元，合规自付费用 5000.00 元\n");
  }
  // A second month for every other household merges; the reported facts show both months.
  Rows again{medical_header()};
  for (std::size_t k = 1; k < feed.size(); k += 2) again.push_back({feed[k][0], "2023-04-02", "7000", "6000", "否"});
  auto r2 = screen(Department::Medical, "2023-04", again);
  ASSERT_EQ(r2.warnings_merged, static_cast<std::size_t>(kHouseholds / 2));
  EXPECT_EQ(r2.warnings_new, 0u);
  const auto last = rec(r2, r2.warnings.size() - 1);
  EXPECT_EQ(facts_text(last),
            "医保 2023-03-01：医疗总费用 6000.00 元，合规自付费用 5000.00 元\n"
            "医保 2023-04-02：医疗总费用 7000.00 元，合规自付费用 6000.00 元\n");
  EXPECT_EQ(last.month, "2023-03");
}

TEST_F(ScreeningDb, SameHouseholdAndReasonMergesIntoOpenWarning) {
  auto r1 = screen(Department::Medical, "2023-03",
                   {medical_header(), {A, "2023-03-01", "6000", "5000", "否"}, {C, "2023-03-02", "6000", "5000", "否"}});
  ASSERT_EQ(r1.warnings_new, 1u);  // two members, same household and reason: one warning
  EXPECT_EQ(r1.warnings[0].signals, 2);
  EXPECT_EQ(rec(r1, 0).grade, "黄");
  // Next month the household's 大病 raises the grade of the same open warning.
  auto r2 = screen(Department::Medical, "2023-04", {medical_header(), {C, "2023-04-01", "300", "100", "是"}});
  EXPECT_EQ(r2.warnings_new, 0u);
  EXPECT_EQ(r2.warnings_merged, 1u);
  ASSERT_EQ(r2.warnings.size(), 1u);
  EXPECT_TRUE(r2.warnings[0].merged);
  EXPECT_EQ(r2.warnings[0].id, r1.warnings[0].id);
  EXPECT_EQ(r2.warnings[0].grade_rank, 2);
  EXPECT_EQ(r2.warnings[0].signals, 3);
  // The merged warning keeps its first month and deadlines, and shows every fact.
  EXPECT_EQ(rec(r2, 0).month, "2023-03");
  EXPECT_EQ(facts_text(rec(r2, 0)),
            "医保 2023-03-01：医疗总费用 6000.00 元，合规自付费用 5000.00 元\n"
            "医保 2023-03-02：医疗总费用 6000.00 元，合规自付费用 5000.00 元\n"
            "医保 2023-04-01：医疗总费用 300.00 元，合规自付费用 100.00 元，大病\n");
  auto all = sstore_->list_warnings({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].grade, "橙");
  EXPECT_EQ((*all)[0].signals, 3);
  EXPECT_NE(facts_text((*all)[0]).find("大病"), std::string::npos);
  // A different reason for the same household is a separate warning.
  auto r3 = screen(Department::Housing, "2023-04", {{"证件号码", "日期", "房屋鉴定等级"}, {A, "2023-04-01", "D"}});
  EXPECT_EQ(r3.warnings_new, 1u);
  // Once verified, a new signal opens a new warning instead of merging.
  auto v = verify_warning(*sstore_, (*all)[0].id, "纳入", "王干部", "2023-04-05");
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->status, "verified");
  EXPECT_EQ(v->verify_result, "纳入");
  EXPECT_EQ(v->verified_by, "王干部");
  EXPECT_EQ(v->verified_on, "2023-04-05");
  auto r4 = screen(Department::Medical, "2023-05", {medical_header(), {A, "2023-05-01", "6000", "5000", "否"}});
  EXPECT_EQ(r4.warnings_new, 1u);
  EXPECT_EQ(r4.warnings_merged, 0u);
}

TEST_F(ScreeningDb, VerifyValidatesAndRefusesTwice) {
  auto r = screen(Department::Water, "2023-03", {{"证件号码", "日期", "问题类型"}, {B, "2023-03-01", "水源不足"}});
  ASSERT_EQ(r.warnings.size(), 1u);
  const auto id = r.warnings[0].id;
  EXPECT_EQ(verify_warning(*sstore_, id, "也许", "王", "2023-03-05").error().kind, ErrorKind::Invalid);
  EXPECT_EQ(verify_warning(*sstore_, id, "纳入", "王", "2023-13-05").error().kind, ErrorKind::Invalid);
  EXPECT_EQ(verify_warning(*sstore_, id + 100, "纳入", "王", "2023-03-05").error().kind, ErrorKind::NotFound);
  ASSERT_TRUE(verify_warning(*sstore_, id, "已在监测", "王", "2023-03-05").ok());
  EXPECT_EQ(verify_warning(*sstore_, id, "不纳入", "李", "2023-03-06").error().kind, ErrorKind::Conflict);
  store::WarningFilter open;
  open.open_only = true;
  EXPECT_TRUE(sstore_->list_warnings(open)->empty());
}

TEST_F(ScreeningDb, ZeroReportAndRunRecorded) {
  auto r = screen(Department::Employment, "2023-03", {{"证件号码", "日期", "就业状态"}, {A, "2023-03-01", "务工"}});
  EXPECT_TRUE(r.zero_report);
  EXPECT_EQ(r.matched, 1u);
  auto runs = sstore_->screening_runs();
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_TRUE((*runs)[0].zero_report);
  EXPECT_EQ((*runs)[0].department, "人社");
  EXPECT_EQ((*runs)[0].month, "2023-03");
}

TEST_F(ScreeningDb, UnmatchedAndMalformedRowsStoredWithTheRun) {
  const std::string outsider = make_id("110101", "19900101", 5);
  auto r = screen(Department::Medical, "2023-03",
                  {medical_header(), {outsider, "2023-03-01", "100", "100", "否"}, {A, "2023-03-01", "x", "1", "否"}});
  EXPECT_EQ(r.unmatched, 1u);
  EXPECT_EQ(r.rejected, 1u);
  auto issues = sstore_->row_issues(r.run_id);
  ASSERT_TRUE(issues.ok());
  ASSERT_EQ(issues->size(), 2u);
  EXPECT_EQ((*issues)[0].row, 2);
  EXPECT_EQ((*issues)[0].kind, "未匹配");
  EXPECT_EQ((*issues)[0].reason.find(outsider), std::string::npos);
  EXPECT_EQ((*issues)[1].row, 3);
  EXPECT_EQ((*issues)[1].column, "医疗总费用");
}

TEST_F(ScreeningDb, AreaEventStoredAndFlagsHouseholdsInArea) {
  auto r = screen(Department::Disaster, "2023-03",
                  {{"区划代码", "日期", "灾种", "证件号码"}, {"532923101", "2023-03-02", "洪涝", ""}});
  ASSERT_EQ(r.warnings.size(), 1u);  // H1 is in 532923101; H2 (532923102) is not
  EXPECT_EQ(rec(r, 0).household_id, "H1");
  EXPECT_EQ(rec(r, 0).grade, "黄");
  EXPECT_EQ(rec(r, 0).reason, "因灾");
  EXPECT_EQ(rec(r, 0).member_id, "");
  EXPECT_EQ(facts_text(rec(r, 0)), "应急 区域灾害事件：洪涝（区划 532923101，2023 年）\n");
  EXPECT_EQ(r.events_added, 1);
  auto snap = store_->load_registry({});
  ASSERT_TRUE(snap.ok());
  ASSERT_EQ(snap->area_events.size(), 1u);
  EXPECT_EQ(snap->area_events[0].region_prefix, "532923101");
  EXPECT_EQ(snap->area_events[0].year, 2023);
  // The same event again is not stored twice, and merges into the open warning.
  auto again = screen(Department::Disaster, "2023-03",
                      {{"区划代码", "日期", "灾种", "证件号码"}, {"532923101", "2023-03-02", "洪涝", ""}});
  EXPECT_EQ(again.events_added, 0);
  EXPECT_EQ(again.warnings_merged, 1u);
}

TEST_F(ScreeningDb, NegativeListFactExcludesHouseholdInAssess) {
  // Before: H1 is assessed and not excluded.
  auto reg = store_->load_registry({"", {2022, 2021}});
  ASSERT_TRUE(reg.ok());
  auto before = app::assess_registry(*reg, policy_, app::AssessRequest{2022, "", true});
  ASSERT_TRUE(before.ok()) << before.error().message;
  bool found = false;
  for (const auto& a : before->records)
    if (a.household_id == "H1") {
      found = true;
      EXPECT_FALSE(a.excluded);
    }
  ASSERT_TRUE(found);

  auto r = screen(Department::Vehicles, "2023-03",
                  {{"证件号码", "日期", "车辆类型", "是否营运/农用"}, {C, "2023-03-01", "小型轿车", "否"}});
  EXPECT_EQ(r.facts_added, 1);
  EXPECT_TRUE(r.zero_report);
  // Re-sending the same fact does not duplicate it.
  auto r2 = screen(Department::Vehicles, "2023-04",
                   {{"证件号码", "日期", "车辆类型", "是否营运/农用"}, {C, "2023-04-01", "小型轿车", "否"}});
  EXPECT_EQ(r2.facts_added, 0);

  reg = store_->load_registry({"", {2022, 2021}});
  ASSERT_TRUE(reg.ok());
  ASSERT_EQ(reg->negative_facts.size(), 1u);
  EXPECT_EQ(reg->negative_facts[0].source, "车辆登记");
  auto after = app::assess_registry(*reg, policy_, app::AssessRequest{2022, "", false});
  ASSERT_TRUE(after.ok());
  found = false;
  for (const auto& a : after->records)
    if (a.household_id == "H1") {
      found = true;
      EXPECT_TRUE(a.excluded);
      EXPECT_FALSE(a.candidate);
      ASSERT_EQ(a.exclusion_reasons.size(), 1u);
      EXPECT_EQ(a.exclusion_reasons[0], "消费型车辆");
    }
  EXPECT_TRUE(found);
}

TEST_F(ScreeningDb, IndexSnapshotReusedUntilRegistryChanges) {
  const auto snap = (dir_ / "t.db.screen-index").string();
  auto first = load_or_build_index(*sstore_, snap);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->from_snapshot);
  auto second = load_or_build_index(*sstore_, snap);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->from_snapshot);
  EXPECT_EQ(second->index.person_count(), 3u);
  // A registry import changes the stamp: the snapshot is rebuilt with the new member.
  const std::string e = make_id("532923", "19990101", 77);
  Rows m{member_header(), {"H2", "新成员", e, "子", "健康", "普通劳动力"}};
  ASSERT_TRUE(run_import(io::RegistryTable::Members, write_csv("m2.csv", m)).ok());
  auto third = load_or_build_index(*sstore_, snap);
  ASSERT_TRUE(third.ok());
  EXPECT_FALSE(third->from_snapshot);
  EXPECT_NE(third->index.find(*pack_resident_id(e)), nullptr);
}

TEST_F(ScreeningDb, FileLevelErrorStoresNothing) {
  ScreenRequest req{Department::Medical, "2023-03", write_csv("bad.csv", {{"证件号码", "日期"}}), "t", "", *Date::parse("2023-03-03")};
  auto r = run_screening(*sstore_, index_, policy_, params_, calendar_, req);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(sstore_->screening_runs()->empty());
  req.path = (dir_ / "missing.csv").string();
  EXPECT_FALSE(run_screening(*sstore_, index_, policy_, params_, calendar_, req).ok());
  req.month = "2023-13";
  EXPECT_FALSE(run_screening(*sstore_, index_, policy_, params_, calendar_, req).ok());
}

// A database written by the v3 screening schema keeps its warnings through v5: text facts
// still read, deadlines move to the run, open warnings still de-duplicate new signals.
TEST(ScreeningMigration, V3WarningsSurviveV5) {
  const auto dir = std::filesystem::temp_directory_path() / ("fangpin-v5-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = (dir / "old.db").string();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    auto run_sql = [&](const std::string& sql) {
      char* err = nullptr;
      EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "") << sql;
      sqlite3_free(err);
    };
    run_sql(store::sqlite_dialect().render(store::kCreateSchemaMigrations));
    for (const auto& m : store::migrations()) {
      if (m.version > 4) continue;
      run_sql(store::sqlite_dialect().render(m.sql));
      run_sql("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", '2026-01-01T00:00:00Z', 'x')");
    }
    run_sql("INSERT INTO households VALUES ('H1', '532923101001', '张三', '', 0, NULL, 0, 1, 1, 1, 1, 1, NULL, "
            "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    run_sql("INSERT INTO screening_runs VALUES (7, '医保', '2023-03', 'f.csv', 'old', '2026-01-02T00:00:00Z', 1, 1, 0, 0, "
            "1, 0, 0, 0, 1, 0, 0, 0)");
    run_sql("INSERT INTO screening_warnings VALUES (3, 'H1', '532923101001', '" + A +
            "', '医保', '因病', '黄', 1, '医保 2023-03-01：旧的事实\n第二行', 1, '2023-03', 7, '2023-03-03', '2023-03-07', "
            "'2023-03-10', 'open', NULL, NULL, NULL, '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')");
    sqlite3_close(db);
  }
  auto db = store::open_database(path);  // brings the v3 database up to date
  ASSERT_TRUE(db.ok()) << db.error().message;
  auto all = (*db)->screening().list_warnings({});
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->size(), 1u);
  const auto& w = (*all)[0];
  EXPECT_EQ(w.id, 3);
  EXPECT_EQ(w.member_id, A);
  EXPECT_EQ(w.region_code, "532923101001");
  EXPECT_EQ(w.grade, "黄");
  EXPECT_EQ(w.received_on, "2023-03-03");
  EXPECT_EQ(w.verify_by, "2023-03-10");
  EXPECT_EQ(w.created_at, "2026-01-02T00:00:00Z");
  EXPECT_EQ(describe_facts(w.facts, w.signals), (std::vector<std::string>{"医保 2023-03-01：旧的事实", "第二行"}));
  // A new signal for the same household and reason merges into the migrated warning.
  store::ScreeningWrite write;
  write.run.department = "医保";
  write.run.month = "2023-04";
  write.run.at = "2026-02-01T00:00:00Z";
  Fact f;
  f.date = 20230401;
  f.a1 = 600000;
  f.a2 = 500000;
  std::string encoded;
  encode_fact(f, encoded);
  store::WarningUpsert u{"H1", *pack_resident_id(A), "医保", "因病", 2, 1, encoded};
  write.warnings.push_back(u);
  auto out = (*db)->screening().write_screening(write);
  ASSERT_TRUE(out.ok()) << out.error().message;
  ASSERT_EQ(out->warnings.size(), 1u);
  EXPECT_TRUE(out->warnings[0].merged);
  EXPECT_EQ(out->warnings[0].id, 3);
  EXPECT_EQ(out->warnings[0].grade_rank, 2);
  ASSERT_EQ(out->merged_facts.size(), 1u);
  EXPECT_EQ(out->merged_facts[0].first, 0u);
  EXPECT_EQ(describe_facts(out->merged_facts[0].second, 2),
            (std::vector<std::string>{"医保 2023-03-01：旧的事实", "第二行",
                                      "医保 2023-04-01：医疗总费用 6000.00 元，合规自付费用 5000.00 元"}));
  db->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fangpin::screening
