// 用户管理 over HTTP (issue 11): POST /api/v1/users, /users/{name}/disable|enable|password —
// the app rules and their messages, a generated password returned once, the admin's scope
// (outside it = 404 as if missing), sessions ended, access_log events, OpenAPI.
#include "server_fixture.h"

namespace fangpin::testing {
namespace {

using server::Role;

class UsersApi : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    admin_ = token_of(Role::Admin);
    ASSERT_FALSE(admin_.empty());
  }
  httplib::Result post(const std::string& path, const json& b, const std::string& token = "") {
    return client_->Post(path, bearer(token.empty() ? admin_ : token), b.dump(), "application/json");
  }
  httplib::Result add(const json& b) { return post("/api/v1/users", b); }
  int me(const std::string& token) {
    auto r = client_->Get("/api/v1/auth/me", bearer(token));
    return r ? r->status : -1;
  }
  // The error's field, or "" when the answer is not an error.
  static std::string field_of(const httplib::Result& r) {
    auto b = body(r);
    return b.contains("error") ? b["error"].value("field", "") : "";
  }
  bool logged(const std::string& action, const std::string& target_prefix) {
    auto events = accounts_->access_events();
    EXPECT_TRUE(events.ok());
    for (const auto& e : *events)
      if (e.action == action && e.target.starts_with(target_prefix) && e.username == user_of(Role::Admin)) return true;
    return false;
  }
  // An account in village B, outside the fixture admin's scope (village A).
  void add_outsider(const std::string& name) {
    app::NewUser u{name, "村级", kVillageB, "", kPassword};
    ASSERT_TRUE(app::add_user(*accounts_, u, "tester", "2026-01-01T00:00:00Z", app::HashStrength::FastForTestsOnly).ok());
  }
  std::string admin_;
};

TEST_F(UsersApi, AddsAUserWithAGeneratedPasswordShownOnce) {
  auto r = add({{"username", "村干部小李"}, {"role", "村级"}, {"scope", kVillageA}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  auto b = body(r);
  EXPECT_EQ(b["username"], "村干部小李");
  EXPECT_EQ(b["role"], "村级");
  EXPECT_EQ(b["region_scope"], kVillageA);
  EXPECT_TRUE(b["department"].is_null());
  EXPECT_EQ(b["disabled"], false);
  EXPECT_EQ(b["created_by"], user_of(Role::Admin));
  EXPECT_FALSE(b.contains("password_hash"));
  const std::string pw = b.value("initial_password", "");
  ASSERT_EQ(pw.size(), 16u) << r->body;

  auto token = login("村干部小李", pw).value("token", "");
  EXPECT_FALSE(token.empty()) << "the new user logs in with the shown password";
  EXPECT_TRUE(logged("user.add", "村干部小李 村级"));

  auto list = client_->Get("/api/v1/users", bearer(admin_));
  ASSERT_TRUE(list && list->status == 200);
  EXPECT_EQ(list->body.find("initial_password"), std::string::npos) << "the password is shown only once";
  EXPECT_EQ(list->body.find("$argon2"), std::string::npos);
  bool listed = false;
  const json listed_users = body(list);  // kept alive for the loop (a temporary's member would dangle)
  for (const auto& u : listed_users["items"]) listed |= u["username"] == "村干部小李";
  EXPECT_TRUE(listed);
}

TEST_F(UsersApi, AddsAUserWithAGivenPasswordAndADepartment) {
  auto r = add({{"username", "mz_clerk"}, {"role", "dept_data"}, {"scope", kVillageA}, {"department", "民政局"},
                {"password", "given password 1"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  auto b = body(r);
  EXPECT_FALSE(b.contains("initial_password")) << "a given password is never echoed";
  EXPECT_EQ(b["role"], "部门数据员") << "a role key is stored as its label";
  EXPECT_EQ(b["department"], "民政局");
  EXPECT_FALSE(login("mz_clerk", "given password 1").value("token", "").empty());
}

TEST_F(UsersApi, BadInputNamesTheFieldAndStoresNothing) {
  struct Case {
    json body;
    int status;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"role", "村级"}, {"scope", kVillageA}}, 400, "username"},
      {{{"username", "a b"}, {"role", "村级"}, {"scope", kVillageA}}, 400, "username"},
      {{{"username", "x1"}, {"role", "村长"}, {"scope", kVillageA}}, 400, "role"},
      {{{"username", "x1"}, {"scope", kVillageA}}, 400, "role"},
      {{{"username", "x1"}, {"role", "村级"}, {"scope", "53abc"}}, 400, "scope"},
      {{{"username", "x1"}, {"role", "村级"}}, 400, "scope"},  // only 系统管理员 may be everywhere
      {{{"username", "x1"}, {"role", "部门数据员"}, {"scope", kVillageA}}, 400, "department"},
      {{{"username", "x1"}, {"role", "村级"}, {"scope", kVillageA}, {"department", "民政局"}}, 400, "department"},
      {{{"username", "x1"}, {"role", "村级"}, {"scope", kVillageA}, {"password", "short"}}, 400, "password"},
      {{{"username", "x1"}, {"role", "村级"}, {"scope", kVillageA}, {"password", 12345678901}}, 400, "password"},
      {{{"username", user_of(Role::Village)}, {"role", "村级"}, {"scope", kVillageA}}, 409, ""},
  };
  for (const auto& c : cases) {
    auto r = add(c.body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, c.status) << c.body.dump() << " → " << r->body;
    if (!c.field.empty()) {
      EXPECT_EQ(field_of(r), c.field) << r->body;
    }
    EXPECT_FALSE(body(r)["error"].value("message", "").empty()) << r->body;
  }
  auto bad_json = client_->Post("/api/v1/users", bearer(admin_), "{not json", "application/json");
  ASSERT_TRUE(bad_json);
  EXPECT_EQ(bad_json->status, 400);
  auto x1 = accounts_->find_user("x1");
  ASSERT_TRUE(x1.ok());
  EXPECT_FALSE(x1->has_value()) << "nothing stored by a refused request";
}

TEST_F(UsersApi, OutsideTheAdminsScopeIsMissing) {
  // The fixture admin is scoped to village A: a wider, another or an everywhere scope is out.
  for (const json& scope : {json(kVillageB), json("5329"), json(nullptr)}) {
    json b{{"username", "too_wide"}, {"role", "系统管理员"}};
    if (!scope.is_null()) b["scope"] = scope;
    auto r = add(b);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << b.dump() << " → " << r->body;
    EXPECT_EQ(field_of(r), "scope");
  }
  add_outsider("outsider");
  const json empty = json::object();
  for (const char* action : {"disable", "enable", "password"}) {
    for (const char* who : {"outsider", "nobody-at-all"}) {
      auto r = post(std::string("/api/v1/users/") + who + "/" + action, empty);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 404) << action << " " << who << ": " << r->body;
      EXPECT_EQ(body(r)["error"]["message"], std::string("用户 ") + who + " 不存在") << "same answer as a missing user";
    }
  }
  EXPECT_FALSE(login("outsider").value("token", "").empty()) << "the outsider is untouched";
  auto u = accounts_->find_user("outsider");
  ASSERT_TRUE(u.ok() && u->has_value());
  EXPECT_FALSE((*u)->disabled);
}

TEST_F(UsersApi, AnEverywhereAdminReachesEveryScope) {
  app::NewUser root{"root_admin", "系统管理员", "", "", kPassword};
  ASSERT_TRUE(app::add_user(*accounts_, root, "tester", "2026-01-01T00:00:00Z", app::HashStrength::FastForTestsOnly).ok());
  const std::string token = login("root_admin").value("token", "");
  ASSERT_FALSE(token.empty());
  auto r = post("/api/v1/users", {{"username", "county_b"}, {"role", "县级"}, {"scope", "532923"}}, token);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
  add_outsider("outsider");
  auto d = post("/api/v1/users/outsider/disable", json::object(), token);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, 200) << d->body;
}

TEST_F(UsersApi, DisablingEndsSessionsAndRefusesLoginEnablingRestores) {
  const std::string user = user_of(Role::Village);
  const std::string session = token_of(Role::Village);
  ASSERT_EQ(me(session), 200);
  auto r = post("/api/v1/users/" + user + "/disable", json::object());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(body(r)["disabled"], true);
  EXPECT_EQ(body(r)["username"], user);
  EXPECT_EQ(me(session), 401) << "its sessions end";
  int status = 0;
  login(user, kPassword, &status);
  EXPECT_EQ(status, 401) << "a disabled user cannot log in";
  EXPECT_TRUE(logged("user.disable", user));

  auto e = client_->Post("/api/v1/users/" + user + "/enable", bearer(admin_), "", "application/json");
  ASSERT_TRUE(e);
  ASSERT_EQ(e->status, 200) << e->body;
  EXPECT_EQ(body(e)["disabled"], false);
  EXPECT_FALSE(login(user).value("token", "").empty());
  EXPECT_TRUE(logged("user.enable", user));
}

TEST_F(UsersApi, ResettingAPasswordEndsSessions) {
  const std::string user = user_of(Role::County);
  const std::string session = token_of(Role::County);
  auto r = post("/api/v1/users/" + user + "/password", json::object());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string pw = body(r).value("initial_password", "");
  ASSERT_EQ(pw.size(), 16u) << r->body;
  EXPECT_EQ(me(session), 401) << "its sessions end";
  int status = 0;
  login(user, kPassword, &status);
  EXPECT_EQ(status, 401) << "the old password no longer works";
  EXPECT_FALSE(login(user, pw).value("token", "").empty());
  EXPECT_TRUE(logged("user.passwd", user));

  auto given = post("/api/v1/users/" + user + "/password", {{"password", "chosen by admin"}});
  ASSERT_TRUE(given);
  ASSERT_EQ(given->status, 200) << given->body;
  EXPECT_FALSE(body(given).contains("initial_password"));
  EXPECT_FALSE(login(user, "chosen by admin").value("token", "").empty());

  auto bad = post("/api/v1/users/" + user + "/password", {{"password", "short"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(field_of(bad), "password");
}

TEST_F(UsersApi, TheAdminCannotDisableOrResetItself) {
  const std::string me_name = user_of(Role::Admin);
  for (const char* action : {"disable", "password"}) {
    auto r = post("/api/v1/users/" + me_name + "/" + action, json::object());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << action << ": " << r->body;
  }
  EXPECT_EQ(me(admin_), 200) << "the admin's session continues";
}

TEST_F(UsersApi, OnlyTheAdminMayWriteAccounts) {
  const std::string token = token_of(Role::County);
  auto r = post("/api/v1/users", {{"username", "sneaky"}, {"role", "村级"}, {"scope", kVillageA}}, token);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  auto d = post("/api/v1/users/" + user_of(Role::Village) + "/disable", json::object(), token);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, 403);
}

TEST_F(UsersApi, OpenApiDescribesTheWrites) {
  auto r = client_->Get("/api/openapi.json");
  ASSERT_TRUE(r && r->status == 200);
  auto doc = body(r);
  const auto& add_op = doc["paths"]["/api/v1/users"]["post"];
  EXPECT_EQ(add_op["operationId"], "addUser");
  EXPECT_TRUE(add_op["responses"].contains("201"));
  EXPECT_TRUE(add_op["responses"].contains("409"));
  EXPECT_TRUE(add_op["responses"]["201"]["content"]["application/json"]["schema"]["properties"].contains(
      "initial_password"));
  EXPECT_TRUE(add_op["requestBody"]["content"]["application/json"]["schema"]["properties"].contains("role"));
  for (const char* p : {"/api/v1/users/{username}/disable", "/api/v1/users/{username}/enable",
                        "/api/v1/users/{username}/password"}) {
    EXPECT_TRUE(doc["paths"][p].contains("post")) << p;
    EXPECT_TRUE(doc["paths"][p]["post"]["responses"].contains("404")) << p;
  }
}

}  // namespace
}  // namespace fangpin::testing
