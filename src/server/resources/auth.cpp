// Sessions: login (throttled, Argon2id), logout, the current user.
#include <spdlog/spdlog.h>

#include "app/credentials.h"
#include "server/impl.h"

namespace fangpin::server::detail {

namespace {

json user_json(const Principal& p) {
  return json{{"username", p.username},
              {"role", label(p.role)},
              {"region_scope", p.scope.digits()},
              {"department", p.department.empty() ? json(nullptr) : json(p.department)}};
}

Result<Reply> login(ApiServer::Impl& s, Call& c) {
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
  const std::string user_key = "user:" + username, addr_key = "addr:" + c.req.remote_addr;
  auto uf = acc.login_failures_since(user_key, since);
  if (!uf) return uf.error();
  auto af = acc.login_failures_since(addr_key, since);
  if (!af) return af.error();
  if (*uf >= s.opt.max_failures_per_user || *af >= s.opt.max_failures_per_address) {
    // Checked before the password: a throttled client gets no answer about it at all.
    c.res.set_header("Retry-After", std::to_string(s.opt.throttle_window.count()));
    spdlog::warn("request_id={} login throttled", c.request_id);
    return Reply::error(429, "too_many_attempts", "登录失败次数过多，请稍后再试");
  }
  auto u = acc.find_user(username);
  if (!u) return u.error();
  // Unknown users still cost one hash verification so timing does not reveal them.
  static const std::string kDummy = app::hash_password("not-a-password-000", app::HashStrength::Interactive).value();
  bool ok = false;
  {
    s.password_checks.acquire();
    struct Release {
      std::counting_semaphore<>& sem;
      ~Release() { sem.release(); }
    } release{s.password_checks};
    ok = u->has_value() ? app::verify_password((*u)->password_hash, password)
                        : (app::verify_password(kDummy, password), false);
  }
  if (!ok || (*u)->disabled) {
    (void)acc.record_login_failure(user_key, iso(now));
    (void)acc.record_login_failure(addr_key, iso(now));
    spdlog::info("request_id={} login failed", c.request_id);
    return Reply::error(401, "invalid_credentials", "用户名或密码错误，或账号已停用");
  }
  (void)acc.clear_login_failures(user_key);
  if (auto st = acc.purge(iso(now), since); !st) spdlog::warn("request_id={} purge failed: {}", c.request_id, st.error().message);
  if (auto st = acc.purge_idempotency_keys(iso(now - std::chrono::hours(24))); !st)
    spdlog::warn("request_id={} purge failed: {}", c.request_id, st.error().message);
  const std::string token = app::random_hex(32), csrf = app::random_hex(32);
  const auto expires = now + s.opt.session_ttl;
  if (auto st = acc.create_session(app::token_hash(token), username, csrf, iso(now), iso(expires)); !st) return st.error();
  auto role = parse_role((*u)->role);
  Principal p{username, role.value_or(Role::Supervisor), RegionPrefix::parse((*u)->region_scope).value_or(RegionPrefix{}),
              (*u)->department, csrf, false, {}};
  const long ttl = static_cast<long>(s.opt.session_ttl.count());
  c.res.set_header("Set-Cookie", cookie(kSessionCookie, token, ttl, true, s.opt.secure_cookies));
  c.res.set_header("Set-Cookie", cookie(kCsrfCookie, csrf, ttl, false, s.opt.secure_cookies));
  spdlog::info("request_id={} login user={}", c.request_id, username);
  return Reply(json{{"token", token}, {"token_type", "Bearer"}, {"expires_at", iso(expires)}, {"csrf_token", csrf},
                    {"user", user_json(p)}});
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
       .errors = {400, 401, 429}, .handler = login},
      {.method = "POST", .path = "/api/v1/auth/logout", .operation_id = "logout", .summary = "退出登录（使会话失效）",
       .access = kAnyUser,
       .response = {"application/json", object_schema({{"logged_out", type_schema("boolean")}}, {"logged_out"})},
       .errors = {401, 403}, .handler = logout},
      {.method = "GET", .path = "/api/v1/auth/me", .operation_id = "me", .summary = "当前用户", .access = kAnyUser,
       .response = {"application/json", user_schema()}, .errors = {401}, .handler = me},
  };
}

}  // namespace fangpin::server::detail
