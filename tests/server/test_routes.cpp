// The route table is declarative: every route names the permission-table action whose roles
// may call it, or says explicitly that it is public or open to any signed-in account; the
// OpenAPI document lists every route with those roles. And the upload redaction use case.
#include <set>

#include "app/registry_upload.h"
#include "domain/permission.h"
#include "server/http.h"
#include "server_fixture.h"

namespace fangpin::testing {
namespace {

using server::Access;
using server::ScopeCheck;

TEST(RouteTable, EveryRouteHasAPermissionOrIsExplicitlyOpen) {
  const auto routes = server::ApiServer::routes();
  ASSERT_FALSE(routes.empty());
  std::set<std::string> ops, endpoints;
  for (const auto& r : routes) {
    EXPECT_TRUE(ops.insert(r.operation_id).second) << "duplicate operation " << r.operation_id;
    EXPECT_TRUE(endpoints.insert(r.method + " " + r.path).second) << "duplicate route " << r.path;
    EXPECT_EQ(r.authenticated, r.access.authenticated()) << r.operation_id;
    switch (r.access.kind) {
      case Access::Kind::Public:
        EXPECT_FALSE(r.authenticated) << r.operation_id;
        EXPECT_TRUE(r.roles.empty()) << r.operation_id;
        EXPECT_EQ(r.scope, ScopeCheck::None) << r.operation_id << ": a public route has no caller scope";
        EXPECT_FALSE(r.writes) << r.operation_id;
        break;
      case Access::Kind::AnyUser:
        EXPECT_TRUE(r.authenticated) << r.operation_id;
        EXPECT_EQ(r.roles.bits, RoleSet::all().bits) << r.operation_id;
        EXPECT_EQ(r.scope, ScopeCheck::None) << r.operation_id << ": household data needs a permission";
        break;
      case Access::Kind::Permission: {
        const Permission& p = permission(r.access.action);
        EXPECT_TRUE(r.authenticated) << r.operation_id;
        EXPECT_FALSE(p.roles.empty()) << r.operation_id;
        EXPECT_EQ(r.roles.bits, p.roles.bits) << r.operation_id << " roles differ from the permission table";
        // A region-scoped action is checked against the caller's scope by dispatch, except
        // where the object is named in the body: openCase checks its household_id (404).
        if (p.scope == ScopeRule::Region && r.operation_id != "openCase") {
          EXPECT_NE(r.scope, ScopeCheck::None) << r.operation_id << " (" << p.name << ") has no scope check";
        }
        break;
      }
    }
    if (r.writes) {
      EXPECT_FALSE(r.roles.has(Role::Supervisor)) << r.operation_id << ": 督导 is read-only";
    }
    if (r.path.find("{id}") != std::string::npos) {  // the object named by {id} is loaded and scope-checked by dispatch
      EXPECT_TRUE(r.scope == ScopeCheck::Household || r.scope == ScopeCheck::Case || r.scope == ScopeCheck::Warning ||
                  r.scope == ScopeCheck::ScreeningRun || r.scope == ScopeCheck::Clue)
          << r.operation_id;
    }
  }
}

TEST_F(ServerTest, OpenApiListsEveryRouteWithItsRoles) {
  auto res = client_->Get("/api/openapi.json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const auto doc = body(res);
  for (const auto& r : server::ApiServer::routes()) {
    const std::string m = r.method == "GET" ? "get" : "post";
    ASSERT_TRUE(doc["paths"].contains(r.path) && doc["paths"][r.path].contains(m)) << r.method << " " << r.path;
    const auto& op = doc["paths"][r.path][m];
    ASSERT_TRUE(op.contains("x-roles")) << r.operation_id;
    std::vector<std::string> expected, listed;
    for (Role role : server::kAllRoles)
      if (r.roles.has(role)) expected.emplace_back(server::label(role));
    for (const auto& l : op["x-roles"]) listed.push_back(l.get<std::string>());
    EXPECT_EQ(listed, expected) << r.operation_id;
    EXPECT_EQ(op.contains("x-permission"), r.access.kind == Access::Kind::Permission) << r.operation_id;
    // The success answer is described, not just named.
    bool described = false;  // 200, or 201 for a created resource
    for (const auto& [code, answer] : op["responses"].items())
      described |= code.size() == 3 && code[0] == '2' && answer.contains("content");
    EXPECT_TRUE(described) << r.operation_id;
    if (r.access.kind == Access::Kind::Permission) {
      EXPECT_EQ(op["x-permission"], std::string(permission(r.access.action).name)) << r.operation_id;
    }
  }
}

// The agreed mapping (README "Errors"): status and code from the kind alone.
TEST(ErrorRendering, StatusAndCodeFollowTheKind) {
  struct Row {
    Error error;
    int status;
    std::string code;
  };
  const std::vector<Row> rows{
      {invalid("x", "f"), 400, "invalid"},
      {not_found("x"), 404, "not_found"},
      {conflict("x"), 409, "conflict"},
      {permission_denied("x"), 403, "forbidden"},
      {refused("x"), 422, "refused"},
      {failed_precondition("x"), 409, "failed_precondition"},
      {Error{ErrorKind::Unsupported, "x", {}}, 400, "unsupported"},
      {internal_error("secret detail"), 500, "internal"},
  };
  for (const auto& r : rows) {
    httplib::Response res;
    server::detail::send_error(res, r.error);
    EXPECT_EQ(res.status, r.status) << r.code;
    auto b = json::parse(res.body);
    EXPECT_EQ(b["error"]["code"], r.code);
    if (r.status == 500) {
      EXPECT_EQ(res.body.find("secret detail"), std::string::npos) << "internal details stay in the log";
    } else {
      EXPECT_EQ(b["error"]["message"], r.error.message);
    }
  }
}

TEST(UploadRedaction, HouseholdsOutsideTheScopeStayAnonymous) {
  app::LoadedRegistry reg;
  reg.reg.households.resize(2);
  reg.reg.households[0].household_id = "HIN";
  reg.reg.households[0].region_code = "532923101001";
  reg.reg.households[1].household_id = "HOUT";
  reg.reg.households[1].region_code = "532923102001";
  reg.by_id = {{"HIN", 0}, {"HOUT", 1}};
  const auto scope = *RegionPrefix::parse("532923101");
  std::vector<io::RowError> errors{
      {2, "证件号码", "证件号码已登记在户 HIN（证件号码唯一，一人只能属于一户）", "HIN"},
      {3, "证件号码", "证件号码已登记在户 HOUT（证件号码唯一，一人只能属于一户）", "HOUT"},
      {4, "证件号码", "证件号码已登记在户 HGONE（证件号码唯一，一人只能属于一户）", "HGONE"},
      {5, "姓名", "不能为空"},
  };
  app::redact_other_households(errors, scope, reg);
  EXPECT_EQ(errors[0].other_household, "HIN");  // inside: named
  EXPECT_NE(errors[0].reason.find("HIN"), std::string::npos);
  for (int i : {1, 2}) {
    EXPECT_TRUE(errors[i].other_household.empty()) << i;
    EXPECT_EQ(errors[i].reason.find("HOUT"), std::string::npos) << errors[i].reason;
    EXPECT_EQ(errors[i].reason.find("HGONE"), std::string::npos) << errors[i].reason;
    EXPECT_NE(errors[i].reason.find("管辖范围外"), std::string::npos) << errors[i].reason;
  }
  EXPECT_EQ(errors[3].reason, "不能为空");
  // Everywhere sees every household.
  std::vector<io::RowError> all{{3, "证件号码", "证件号码已登记在户 HOUT（…）", "HOUT"}};
  app::redact_other_households(all, RegionPrefix{}, reg);
  EXPECT_EQ(all[0].other_household, "HOUT");
}

}  // namespace
}  // namespace fangpin::testing
