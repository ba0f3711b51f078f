#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

namespace fangpin::store::sqlite {

namespace {

using sql::Failure;
using sql::Step;

Failure classify(int rc) {
  if ((rc & 0xFF) == SQLITE_CONSTRAINT)
    return rc == SQLITE_CONSTRAINT_FOREIGNKEY ? Failure::ForeignKey : Failure::Constraint;
  if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) return Failure::Busy;
  return Failure::Other;
}

class SqliteConnection;

class SqliteStatement final : public sql::StatementImpl {
 public:
  SqliteStatement(SqliteConnection* conn, sqlite3_stmt* stmt) : conn_(conn), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void bind_text(int i, std::string_view v) override {
    note(sqlite3_bind_text(stmt_, i, data(v), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  void bind_text_ref(int i, std::string_view v) override {
    note(sqlite3_bind_text(stmt_, i, data(v), static_cast<int>(v.size()), SQLITE_STATIC));
  }
  void bind_blob_ref(int i, std::string_view v) override {
    note(sqlite3_bind_blob(stmt_, i, data(v), static_cast<int>(v.size()), SQLITE_STATIC));
  }
  void bind_int(int i, std::int64_t v) override { note(sqlite3_bind_int64(stmt_, i, v)); }
  void bind_bool(int i, bool v) override { note(sqlite3_bind_int(stmt_, i, v ? 1 : 0)); }
  void bind_null(int i) override { note(sqlite3_bind_null(stmt_, i)); }

  Step step() override;
  void reset() override {
    sqlite3_reset(stmt_);
    bind_rc_ = SQLITE_OK;
  }
  void release() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bind_rc_ = SQLITE_OK;
  }
  std::int64_t changes() const override { return sqlite3_changes64(sqlite3_db_handle(stmt_)); }

  std::string_view text(int col) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    const int n = sqlite3_column_bytes(stmt_, col);
    return p != nullptr ? std::string_view(p, static_cast<std::size_t>(n)) : std::string_view{};
  }
  std::string_view blob(int col) const override {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    const int n = sqlite3_column_bytes(stmt_, col);
    return p != nullptr ? std::string_view(p, static_cast<std::size_t>(n)) : std::string_view{};
  }
  std::int64_t int64(int col) const override { return sqlite3_column_int64(stmt_, col); }
  bool boolean(int col) const override { return sqlite3_column_int64(stmt_, col) != 0; }
  // Stored as ISO text already.
  std::string timestamp(int col) const override { return std::string(text(col)); }
  bool is_null(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  static const char* data(std::string_view v) { return v.data() != nullptr ? v.data() : ""; }
  void note(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }
  SqliteConnection* conn_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// The default page cache (64 MiB) and the one for bulk writes (256 MiB): a monthly run
// writes millions of warning rows in one transaction and keeps their indexes resident.
constexpr std::string_view kCacheDefault = "PRAGMA cache_size = -65536";
constexpr std::string_view kCacheBulk = "PRAGMA cache_size = -262144";

class SqliteConnection final : public sql::Connection {
 public:
  SqliteConnection(sqlite3* db, bool in_memory) : db_(db), in_memory_(in_memory) {}
  ~SqliteConnection() override {
    cache_.clear();  // finalize before close
    sqlite3_close_v2(db_);
  }

  std::string_view backend() const override { return "sqlite"; }
  const SqlDialect& dialect() const override { return sqlite_dialect(); }
  const sql::Capabilities& capabilities() const override {
    static const sql::Capabilities caps{.consecutive_ids = true, .bulk_insert_rows = 32};
    return caps;
  }

  Result<sql::Statement> prepare(std::string_view generic_sql) override {
    if (auto it = cache_.find(generic_sql); it != cache_.end()) return sql::Statement(it->second.get());
    const std::string rendered = dialect().render(generic_sql);
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, rendered.c_str(), static_cast<int>(rendered.size() + 1),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      fail(rc);
      return error("准备语句");
    }
    auto impl = std::make_unique<SqliteStatement>(this, stmt);
    auto* raw = impl.get();
    cache_.emplace(std::string(generic_sql), std::move(impl));
    return sql::Statement(raw);
  }

  Status exec(std::string_view generic_sql) override { return exec_raw(dialect().render(generic_sql)); }

  Failure last_failure() const override { return failure_; }
  const std::string& last_message() const override { return message_; }
  std::int64_t last_insert_id() const override { return sqlite3_last_insert_rowid(db_); }

  // SQLite's write transaction (BEGIN IMMEDIATE) already holds the database-wide lock.
  Status lock(sql::LockKey) override {
    if (!in_write_transaction()) return internal_error("数据库锁只能在写事务中获取");
    return Ok{};
  }

  Status bulk_write() override { return exec_raw(std::string(kCacheBulk)); }

  Result<std::string> pragma(std::string_view text) override {
    sqlite3_stmt* stmt = nullptr;
    const std::string q = "PRAGMA " + std::string(text);
    if (const int rc = sqlite3_prepare_v2(db_, q.c_str(), -1, &stmt, nullptr); rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      fail(rc);
      return error("PRAGMA");
    }
    SqliteStatement one(this, stmt);  // finalizes the one-off statement
    const Step r = one.step();
    std::string out = r == Step::Row ? std::string(one.text(0)) : std::string();
    if (r == Step::Error) return error("PRAGMA");
    return out;
  }

  Status configure() {
    sqlite3_extended_result_codes(db_, 1);
    // busy_timeout first: switching to WAL needs a lock another process may hold.
    if (auto s = exec_raw("PRAGMA busy_timeout = 5000"); !s) return s;
    auto mode = pragma("journal_mode = WAL");
    if (!mode) return mode.error();
    if (*mode != "wal" && !(in_memory_ && *mode == "memory")) {
      return Error{ErrorKind::Unsupported, fmt::format("无法启用 WAL 日志模式（当前为 {}）", *mode), {}};
    }
    // Beyond the required settings: a 64 MiB page cache and reads through mmap (bulk loads
    // of a million households), statement journals in memory (UPDATEs of rows with foreign
    // keys need one each), and the WAL trimmed back to 64 MiB after a checkpoint.
    if (auto s = exec_raw(fmt::format("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; {}; "
                                      "PRAGMA temp_store = MEMORY; PRAGMA journal_size_limit = 67108864; "
                                      "PRAGMA mmap_size = 1073741824",
                                      kCacheDefault));
        !s) {
      return s;
    }
    auto fk = pragma("foreign_keys");
    if (!fk) return fk.error();
    if (*fk != "1") return Error{ErrorKind::Unsupported, "此 SQLite 不支持外键约束", {}};
    return Ok{};
  }

  void fail(int rc) {
    failure_ = classify(rc);
    message_ = sqlite3_errmsg(db_);
  }

 protected:
  Status begin_raw(sql::TxMode mode) override {
    return exec_raw(std::string(mode == sql::TxMode::Write ? dialect().begin_write : dialect().begin_read));
  }
  Status commit_raw() override { return exec_raw("COMMIT"); }
  void rollback_raw() override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

 private:
  Status exec_raw(const std::string& text) {
    char* msg = nullptr;
    if (const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &msg); rc != SQLITE_OK) {
      failure_ = classify(rc);
      message_ = msg != nullptr ? msg : sqlite3_errmsg(db_);
      sqlite3_free(msg);
      return Error{sql::error_kind(failure_), fmt::format("数据库错误：{}", message_), {}};
    }
    return Ok{};
  }

  sqlite3* db_;
  bool in_memory_;
  Failure failure_ = Failure::Other;
  std::string message_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>, StringHash, std::equal_to<>> cache_;
};

Step SqliteStatement::step() {
  const int rc = bind_rc_ != SQLITE_OK ? bind_rc_ : sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return Step::Row;
  if (rc == SQLITE_DONE) return Step::Done;
  conn_->fail(rc);
  return Step::Error;
}

}  // namespace

Result<std::unique_ptr<sql::Connection>> open_connection(const std::string& path) {
  // INSERT ... RETURNING needs 3.35.
  if (sqlite3_libversion_number() < 3035000) {
    return Error{ErrorKind::Unsupported,
                 fmt::format("SQLite 版本过低（{}），需要 3.35 或更高", sqlite3_libversion()), {}};
  }
  sqlite3* db = nullptr;
  // NOMUTEX: a connection is used by one thread at a time, so SQLite's own per-call
  // locking is pure overhead.
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    Error e{ErrorKind::FailedPrecondition,
            fmt::format("无法打开数据库 {}：{}", path, db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)),
            {}};
    sqlite3_close_v2(db);
    return e;
  }
  const bool in_memory = path.empty() || path == ":memory:" || path.starts_with("file::memory:");
  auto conn = std::make_unique<SqliteConnection>(db, in_memory);
  if (auto s = conn->configure(); !s) return s.error();
  return std::unique_ptr<sql::Connection>(std::move(conn));
}

}  // namespace fangpin::store::sqlite
