// 纳入 → case as one unit of work (app/workflow/warning_case.h): the verification and the
// case opening are stored together or not at all.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>  // mkdtemp
#include <filesystem>
#include <string>

#include "app/workflow/warning_case.h"
#include "io/policy_loader.h"
#include "store/database.h"
#include "wf_fixtures.h"
#include "../support/temp_database.h"

namespace fangpin::app {
namespace {

namespace fs = std::filesystem;
using workflow::testing::calendar;
using workflow::testing::params;

class WarningCaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fangpin::testing::make_temp_dir("fangpin_wc");
    path_ = (dir_ / "t.db").string();
    auto d = fangpin::testing::open_migrated_database(path_);
    ASSERT_TRUE(d.ok()) << d.error().message;
    db_ = std::move(*d);
    auto p = io::load_policy("");
    ASSERT_TRUE(p.ok());
    policy_ = *p;
    Household h;
    h.household_id = "H1";
    h.region_code = "532923101001";
    h.head_name = "张三";
    const store::ImportRun run{"households", "t.csv", "test", "2023-01-01T00:00:00Z", 1, 0};
    ASSERT_TRUE(db_->registry().write_households({&h, 1}, run).ok());
    store::ScreeningWrite w;
    w.run.department = "医保";
    w.run.month = "2023-03";
    w.run.source_file = "f.csv";
    w.run.user = "test";
    w.run.received_on = "2023-03-03";
    w.run.dispatch_by = "2023-03-07";
    w.run.verify_by = "2023-03-10";
    store::WarningUpsert x;
    x.household_id = "H1";
    x.department = "医保";
    x.reason = "因病";
    x.grade_rank = 3;
    x.facts = "f";
    x.signals = 1;
    w.warnings.push_back(x);
    auto r = db_->screening().write_screening(w);
    ASSERT_TRUE(r.ok()) << r.error().message;
    warning_id_ = r->warnings.at(0).id;
    env_.emplace(WorkflowEnv{db_->registry(), db_->cases(), policy_, params(), calendar(), "2026-01-01T00:00:00Z"});
  }
  void TearDown() override {
    env_.reset();
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Through an independent connection, as another program would.
  void exec_raw(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  Result<VerifiedWarning> verify(std::string_view result, bool with_case = true) {
    return verify_warning_into_case(*db_, with_case ? &*env_ : nullptr, actor_,
                                    WarningVerdict{warning_id_, std::string(result), "2023-03-05", ""});
  }

  const workflow::Actor actor_{"王干部", Role::Village, ""};

  fs::path dir_;
  std::string path_;
  std::unique_ptr<store::Database> db_;
  Policy policy_;
  std::optional<WorkflowEnv> env_;
  std::int64_t warning_id_ = 0;
};

TEST_F(WarningCaseTest, VerifiedAndOpenedTogether) {
  auto r = verify("纳入");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->warning.status, "verified");
  ASSERT_TRUE(r->opened.has_value());
  EXPECT_FALSE(r->opened->existing);
  auto c = db_->cases().find_case(r->opened->id);
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->household_id, "H1");
  EXPECT_EQ((*c)->clue_date, "2023-03-07");  // the warning's dispatch_by
}

TEST_F(WarningCaseTest, CaseThatCannotBeOpenedLeavesTheWarningOpen) {
  exec_raw("CREATE TRIGGER no_cases BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'forced failure'); END");
  auto r = verify("纳入");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("未能登记识别案件"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("forced failure"), std::string::npos) << r.error().message;
  auto w = db_->screening().find_warning(warning_id_);
  ASSERT_TRUE(w.ok() && w->has_value());
  EXPECT_EQ((*w)->status, "open");  // the verification was rolled back too
  EXPECT_TRUE((*w)->verified_by.empty());
  EXPECT_TRUE(db_->cases().list_cases("")->empty());
  EXPECT_TRUE(db_->cases().audit_events(std::nullopt)->empty());

  // Once the cause is gone the same request goes through.
  exec_raw("DROP TRIGGER no_cases");
  auto again = verify("纳入");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->opened.has_value());
}

TEST_F(WarningCaseTest, OtherResultsAndNoCaseOpenNothing) {
  auto r = verify("不纳入");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->opened.has_value());
  EXPECT_TRUE(db_->cases().list_cases("")->empty());
}

TEST_F(WarningCaseTest, ExistingActiveCaseIsReturnedNotDuplicated) {
  auto first = open_case_for_warning(*env_, actor_, "H1", *Date::parse("2023-03-01"), "排查");
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto r = verify("纳入");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->opened.has_value());
  EXPECT_TRUE(r->opened->existing);
  EXPECT_EQ(r->opened->id, first->id);
  EXPECT_EQ(db_->cases().list_cases("")->size(), 1u);
}

}  // namespace
}  // namespace fangpin::app
