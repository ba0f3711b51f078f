// The full authorization matrix: every registered route × every role × in scope / out of
// scope (+ anonymous), each cell's expected status derived from the declarative policy
// below — written independently of the server's route table, which it is checked against.
#include <functional>
#include <set>

#include "server_fixture.h"
#include "../support/document_seed.h"

namespace fangpin::testing {
namespace {

using server::Role;
using server::RoleSet;

constexpr RoleSet kReaders{Role::Village, Role::Township, Role::County, Role::Caseworker, Role::Supervisor, Role::Admin};
constexpr RoleSet kAssessors{Role::Village, Role::Township, Role::County, Role::Supervisor, Role::Admin};
constexpr RoleSet kImporters{Role::Village, Role::Township, Role::County, Role::Admin};

// The policy (README "HTTP API server" roles). public: no login. allowed: roles that may call it.
// in/out: status for an allowed role on in-scope / out-of-scope data. 督导 (supervisor) is
// read-only: it appears in no writing route's set.
struct Policy {
  bool is_public;
  RoleSet allowed;
  int in, out;
  // out-of-scope lists answer 200 but must contain nothing
  bool out_is_empty_list;
};
const std::map<std::string, Policy>& policy_table() {
  static const std::map<std::string, Policy> t{
      {"healthz", {true, {}, 200, 200, false}},
      {"metrics", {true, {}, 200, 200, false}},
      {"openapi", {true, {}, 200, 200, false}},
      {"login", {true, {}, 200, 200, false}},
      {"logout", {false, RoleSet::all(), 200, 200, false}},
      {"me", {false, RoleSet::all(), 200, 200, false}},
      {"listUsers", {false, {Role::Admin}, 200, 200, false}},
      {"listHouseholds", {false, kReaders, 200, 200, true}},
      {"getHousehold", {false, kReaders, 200, 404, false}},
      {"listAssessments", {false, kAssessors, 200, 200, true}},
      {"importRegistry", {false, kImporters, 200, 422, false}},
      // --- documents (issue 10) ---
      {"uploadDocument", {false, {Role::Village, Role::Township, Role::County, Role::Caseworker}, 201, 201, false}},
      {"getDocument", {false, kReaders, 200, 404, false}},
      {"getHouseholdDossier", {false, kReaders, 200, 404, false}},
  };
  return t;
}

class AuthzMatrix : public ServerTest {
 protected:
  // One request per route, in or out of scope. `token` empty = anonymous.
  httplib::Result call(const std::string& op, Role role, const std::string& token, bool in_scope) {
    httplib::Headers h = token.empty() ? httplib::Headers{} : bearer(token);
    const std::string village = in_scope ? kVillageA : kVillageB;
    const std::string hh = in_scope ? kHouseholdA : kHouseholdB;
    if (op == "healthz") return client_->Get("/healthz", h);
    if (op == "metrics") return client_->Get("/metrics", h);
    if (op == "openapi") return client_->Get("/api/openapi.json", h);
    if (op == "login")
      return client_->Post("/api/v1/auth/login", json{{"username", user_of(role)}, {"password", kPassword}}.dump(),
                           "application/json");
    if (op == "logout") {
      // A fresh session: logging out must not end the one the other cells use.
      if (!token.empty()) h = bearer(token_of(role));
      return client_->Post("/api/v1/auth/logout", h, "", "application/json");
    }
    if (op == "me") return client_->Get("/api/v1/auth/me", h);
    if (op == "listUsers") return client_->Get("/api/v1/users", h);
    if (op == "listHouseholds") return client_->Get("/api/v1/households?region=" + village, h);
    if (op == "getHousehold") return client_->Get("/api/v1/households/" + hh, h);
    if (op == "listAssessments") return client_->Get("/api/v1/assessments?all=1&year=2023&region=" + village, h);
    if (op == "importRegistry") {
      std::string csv = "户编号,区划代码,户主姓名,联系电话,是否脱贫户,脱贫年度,住房安全,饮水安全,义务教育保障,基本医疗保障,不愁吃穿\n";
      csv += hh + "," + village + "," + (in_scope ? "张三" : "李四") + "," + (in_scope ? kPhoneA : "13900001111") +
             ",否,,是,是,是,是,是\n";
      httplib::MultipartFormDataItems items{{"file", csv, "households.csv", "text/csv"}};
      return client_->Post("/api/v1/imports/households", h, items);
    }
    // --- documents (issue 10) ---
    if (op == "uploadDocument") {
      httplib::MultipartFormDataItems items{{"file", pdf_bytes("matrix"), "a.pdf", "application/pdf"}};
      return client_->Post("/api/v1/documents", h, items);
    }
    if (op == "getDocument") {
      // A document referenced by a case of HA0001 (caseworker: the 帮扶责任人 account) and one
      // referenced only by a case of HB0001, outside every account's scope.
      const std::string sha = put_file(db_ + ".files", pdf_bytes(hh));
      if (database_->cases().cases_with_document(sha)->empty()) {
        SeedCase sc{hh, village, user_of(Role::Caseworker)};
        sc.visit_docs = {sha};
        seed_case(*database_, sc);
      }
      return client_->Get("/api/v1/documents/" + sha, h);
    }
    if (op == "getHouseholdDossier") return client_->Get("/api/v1/households/" + hh + "/dossier", h);
    ADD_FAILURE() << "no request for route " << op;
    return client_->Get("/nope");
  }
};

TEST_F(AuthzMatrix, EveryRouteIsInThePolicyTable) {
  std::set<std::string> registered;
  for (const auto& r : server::ApiServer::routes()) {
    registered.insert(r.operation_id);
    auto it = policy_table().find(r.operation_id);
    ASSERT_NE(it, policy_table().end()) << "route " << r.method << " " << r.path << " has no policy row";
    EXPECT_EQ(it->second.is_public, !r.authenticated) << r.operation_id;
    if (r.authenticated) {
      EXPECT_EQ(it->second.allowed.bits, r.roles.bits) << r.operation_id;
    }
    if (r.writes) {  // 督导 is read-only
      EXPECT_FALSE(r.roles.has(Role::Supervisor)) << r.operation_id;
    }
  }
  for (const auto& [op, p] : policy_table()) {
    EXPECT_TRUE(registered.count(op)) << "policy row without route: " << op;
  }
}

TEST_F(AuthzMatrix, EveryCell) {
  std::map<Role, std::string> tokens;
  for (Role r : server::kAllRoles) {
    tokens[r] = token_of(r);
    ASSERT_FALSE(tokens[r].empty()) << server::label(r);
  }
  int cells = 0;
  for (const auto& route : server::ApiServer::routes()) {
    const Policy& p = policy_table().at(route.operation_id);
    // Anonymous.
    for (bool in_scope : {true, false}) {
      if (route.operation_id == "login") continue;  // login is the anonymous call itself
      auto res = call(route.operation_id, Role::Village, "", in_scope);
      ASSERT_TRUE(res) << route.operation_id;
      EXPECT_EQ(res->status, p.is_public ? p.in : 401) << route.operation_id << " anonymous";
      ++cells;
    }
    for (Role role : server::kAllRoles) {
      for (bool in_scope : {true, false}) {
        int expected = p.is_public || p.allowed.has(role) ? (in_scope ? p.in : p.out) : 403;
        auto res = call(route.operation_id, role, tokens[role], in_scope);
        ASSERT_TRUE(res) << route.operation_id;
        EXPECT_EQ(res->status, expected) << route.operation_id << " × " << server::label(role) << " × "
                                         << (in_scope ? "in scope" : "out of scope") << ": " << res->body;
        ++cells;
        if (res->status != 200 || !p.allowed.has(role)) {
          if (res->status >= 400) {
            auto b = body(res);
            EXPECT_TRUE(b.contains("error") && b["error"].contains("code")) << res->body;
          }
          continue;
        }
        if (p.out_is_empty_list) {
          auto b = body(res);
          if (in_scope) {
            EXPECT_GT(b["total"].get<int>(), 0) << route.operation_id << " " << server::label(role);
          } else {
            EXPECT_EQ(b["total"].get<int>(), 0) << route.operation_id << " leaks outside the scope";
          }
        }
      }
    }
  }
  EXPECT_EQ(cells, static_cast<int>(server::ApiServer::routes().size()) * 16 - 2);
}

}  // namespace
}  // namespace fangpin::testing
