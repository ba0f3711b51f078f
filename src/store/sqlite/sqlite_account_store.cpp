// SQLite implementation of AccountStore, plus the accounts schema (migration v4).
#include <fmt/format.h>

#include "store/account_store.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_db.h"

namespace fangpin::store {

// v4: accounts, sessions (token hashes only), failed-login counters, access log (SPEC §14).
extern const std::string_view kAccountsSchemaSql;
const std::string_view kAccountsSchemaSql = R"sql(
CREATE TABLE users (
  username      {{KEY_TEXT}} PRIMARY KEY,
  role          TEXT NOT NULL,
  region_scope  {{KEY_TEXT}} NOT NULL,
  department    TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled      {{BOOL}} NOT NULL,
  created_at    {{TIMESTAMP}} NOT NULL,
  created_by    TEXT NOT NULL,
  updated_at    {{TIMESTAMP}} NOT NULL,
  updated_by    TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash {{KEY_TEXT}} PRIMARY KEY,
  username   {{KEY_TEXT}} NOT NULL REFERENCES users (username),
  csrf_token TEXT NOT NULL,
  created_at {{TIMESTAMP}} NOT NULL,
  expires_at {{TIMESTAMP}} NOT NULL
);
CREATE INDEX sessions_user ON sessions (username);
CREATE TABLE login_failures (
  id           {{ID_PK}},
  throttle_key {{KEY_TEXT}} NOT NULL,
  at           {{TIMESTAMP}} NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, at);
CREATE TABLE access_log (
  id       {{ID_PK}},
  username TEXT NOT NULL,
  at       {{TIMESTAMP}} NOT NULL,
  action   TEXT NOT NULL,
  target   TEXT NOT NULL
);
)sql";

namespace {

using sqlite::Statement;
using sqlite::Transaction;
using sqlite::dialect;
using sqlite::sqlite_error;

constexpr std::string_view kUserCols =
    "username, role, region_scope, department, password_hash, disabled, created_at, created_by, updated_at, updated_by";

class SqliteAccountStore final : public AccountStore, public sqlite::SqliteDb {
 public:
  using SqliteDb::SqliteDb;

  Status add_user(const UserRecord& u) override {
    auto exists = find_user(u.username);
    if (!exists) return exists.error();
    if (exists->has_value())
      return Error{ErrorKind::Conflict, fmt::format("用户 {} 已存在", u.username), "username"};
    auto st = cached(
        "INSERT INTO users (username, role, region_scope, department, password_hash, disabled, created_at, "
        "created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) return st.error();
    st->bind_text(1, u.username);
    st->bind_text(2, u.role);
    st->bind_text(3, u.region_scope);
    st->bind_text(4, u.department);
    st->bind_text(5, u.password_hash);
    st->bind_bool(6, u.disabled);
    st->bind_text(7, u.created_at);
    st->bind_text(8, u.created_by);
    st->bind_text(9, u.updated_at);
    st->bind_text(10, u.updated_by);
    if (st->step() != SQLITE_DONE) return sqlite_error(db_, "新增用户");
    return Ok{};
  }

  Result<std::optional<UserRecord>> find_user(std::string_view username) override {
    auto st = cached(fmt::format("SELECT {} FROM users WHERE username = ?", kUserCols));
    if (!st) return st.error();
    st->bind_text(1, username);
    const int rc = st->step();
    if (rc == SQLITE_DONE) return std::optional<UserRecord>{};
    if (rc != SQLITE_ROW) return sqlite_error(db_, "读取用户");
    return std::optional<UserRecord>{read_user(*st)};
  }

  Result<std::vector<UserRecord>> list_users() override {
    auto st = cached(fmt::format("SELECT {} FROM users ORDER BY username", kUserCols));
    if (!st) return st.error();
    std::vector<UserRecord> out;
    int rc;
    while ((rc = st->step()) == SQLITE_ROW) out.push_back(read_user(*st));
    if (rc != SQLITE_DONE) return sqlite_error(db_, "读取用户");
    return out;
  }

  Status set_disabled(std::string_view username, bool disabled, std::string_view by, std::string_view at) override {
    return update_user("UPDATE users SET disabled = ?, updated_by = ?, updated_at = ? WHERE username = ?", username,
                       [&](Statement& st) { st.bind_bool(1, disabled); }, by, at);
  }

  Status set_password(std::string_view username, std::string_view hash, std::string_view by,
                      std::string_view at) override {
    return update_user("UPDATE users SET password_hash = ?, updated_by = ?, updated_at = ? WHERE username = ?",
                       username, [&](Statement& st) { st.bind_text(1, hash); }, by, at);
  }

  Status create_session(std::string_view token_hash, std::string_view username, std::string_view csrf,
                        std::string_view created_at, std::string_view expires_at) override {
    auto st = cached(
        "INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
    if (!st) return st.error();
    st->bind_text(1, token_hash);
    st->bind_text(2, username);
    st->bind_text(3, csrf);
    st->bind_text(4, created_at);
    st->bind_text(5, expires_at);
    if (st->step() != SQLITE_DONE) return sqlite_error(db_, "创建会话");
    return Ok{};
  }

  Result<std::optional<SessionUser>> find_session(std::string_view token_hash, std::string_view now) override {
    auto st = cached(
        "SELECT u.username, u.role, u.region_scope, u.department, s.csrf_token, s.expires_at "
        "FROM sessions s JOIN users u ON u.username = s.username "
        "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0");
    if (!st) return st.error();
    st->bind_text(1, token_hash);
    st->bind_text(2, now);
    const int rc = st->step();
    if (rc == SQLITE_DONE) return std::optional<SessionUser>{};
    if (rc != SQLITE_ROW) return sqlite_error(db_, "读取会话");
    return std::optional<SessionUser>{SessionUser{std::string(st->text(0)), std::string(st->text(1)),
                                                  std::string(st->text(2)), std::string(st->text(3)),
                                                  std::string(st->text(4)), std::string(st->text(5))}};
  }

  Status delete_session(std::string_view token_hash) override {
    auto st = cached("DELETE FROM sessions WHERE token_hash = ?");
    if (!st) return st.error();
    st->bind_text(1, token_hash);
    if (st->step() != SQLITE_DONE) return sqlite_error(db_, "删除会话");
    return Ok{};
  }

  Status record_login_failure(std::string_view key, std::string_view at) override {
    auto st = cached("INSERT INTO login_failures (throttle_key, at) VALUES (?, ?)");
    if (!st) return st.error();
    st->bind_text(1, key);
    st->bind_text(2, at);
    if (st->step() != SQLITE_DONE) return sqlite_error(db_, "记录登录失败");
    return Ok{};
  }

  Result<int> login_failures_since(std::string_view key, std::string_view since) override {
    auto st = cached("SELECT COUNT(*) FROM login_failures WHERE throttle_key = ? AND at > ?");
    if (!st) return st.error();
    st->bind_text(1, key);
    st->bind_text(2, since);
    if (st->step() != SQLITE_ROW) return sqlite_error(db_, "读取登录失败次数");
    return st->integer(0);
  }

  Status clear_login_failures(std::string_view key) override {
    auto st = cached("DELETE FROM login_failures WHERE throttle_key = ?");
    if (!st) return st.error();
    st->bind_text(1, key);
    if (st->step() != SQLITE_DONE) return sqlite_error(db_, "清除登录失败记录");
    return Ok{};
  }

  Status purge(std::string_view now, std::string_view failures_before) override {
    Transaction tx(db_);
    if (auto s = tx.begin(dialect().begin_write); !s) return s;
    {
      auto st = cached("DELETE FROM sessions WHERE expires_at <= ?");
      if (!st) return st.error();
      st->bind_text(1, now);
      if (st->step() != SQLITE_DONE) return sqlite_error(db_, "清理会话");
    }
    {
      auto st = cached("DELETE FROM login_failures WHERE at <= ?");
      if (!st) return st.error();
      st->bind_text(1, failures_before);
      if (st->step() != SQLITE_DONE) return sqlite_error(db_, "清理登录失败记录");
    }
    return tx.commit();
  }

  Status record_access(const AccessEvent& e) override {
    auto st = cached("INSERT INTO access_log (username, at, action, target) VALUES (?, ?, ?, ?)");
    if (!st) return st.error();
    st->bind_text(1, e.username);
    st->bind_text(2, e.at);
    st->bind_text(3, e.action);
    st->bind_text(4, e.target);
    if (st->step() != SQLITE_DONE) return sqlite_error(db_, "记录访问日志");
    return Ok{};
  }

  Result<std::vector<AccessEvent>> access_events() override {
    auto st = cached("SELECT username, at, action, target FROM access_log ORDER BY id");
    if (!st) return st.error();
    std::vector<AccessEvent> out;
    int rc;
    while ((rc = st->step()) == SQLITE_ROW)
      out.push_back({std::string(st->text(0)), std::string(st->text(1)), std::string(st->text(2)),
                     std::string(st->text(3))});
    if (rc != SQLITE_DONE) return sqlite_error(db_, "读取访问日志");
    return out;
  }

 private:
  static UserRecord read_user(const Statement& st) {
    UserRecord u;
    u.username = st.text(0);
    u.role = st.text(1);
    u.region_scope = st.text(2);
    u.department = st.text(3);
    u.password_hash = st.text(4);
    u.disabled = st.integer(5) != 0;
    u.created_at = st.text(6);
    u.created_by = st.text(7);
    u.updated_at = st.text(8);
    u.updated_by = st.text(9);
    return u;
  }

  // One transaction: the user row changes and every session of the user ends.
  template <class Bind>
  Status update_user(std::string_view sql, std::string_view username, Bind&& bind_first, std::string_view by,
                     std::string_view at) {
    Transaction tx(db_);
    if (auto s = tx.begin(dialect().begin_write); !s) return s;
    {
      auto st = cached(sql);
      if (!st) return st.error();
      bind_first(*st);
      st->bind_text(2, by);
      st->bind_text(3, at);
      st->bind_text(4, username);
      if (st->step() != SQLITE_DONE) return sqlite_error(db_, "更新用户");
    }
    if (sqlite3_changes(db_) == 0) return not_found(fmt::format("用户 {} 不存在", username), "username");
    {
      auto del = cached("DELETE FROM sessions WHERE username = ?");
      if (!del) return del.error();
      del->bind_text(1, username);
      if (del->step() != SQLITE_DONE) return sqlite_error(db_, "结束会话");
    }
    return tx.commit();
  }
};

}  // namespace

Result<std::unique_ptr<AccountStore>> open_sqlite_accounts(const std::string& path) {
  auto db = sqlite::SqliteDb::open<SqliteAccountStore>(path);
  if (!db) return db.error();
  return std::unique_ptr<AccountStore>(std::move(*db));
}

}  // namespace fangpin::store
