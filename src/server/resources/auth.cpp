// Sessions: login (throttled, Argon2id), logout, the current user, changing one's password.
#include <spdlog/spdlog.h>

#include "domain/log_text.h"
#include "app/accounts.h"
#include "app/credentials.h"
#include "server/body.h"
#include "server/impl.h"

namespace fangpin::server::detail {

namespace {

json user_json(const Principal& p) {
  return json{{"username", p.username},
              {"role", label(p.role)},
              {"region_scope", p.scope.digits()},
              {"department", p.department.empty() ? json(nullptr) : json(p.department)}};
}

// Per-user backoff (README "Security and limits"). Failed password checks (login and
// password change alike) are kept per user and client address and per address. An address
// that has not failed for a user is never held back for it, so nobody can lock a user (or,
// behind one NAT, everyone) out from elsewhere. After max_failures_per_user failures for the
// user from the address — or max_failures_per_address from the address at all — within the
// window, the address waits login_backoff_base × 2^(excess) (at most the window) after its
// last failure for that user. Returns the wait, or 0 when the attempt may go on.
std::string failure_key(const std::string& username, const std::string& addr) { return "user:" + username + "@" + addr; }

Result<std::chrono::seconds> backoff(ApiServer::Impl& s, Call& c, const std::string& username) {
  auto& acc = c.db.accounts();
  const auto now = s.now();
  const std::string key = failure_key(username, c.req.remote_addr);
  auto mine = acc.login_failures_since(key, iso(now - s.opt.throttle_window));
  if (!mine) return mine.error();
  if (*mine == 0) return std::chrono::seconds(0);
  auto all = acc.login_failures_since("addr:" + c.req.remote_addr, iso(now - s.opt.throttle_window));
  if (!all) return all.error();
  const int excess = std::max(*mine - s.opt.max_failures_per_user, *all - s.opt.max_failures_per_address);
  if (excess < 0) return std::chrono::seconds(0);
  const auto wait = std::min(s.opt.login_backoff_base * (std::int64_t{1} << std::min(excess, 20)), s.opt.throttle_window);
  auto recent = acc.login_failures_since(key, iso(now - wait));
  if (!recent) return recent.error();
  return *recent > 0 ? wait : std::chrono::seconds(0);
}

void record_failure(ApiServer::Impl& s, Call& c, const std::string& username) {
  auto& acc = c.db.accounts();
  const std::string at = iso(s.now());
  (void)acc.record_login_failure(failure_key(username, c.req.remote_addr), at);
  (void)acc.record_login_failure("addr:" + c.req.remote_addr, at);
}

// Argon2id verification, at most a few at once (each costs ~64 MiB and tens of ms).
bool verify_limited(ApiServer::Impl& s, const std::string& hash, const std::string& password) {
  s.password_checks.acquire();
  struct Release {
    std::counting_semaphore<>& sem;
    ~Release() { sem.release(); }
  } release{s.password_checks};
  return app::verify_password(hash, password);
}

// A new session for `username`: the cookies on the reply and the token/csrf for the body.
struct NewSession {
  std::string token, csrf, expires_at;
};
Result<NewSession> open_session(ApiServer::Impl& s, Call& c, const std::string& username) {
  const auto now = s.now();
  NewSession n{app::random_hex(32), app::random_hex(32), iso(now + s.opt.session_ttl)};
  if (auto st = c.db.accounts().create_session(app::token_hash(n.token), username, n.csrf, iso(now), n.expires_at); !st)
    return st.error();
  const long ttl = static_cast<long>(s.opt.session_ttl.count());
  c.res.set_header("Set-Cookie", cookie(kSessionCookie, n.token, ttl, true, s.opt.secure_cookies));
  c.res.set_header("Set-Cookie", cookie(kCsrfCookie, n.csrf, ttl, false, s.opt.secure_cookies));
  return n;
}

Result<Reply> login(ApiServer::Impl& s, Call& c) {
  // JSON only: a cross-site form can post text/plain or form data without a preflight, and
  // must not be able to sign a browser in to an account of the attacker's (login CSRF).
  std::string type = c.req.get_header_value("Content-Type");
  type = trim(std::string_view(type).substr(0, type.find(';')));
  for (char& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (type != "application/json")
    return Reply::error(415, "unsupported_media_type", "登录请求须为 Content-Type: application/json", "Content-Type");
  auto body = nlohmann::json::parse(c.req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return Reply::error(400, "invalid_json", "请求体不是合法的 JSON 对象");
  for (const char* f : {"username", "password"})
    if (!body.contains(f) || !body[f].is_string() || body[f].get_ref<const std::string&>().empty())
      return invalid(fmt::format("缺少字段 {}", f), f);
  const std::string username = body["username"].get<std::string>();
  const std::string password = body["password"].get<std::string>();
  auto& acc = c.db.accounts();
  const auto now = s.now();
  const std::string since = iso(now - s.opt.throttle_window);
  auto wait = backoff(s, c, username);
  if (!wait) return wait.error();
  if (wait->count() > 0) {
    // Checked before the password: a throttled client gets no answer about it at all.
    c.res.set_header("Retry-After", std::to_string(wait->count()));
    spdlog::warn("request_id={} login throttled", c.request_id);
    return Reply::error(429, "too_many_attempts", "登录失败次数过多，请稍后再试");
  }
  auto u = acc.find_user(username);
  if (!u) return u.error();
  // Unknown users still cost one hash verification so timing does not reveal them.
  static const std::string kDummy = app::hash_password("not-a-password-000", app::HashStrength::Interactive).value();
  const bool ok = u->has_value() ? verify_limited(s, (*u)->password_hash, password)
                                  : (verify_limited(s, kDummy, password), false);
  if (!ok || (*u)->disabled) {
    record_failure(s, c, username);
    spdlog::info("request_id={} login failed", c.request_id);
    return Reply::error(401, "invalid_credentials", "用户名或密码错误，或账号已停用");
  }
  (void)acc.clear_login_failures(failure_key(username, c.req.remote_addr));
  if (auto st = acc.purge(iso(now), since); !st) spdlog::warn("request_id={} purge failed: {}", c.request_id, log_escape(st.error().message));
  if (auto st = acc.purge_idempotency_keys(iso(now - std::chrono::hours(24))); !st)
    spdlog::warn("request_id={} purge failed: {}", c.request_id, log_escape(st.error().message));
  auto session = open_session(s, c, username);
  if (!session) return session.error();
  auto role = parse_role((*u)->role);
  Principal p{username, role.value_or(Role::Supervisor), RegionPrefix::parse((*u)->region_scope).value_or(RegionPrefix{}),
              (*u)->department, session->csrf, false, {}};
  spdlog::info("request_id={} login user={}", c.request_id, log_escape(username));
  return Reply(json{{"token", session->token}, {"token_type", "Bearer"}, {"expires_at", session->expires_at},
                    {"csrf_token", session->csrf}, {"user", user_json(p)}});
}

// A password field as sent: not trimmed (spaces are part of a password), UTF-8 (checked by
// JsonBody::parse), required.
Result<std::string> password_field(const JsonBody& body, const char* field) {
  if (!body.has(field)) return invalid(fmt::format("缺少字段 {}", field), field);
  const json& v = body.raw()[field];
  if (!v.is_string()) return invalid(fmt::format("字段 {} 应为字符串", field), field);
  if (v.get_ref<const std::string&>().empty()) return invalid(fmt::format("缺少字段 {}", field), field);
  return v.get<std::string>();
}

// Checks the old password (throttled with the login failures: a stolen session cannot
// guess it faster than a login could), applies the password rules and stores the new hash
// through app::change_password (which records user.passwd in access_log and ends every
// session of the user); in the same transaction the caller's own session is put back —
// same token, same CSRF token, its lifetime renewed — so every OTHER session is ended and
// this one continues. The answer carries no secret (an Idempotency-Key replay stores it).
Result<Reply> change_password(ApiServer::Impl& s, Call& c) {
  auto body = JsonBody::parse(c.req);
  if (!body) return body.error();
  auto old_pw = password_field(*body, "old_password");
  if (!old_pw) return old_pw.error();
  auto new_pw = password_field(*body, "new_password");
  if (!new_pw) return new_pw.error();
  if (auto st = app::check_password_rules(*new_pw); !st) return invalid(st.error().message, "new_password");
  if (*new_pw == *old_pw) return invalid("新密码不能与原密码相同", "new_password");

  const std::string& username = c.user->username;
  auto wait = backoff(s, c, username);
  if (!wait) return wait.error();
  if (wait->count() > 0) {
    c.res.set_header("Retry-After", std::to_string(wait->count()));
    spdlog::warn("request_id={} password change throttled user={}", c.request_id, log_escape(username));
    return Reply::error(429, "too_many_attempts", "密码错误次数过多，请稍后再试");
  }
  auto& acc = c.db.accounts();
  auto u = acc.find_user(username);
  if (!u) return u.error();
  if (!u->has_value()) return Reply::error(401, "unauthenticated", "未登录或会话已过期");
  const auto now = iso(s.now());
  if (!verify_limited(s, (*u)->password_hash, *old_pw)) {
    record_failure(s, c, username);
    (void)acc.record_access({username, now, "user.passwd.refused", username});
    spdlog::info("request_id={} password change refused user={}", c.request_id, log_escape(username));
    // 403, not 401: the session is fine, and a 401 would send the page back to 登录.
    return Reply::error(403, "wrong_password", "原密码不正确", "old_password");
  }
  (void)acc.clear_login_failures(failure_key(username, c.req.remote_addr));
  const std::string expires = iso(s.now() + s.opt.session_ttl);
  auto st = c.db.transaction([&]() -> Status {
    if (auto r = app::change_password(acc, username, *new_pw, username, now); !r) return r;
    return acc.create_session(c.user->token_hash, username, c.user->csrf_token, now, expires);
  });
  if (!st) return st.error();
  spdlog::info("request_id={} password changed user={}", c.request_id, log_escape(username));
  return Reply(json{{"changed", true}, {"expires_at", expires}, {"user", user_json(*c.user)}});
}

Result<Reply> logout(ApiServer::Impl& s, Call& c) {
  if (auto st = c.db.accounts().delete_session(c.user->token_hash); !st) return st.error();
  c.res.set_header("Set-Cookie", cookie(kSessionCookie, "", 0, true, s.opt.secure_cookies));
  c.res.set_header("Set-Cookie", cookie(kCsrfCookie, "", 0, false, s.opt.secure_cookies));
  return Reply(json{{"logged_out", true}});
}

Result<Reply> me(ApiServer::Impl&, Call& c) { return Reply(user_json(*c.user)); }

json user_schema() {
  return object_schema({{"username", type_schema("string")},
                        {"role", type_schema("string")},
                        {"region_scope", type_schema("string")},
                        {"department", {{"type", {"string", "null"}}}}},
                       {"username", "role", "region_scope", "department"});
}

}  // namespace

std::vector<RouteSpec> auth_routes() {
  return {
      {.method = "POST", .path = "/api/v1/auth/login", .operation_id = "login",
       .summary = "登录：返回 Bearer 令牌，并设置 HttpOnly 会话 Cookie 与 CSRF 令牌", .access = kPublic,
       .replayable = false,
       .body = {"application/json",
                object_schema({{"username", type_schema("string")}, {"password", type_schema("string")}},
                              {"username", "password"})},
       .response = {"application/json",
                    object_schema({{"token", type_schema("string")},
                                   {"token_type", type_schema("string")},
                                   {"expires_at", type_schema("string")},
                                   {"csrf_token", type_schema("string")},
                                   {"user", user_schema()}},
                                  {"token", "token_type", "expires_at", "csrf_token", "user"})},
       .errors = {400, 401, 413, 415, 429}, .handler = login},
      {.method = "POST", .path = "/api/v1/auth/logout", .operation_id = "logout", .summary = "退出登录（使会话失效）",
       .access = kAnyUser,
       .response = {"application/json", object_schema({{"logged_out", type_schema("boolean")}}, {"logged_out"})},
       .errors = {401, 403}, .handler = logout},
      {.method = "POST", .path = "/api/v1/auth/password", .operation_id = "changePassword",
       .summary = "修改本人密码：核对原密码（与登录共用失败限流），新密码 10–256 个字符；结束该用户的其他会话，本会话保留并续期",
       .access = kAnyUser,
       .body = {"application/json",
                object_schema({{"old_password", type_schema("string")}, {"new_password", type_schema("string")}},
                              {"old_password", "new_password"})},
       .response = {"application/json",
                    object_schema({{"changed", type_schema("boolean")},
                                   {"expires_at", type_schema("string")},
                                   {"user", user_schema()}},
                                  {"changed", "expires_at", "user"})},
       .errors = {400, 401, 403, 429}, .handler = change_password},
      {.method = "GET", .path = "/api/v1/auth/me", .operation_id = "me", .summary = "当前用户", .access = kAnyUser,
       .response = {"application/json", user_schema()}, .errors = {401}, .handler = me},
  };
}

}  // namespace fangpin::server::detail
