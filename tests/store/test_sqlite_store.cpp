// SQLite store against real database files in a temp directory.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>  // mkdtemp
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "store/migrations.h"
#include "store/sql_dialect.h"
#include "store/database.h"
#include "store/store.h"
#include "../support/temp_database.h"

namespace fangpin::store {
namespace {

namespace fs = std::filesystem;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::make_temp_dir("fangpin_store");
    path_ = (dir_ / "registry.db").string();
    auto s = testing::open_migrated_database(path_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    db_ = std::move(*s);
    store_ = &db_->registry();
  }
  void TearDown() override {
    store_ = nullptr;
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Reads through a second, independent connection: what is really in the file.
  std::int64_t scalar(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::int64_t v = -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
  }
  // Every row of `table` as text, in a stable order: compares stored content.
  std::string dump(const std::string& table, const std::string& order) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    const std::string sql = "SELECT * FROM " + table + " ORDER BY " + order;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::string out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const auto* t = sqlite3_column_text(st, i);
        out += t != nullptr ? reinterpret_cast<const char*>(t) : "<null>";
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }
  void exec_raw(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  static ImportRun run(std::string kind, std::string at = "2026-11-25T02:00:00Z") {
    return ImportRun{std::move(kind), "test.csv", "tester", std::move(at), 0, 0};
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<Database> db_;
  Store* store_ = nullptr;  // db_'s registry
};

Household household(std::string id, std::string region = "520102001001") {
  Household h;
  h.household_id = std::move(id);
  h.region_code = std::move(region);
  h.head_name = "张三";
  h.phone = "13800000000";
  h.formerly_poor = true;
  h.exit_year = 2019;
  h.water_safe = false;
  return h;
}

Member member(std::string household_id, std::string id_number, Relation rel = Relation::Head) {
  Member m;
  m.household_id = std::move(household_id);
  m.id_number = std::move(id_number);
  m.name = "李四";
  m.birth = Date{1980, 5, 17};
  m.relation = rel;
  m.health = Health::ChronicIllness;
  m.disability_grade = 2;
  m.labour = Labour::Weak;
  m.schooling = Schooling::NotInSchool;
  m.employment = Employment::Unknown;  // stored as the empty label
  return m;
}

Finance finance(std::string household_id, int year, Fen wage) {
  Finance f;
  f.household_id = std::move(household_id);
  f.year = year;
  f.wage_income = wage;
  f.transfer_income = yuan(1200);
  f.business_expense = yuan(300);
  f.medical_selfpay = 4567;
  f.other_rigid = 1;
  return f;
}

TEST_F(SqliteStoreTest, MigrateTwiceIsIdempotent) {
  const int v = store_->schema_version();
  EXPECT_GT(v, 0);
  EXPECT_EQ(v, migrations().back().version);
  auto again = store_->migrate();
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(store_->schema_version(), v);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations"), static_cast<std::int64_t>(migrations().size()));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'finances_current'"), 1);
}

// Modules number their migrations independently; a database that already has the highest
// version but not one below it (added later) still gets it.
TEST_F(SqliteStoreTest, MigrateAppliesMissingVersionsBelowTheHighest) {
  const auto& all = migrations();
  if (all.size() < 4) GTEST_SKIP() << "needs at least four migrations";
  const auto path = (dir_ / "gap.db").string();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    auto run_sql = [&](const std::string& sql) {
      char* err = nullptr;
      const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
      EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
      sqlite3_free(err);
    };
    run_sql(sqlite_dialect().render(kCreateSchemaMigrations));
    // v1 and v4 (accounts) stand alone; v2, v3 and v5 are missing below the highest.
    for (const auto* m : {&all.front(), &all[3]}) {
      run_sql(sqlite_dialect().render(m->sql));
      run_sql("INSERT INTO schema_migrations VALUES (" + std::to_string(m->version) + ", '2026-01-01T00:00:00Z', 'x')");
    }
    sqlite3_close(db);
  }
  auto gap = open_database(path);
  ASSERT_TRUE(gap.ok());
  ASSERT_TRUE((*gap)->migrate().ok());
  gap->reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM schema_migrations", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), static_cast<int>(all.size()));
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_F(SqliteStoreTest, FreshFileHasVersionZero) {
  auto fresh = open_database((dir_ / "fresh.db").string());
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  EXPECT_EQ((*fresh)->schema_version().value(), 0);
  // Writing before migrating fails cleanly instead of creating anything.
  Household h = household("H1");
  EXPECT_FALSE((*fresh)->registry().write_households({&h, 1}, run("households")).ok());
}

TEST_F(SqliteStoreTest, NewerDatabaseIsRefused) {
  exec_raw("INSERT INTO schema_migrations VALUES (999, '2030-01-01T00:00:00Z', 'from the future')");
  auto m = store_->migrate();
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Unsupported);
}

TEST_F(SqliteStoreTest, PragmasAreSet) {
  auto mode = db_->sqlite_pragma("journal_mode");
  ASSERT_TRUE(mode.ok()) << mode.error().message;
  EXPECT_EQ(*mode, "wal");
  EXPECT_EQ(*db_->sqlite_pragma("foreign_keys"), "1");
  EXPECT_EQ(*db_->sqlite_pragma("synchronous"), "1");  // NORMAL
  EXPECT_EQ(*db_->sqlite_pragma("busy_timeout"), "5000");
  EXPECT_FALSE(db_->sqlite_pragma("foreign_keys; DROP TABLE households").ok());
}

TEST_F(SqliteStoreTest, HouseholdUpsertCounts) {
  std::vector<Household> rows{household("H1"), household("H2"), household("H3")};
  rows[1].monitored_type = MonitoredType::Marginal;
  rows[2].exit_year.reset();
  rows[2].formerly_poor = false;

  auto first = store_->write_households(rows, run("households", "2026-01-01T00:00:00Z"));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->inserted, 3);
  EXPECT_EQ(first->updated, 0);
  EXPECT_EQ(first->unchanged, 0);
  const std::string before = dump("households", "household_id");

  auto again = store_->write_households(rows, run("households", "2026-02-01T00:00:00Z"));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 3);
  EXPECT_EQ(dump("households", "household_id"), before);  // not even updated_at moved

  rows[1].phone = "13911112222";
  auto changed = store_->write_households(rows, run("households", "2026-03-01T00:00:00Z"));
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->inserted, 0);
  EXPECT_EQ(changed->updated, 1);
  EXPECT_EQ(changed->unchanged, 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM households WHERE updated_at = '2026-03-01T00:00:00Z'"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM households WHERE created_at = '2026-01-01T00:00:00Z'"), 3);

  auto d = store_->find_household("H2");
  ASSERT_TRUE(d.ok() && d->has_value());
  Household want = rows[1];
  want.monitor_status = MonitorStatus::Monitored;  // an imported label with no case decision reads as monitored
  EXPECT_EQ((*d)->household, want);
  auto d3 = store_->find_household("H3");
  ASSERT_TRUE(d3.ok() && d3->has_value());
  EXPECT_EQ((*d3)->household, rows[2]);

  auto runs = store_->import_runs();
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 3u);
  EXPECT_EQ((*runs)[2].at, "2026-03-01T00:00:00Z");
  EXPECT_EQ((*runs)[2].user, "tester");
}

TEST_F(SqliteStoreTest, MemberUpsertCountsAndRoundTrip) {
  Household h = household("H1");
  ASSERT_TRUE(store_->write_households({&h, 1}, run("households")).ok());
  std::vector<Member> rows{member("H1", "520102198005170011"),
                           member("H1", "520102200501010022", Relation::Daughter),
                           member("H1", "520102195001010033", Relation::Parent)};
  rows[1].schooling = Schooling::SeniorHigh;
  rows[1].employment = Employment::OutOfProvince;
  rows[1].birth = Date{2005, 1, 1};
  rows[2].status = MemberStatus::Dead;
  rows[2].status_date = Date{2025, 12, 31};
  rows[2].public_employee = true;

  auto first = store_->write_members(rows, run("members"));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->inserted, 3);
  const std::string before = dump("members", "id_number");

  auto again = store_->write_members(rows, run("members", "2026-12-01T00:00:00Z"));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->unchanged, 3);
  EXPECT_EQ(again->inserted + again->updated, 0);
  EXPECT_EQ(dump("members", "id_number"), before);

  rows[0].health = Health::Disabled;
  auto changed = store_->write_members(rows, run("members", "2026-12-02T00:00:00Z"));
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->updated, 1);
  EXPECT_EQ(changed->unchanged, 2);

  // Labels are stored readable.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM members WHERE relation = '女' AND schooling = '高中'"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM members WHERE status = '死亡' AND status_date = '2025-12-31'"), 1);

  auto d = store_->find_household("H1");
  ASSERT_TRUE(d.ok() && d->has_value());
  const auto& members = (*d)->members;  // by id number
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0], rows[2]);
  EXPECT_EQ(members[1], rows[0]);
  EXPECT_EQ(members[2], rows[1]);
}

TEST_F(SqliteStoreTest, FinanceSupersedeKeepsHistory) {
  Household h = household("H1");
  ASSERT_TRUE(store_->write_households({&h, 1}, run("households")).ok());
  Finance f = finance("H1", 2025, yuan(8000));
  auto first = store_->write_finances({&f, 1}, run("finances", "2026-01-01T00:00:00Z"));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->inserted, 1);

  Finance g = f;
  g.wage_income = yuan(6500);
  auto second = store_->write_finances({&g, 1}, run("finances", "2026-02-01T00:00:00Z"));
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->updated, 1);
  EXPECT_EQ(second->inserted, 0);

  auto d = store_->find_household("H1");
  ASSERT_TRUE(d.ok() && d->has_value());
  const HouseholdDetail& detail = **d;
  ASSERT_EQ(detail.history.size(), 2u);
  EXPECT_EQ(detail.history[0].finance, f);
  EXPECT_EQ(detail.history[0].imported_at, "2026-01-01T00:00:00Z");
  EXPECT_EQ(detail.history[0].superseded_at, "2026-02-01T00:00:00Z");
  EXPECT_EQ(detail.history[1].finance, g);
  EXPECT_EQ(detail.history[1].superseded_at, "");
  EXPECT_EQ(detail.history[1].source_file, "test.csv");
  ASSERT_EQ(detail.finances.size(), 1u);
  EXPECT_EQ(detail.finances[0], g);

  auto snap = store_->load_registry({});
  ASSERT_TRUE(snap.ok()) << snap.error().message;
  ASSERT_EQ(snap->finances.size(), 1u);
  EXPECT_EQ(snap->finances[0], g);

  // Each revision points at the import run that brought it.
  EXPECT_EQ(scalar("SELECT COUNT(DISTINCT import_run_id) FROM finances"), 2);
}

TEST_F(SqliteStoreTest, IdenticalFinanceReimportIsUnchanged) {
  Household h = household("H1");
  ASSERT_TRUE(store_->write_households({&h, 1}, run("households")).ok());
  std::vector<Finance> rows{finance("H1", 2024, yuan(7000)), finance("H1", 2025, yuan(8000))};
  ASSERT_TRUE(store_->write_finances(rows, run("finances")).ok());
  const std::string before = dump("finances", "revision_id");
  auto again = store_->write_finances(rows, run("finances", "2026-12-01T00:00:00Z"));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(again->inserted + again->updated, 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM finances"), 2);
  EXPECT_EQ(dump("finances", "revision_id"), before);
}

TEST_F(SqliteStoreTest, UnknownHouseholdRollsBackWholeBatch) {
  Household h = household("H1");
  ASSERT_TRUE(store_->write_households({&h, 1}, run("households")).ok());
  const auto runs_before = scalar("SELECT COUNT(*) FROM import_runs");

  std::vector<Member> rows{member("H1", "520102198005170011"), member("H1", "520102198005170022"),
                           member("H1", "520102198005170033"), member("NOPE", "520102198005170044")};
  auto r = store_->write_members(rows, run("members"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(r.error().field, "household_id");
  EXPECT_EQ(r.error().message.find("520102198005170044"), std::string::npos);  // no ID in messages
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM members"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM import_runs"), runs_before);

  std::vector<Finance> fin{finance("H1", 2025, 1), finance("NOPE", 2025, 1)};
  auto f = store_->write_finances(fin, run("finances"));
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM finances"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM import_runs"), runs_before);

  // The connection is usable after the rollback.
  auto ok = store_->write_members(std::span(rows).first(3), run("members"));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->inserted, 3);
}

TEST_F(SqliteStoreTest, MemberMovesHousehold) {
  std::vector<Household> hh{household("H1"), household("H2")};
  ASSERT_TRUE(store_->write_households(hh, run("households")).ok());
  Member m = member("H1", "P1");
  ASSERT_TRUE(store_->write_members({&m, 1}, run("members")).ok());

  Member lost = m;
  lost.household_id = "NOPE";
  auto bad = store_->write_members({&lost, 1}, run("members"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM members WHERE household_id = 'H1'"), 1);

  Member moved = m;
  moved.household_id = "H2";  // e.g. 婚入 another household
  auto ok = store_->write_members({&moved, 1}, run("members"));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->updated, 1);
  auto h1 = store_->find_household("H1");
  auto h2 = store_->find_household("H2");
  ASSERT_TRUE(h1.ok() && h2.ok() && h1->has_value() && h2->has_value());
  EXPECT_TRUE((*h1)->members.empty());
  ASSERT_EQ((*h2)->members.size(), 1u);
  EXPECT_EQ((*h2)->members[0], moved);
}

TEST_F(SqliteStoreTest, DuplicateKeyInBatchLastRowWins) {
  std::vector<Household> hh{household("H1"), household("H1")};
  hh[1].head_name = "王五";
  auto r = store_->write_households(hh, run("households"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->inserted, 1);
  EXPECT_EQ(r->updated, 1);
  auto d = store_->find_household("H1");
  ASSERT_TRUE(d.ok() && d->has_value());
  EXPECT_EQ((*d)->household.head_name, "王五");
}

TEST_F(SqliteStoreTest, RepeatedMemberInBatchLastRowWins) {
  std::vector<Household> hh{household("H1"), household("H2")};
  ASSERT_TRUE(store_->write_households(hh, run("households")).ok());
  // Same person twice; the later row (household H1) sorts first by household but must win.
  std::vector<Member> mm{member("H2", "P1"), member("H1", "P1")};
  auto r = store_->write_members(mm, run("members"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->inserted, 1);
  EXPECT_EQ(r->updated, 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM members WHERE id_number = 'P1' AND household_id = 'H1'"), 1);
}

TEST_F(SqliteStoreTest, OpenRejectsUnusablePaths) {
  auto missing_dir = open_database((dir_ / "no" / "such" / "dir.db").string());
  ASSERT_FALSE(missing_dir.ok());

  const std::string garbage = (dir_ / "garbage.db").string();
  std::FILE* f = std::fopen(garbage.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  for (int i = 0; i < 512; ++i) std::fputs("not a database ", f);
  std::fclose(f);
  auto bad = open_database(garbage);
  ASSERT_FALSE(bad.ok());
  EXPECT_FALSE(bad.error().message.empty());
  EXPECT_EQ(fs::file_size(garbage), 512u * 15u);  // left untouched
}

TEST_F(SqliteStoreTest, RecordImportStoresOnlyTheRun) {
  ImportRun r = run("members");
  r.rejected = 7;
  ASSERT_TRUE(store_->record_import(r).ok());
  auto runs = store_->import_runs();
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ((*runs)[0].rejected, 7);
  EXPECT_EQ((*runs)[0].kind, "members");
}

TEST_F(SqliteStoreTest, LoadRegistryFiltersAndGroups) {
  // Two villages of one township and one of another; ids deliberately not in region order.
  std::vector<Household> hh{household("H5", "520102001001"), household("H1", "520102001002"),
                            household("H3", "520103001001"), household("H2", "520102001001"),
                            household("H4", "520102999999")};
  ASSERT_TRUE(store_->write_households(hh, run("households")).ok());
  // Member ids deliberately not in household order; H2 and H4 have no members.
  std::vector<Member> mm{member("H5", "P01"), member("H1", "P92"), member("H1", "P91"), member("H3", "P50"),
                         member("H5", "P02"), member("H5", "P03")};
  ASSERT_TRUE(store_->write_members(mm, run("members")).ok());
  std::vector<Finance> ff{finance("H1", 2024, 1), finance("H1", 2025, 2), finance("H3", 2025, 3),
                          finance("H5", 2025, 4), finance("H5", 2023, 5)};
  ASSERT_TRUE(store_->write_finances(ff, run("finances")).ok());
  exec_raw(
      "INSERT INTO negative_facts (household_id, kind, detail, source, recorded_at) VALUES "
      "('H3', '商品房', '', '住建', '2026-01-01T00:00:00Z'), ('H1', '消费型车辆', '小型轿车', '公安', "
      "'2026-01-01T00:00:00Z');"
      "INSERT INTO area_events (region_prefix, year, kind, recorded_at) VALUES "
      "('520102', 2025, '洪涝', '2026-01-01T00:00:00Z')");

  auto all = store_->load_registry({});
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->households.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(all->households[i].household_id, "H" + std::to_string(i + 1));
  EXPECT_EQ(all->member_offsets, (std::vector<std::uint32_t>{0, 2, 2, 3, 3, 6}));
  ASSERT_EQ(all->members.size(), 6u);
  EXPECT_EQ(all->members_of(0)[0].id_number, "P91");
  EXPECT_EQ(all->members_of(0)[1].id_number, "P92");
  EXPECT_EQ(all->members_of(2)[0].id_number, "P50");
  EXPECT_EQ(all->members_of(4)[2].id_number, "P03");
  for (std::size_t i = 0; i < all->households.size(); ++i)
    for (const Member& m : all->members_of(i)) EXPECT_EQ(m.household_id, all->households[i].household_id);
  EXPECT_EQ(all->finances.size(), 5u);
  EXPECT_EQ(all->negative_facts.size(), 2u);
  EXPECT_EQ(all->negative_facts[0].household_id, "H1");
  ASSERT_EQ(all->area_events.size(), 1u);
  EXPECT_EQ(all->area_events[0].kind, "洪涝");

  auto some = store_->load_registry({"520102", {2025}});
  ASSERT_TRUE(some.ok()) << some.error().message;
  ASSERT_EQ(some->households.size(), 4u);
  EXPECT_EQ(some->households[0].household_id, "H1");
  EXPECT_EQ(some->households[1].household_id, "H2");
  EXPECT_EQ(some->households[2].household_id, "H4");
  EXPECT_EQ(some->households[3].household_id, "H5");
  EXPECT_EQ(some->member_offsets, (std::vector<std::uint32_t>{0, 2, 2, 2, 5}));
  for (std::size_t i = 0; i < some->households.size(); ++i)
    for (const Member& m : some->members_of(i)) EXPECT_EQ(m.household_id, some->households[i].household_id);
  ASSERT_EQ(some->finances.size(), 2u);
  EXPECT_EQ(some->finances[0].household_id, "H1");
  EXPECT_EQ(some->finances[0].year, 2025);
  EXPECT_EQ(some->finances[1].household_id, "H5");
  EXPECT_EQ(some->finances[1].year, 2025);
  ASSERT_EQ(some->negative_facts.size(), 1u);
  EXPECT_EQ(some->negative_facts[0].kind, "消费型车辆");
  EXPECT_EQ(some->area_events.size(), 1u);

  auto village = store_->load_registry({"520102001001", {2023, 2025}});
  ASSERT_TRUE(village.ok());
  ASSERT_EQ(village->households.size(), 2u);  // H2, H5
  EXPECT_EQ(village->member_offsets, (std::vector<std::uint32_t>{0, 0, 3}));
  ASSERT_EQ(village->finances.size(), 2u);
  EXPECT_EQ(village->finances[0].year, 2023);
  EXPECT_EQ(village->finances[1].year, 2025);

  auto none = store_->load_registry({"53", {}});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->households.empty());
  EXPECT_EQ(none->member_offsets, std::vector<std::uint32_t>{0});
}

TEST_F(SqliteStoreTest, FindUnknownHouseholdIsNullopt) {
  auto d = store_->find_household("nobody");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_FALSE(d->has_value());
}

TEST_F(SqliteStoreTest, ExistingHouseholdsAndMemberHouseholds) {
  std::vector<Household> hh{household("H1"), household("H2")};
  ASSERT_TRUE(store_->write_households(hh, run("households")).ok());
  std::vector<Member> mm{member("H1", "P1"), member("H2", "P2")};
  ASSERT_TRUE(store_->write_members(mm, run("members")).ok());

  std::vector<std::string> ids{"H1", "H9", "H2", "H1"};
  auto existing = store_->existing_households(ids);
  ASSERT_TRUE(existing.ok());
  EXPECT_EQ(*existing, (std::unordered_set<std::string>{"H1", "H2"}));

  std::vector<std::string> people{"P2", "P7"};
  auto where = store_->member_households(people);
  ASSERT_TRUE(where.ok());
  ASSERT_EQ(where->size(), 1u);
  EXPECT_EQ(where->at("P2"), "H2");
}

// A members file of a whole county takes the scan path (>= 20000 ids), not point lookups.
TEST_F(SqliteStoreTest, MemberHouseholdsLargeBatchScans) {
  std::vector<Household> hh;
  std::vector<Member> mm;
  for (int i = 0; i < 12000; ++i) {
    hh.push_back(household("H" + std::to_string(i)));
    mm.push_back(member("H" + std::to_string(i), "P" + std::to_string(100000 + i * 2)));
  }
  ASSERT_TRUE(store_->write_households(hh, run("households")).ok());
  ASSERT_TRUE(store_->write_members(mm, run("members")).ok());
  std::vector<std::string> ask;
  for (int i = 0; i < 24000; ++i) ask.push_back("P" + std::to_string(100000 + i));  // every other one exists
  ask.push_back("P000");                                                             // sorts before all
  ask.push_back("Pzzz");                                                             // after all
  auto where = store_->member_households(ask);
  ASSERT_TRUE(where.ok());
  ASSERT_EQ(where->size(), 12000u);
  EXPECT_EQ(where->at("P100000"), "H0");
  EXPECT_EQ(where->at("P123998"), "H11999");
  EXPECT_EQ(where->count("P100001"), 0u);
  EXPECT_EQ(where->count("Pzzz"), 0u);
}

TEST_F(SqliteStoreTest, LargeRoundTrip) {
  constexpr int kHouseholds = 200'000;
  std::vector<Household> hh;
  std::vector<Member> mm;
  std::vector<Finance> ff;
  hh.reserve(kHouseholds);
  mm.reserve(840'000);
  for (int i = 0; i < kHouseholds; ++i) {
    // Scatter ids over 40 villages so region order != id order.
    Household h = household(fmt::format("52010200100{:06d}", (i * 7919) % kHouseholds),
                            fmt::format("520102{:03d}{:03d}", i % 8, i % 40));
    const int n = i % 5 == 0 ? 5 : 4;  // 4.2 members on average
    for (int k = 0; k < n; ++k) {
      Member m = member(h.household_id, fmt::format("{}{:02d}", h.household_id, k),
                        k == 0 ? Relation::Head : Relation::Son);
      m.birth = Date{1950 + (i + k) % 60, 1 + k, 1 + i % 28};
      mm.push_back(std::move(m));
    }
    ff.push_back(finance(h.household_id, 2025, yuan(5000 + i % 1000)));
    hh.push_back(std::move(h));
  }
  ASSERT_EQ(mm.size(), 840'000u);

  using Clock = std::chrono::steady_clock;
  auto secs = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
  auto t0 = Clock::now();
  auto wh = store_->write_households(hh, run("households"));
  ASSERT_TRUE(wh.ok()) << wh.error().message;
  auto t1 = Clock::now();
  auto wm = store_->write_members(mm, run("members"));
  ASSERT_TRUE(wm.ok()) << wm.error().message;
  auto t2 = Clock::now();
  auto wf = store_->write_finances(ff, run("finances"));
  ASSERT_TRUE(wf.ok()) << wf.error().message;
  auto t3 = Clock::now();
  auto again = store_->write_members(mm, run("members"));
  ASSERT_TRUE(again.ok()) << again.error().message;
  auto t4 = Clock::now();
  EXPECT_EQ(wm->inserted, 840'000);
  EXPECT_EQ(again->unchanged, 840'000);

  auto snap = store_->load_registry({});
  auto t5 = Clock::now();
  ASSERT_TRUE(snap.ok()) << snap.error().message;
  auto part = store_->load_registry({"520102003", {2025}});
  auto t6 = Clock::now();
  ASSERT_TRUE(part.ok()) << part.error().message;

  std::printf("[ perf ] households write: %.2fs (%.0f/s)\n", secs(t1 - t0), kHouseholds / secs(t1 - t0));
  std::printf("[ perf ] members write:    %.2fs (%.0f members/s)\n", secs(t2 - t1), 840000 / secs(t2 - t1));
  std::printf("[ perf ] finances write:   %.2fs (%.0f/s)\n", secs(t3 - t2), kHouseholds / secs(t3 - t2));
  std::printf("[ perf ] members re-import (all unchanged): %.2fs (%.0f members/s)\n", secs(t4 - t3),
              840000 / secs(t4 - t3));
  std::printf("[ perf ] load_registry all (200k hh / 840k members): %.2fs\n", secs(t5 - t4));
  std::printf("[ perf ] load_registry one township (%zu hh): %.3fs\n", part->households.size(), secs(t6 - t5));

  ASSERT_EQ(snap->households.size(), static_cast<std::size_t>(kHouseholds));
  ASSERT_EQ(snap->members.size(), 840'000u);
  ASSERT_EQ(snap->finances.size(), static_cast<std::size_t>(kHouseholds));
  ASSERT_EQ(snap->member_offsets.back(), 840'000u);
  for (std::size_t i = 1; i < snap->households.size(); ++i)
    ASSERT_LT(snap->households[i - 1].household_id, snap->households[i].household_id);
  for (std::size_t i = 0; i < snap->households.size(); ++i) {
    auto ms = snap->members_of(i);
    ASSERT_TRUE(ms.size() == 4 || ms.size() == 5);
    for (const Member& m : ms) ASSERT_EQ(m.household_id, snap->households[i].household_id);
  }
  EXPECT_EQ(part->households.size(), static_cast<std::size_t>(kHouseholds / 8));
  for (const Household& h : part->households) ASSERT_TRUE(h.region_code.starts_with("520102003"));
  EXPECT_EQ(part->finances.size(), part->households.size());
}

}  // namespace
}  // namespace fangpin::store
