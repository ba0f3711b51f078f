// store::Database: one connection, every store on it, one unit of work across them; the
// connection layer's transactions, locks and failure classification.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>  // mkdtemp
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <unistd.h>

#include <fmt/format.h>
#include <string>

#include "store/database.h"
#include "store/sql/connection.h"
#include "store/sql/stores.h"
#include "store/sqlite/sqlite_connection.h"
#include "../support/temp_database.h"

namespace fangpin::store {
namespace {

namespace fs = std::filesystem;

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::make_temp_dir("fangpin_db");
    path_ = (dir_ / "t.db").string();
    auto d = testing::open_migrated_database(path_);
    ASSERT_TRUE(d.ok()) << d.error().message;
    db_ = std::move(*d);
    const Household h = household("H1");
    ASSERT_TRUE(db_->registry().write_households({&h, 1}, run()).ok());
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Counted through a second, independent connection: what is committed in the file.
  std::int64_t count(const std::string& table) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    const std::string sql = "SELECT COUNT(*) FROM " + table;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::int64_t v = -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
  }

  static Household household(std::string id) {
    Household h;
    h.household_id = std::move(id);
    h.region_code = "520102001001";
    h.head_name = "张三";
    h.phone = "13800000000";
    return h;
  }
  static ImportRun run() { return ImportRun{"households", "t.csv", "tester", "2026-11-25T02:00:00Z", 1, 0}; }
  static CaseRow case_row(std::string household_id) {
    return CaseRow{0, std::move(household_id), "520102001001", "识别中", true, "2026-11-25", 0, "{}", {}, std::nullopt};
  }
  static AuditDraft draft() { return AuditDraft{"王", "村级", "2026-11-25T02:00:00Z", "2026-11-25", "线索登记", "", ""}; }
  static UserRecord user(std::string name) {
    UserRecord u;
    u.username = std::move(name);
    u.role = "督导";
    u.password_hash = "x";
    u.created_at = u.updated_at = "2026-11-25T02:00:00Z";
    u.created_by = u.updated_by = "admin";
    return u;
  }
  static ScreeningWrite screening_write() {
    ScreeningWrite w;
    w.run.department = "医保";
    w.run.month = "2026-10";
    w.run.source_file = "f.csv";
    w.run.user = "tester";
    w.run.at = "2026-11-25T02:00:00Z";
    WarningUpsert x;
    x.household_id = "H1";
    x.department = "医保";
    x.reason = "因病";
    x.grade_rank = 1;
    x.facts = "f";
    x.signals = 1;
    w.warnings.push_back(x);
    return w;
  }

  // One write through each of the four stores.
  Status write_everywhere() {
    const Household h2 = household("H2");
    if (auto r = db_->registry().write_households({&h2, 1}, run()); !r) return r.error();
    if (auto r = db_->cases().create_case(case_row("H1"), draft()); !r) return r.error();
    if (auto r = db_->screening().write_screening(screening_write()); !r) return r.error();
    return db_->accounts().add_user(user("u1"));
  }

  struct Counts {
    std::int64_t households, import_runs, cases, audit, runs, warnings, users;
    bool operator==(const Counts&) const = default;
  };
  Counts counts() {
    return Counts{count("households"),      count("import_runs"),        count("cases"), count("audit_events"),
                  count("screening_runs"), count("screening_warnings"), count("users")};
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<Database> db_;
};

TEST_F(DatabaseTest, TransactionAcrossAllStoresCommitsTogether) {
  const Counts before = counts();
  ASSERT_TRUE(db_->transaction([&] { return write_everywhere(); }).ok());
  const Counts after = counts();
  EXPECT_EQ(after.households, before.households + 1);
  EXPECT_EQ(after.cases, 1);
  EXPECT_EQ(after.audit, 1);
  EXPECT_EQ(after.runs, 1);
  EXPECT_EQ(after.warnings, 1);
  EXPECT_EQ(after.users, 1);
}

TEST_F(DatabaseTest, TransactionAcrossAllStoresRollsBackOnError) {
  const Counts before = counts();
  auto s = db_->transaction([&]() -> Status {
    if (auto w = write_everywhere(); !w) return w;
    EXPECT_EQ(count("users"), 0);  // not visible outside before the commit
    return conflict("forced");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(s.error().message, "forced");
  EXPECT_EQ(counts(), before);
  // The connection is usable afterwards (no transaction left open).
  ASSERT_TRUE(db_->accounts().add_user(user("after")).ok());
  EXPECT_EQ(count("users"), 1);
}

TEST_F(DatabaseTest, TransactionAcrossAllStoresRollsBackOnException) {
  const Counts before = counts();
  EXPECT_THROW((void)db_->transaction([&]() -> Status {
    if (auto w = write_everywhere(); !w) return w;
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(counts(), before);
  ASSERT_TRUE(db_->transaction([&] { return db_->accounts().add_user(user("after")); }).ok());
  EXPECT_EQ(count("users"), 1);
}

TEST_F(DatabaseTest, NestedTransactionJoinsTheOuterOne) {
  auto s = db_->transaction([&]() -> Status {
    if (auto a = db_->accounts().add_user(user("a")); !a) return a;
    auto inner = db_->transaction([&] { return db_->accounts().add_user(user("b")); });
    if (!inner) return inner;
    EXPECT_EQ(count("users"), 0);  // the inner "commit" committed nothing yet
    return Ok{};
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(count("users"), 2);

  // The outer one failing undoes what the inner one did.
  s = db_->transaction([&]() -> Status {
    auto inner = db_->transaction([&] { return db_->accounts().add_user(user("c")); });
    if (!inner) return inner;
    return conflict("outer fails");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(count("users"), 2);
}

TEST_F(DatabaseTest, FailedJoinedWriteCannotBeCommittedByTheOuterOne) {
  // The caller ignores the inner failure: the outer commit must not store half of it.
  auto s = db_->transaction([&]() -> Status {
    (void)db_->accounts().add_user(user("a"));
    (void)db_->transaction([&]() -> Status {
      if (auto b = db_->accounts().add_user(user("b")); !b) return b;
      return conflict("inner fails");
    });
    return Ok{};
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(count("users"), 0);
  // And the next transaction starts clean.
  ASSERT_TRUE(db_->transaction([&] { return db_->accounts().add_user(user("a")); }).ok());
  EXPECT_EQ(count("users"), 1);
}

TEST_F(DatabaseTest, StoreWriteInsideATransactionJoinsIt) {
  const Household h2 = household("H2");
  auto s = db_->transaction([&]() -> Status {
    auto w = db_->registry().write_households({&h2, 1}, run());  // its own transaction joins
    if (!w) return w.error();
    return conflict("undo");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(count("households"), 1);
  EXPECT_FALSE(db_->registry().find_household("H2")->has_value());
}

TEST_F(DatabaseTest, TwoDatabasesOnOneFileStillDetectTheCaseVersionConflict) {
  auto other = open_database(path_);
  ASSERT_TRUE(other.ok()) << other.error().message;
  auto created = db_->cases().create_case(case_row("H1"), draft());
  ASSERT_TRUE(created.ok()) << created.error().message;
  CaseRow mine = *created, theirs = *created;
  mine.data = R"({"by":"mine"})";
  theirs.data = R"({"by":"theirs"})";
  ASSERT_TRUE(db_->cases().update_case(mine, draft()).ok());
  auto stale = (*other)->cases().update_case(theirs, draft());
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().kind, ErrorKind::Conflict);
  auto stored = (*other)->cases().find_case(created->id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->data, mine.data);
  EXPECT_EQ((*stored)->version, 2);
  EXPECT_EQ(count("audit_events"), 2);
}

TEST_F(DatabaseTest, PostgresUrlIsUnsupportedAndUnknownSchemesInvalid) {
  auto pg = open_database("postgresql://localhost/fangpin");
  ASSERT_FALSE(pg.ok());
  EXPECT_EQ(pg.error().kind, ErrorKind::Unsupported);
  EXPECT_NE(pg.error().message.find("PostgreSQL"), std::string::npos);
  auto odd = open_database("mysql://localhost/x");
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().kind, ErrorKind::Invalid);
  auto prefixed = open_database("sqlite:" + path_);
  ASSERT_TRUE(prefixed.ok()) << prefixed.error().message;
  EXPECT_EQ((*prefixed)->schema_version().value(), (*prefixed)->schema_version().value());
  EXPECT_GT((*prefixed)->schema_version().value(), 0);
}

TEST_F(DatabaseTest, PragmaDiagnostics) {
  EXPECT_EQ(*db_->sqlite_pragma("journal_mode"), "wal");
  EXPECT_EQ(*db_->sqlite_pragma("foreign_keys"), "1");
  auto bad = db_->sqlite_pragma("foreign_keys; DROP TABLE households");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::Invalid);
}

// ---- the connection layer ---------------------------------------------------------------

class ConnectionTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    auto c = sqlite::open_connection(path_);
    ASSERT_TRUE(c.ok()) << c.error().message;
    conn_ = std::move(*c);
  }
  void TearDown() override {
    conn_.reset();
    DatabaseTest::TearDown();
  }
  std::unique_ptr<sql::Connection> conn_;
};

TEST_F(ConnectionTest, UniqueViolationIsAConstraintFailureMappedToConflict) {
  auto s = conn_->prepare(
      "INSERT INTO households (household_id, region_code, head_name, phone, formerly_poor, relocated, housing_safe, "
      "water_safe, education_ok, medical_ok, food_clothing_ok, created_at, updated_at) "
      "VALUES (?, 'r', 'n', 'p', ?, ?, ?, ?, ?, ?, ?, 't', 't')");
  ASSERT_TRUE(s.ok()) << s.error().message;
  s->bind_text(1, "H1");  // already stored
  for (int i = 2; i <= 8; ++i) s->bind_bool(i, false);
  ASSERT_EQ(s->step(), sql::Step::Error);
  EXPECT_EQ(conn_->last_failure(), sql::Failure::Constraint);
  EXPECT_EQ(conn_->error("写入户").kind, ErrorKind::Conflict);
  EXPECT_NE(conn_->error("写入户").message.find("写入户"), std::string::npos);
}

TEST_F(ConnectionTest, ForeignKeyViolationIsClassifiedAndMappedToInvalid) {
  auto s = conn_->prepare(
      "INSERT INTO cases (household_id, region_code, status, active, clue_date, version, data, created_at, updated_at) "
      "VALUES (?, 'r', 's', ?, '2026-01-01', 1, '{}', 't', 't')");
  ASSERT_TRUE(s.ok()) << s.error().message;
  s->bind_text(1, "NOBODY");
  s->bind_bool(2, true);
  ASSERT_EQ(s->step(), sql::Step::Error);
  EXPECT_EQ(conn_->last_failure(), sql::Failure::ForeignKey);
  EXPECT_EQ(conn_->error("立案").kind, ErrorKind::Invalid);
  EXPECT_EQ(sql::error_kind(sql::Failure::Busy), ErrorKind::Internal);
  EXPECT_EQ(sql::error_kind(sql::Failure::Other), ErrorKind::Internal);
}

TEST_F(ConnectionTest, MemberOfAnUnknownHouseholdIsInvalidThroughTheStore) {
  Member m;
  m.household_id = "NOBODY";
  m.id_number = "520102199001010011";
  m.name = "李四";
  m.birth = *Date::parse("1990-01-01");
  auto w = db_->registry().write_members({&m, 1}, run());
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(w.error().field, "household_id");
}

TEST_F(ConnectionTest, LocksNeedAWriteTransactionAndReadsJoinWrites) {
  EXPECT_FALSE(conn_->lock(sql::LockKey::WarningIds).ok());
  {
    auto tx = conn_->begin(sql::TxMode::Write);
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    EXPECT_TRUE(conn_->lock(sql::LockKey::AuditChain).ok());
    auto read = conn_->begin(sql::TxMode::Read);  // joins
    ASSERT_TRUE(read.ok());
    EXPECT_TRUE(read->commit().ok());
    EXPECT_TRUE(conn_->in_write_transaction());
    EXPECT_TRUE(tx->commit().ok());
  }
  EXPECT_FALSE(conn_->in_transaction());
  auto read = conn_->begin(sql::TxMode::Read);
  ASSERT_TRUE(read.ok());
  auto write = conn_->begin(sql::TxMode::Write);  // cannot upgrade a joined read
  EXPECT_FALSE(write.ok());
  EXPECT_FALSE(conn_->lock(sql::LockKey::Migrations).ok());
}

TEST_F(ConnectionTest, GettersNormaliseBooleansAndTimestamps) {
  auto s = conn_->prepare("SELECT formerly_poor, created_at, exit_year FROM households WHERE household_id = ?");
  ASSERT_TRUE(s.ok());
  s->bind_text(1, "H1");
  ASSERT_EQ(s->step(), sql::Step::Row);
  EXPECT_FALSE(s->boolean(0));
  EXPECT_EQ(s->timestamp(1), "2026-11-25T02:00:00Z");
  EXPECT_TRUE(s->is_null(2));
  EXPECT_EQ(s->timestamp(2), "");
}

TEST_F(ConnectionTest, RegionRangeUsesThePrefixBounds) {
  const auto r = sql::region_range("region_code", "5201");
  EXPECT_EQ(r.cond, "region_code >= ? AND region_code < ?");
  EXPECT_EQ(r.lower, "5201");
  EXPECT_EQ(r.upper, "5201:");
  EXPECT_FALSE(sql::region_range("region_code", "").any());
  // Through a store: the range selects exactly the prefix.
  Household other = household("H9");
  other.region_code = "520201001001";
  ASSERT_TRUE(db_->registry().write_households({&other, 1}, run()).ok());
  auto snap = db_->registry().load_registry(RegistryQuery{"5201", {}});
  ASSERT_TRUE(snap.ok());
  ASSERT_EQ(snap->households.size(), 1u);
  EXPECT_EQ(snap->households[0].household_id, "H1");
}

// The SQLite connection seen as a backend without consecutive ids or multi-row inserts (as
// PostgreSQL will be): the stores' generic paths, run on a real database.
class GenericConnection final : public sql::Connection {
 public:
  explicit GenericConnection(std::unique_ptr<sql::Connection> inner) : inner_(std::move(inner)) {}
  std::string_view backend() const override { return "generic"; }
  const SqlDialect& dialect() const override { return inner_->dialect(); }
  const sql::Capabilities& capabilities() const override {
    static const sql::Capabilities none{};
    return none;
  }
  Result<sql::Statement> prepare(std::string_view q) override { return inner_->prepare(q); }
  Status exec(std::string_view q) override { return inner_->exec(q); }
  sql::Failure last_failure() const override { return inner_->last_failure(); }
  const std::string& last_message() const override { return inner_->last_message(); }
  std::int64_t last_insert_id() const override { return -1; }  // must not be relied on
  Status lock(sql::LockKey k) override { return inner_->lock(k); }
  Status bulk_write() override { return Ok{}; }
  Result<std::string> pragma(std::string_view) override { return Error{ErrorKind::Unsupported, "no", {}}; }

 protected:
  Status begin_raw(sql::TxMode mode) override {
    auto tx = inner_->begin(mode);
    if (!tx) return tx.error();
    tx_.emplace(std::move(*tx));
    return Ok{};
  }
  Status commit_raw() override {
    auto s = tx_->commit();
    tx_.reset();
    return s;
  }
  void rollback_raw() override { tx_.reset(); }

 private:
  std::unique_ptr<sql::Connection> inner_;
  std::optional<sql::Transaction> tx_;
};

// Two runs (the second merging into some of the first's warnings) through `c`; returns
// every outcome, then the stored warnings, as text.
std::string two_runs(sql::Connection& c) {
  auto registry = sql::make_registry_store(c);
  auto screening = sql::make_screening_store(c);
  if (!registry->migrate()) return "migrate failed";
  std::vector<Household> hs;
  for (int i = 0; i < 45; ++i) {
    Household h;
    h.household_id = fmt::format("H{:02d}", i);
    h.region_code = "520102001001";
    h.head_name = "户主";
    hs.push_back(h);
  }
  if (!registry->write_households(hs, ImportRun{"households", "t", "t", "2026-01-01T00:00:00Z", 45, 0}))
    return "households failed";
  std::string out;
  for (int r = 0; r < 2; ++r) {
    ScreeningWrite w;
    w.run.department = "医保";
    w.run.month = r == 0 ? "2026-01" : "2026-02";
    w.run.at = "2026-03-01T00:00:00Z";
    for (int i = r * 30; i < 45 && i < r * 30 + 40; ++i) {
      WarningUpsert x;
      x.household_id = hs[static_cast<std::size_t>(i)].household_id;
      x.department = "医保";
      x.reason = "因病";
      x.grade_rank = 1 + i % 3;
      x.facts = "f";
      x.signals = 1;
      w.warnings.push_back(x);
    }
    auto res = screening->write_screening(w);
    if (!res) return res.error().message;
    for (const auto& o : res->warnings)
      out += fmt::format("{} {} {} {} {}\n", o.id, o.merged, o.first_run, o.grade_rank, o.signals);
  }
  auto all = screening->list_warnings({});
  if (!all) return all.error().message;
  for (const auto& w : *all) out += fmt::format("{} {} {} {}\n", w.id, w.household_id, w.grade_rank, w.signals);
  return out;
}

TEST(GenericBackend, WarningWritesMatchTheFastPath) {
  const fs::path dir = fs::temp_directory_path() / ("fangpin_generic_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto fast = sqlite::open_connection((dir / "fast.db").string());
  auto slow = sqlite::open_connection((dir / "generic.db").string());
  ASSERT_TRUE(fast.ok() && slow.ok());
  ASSERT_EQ((*fast)->capabilities().bulk_insert_rows, 32);  // the fast path batches
  GenericConnection generic(std::move(*slow));
  const std::string a = two_runs(**fast);
  const std::string b = two_runs(generic);
  EXPECT_NE(a.find("40 false 1 "), std::string::npos) << a;  // 40 new warnings in the first run
  EXPECT_NE(a.find("31 true 1 "), std::string::npos) << a;   // merged in the second
  EXPECT_EQ(a, b);
  fast->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace fangpin::store
