// The backend-neutral database layer every store is written against (README "Storage").
// A backend (SQLite in store/sqlite/, PostgreSQL later) implements Connection and
// StatementImpl; nothing above this layer names a backend's API.
//
//   Connection   one session with the database: prepared-statement cache keyed by generic
//                SQL (sql_dialect.h), exec of scripts, transactions that JOIN an outer one,
//                explicit write locks, failure classification.
//   Statement    a prepared statement in use: bind, step() -> Row/Done/Error, typed getters
//                that normalise booleans and timestamps, changes().
//   Transaction  RAII: rolls back unless committed; a joined one commits with its outer one.
//
// A Connection is used by one thread at a time.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "domain/result.h"
#include "store/sql_dialect.h"

namespace fangpin::store::sql {

enum class Step { Row, Done, Error };

// Why a statement failed, as far as the stores need to tell apart. Mapped to ErrorKind in
// one place (error_kind below).
enum class Failure {
  Constraint,  // UNIQUE / CHECK / NOT NULL violated
  ForeignKey,  // a referenced row does not exist
  Busy,        // another connection holds the lock past the timeout
  Other,
};
// Constraint -> Conflict, ForeignKey -> Invalid (the input names a missing row),
// Busy/Other -> Internal.
ErrorKind error_kind(Failure f);

// Serialisation points that SQLite gets for free from its database-wide write lock and
// PostgreSQL needs an advisory lock for (pg_advisory_xact_lock), held to the end of the
// transaction.
enum class LockKey : std::int64_t {
  Migrations = 1,
  WarningIds = 2,   // screening: a run's new warnings get consecutive ids
  AuditChain = 3,   // workflow: the audit chain head is read and extended by one writer
};

enum class TxMode { Read, Write };

// What a backend can do beyond generic SQL, for the bulk paths that would otherwise be slow.
struct Capabilities {
  // Rows inserted in a write transaction get ids max(id) + 1, + 2, … in statement order
  // (SQLite rowid tables); bulk inserts then need no RETURNING per row (last_insert_id()
  // checks it).
  bool consecutive_ids = false;
  // Rows per multi-row INSERT for bulk writes (1: one row per statement).
  int bulk_insert_rows = 1;
};

// A backend's prepared statement (see Statement for the contract of each call).
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void bind_text(int i, std::string_view v) = 0;
  virtual void bind_text_ref(int i, std::string_view v) = 0;
  virtual void bind_blob_ref(int i, std::string_view v) = 0;
  virtual void bind_int(int i, std::int64_t v) = 0;
  virtual void bind_bool(int i, bool v) = 0;
  virtual void bind_null(int i) = 0;
  virtual Step step() = 0;
  virtual void reset() = 0;
  virtual void release() = 0;  // reset and clear bindings: back to the cache
  virtual std::int64_t changes() const = 0;
  virtual std::string_view text(int col) const = 0;
  virtual std::string_view blob(int col) const = 0;
  virtual std::int64_t int64(int col) const = 0;
  virtual bool boolean(int col) const = 0;
  virtual std::string timestamp(int col) const = 0;
  virtual bool is_null(int col) const = 0;
};

// A prepared statement in use. Statements from Connection::prepare are cached: the handle
// resets them (and clears the bindings) when it goes away. Parameters and columns count
// from 1 and 0 respectively.
class Statement {
 public:
  Statement(StatementImpl* impl, std::unique_ptr<StatementImpl> owned = {})
      : impl_(impl), owned_(std::move(owned)) {}
  Statement(Statement&& o) noexcept : impl_(std::exchange(o.impl_, nullptr)), owned_(std::move(o.owned_)) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (impl_ != nullptr) impl_->release();
  }

  void bind_text(int i, std::string_view v) { impl_->bind_text(i, v); }
  // No copy: `v` must stay valid until the statement is stepped and reset (row fields,
  // string literals). Temporaries go through bind_text.
  void bind_text_ref(int i, std::string_view v) { impl_->bind_text_ref(i, v); }
  // Bytes, no copy (same lifetime rule as bind_text_ref).
  void bind_blob_ref(int i, std::string_view v) { impl_->bind_blob_ref(i, v); }
  void bind_int(int i, std::int64_t v) { impl_->bind_int(i, v); }
  void bind_bool(int i, bool v) { impl_->bind_bool(i, v); }
  void bind_null(int i) { impl_->bind_null(i); }

  // Row, Done, or Error (a failed bind surfaces here); after Error the connection's
  // last_failure()/error() describe it.
  Step step() { return impl_->step(); }
  // Ready to step again; bindings are kept.
  void reset() { impl_->reset(); }
  // Rows changed by the last completed INSERT/UPDATE/DELETE.
  std::int64_t changes() const { return impl_->changes(); }

  // Column getters for the current row. NULL reads as "" / 0 / false.
  std::string_view text(int col) const { return impl_->text(col); }
  std::string_view blob(int col) const { return impl_->blob(col); }
  std::int64_t int64(int col) const { return impl_->int64(col); }
  int integer(int col) const { return static_cast<int>(impl_->int64(col)); }
  // 0/1 or 't'/'f', whatever the backend stores.
  bool boolean(int col) const { return impl_->boolean(col); }
  // ISO "YYYY-MM-DDTHH:MM:SSZ" (UTC), "" for NULL.
  std::string timestamp(int col) const { return impl_->timestamp(col); }
  bool is_null(int col) const { return impl_->is_null(col); }

 private:
  StatementImpl* impl_;
  std::unique_ptr<StatementImpl> owned_;
};

class Connection;

// A write or read transaction. The outermost one begins and commits; one begun while
// another is open joins it (commit() is then a no-op), and if a joined write transaction
// ends without commit() the outer one can no longer commit: its commit() rolls back and
// fails, so a failed step can never be half-committed by a caller that ignored its error.
class Transaction {
 public:
  Transaction(Transaction&& o) noexcept
      : conn_(std::exchange(o.conn_, nullptr)), outer_(o.outer_), write_(o.write_) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status commit();

 private:
  friend class Connection;
  Transaction(Connection* conn, bool outer, bool write) : conn_(conn), outer_(outer), write_(write) {}
  Connection* conn_;
  bool outer_;
  bool write_;
};

class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  virtual ~Connection() = default;

  // "sqlite" or "postgresql".
  virtual std::string_view backend() const = 0;
  virtual const SqlDialect& dialect() const = 0;
  virtual const Capabilities& capabilities() const = 0;

  // Prepared once per connection (keyed by the generic text, rendered with dialect()).
  virtual Result<Statement> prepare(std::string_view generic_sql) = 0;
  // Runs one or more ';'-separated generic statements (DDL, scripts); not cached.
  virtual Status exec(std::string_view generic_sql) = 0;

  // The last failure on this connection (after Step::Error or a failed exec).
  virtual Failure last_failure() const = 0;
  virtual const std::string& last_message() const = 0;
  // "数据库错误（what）：message", its kind from error_kind(last_failure()).
  Error error(std::string_view what) const;

  // The id of the last row inserted (backends with Capabilities::consecutive_ids).
  virtual std::int64_t last_insert_id() const = 0;
  // Takes `key` until the end of the current write transaction (Internal outside one).
  virtual Status lock(LockKey key) = 0;
  // Bulk writes ahead (a monthly screening run): a backend may enlarge its caches for the
  // rest of the connection's life (shrinking them again costs more than it saves).
  virtual Status bulk_write() = 0;
  // SQLite `PRAGMA name` for diagnostics and tests; Unsupported elsewhere.
  virtual Result<std::string> pragma(std::string_view name) = 0;

  // Begins, or joins the open transaction. A write transaction cannot join a read one.
  Result<Transaction> begin(TxMode mode);
  bool in_transaction() const { return depth_ > 0; }
  bool in_write_transaction() const { return depth_ > 0 && write_; }

 protected:
  virtual Status begin_raw(TxMode mode) = 0;
  virtual Status commit_raw() = 0;
  virtual void rollback_raw() = 0;

 private:
  friend class Transaction;
  int depth_ = 0;
  bool write_ = false;
  bool rollback_only_ = false;
};

// Generated id of an `INSERT … RETURNING id` (stepped here; Error if no row came back).
Result<std::int64_t> insert_returning_id(Connection& c, Statement& s, std::string_view what);

// A region filter on `column` as an index range: "column >= ? AND column < ?" with the
// RegionPrefix bounds, or "" for everywhere (then nothing to bind).
struct RegionRange {
  std::string cond;          // "" or the condition (no leading AND)
  std::string lower, upper;  // bind the first `params` of these, in order
  int params = 0;            // 0 (everywhere), 2, or 1 for a prefix with no upper bound
  bool any() const { return !cond.empty(); }
  // Binds lower/upper at `first`, first + 1; returns the next parameter index.
  int bind(Statement& s, int first) const;
};
// Digit prefixes use RegionPrefix::lower()/upper(); any other text its byte successor.
RegionRange region_range(std::string_view column, std::string_view prefix);

}  // namespace fangpin::store::sql
