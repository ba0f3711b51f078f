// One database, one unit of work (src/store/README.md). A Database is one connection to one
// backend (SQLite file or PostgreSQL server) that hands out every store on that connection
// and runs a transaction across them: "warning verified 纳入 → case opened" commits both or
// neither. A Database is used by one thread at a time (a server leases one per request).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "domain/result.h"
#include "store/account_store.h"
#include "store/case_store.h"
#include "store/clue_store.h"
#include "store/screening_store.h"
#include "store/store.h"

namespace fangpin::store {

class Database {
 public:
  virtual ~Database() = default;

  // "sqlite" or "postgresql".
  virtual std::string_view backend() const = 0;
  // What open_database was given, without a password (for messages and logs).
  virtual const std::string& display_name() const = 0;

  // Creates or migrates the schema to the latest version; idempotent.
  virtual Status migrate() = 0;
  // 0 for a database that was never initialised.
  virtual Result<int> schema_version() = 0;

  // Every store works on this database's one connection. Valid for the Database's life;
  // only after the schema is current (open_database with a migrated database, or migrate()).
  virtual Store& registry() = 0;
  virtual CaseStore& cases() = 0;
  virtual ScreeningStore& screening() = 0;
  virtual AccountStore& accounts() = 0;
  virtual ClueStore& clues() = 0;

  // Runs `fn` in one write transaction across every store: commits when it returns Ok,
  // rolls back when it returns an error or throws. Store write calls made inside join this
  // transaction instead of starting their own; a nested transaction() joins too.
  virtual Status transaction(const std::function<Status()>& fn) = 0;

  // SQLite `PRAGMA name` on this connection, for diagnostics and tests (Invalid for a name
  // that is not a plain identifier, Unsupported on other backends).
  virtual Result<std::string> sqlite_pragma(std::string_view name) {
    (void)name;
    return Error{ErrorKind::Unsupported, "不是 SQLite 数据库", {}};
  }
};

// Opens a database:
//   "postgresql://…" or "postgres://…"  PostgreSQL (libpq connection URI)
//   "sqlite:PATH", "file:PATH" or a plain PATH  an SQLite file (created if missing)
// An initialised database is brought up to date; a new one is left empty (migrate() creates
// the schema). A URL naming an unknown scheme is Invalid; a backend this build lacks
// (PostgreSQL, for now) is Unsupported.
Result<std::unique_ptr<Database>> open_database(std::string_view url);

}  // namespace fangpin::store
