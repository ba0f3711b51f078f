#include "store/sql/connection.h"

#include <fmt/format.h>

#include "domain/region.h"
#include "store/queries.h"

namespace fangpin::store::sql {

ErrorKind error_kind(Failure f) {
  switch (f) {
    case Failure::Constraint: return ErrorKind::Conflict;
    case Failure::ForeignKey: return ErrorKind::Invalid;
    case Failure::Busy:
    case Failure::Other: return ErrorKind::Internal;
  }
  return ErrorKind::Internal;
}

Error Connection::error(std::string_view what) const {
  return Error{error_kind(last_failure()), fmt::format("数据库错误（{}）：{}", what, last_message()), {}};
}

Result<Transaction> Connection::begin(TxMode mode) {
  const bool write = mode == TxMode::Write;
  if (depth_ > 0) {
    if (write && !write_) return internal_error("写事务不能加入只读事务");
    ++depth_;
    return Transaction(this, false, write);
  }
  if (auto s = begin_raw(mode); !s) return s.error();
  depth_ = 1;
  write_ = write;
  rollback_only_ = false;
  return Transaction(this, true, write);
}

Transaction::~Transaction() {
  if (conn_ == nullptr) return;
  --conn_->depth_;
  if (outer_) {
    conn_->rollback_raw();
    conn_->rollback_only_ = false;
  } else if (write_) {
    conn_->rollback_only_ = true;
  }
}

Status Transaction::commit() {
  if (conn_ == nullptr) return internal_error("事务已结束");
  Connection* c = std::exchange(conn_, nullptr);
  --c->depth_;
  if (!outer_) return Ok{};
  if (c->rollback_only_) {
    c->rollback_raw();
    c->rollback_only_ = false;
    return internal_error("事务中有一步写入失败，已全部回滚");
  }
  if (auto s = c->commit_raw(); !s) {
    c->rollback_raw();
    return s;
  }
  return Ok{};
}

Result<std::int64_t> insert_returning_id(Connection& c, Statement& s, std::string_view what) {
  if (s.step() != Step::Row) return c.error(what);
  const std::int64_t id = s.int64(0);
  if (s.step() != Step::Done) return c.error(what);
  return id;
}

int RegionRange::bind(Statement& s, int first) const {
  if (params >= 1) s.bind_text(first++, lower);
  if (params >= 2) s.bind_text(first++, upper);
  return first;
}

RegionRange region_range(std::string_view column, std::string_view prefix) {
  RegionRange r;
  if (prefix.empty()) return r;
  if (auto p = RegionPrefix::parse(prefix)) {
    r.lower = p->lower();
    r.upper = p->upper();
  } else if (auto upper = prefix_upper_bound(prefix)) {
    r.lower = std::string(prefix);
    r.upper = std::move(*upper);
  } else {
    r.lower = std::string(prefix);
    r.cond = fmt::format("{} >= ?", column);
    r.params = 1;
    return r;
  }
  r.cond = fmt::format("{} >= ? AND {} < ?", column, column);
  r.params = 2;
  return r;
}

}  // namespace fangpin::store::sql
