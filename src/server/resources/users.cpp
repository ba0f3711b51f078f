// Accounts over HTTP (系统管理员): the list, adding a user, disabling/enabling one and
// resetting its password. Every account read or changed lies inside the admin's own scope;
// one outside it answers 404 as if missing. The rules, hashing and the access_log events
// are app/accounts.h's; answers never carry a hash, and a generated password only once.
#include <spdlog/spdlog.h>

#include "app/accounts.h"
#include "app/credentials.h"
#include "server/body.h"
#include "server/impl.h"

namespace fangpin::server::detail {

namespace {

json user_json(const store::UserRecord& u) {
  return json{{"username", u.username},
              {"role", u.role},
              {"region_scope", u.region_scope},
              {"department", u.department.empty() ? json(nullptr) : json(u.department)},
              {"disabled", u.disabled},
              {"created_at", u.created_at},
              {"created_by", u.created_by}};
}

json user_schema(bool with_password = false) {
  json props{{"username", type_schema("string")},
             {"role", type_schema("string")},
             {"region_scope", type_schema("string")},
             {"department", {{"type", {"string", "null"}}}},
             {"disabled", type_schema("boolean")},
             {"created_at", type_schema("string")},
             {"created_by", type_schema("string")}};
  if (with_password) props["initial_password"] = type_schema("string");
  return object_schema(std::move(props),
                       {"username", "role", "region_scope", "department", "disabled", "created_at", "created_by"});
}

Result<Reply> list_users(ApiServer::Impl&, Call& c) {
  auto items = json::array();
  if (c.region) {
    auto users = app::list_users(c.db.accounts(), *c.region);
    if (!users) return users.error();
    for (const auto& u : *users) items.push_back(user_json(u));
  }
  return Reply(json{{"items", std::move(items)}});
}

// An optional password as sent: not trimmed (spaces are part of a password); absent, null
// or "" = generate one (16 hex digits, as `user passwd` does).
Result<std::optional<std::string>> optional_password(const JsonBody& body) {
  if (!body.has("password")) return std::optional<std::string>{};
  const json& v = body.raw()["password"];
  if (!v.is_string()) return invalid("字段 password 应为字符串", "password");
  if (v.get_ref<const std::string&>().empty()) return std::optional<std::string>{};
  return std::optional<std::string>(v.get<std::string>());
}

// A body that may be empty (the password reset and the toggles send none or {}).
Result<JsonBody> body_or_empty(const httplib::Request& req) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) return JsonBody(json::object());
  return JsonBody::parse(req);
}

// The {username} account, if it lies inside the caller's scope; otherwise 404 as if missing.
Result<store::UserRecord> user_in_scope(Call& c, const std::string& username) {
  auto u = c.db.accounts().find_user(username);
  if (!u) return u.error();
  if (!u->has_value() || !c.user->scope.contains((*u)->region_scope))
    return not_found("用户 " + username + " 不存在", "username");
  return std::move(**u);
}

Result<Reply> add_user(ApiServer::Impl& s, Call& c) {
  auto body = JsonBody::parse(c.req);
  if (!body) return body.error();
  auto username = body->text("username", true, 64);
  if (!username) return username.error();
  auto role = body->text("role", true, 32);
  if (!role) return role.error();
  auto scope = body->optional_text("scope", 12);
  if (!scope) return scope.error();
  auto department = body->optional_text("department", 64);
  if (!department) return department.error();
  auto password = optional_password(*body);
  if (!password) return password.error();

  app::NewUser u{*username, *role, scope->value_or(""), department->value_or(""), password->value_or("")};
  const bool generated = !password->has_value();
  if (generated) u.password = app::random_hex(8);
  // The shape first (a malformed scope is 400 whoever asks), then the admin's own scope.
  if (!u.region_scope.empty() && !is_region_prefix(u.region_scope))
    return invalid("管辖范围应为区划代码前缀（1–12 位数字；只有系统管理员可留空表示全部）", "scope");
  // An empty scope is a 400 from app::add_user unless the role is 系统管理员 (everywhere).
  const bool everywhere_admin = u.region_scope.empty() && parse_role(u.role) == Role::Admin;
  if ((!u.region_scope.empty() || everywhere_admin) && !c.user->scope.contains(u.region_scope))
    return not_found(u.region_scope.empty() ? std::string("管辖范围“全部”不在本账号管辖范围内")
                                            : "管辖范围 " + u.region_scope + " 不在本账号管辖范围内",
                     "scope");
  const std::string& by = c.user->username;
  auto st = c.db.transaction([&]() -> Status { return app::add_user(c.db.accounts(), u, by, s.now_iso()); });
  if (!st) return st.error();
  auto stored = user_in_scope(c, u.username);
  if (!stored) return stored.error();
  spdlog::info("request_id={} user added user={} by={}", c.request_id, u.username, by);
  json out = user_json(*stored);
  if (generated) out["initial_password"] = u.password;
  return Reply(201, std::move(out));
}

Result<Reply> set_disabled(Call& c, const ApiServer::Impl& s, bool disabled) {
  const std::string username = c.req.matches[1].str();
  auto target = user_in_scope(c, username);
  if (!target) return target.error();
  if (disabled && username == c.user->username) return refused("不能停用本人账号", "username");
  auto st = c.db.transaction(
      [&]() -> Status { return app::set_user_disabled(c.db.accounts(), username, disabled, c.user->username, s.now_iso()); });
  if (!st) return st.error();
  auto stored = user_in_scope(c, username);
  if (!stored) return stored.error();
  spdlog::info("request_id={} user {} user={} by={}", c.request_id, disabled ? "disabled" : "enabled", username,
               c.user->username);
  return Reply(user_json(*stored));
}
Result<Reply> disable_user(ApiServer::Impl& s, Call& c) { return set_disabled(c, s, true); }
Result<Reply> enable_user(ApiServer::Impl& s, Call& c) { return set_disabled(c, s, false); }

Result<Reply> reset_password(ApiServer::Impl& s, Call& c) {
  auto body = body_or_empty(c.req);
  if (!body) return body.error();
  auto password = optional_password(*body);
  if (!password) return password.error();
  const std::string username = c.req.matches[1].str();
  auto target = user_in_scope(c, username);
  if (!target) return target.error();
  // Resetting ends every session, the admin's own too: its own password is changed with the
  // old one at POST /api/v1/auth/password, which keeps the current session.
  if (username == c.user->username) return refused("本人密码请在“修改密码”中更改（需核对原密码）", "username");
  const bool generated = !password->has_value();
  const std::string pw = generated ? app::random_hex(8) : **password;
  auto st = c.db.transaction(
      [&]() -> Status { return app::change_password(c.db.accounts(), username, pw, c.user->username, s.now_iso()); });
  if (!st) return st.error();
  spdlog::info("request_id={} password reset user={} by={}", c.request_id, username, c.user->username);
  json out = user_json(*target);
  if (generated) out["initial_password"] = pw;
  return Reply(std::move(out));
}

}  // namespace

std::vector<RouteSpec> user_routes() {
  const auto username = path_param("username", "用户名");
  return {
      {.method = "GET", .path = "/api/v1/users", .operation_id = "listUsers", .summary = "用户列表（管辖范围内）",
       .access = permit(Action::ManageUsers), .scope = ScopeCheck::RegionFilter,
       .response = {"application/json", object_schema({{"items", array_of(user_schema())}}, {"items"})},
       .errors = {401, 403},
       .handler = list_users},
      // Not replayable: the answer may carry a generated password, which is never stored
      // for an Idempotency-Key replay (a retry answers 409: the name exists).
      {.method = "POST", .path = "/api/v1/users", .operation_id = "addUser",
       .summary = "新增用户（管辖范围须在本账号范围内，否则 404）；未给 password 时生成随机初始密码，只在本次应答中返回一次",
       .access = permit(Action::ManageUsers), .scope = ScopeCheck::RegionFilter, .writes = true, .replayable = false,
       .body = {"application/json",
                object_schema({{"username", type_schema("string")},
                               {"role", type_schema("string")},
                               {"scope", type_schema("string")},
                               {"department", type_schema("string")},
                               {"password", type_schema("string")}},
                              {"username", "role"})},
       .response = {"application/json", user_schema(true)},
       .success = 201,
       .errors = {400, 401, 403, 404, 409},
       .handler = add_user},
      {.method = "POST", .path = "/api/v1/users/{username}/disable", .operation_id = "disableUser",
       .summary = "停用用户（其会话全部失效；不能停用本人）", .access = permit(Action::ManageUsers), .scope = ScopeCheck::RegionFilter,
       .writes = true, .params = {username}, .body = {"application/json", object_schema(json::object())},
       .response = {"application/json", user_schema()},
       .errors = {401, 403, 404, 422},
       .handler = disable_user},
      {.method = "POST", .path = "/api/v1/users/{username}/enable", .operation_id = "enableUser",
       .summary = "重新启用用户", .access = permit(Action::ManageUsers), .scope = ScopeCheck::RegionFilter,
       .writes = true, .params = {username}, .body = {"application/json", object_schema(json::object())},
       .response = {"application/json", user_schema()},
       .errors = {401, 403, 404},
       .handler = enable_user},
      {.method = "POST", .path = "/api/v1/users/{username}/password", .operation_id = "resetUserPassword",
       .summary = "重置用户密码（其会话全部失效）；未给 password 时生成随机密码，只在本次应答中返回一次；本人密码用 /auth/password",
       .access = permit(Action::ManageUsers), .scope = ScopeCheck::RegionFilter, .writes = true, .replayable = false,
       .params = {username},
       .body = {"application/json", object_schema({{"password", type_schema("string")}})},
       .response = {"application/json", user_schema(true)},
       .errors = {400, 401, 403, 404, 422},
       .handler = reset_password},
  };
}

}  // namespace fangpin::server::detail
