// SQLite plumbing shared by every SQLite-backed store (registry, workflow, screening,
// accounts): a configured connection (WAL, foreign keys, busy timeout), cached prepared
// statements, RAII statements and transactions. One connection is used by one thread at a
// time; open one per thread (WAL lets readers run beside the writer).
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "domain/result.h"
#include "store/sql_dialect.h"

namespace fangpin::store::sqlite {

inline const SqlDialect& dialect() { return sqlite_dialect(); }

inline Error sqlite_error(sqlite3* db, std::string_view what) {
  return Error{ErrorKind::Internal,
               fmt::format("数据库错误（{}）：{}", what, sqlite3_errmsg(db)), {}};
}

inline Error corrupt(std::string_view column, std::string_view value) {
  return Error{ErrorKind::Internal, fmt::format("数据库中 {} 的值无法识别：“{}”", column, value),
               std::string(column)};
}

inline bool is_foreign_key_failure(sqlite3* db, int rc) {
  return (rc & 0xFF) == SQLITE_CONSTRAINT && sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_FOREIGNKEY;
}

// A prepared statement in use. Cached statements are reset (and their bindings cleared)
// when the handle goes away; one-off statements are finalized.
class Statement {
 public:
  Statement(sqlite3_stmt* stmt, bool owned) : stmt_(stmt), owned_(owned) {}
  Statement(Statement&& o) noexcept
      : stmt_(std::exchange(o.stmt_, nullptr)), owned_(o.owned_), bind_rc_(o.bind_rc_) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (stmt_ == nullptr) return;
    if (owned_) {
      sqlite3_finalize(stmt_);
    } else {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }

  void bind_text(int i, std::string_view v) {
    note(sqlite3_bind_text(stmt_, i, v.data() != nullptr ? v.data() : "", static_cast<int>(v.size()),
                           SQLITE_TRANSIENT));
  }
  // No copy: `v` must stay valid until the statement is stepped and reset (row fields,
  // string literals). Temporaries go through bind_text.
  void bind_text_ref(int i, std::string_view v) {
    note(sqlite3_bind_text(stmt_, i, v.data() != nullptr ? v.data() : "", static_cast<int>(v.size()), SQLITE_STATIC));
  }
  // Bytes, no copy (same lifetime rule as bind_text_ref).
  void bind_blob_ref(int i, std::string_view v) {
    note(sqlite3_bind_blob(stmt_, i, v.data() != nullptr ? v.data() : "", static_cast<int>(v.size()), SQLITE_STATIC));
  }
  void bind_int(int i, std::int64_t v) { note(sqlite3_bind_int64(stmt_, i, v)); }
  void bind_bool(int i, bool v) { note(sqlite3_bind_int(stmt_, i, v ? 1 : 0)); }
  void bind_null(int i) { note(sqlite3_bind_null(stmt_, i)); }

  // SQLITE_ROW, SQLITE_DONE or an error code (a failed bind surfaces here).
  int step() { return bind_rc_ != SQLITE_OK ? bind_rc_ : sqlite3_step(stmt_); }
  // Ready to step again; bindings are kept.
  void reset() {
    sqlite3_reset(stmt_);
    bind_rc_ = SQLITE_OK;
  }

  std::string_view text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    const int n = sqlite3_column_bytes(stmt_, col);
    return p != nullptr ? std::string_view(p, static_cast<std::size_t>(n)) : std::string_view{};
  }
  std::string_view blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    const int n = sqlite3_column_bytes(stmt_, col);
    return p != nullptr ? std::string_view(p, static_cast<std::size_t>(n)) : std::string_view{};
  }
  std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  int integer(int col) const { return sqlite3_column_int(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  void note(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }
  sqlite3_stmt* stmt_;
  bool owned_;
  int bind_rc_ = SQLITE_OK;
};

inline Status exec(sqlite3* db, const std::string& sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    Error e{ErrorKind::Internal, fmt::format("数据库错误：{}", msg != nullptr ? msg : sqlite3_errmsg(db)), {}};
    sqlite3_free(msg);
    return e;
  }
  return Ok{};
}

// Rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Status begin(std::string_view begin_sql) {
    if (auto s = exec(db_, std::string(begin_sql)); !s) return s;
    open_ = true;
    return Ok{};
  }
  Status commit() {
    if (auto s = exec(db_, "COMMIT"); !s) return s;  // still open: the destructor rolls back
    open_ = false;
    return Ok{};
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// A configured connection with a prepared-statement cache. Stores derive from it.
class SqliteDb {
 public:
  SqliteDb(sqlite3* db, bool in_memory) : db_(db), in_memory_(in_memory) {}
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  virtual ~SqliteDb() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  // Opens (creating if needed) and configures a connection as a T (a SqliteDb subclass
  // constructible from (sqlite3*, bool in_memory)).
  template <class T>
  static Result<std::unique_ptr<T>> open(const std::string& path) {
    sqlite3* db = nullptr;
    if (auto s = open_raw(path, &db); !s) return s.error();
    const bool in_memory = path.empty() || path == ":memory:" || path.starts_with("file::memory:");
    auto t = std::make_unique<T>(db, in_memory);
    if (auto s = t->configure(); !s) return s.error();
    return t;
  }

  // Prepared once (SQLITE_PREPARE_PERSISTENT) and kept for the connection's life; the key
  // is the generic SQL text (rendered with the SQLite dialect).
  Result<Statement> cached(std::string_view generic_sql);
  Result<std::string> pragma(std::string_view text);
  Status configure();
  sqlite3* handle() const { return db_; }

 protected:
  static Status open_raw(const std::string& path, sqlite3** out);

  sqlite3* db_;
  bool in_memory_;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> cache_;
};

}  // namespace fangpin::store::sqlite
