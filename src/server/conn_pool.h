// Database connections of the server. A store::Database is used by one thread at a time;
// each request leases one for its duration (every store of the request goes through it).
// The pool grows to the number of concurrent workers. Internal to src/server.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/result.h"
#include "store/database.h"

namespace fangpin::server::detail {

class ConnPool {
 public:
  // `url` as store::open_database takes it.
  explicit ConnPool(std::string url) : url_(std::move(url)) {}

  class Lease {
   public:
    Lease(ConnPool* pool, std::unique_ptr<store::Database> db) : pool_(pool), db_(std::move(db)) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), db_(std::move(o.db_)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (db_) pool_->release(std::move(db_));
    }
    store::Database* operator->() const { return db_.get(); }
    store::Database& operator*() const { return *db_; }

   private:
    ConnPool* pool_;
    std::unique_ptr<store::Database> db_;
  };

  // An idle database, or a newly opened one.
  Result<Lease> acquire();

  struct Stats {
    std::size_t open = 0, in_use = 0;
    std::uint64_t acquires = 0;
  };
  Stats stats() const;

 private:
  void release(std::unique_ptr<store::Database> db);

  std::string url_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<store::Database>> idle_;
  std::size_t open_ = 0, in_use_ = 0;
  std::uint64_t acquires_ = 0;
};

}  // namespace fangpin::server::detail
