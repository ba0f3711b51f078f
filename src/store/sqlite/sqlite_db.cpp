#include "store/sqlite/sqlite_db.h"

namespace fangpin::store::sqlite {

Status SqliteDb::open_raw(const std::string& path, sqlite3** out) {
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
  *out = db;
  return Ok{};
}

Result<Statement> SqliteDb::cached(std::string_view generic_sql) {
  if (auto it = cache_.find(generic_sql); it != cache_.end()) return Statement(it->second, false);
  const std::string rendered = dialect().render(generic_sql);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, rendered.c_str(), static_cast<int>(rendered.size() + 1), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return Error{ErrorKind::Internal, fmt::format("数据库错误（准备语句）：{}", sqlite3_errmsg(db_)), {}};
  }
  cache_.emplace(std::string(generic_sql), stmt);
  return Statement(stmt, false);
}

Status SqliteDb::configure() {
  sqlite3_extended_result_codes(db_, 1);
  // busy_timeout first: switching to WAL needs a lock another process may hold.
  if (auto s = exec(db_, "PRAGMA busy_timeout = 5000"); !s) return s;
  auto mode = pragma("journal_mode = WAL");
  if (!mode) return mode.error();
  if (*mode != "wal" && !(in_memory_ && *mode == "memory")) {
    return Error{ErrorKind::Unsupported, fmt::format("无法启用 WAL 日志模式（当前为 {}）", *mode), {}};
  }
  // Beyond the required settings: a 64 MiB page cache and reads through mmap (bulk loads of
  // a million households), statement journals in memory (UPDATEs of rows with foreign keys
  // need one each), and the WAL trimmed back to 64 MiB after a checkpoint.
  if (auto s = exec(db_,
                    "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
                    "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; "
                    "PRAGMA journal_size_limit = 67108864; PRAGMA mmap_size = 1073741824");
      !s) {
    return s;
  }
  auto fk = pragma("foreign_keys");
  if (!fk) return fk.error();
  if (*fk != "1") return Error{ErrorKind::Unsupported, "此 SQLite 不支持外键约束", {}};
  return Ok{};
}

Result<std::string> SqliteDb::pragma(std::string_view text) {
  sqlite3_stmt* stmt = nullptr;
  const std::string sql = "PRAGMA " + std::string(text);
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return sqlite_error(db_, "PRAGMA");
  }
  Statement s(stmt, true);
  const int rc = s.step();
  if (rc == SQLITE_ROW) return std::string(s.text(0));
  if (rc == SQLITE_DONE) return std::string();
  return sqlite_error(db_, "PRAGMA");
}

}  // namespace fangpin::store::sqlite
