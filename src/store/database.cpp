// Database: one connection, every store on it, transactions across them.
#include "store/database.h"

#include <algorithm>

#include <fmt/format.h>

#include "store/sql/stores.h"
#include "store/sqlite/sqlite_connection.h"

namespace fangpin::store {

namespace {

class SqlDatabase final : public Database {
 public:
  SqlDatabase(std::unique_ptr<sql::Connection> conn, std::string name)
      : conn_(std::move(conn)),
        name_(std::move(name)),
        registry_(sql::make_registry_store(*conn_)),
        cases_(sql::make_case_store(*conn_)),
        screening_(sql::make_screening_store(*conn_)),
        accounts_(sql::make_account_store(*conn_)),
        clues_(sql::make_clue_store(*conn_)) {}

  std::string_view backend() const override { return conn_->backend(); }
  const std::string& display_name() const override { return name_; }

  Status migrate() override { return sql::migrate(*conn_); }
  Result<int> schema_version() override { return sql::schema_version(*conn_); }

  Store& registry() override { return *registry_; }
  CaseStore& cases() override { return *cases_; }
  ScreeningStore& screening() override { return *screening_; }
  AccountStore& accounts() override { return *accounts_; }
  ClueStore& clues() override { return *clues_; }

  Status transaction(const std::function<Status()>& fn) override {
    auto tx = conn_->begin(sql::TxMode::Write);
    if (!tx) return tx.error();
    // An exception unwinds through `tx`, which rolls back.
    if (auto s = fn(); !s) return s;
    return tx->commit();
  }

  Result<std::string> sqlite_pragma(std::string_view name) override {
    if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        })) {
      return invalid(fmt::format("无效的 PRAGMA 名称：{}", name));
    }
    return conn_->pragma(name);
  }

 private:
  std::unique_ptr<sql::Connection> conn_;
  std::string name_;
  std::unique_ptr<Store> registry_;
  std::unique_ptr<CaseStore> cases_;
  std::unique_ptr<ScreeningStore> screening_;
  std::unique_ptr<AccountStore> accounts_;
  std::unique_ptr<ClueStore> clues_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_database(std::string_view url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return Error{ErrorKind::Unsupported, "此版本尚不支持 PostgreSQL 数据库，请使用 SQLite 文件", "db"};
  std::string path(url);
  if (url.starts_with("sqlite:")) path = std::string(url.substr(7));
  else if (url.starts_with("file:") && !url.starts_with("file::memory:")) path = std::string(url.substr(5));
  else if (const auto colon = url.find("://"); colon != std::string_view::npos)
    return invalid(fmt::format("无法识别的数据库地址：{}", url.substr(0, colon + 3)), "db");
  if (path.empty()) return invalid("数据库路径为空", "db");
  auto conn = sqlite::open_connection(path);
  if (!conn) return conn.error();
  // An initialised database is brought up to date (older files, parallel-numbered
  // migrations); a new one stays empty until migrate().
  auto version = sql::schema_version(**conn);
  if (!version) return version.error();
  if (*version > 0) {
    auto needs = sql::needs_migration(**conn);
    if (!needs) return needs.error();
    if (*needs) {
      if (auto s = sql::migrate(**conn); !s) return s.error();
    }
  }
  return std::unique_ptr<Database>(std::make_unique<SqlDatabase>(std::move(*conn), path));
}

}  // namespace fangpin::store
