// The full authorization matrix: every registered route × every role × in scope / out of
// scope (+ anonymous), each cell's expected status derived from the declarative policy
// below — written independently of the server's route table, which it is checked against.
#include <functional>
#include <set>

#include "server_fixture.h"

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
      // --- screening (issue 10) ---
      // uploadFeed out of scope: an unknown department (404 for every uploader; another
      // department's 403 for a 部门数据员 is in test_screening_api.cpp).
      {"uploadFeed", {false, {Role::DeptData, Role::County, Role::Admin}, 200, 404, false}},
      {"listScreeningRuns", {false, {Role::DeptData, Role::County, Role::Supervisor, Role::Admin}, 200, 200, false}},
      {"listRunIssues", {false, {Role::DeptData, Role::County, Role::Supervisor, Role::Admin}, 200, 404, false}},
      {"listWarnings", {false, kAssessors, 200, 200, true}},
      {"verifyWarning", {false, {Role::Village, Role::Township, Role::County}, 200, 404, false}},
      // --- end screening ---
      // --- password (issue 11) ---
      // Every signed-in user changes its own password; there is no out-of-scope object.
      {"changePassword", {false, RoleSet::all(), 200, 200, false}},
      // --- end password ---
  };
  return t;
}

// --- screening (issue 10) ---
// A screening run of `department` with one open warning for `household` (merged into the
// open one if there is one); returns {run id, warning id}.
std::pair<std::int64_t, std::int64_t> seed_screening(store::Database& db, const std::string& department,
                                                     const std::string& household) {
  store::ScreeningWrite w;
  w.run.department = department;
  w.run.month = "2023-03";
  w.run.source_file = "seed.csv";
  w.run.user = "tester";
  w.run.at = "2026-01-01T00:00:00Z";
  w.run.received_on = "2023-03-03";
  w.run.dispatch_by = "2023-03-07";
  w.run.verify_by = "2023-03-10";
  store::WarningUpsert x;
  x.household_id = household;
  x.department = department;
  x.reason = "因病";
  x.grade_rank = 3;
  x.signals = 1;
  w.warnings.push_back(x);
  auto r = db.screening().write_screening(w);
  EXPECT_TRUE(r.ok()) << r.error().message;
  if (!r.ok()) return {0, 0};
  return {r->run_id, r->warnings.at(0).id};
}
// --- end screening ---

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
    // --- screening (issue 10) ---
    // The fixture's 部门数据员 is 民政局, i.e. the 民政 clerk.
    if (op == "uploadFeed") {
      const std::string csv = "证件号码,日期,事项\n" + member_id_a_ + ",2023-03-01,临时救助\n";
      httplib::MultipartFormDataItems items{{"file", csv, "civil.csv", "text/csv"}, {"month", "2023-03", "", ""},
                                            {"received", "2023-03-03", "", ""}};
      return client_->Post(in_scope ? "/api/v1/screening/民政" : "/api/v1/screening/外交", h, items);
    }
    if (op == "listScreeningRuns") return client_->Get("/api/v1/screening/runs", h);
    if (op == "listRunIssues") {
      // Out of scope: another department's run for a 部门数据员; a missing run for the others.
      const auto run = seed_screening(*database_, in_scope ? "民政" : "医保", hh).first;
      const bool missing = !in_scope && role != Role::DeptData;
      return client_->Get("/api/v1/screening/runs/" + std::to_string(missing ? run + 1000 : run) + "/issues", h);
    }
    if (op == "listWarnings") {
      seed_screening(*database_, "医保", hh);
      return client_->Get("/api/v1/warnings?region=" + village, h);
    }
    if (op == "verifyWarning") {
      const auto warning = seed_screening(*database_, "医保", hh).second;
      return client_->Post("/api/v1/warnings/" + std::to_string(warning) + "/verify", h,
                           R"({"result":"不纳入","date":"2023-03-05"})", "application/json");
    }
    // --- end screening ---
    // --- password (issue 11) ---
    // Changes the password with the cell's own session (which the change keeps) and puts
    // the fixture's password back at once, so later logins and tokens keep working.
    if (op == "changePassword") {
      auto res = client_->Post("/api/v1/auth/password", h,
                               json{{"old_password", kPassword}, {"new_password", "matrix-temporary-pw"}}.dump(),
                               "application/json");
      if (res && res->status == 200) {
        auto back = client_->Post("/api/v1/auth/password", h,
                                  json{{"old_password", "matrix-temporary-pw"}, {"new_password", kPassword}}.dump(),
                                  "application/json");
        EXPECT_TRUE(back && back->status == 200) << (back ? back->body : "no answer");
      }
      return res;
    }
    // --- end password ---
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
