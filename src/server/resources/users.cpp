// Accounts over HTTP: the list (系统管理员, inside the admin's scope; never hashes).
#include "app/accounts.h"
#include "server/impl.h"

namespace fangpin::server::detail {

namespace {

Result<Reply> list_users(ApiServer::Impl&, Call& c) {
  auto items = json::array();
  if (c.region) {
    auto users = app::list_users(c.db.accounts(), *c.region);
    if (!users) return users.error();
    for (const auto& u : *users) {
      items.push_back(json{{"username", u.username},
                           {"role", u.role},
                           {"region_scope", u.region_scope},
                           {"department", u.department.empty() ? json(nullptr) : json(u.department)},
                           {"disabled", u.disabled},
                           {"created_at", u.created_at},
                           {"created_by", u.created_by}});
    }
  }
  return Reply(json{{"items", std::move(items)}});
}

}  // namespace

std::vector<RouteSpec> user_routes() {
  return {
      {.method = "GET", .path = "/api/v1/users", .operation_id = "listUsers", .summary = "用户列表（管辖范围内）",
       .access = permit(Action::ManageUsers), .scope = ScopeCheck::RegionFilter,
       .response = {"application/json",
                    object_schema({{"items", array_of(object_schema({{"username", type_schema("string")},
                                                                      {"role", type_schema("string")},
                                                                      {"region_scope", type_schema("string")},
                                                                      {"department", {{"type", {"string", "null"}}}},
                                                                      {"disabled", type_schema("boolean")},
                                                                      {"created_at", type_schema("string")},
                                                                      {"created_by", type_schema("string")}}))}},
                                  {"items"})},
       .errors = {401, 403},
       .handler = list_users},
  };
}

}  // namespace fangpin::server::detail
