// AccountStore on the connection layer (schema: migration v4).
#include <fmt/format.h>

#include "store/account_store.h"
#include "store/sql/stores.h"

namespace fangpin::store::sql {



namespace {

constexpr std::string_view kUserCols =
    "username, role, region_scope, department, password_hash, disabled, created_at, created_by, updated_at, updated_by";

class SqlAccountStore final : public AccountStore {
 public:
  explicit SqlAccountStore(Connection& c) : c_(c) {}

  Status add_user(const UserRecord& u) override {
    auto exists = find_user(u.username);
    if (!exists) return exists.error();
    if (exists->has_value())
      return Error{ErrorKind::Conflict, fmt::format("用户 {} 已存在", u.username), "username"};
    auto st = c_.prepare(
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
    if (st->step() != Step::Done) return c_.error("新增用户");
    return Ok{};
  }

  Result<std::optional<UserRecord>> find_user(std::string_view username) override {
    auto st = c_.prepare(fmt::format("SELECT {} FROM users WHERE username = ?", kUserCols));
    if (!st) return st.error();
    st->bind_text(1, username);
    const Step rc = st->step();
    if (rc == Step::Done) return std::optional<UserRecord>{};
    if (rc != Step::Row) return c_.error("读取用户");
    return std::optional<UserRecord>{read_user(*st)};
  }

  Result<std::vector<UserRecord>> list_users() override {
    auto st = c_.prepare(fmt::format("SELECT {} FROM users ORDER BY username", kUserCols));
    if (!st) return st.error();
    std::vector<UserRecord> out;
    Step rc;
    while ((rc = st->step()) == Step::Row) out.push_back(read_user(*st));
    if (rc != Step::Done) return c_.error("读取用户");
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
    auto st = c_.prepare(
        "INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
    if (!st) return st.error();
    st->bind_text(1, token_hash);
    st->bind_text(2, username);
    st->bind_text(3, csrf);
    st->bind_text(4, created_at);
    st->bind_text(5, expires_at);
    if (st->step() != Step::Done) return c_.error("创建会话");
    return Ok{};
  }

  Result<std::optional<SessionUser>> find_session(std::string_view token_hash, std::string_view now) override {
    auto st = c_.prepare(
        "SELECT u.username, u.role, u.region_scope, u.department, s.csrf_token, s.expires_at "
        "FROM sessions s JOIN users u ON u.username = s.username "
        "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = ?");
    if (!st) return st.error();
    st->bind_text(1, token_hash);
    st->bind_text(2, now);
    st->bind_bool(3, false);
    const Step rc = st->step();
    if (rc == Step::Done) return std::optional<SessionUser>{};
    if (rc != Step::Row) return c_.error("读取会话");
    return std::optional<SessionUser>{SessionUser{std::string(st->text(0)), std::string(st->text(1)),
                                                  std::string(st->text(2)), std::string(st->text(3)),
                                                  std::string(st->text(4)), st->timestamp(5)}};
  }

  Status delete_session(std::string_view token_hash) override {
    auto st = c_.prepare("DELETE FROM sessions WHERE token_hash = ?");
    if (!st) return st.error();
    st->bind_text(1, token_hash);
    if (st->step() != Step::Done) return c_.error("删除会话");
    return Ok{};
  }

  Status record_login_failure(std::string_view key, std::string_view at) override {
    auto st = c_.prepare("INSERT INTO login_failures (throttle_key, at) VALUES (?, ?)");
    if (!st) return st.error();
    st->bind_text(1, key);
    st->bind_text(2, at);
    if (st->step() != Step::Done) return c_.error("记录登录失败");
    return Ok{};
  }

  Result<int> login_failures_since(std::string_view key, std::string_view since) override {
    auto st = c_.prepare("SELECT COUNT(*) FROM login_failures WHERE throttle_key = ? AND at > ?");
    if (!st) return st.error();
    st->bind_text(1, key);
    st->bind_text(2, since);
    if (st->step() != Step::Row) return c_.error("读取登录失败次数");
    return st->integer(0);
  }

  Status clear_login_failures(std::string_view key) override {
    auto st = c_.prepare("DELETE FROM login_failures WHERE throttle_key = ?");
    if (!st) return st.error();
    st->bind_text(1, key);
    if (st->step() != Step::Done) return c_.error("清除登录失败记录");
    return Ok{};
  }

  Status purge(std::string_view now, std::string_view failures_before) override {
    auto tx = c_.begin(TxMode::Write);
    if (!tx) return tx.error();
    {
      auto st = c_.prepare("DELETE FROM sessions WHERE expires_at <= ?");
      if (!st) return st.error();
      st->bind_text(1, now);
      if (st->step() != Step::Done) return c_.error("清理会话");
    }
    {
      auto st = c_.prepare("DELETE FROM login_failures WHERE at <= ?");
      if (!st) return st.error();
      st->bind_text(1, failures_before);
      if (st->step() != Step::Done) return c_.error("清理登录失败记录");
    }
    return tx->commit();
  }

  Result<std::optional<IdempotentAnswer>> claim_idempotency_key(std::string_view owner, std::string_view key,
                                                                std::string_view request_hash, std::string_view at,
                                                                std::string_view stale_before) override {
    auto tx = c_.begin(TxMode::Write);
    if (!tx) return tx.error();
    std::optional<IdempotentAnswer> found;
    {
      auto st = c_.prepare(
          "SELECT request_hash, status, content_type, body, created_at FROM idempotency_keys "
          "WHERE owner = ? AND idem_key = ?");
      if (!st) return st.error();
      st->bind_text(1, owner);
      st->bind_text(2, key);
      const Step rc = st->step();
      if (rc == Step::Error) return c_.error("读取幂等键");
      if (rc == Step::Row)
        found = IdempotentAnswer{std::string(st->text(0)), static_cast<int>(st->integer(1)), std::string(st->text(2)),
                                 std::string(st->text(3)), st->timestamp(4)};
    }
    if (found && !(found->status == 0 && found->created_at < stale_before)) return found;
    {
      auto st = c_.prepare(found ? "UPDATE idempotency_keys SET request_hash = ?, status = 0, content_type = '', "
                                   "body = '', created_at = ? WHERE owner = ? AND idem_key = ?"
                                 : "INSERT INTO idempotency_keys (request_hash, status, content_type, body, created_at, "
                                   "owner, idem_key) VALUES (?, 0, '', '', ?, ?, ?)");
      if (!st) return st.error();
      st->bind_text(1, request_hash);
      st->bind_text(2, at);
      st->bind_text(3, owner);
      st->bind_text(4, key);
      if (st->step() != Step::Done) return c_.error("登记幂等键");
    }
    if (auto st = tx->commit(); !st) return st.error();
    return std::optional<IdempotentAnswer>();
  }

  Status complete_idempotency_key(std::string_view owner, std::string_view key, int status,
                                  std::string_view content_type, std::string_view body) override {
    auto st = c_.prepare(
        "UPDATE idempotency_keys SET status = ?, content_type = ?, body = ? WHERE owner = ? AND idem_key = ?");
    if (!st) return st.error();
    st->bind_int(1, status);
    st->bind_text(2, content_type);
    st->bind_text(3, body);
    st->bind_text(4, owner);
    st->bind_text(5, key);
    if (st->step() != Step::Done) return c_.error("保存幂等应答");
    return Ok{};
  }

  Status release_idempotency_key(std::string_view owner, std::string_view key) override {
    auto st = c_.prepare("DELETE FROM idempotency_keys WHERE owner = ? AND idem_key = ? AND status = 0");
    if (!st) return st.error();
    st->bind_text(1, owner);
    st->bind_text(2, key);
    if (st->step() != Step::Done) return c_.error("释放幂等键");
    return Ok{};
  }

  Status purge_idempotency_keys(std::string_view before) override {
    auto st = c_.prepare("DELETE FROM idempotency_keys WHERE created_at <= ?");
    if (!st) return st.error();
    st->bind_text(1, before);
    if (st->step() != Step::Done) return c_.error("清理幂等键");
    return Ok{};
  }

  Status record_access(const AccessEvent& e) override {
    auto st = c_.prepare("INSERT INTO access_log (username, at, action, target) VALUES (?, ?, ?, ?)");
    if (!st) return st.error();
    st->bind_text(1, e.username);
    st->bind_text(2, e.at);
    st->bind_text(3, e.action);
    st->bind_text(4, e.target);
    if (st->step() != Step::Done) return c_.error("记录访问日志");
    return Ok{};
  }

  Result<std::vector<AccessEvent>> access_events() override {
    auto st = c_.prepare("SELECT username, at, action, target FROM access_log ORDER BY id");
    if (!st) return st.error();
    std::vector<AccessEvent> out;
    Step rc;
    while ((rc = st->step()) == Step::Row)
      out.push_back({std::string(st->text(0)), st->timestamp(1), std::string(st->text(2)),
                     std::string(st->text(3))});
    if (rc != Step::Done) return c_.error("读取访问日志");
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
    u.disabled = st.boolean(5);
    u.created_at = st.timestamp(6);
    u.created_by = st.text(7);
    u.updated_at = st.timestamp(8);
    u.updated_by = st.text(9);
    return u;
  }

  // One transaction: the user row changes and every session of the user ends.
  template <class Bind>
  Status update_user(std::string_view sql, std::string_view username, Bind&& bind_first, std::string_view by,
                     std::string_view at) {
    auto tx = c_.begin(TxMode::Write);
    if (!tx) return tx.error();
    {
      auto st = c_.prepare(sql);
      if (!st) return st.error();
      bind_first(*st);
      st->bind_text(2, by);
      st->bind_text(3, at);
      st->bind_text(4, username);
      if (st->step() != Step::Done) return c_.error("更新用户");
      if (st->changes() == 0) return not_found(fmt::format("用户 {} 不存在", username), "username");
    }
    {
      auto del = c_.prepare("DELETE FROM sessions WHERE username = ?");
      if (!del) return del.error();
      del->bind_text(1, username);
      if (del->step() != Step::Done) return c_.error("结束会话");
    }
    return tx->commit();
  }

  Connection& c_;
};

}  // namespace

std::unique_ptr<AccountStore> make_account_store(Connection& c) {
  return std::make_unique<SqlAccountStore>(c);
}

}  // namespace fangpin::store::sql
