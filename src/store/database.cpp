// TRANSITIONAL: one connection per store; transaction() is not yet atomic across stores.
// Replaced by the backend-neutral connection layer (issue 9 part 1).
#include "store/database.h"

#include <fmt/format.h>

namespace fangpin::store {

namespace {

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(std::string path) : path_(std::move(path)) {}

  std::string_view backend() const override { return "sqlite"; }
  const std::string& display_name() const override { return path_; }

  Status open_registry() {
    auto r = open_sqlite(path_);
    if (!r) return r.error();
    registry_ = std::move(*r);
    return Ok{};
  }

  Status open_rest() {
    auto c = open_sqlite_case_store(path_);
    if (!c) return c.error();
    cases_ = std::move(*c);
    auto s = open_sqlite_screening(path_);
    if (!s) return s.error();
    screening_ = std::move(*s);
    auto a = open_sqlite_accounts(path_);
    if (!a) return a.error();
    accounts_ = std::move(*a);
    return Ok{};
  }

  Status migrate() override {
    if (auto s = registry_->migrate(); !s) return s;
    if (!cases_) return open_rest();
    return Ok{};
  }
  Result<int> schema_version() override { return registry_->schema_version(); }

  Store& registry() override { return *registry_; }
  CaseStore& cases() override { return *cases_; }
  ScreeningStore& screening() override { return *screening_; }
  AccountStore& accounts() override { return *accounts_; }

  Status transaction(const std::function<Status()>& fn) override { return fn(); }

 private:
  std::string path_;
  std::unique_ptr<Store> registry_;
  std::unique_ptr<CaseStore> cases_;
  std::unique_ptr<ScreeningStore> screening_;
  std::unique_ptr<AccountStore> accounts_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_database(std::string_view url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return Error{ErrorKind::Unsupported, "此版本尚不支持 PostgreSQL 数据库", "db"};
  std::string path(url);
  if (url.starts_with("sqlite:")) path = std::string(url.substr(7));
  else if (url.starts_with("file:") && !url.starts_with("file::memory:")) path = std::string(url.substr(5));
  if (path.empty()) return invalid("数据库路径为空", "db");
  auto db = std::make_unique<SqliteDatabase>(path);
  if (auto s = db->open_registry(); !s) return s.error();
  if (db->schema_version().value() > 0) {
    if (auto s = db->migrate(); !s) return s.error();
  }
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace fangpin::store
