#include "server/conn_pool.h"

namespace fangpin::server::detail {

Result<ConnPool::Lease> ConnPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    ++acquires_;
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      ++in_use_;
      return Lease(this, std::move(db));
    }
  }
  // Opened outside the lock: other requests keep leasing idle connections meanwhile.
  auto db = store::open_database(url_);
  if (!db) return db.error();
  std::lock_guard lock(mutex_);
  ++open_;
  ++in_use_;
  return Lease(this, std::move(*db));
}

ConnPool::Stats ConnPool::stats() const {
  std::lock_guard lock(mutex_);
  return {open_, in_use_, acquires_};
}

void ConnPool::release(std::unique_ptr<store::Database> db) {
  std::lock_guard lock(mutex_);
  --in_use_;
  idle_.push_back(std::move(db));
}

}  // namespace fangpin::server::detail
