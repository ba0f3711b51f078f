// HTTP behaviour of the API server against a real server on a loopback port.
#include "server_fixture.h"

namespace fangpin::testing {
namespace {

using server::Role;

std::string error_code(const httplib::Result& r) {
  auto b = body(r);
  return b.is_object() && b.contains("error") ? b["error"].value("code", "") : "";
}

std::vector<std::string> set_cookies(const httplib::Result& r) {
  std::vector<std::string> out;
  auto range = r->headers.equal_range("Set-Cookie");
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

TEST_F(ServerTest, OpenApiDocumentsEveryRegisteredRoute) {
  auto r = client_->Get("/api/openapi.json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto doc = body(r);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  std::size_t documented = 0;
  for (auto& [path, ops] : doc["paths"].items()) documented += ops.size();
  const auto routes = server::ApiServer::routes();
  EXPECT_EQ(documented, routes.size());
  for (const auto& route : routes) {
    std::string m = route.method == "GET" ? "get" : "post";
    ASSERT_TRUE(doc["paths"].contains(route.path)) << route.path;
    ASSERT_TRUE(doc["paths"][route.path].contains(m)) << route.method << " " << route.path;
    const auto& op = doc["paths"][route.path][m];
    EXPECT_EQ(op["operationId"], route.operation_id);
    EXPECT_EQ(op["security"].empty(), !route.authenticated) << route.path;
    // Path parameters are declared.
    if (route.path.find('{') != std::string::npos) {
      EXPECT_TRUE(op.contains("parameters")) << route.path;
    }
    // The success answer has a media type and a schema.
    bool success_documented = false;
    for (auto& [status, response] : op["responses"].items()) {
      if (status.size() != 3 || status[0] != '2') continue;
      if (!response.contains("content")) continue;
      for (auto& [media, content] : response["content"].items())
        success_documented = success_documented || content.contains("schema");
    }
    EXPECT_TRUE(success_documented) << route.method << " " << route.path;
    // Writing routes document their request body (logout and the challenge take none).
    if (route.method == "POST" && route.operation_id != "logout" && route.operation_id != "applicationChallenge") {
      EXPECT_TRUE(op.contains("requestBody")) << route.path;
    }
  }
}

TEST_F(ServerTest, LoginMeLogout) {
  auto j = login(user_of(Role::County));
  ASSERT_TRUE(j.contains("token"));
  const std::string token = j["token"];
  EXPECT_EQ(token.size(), 64u);  // 32 random bytes, hex
  EXPECT_EQ(j["token_type"], "Bearer");
  EXPECT_EQ(j["user"]["role"], "县级");
  auto me = client_->Get("/api/v1/auth/me", bearer(token));
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ(body(me)["username"], user_of(Role::County));
  auto out = client_->Post("/api/v1/auth/logout", bearer(token), "", "application/json");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200);
  auto again = client_->Get("/api/v1/auth/me", bearer(token));
  EXPECT_EQ(again->status, 401);
  EXPECT_EQ(error_code(again), "unauthenticated");
}

TEST_F(ServerTest, TokenIsStoredOnlyAsAHash) {
  const std::string token = token_of(Role::County);
  ASSERT_FALSE(token.empty());
  // The raw token never reaches the database file; its hash does.
  auto found = accounts_->find_session(token, "2000-01-01T00:00:00Z");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  auto by_hash = accounts_->find_session(app::token_hash(token), "2000-01-01T00:00:00Z");
  ASSERT_TRUE(by_hash.ok());
  EXPECT_TRUE(by_hash->has_value());
}

TEST_F(ServerTest, SessionExpires) {
  const std::string token = token_of(Role::Township);
  EXPECT_EQ(client_->Get("/api/v1/auth/me", bearer(token))->status, 200);
  clock_offset_ = 3599;
  EXPECT_EQ(client_->Get("/api/v1/auth/me", bearer(token))->status, 200);
  clock_offset_ = 3601;  // session_ttl is one hour
  auto r = client_->Get("/api/v1/auth/me", bearer(token));
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(error_code(r), "unauthenticated");
}

TEST_F(ServerTest, ExpiredSessionsArePurgedOnLogin) {
  const std::string old_token = token_of(Role::Township);
  clock_offset_ = 2 * 3600;  // the first session has expired
  ASSERT_FALSE(token_of(Role::County).empty());
  auto found = accounts_->find_session(app::token_hash(old_token), "2000-01-01T00:00:00Z");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());  // gone, not merely expired
}

TEST_F(ServerTest, DisabledUserLosesSessionsAndCannotLogIn) {
  const std::string token = token_of(Role::Village);
  ASSERT_TRUE(accounts_->set_disabled(user_of(Role::Village), true, "admin", "2026-01-01T00:00:00Z").ok());
  EXPECT_EQ(client_->Get("/api/v1/auth/me", bearer(token))->status, 401);
  int status = 0;
  login(user_of(Role::Village), kPassword, &status);
  EXPECT_EQ(status, 401);
}

TEST_F(ServerTest, CookieSessionNeedsCsrfTokenForWrites) {
  auto r = client_->Post("/api/v1/auth/login",
                         json{{"username", user_of(Role::County)}, {"password", kPassword}}.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto cookies = set_cookies(r);
  ASSERT_EQ(cookies.size(), 2u);
  const auto j = body(r);
  const std::string token = j["token"], csrf = j["csrf_token"];
  bool session_cookie_ok = false;
  for (const auto& c : cookies)
    if (c.starts_with("fp_session=" + token))
      session_cookie_ok = c.find("HttpOnly") != std::string::npos && c.find("SameSite=Strict") != std::string::npos;
  EXPECT_TRUE(session_cookie_ok) << cookies[0] << " | " << cookies[1];

  const std::string cookie = "fp_session=" + token + "; fp_csrf=" + csrf;
  // Reads with the cookie need no CSRF token.
  EXPECT_EQ(client_->Get("/api/v1/auth/me", {{"Cookie", cookie}})->status, 200);
  // State-changing requests do.
  auto no_csrf = client_->Post("/api/v1/auth/logout", {{"Cookie", cookie}}, "", "application/json");
  EXPECT_EQ(no_csrf->status, 403);
  EXPECT_EQ(error_code(no_csrf), "csrf");
  auto wrong = client_->Post("/api/v1/auth/logout", {{"Cookie", cookie}, {"X-CSRF-Token", std::string(64, 'a')}}, "",
                             "application/json");
  EXPECT_EQ(wrong->status, 403);
  EXPECT_EQ(client_->Get("/api/v1/auth/me", {{"Cookie", cookie}})->status, 200);  // still logged in
  auto ok = client_->Post("/api/v1/auth/logout", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, "", "application/json");
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(client_->Get("/api/v1/auth/me", {{"Cookie", cookie}})->status, 401);
}

TEST_F(ServerTest, BearerWritesNeedNoCsrfToken) {
  const std::string token = token_of(Role::County);
  auto r = client_->Post("/api/v1/auth/logout", bearer(token), "", "application/json");
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServerTest, RepeatedFailuresPerUserAreThrottled) {
  int status = 0;
  for (int i = 0; i < 3; ++i) {
    login(user_of(Role::Admin), "wrong-password-x", &status);
    EXPECT_EQ(status, 401);
  }
  // Even the right password is refused now, with 429 and Retry-After.
  auto r = client_->Post("/api/v1/auth/login",
                         json{{"username", user_of(Role::Admin)}, {"password", kPassword}}.dump(), "application/json");
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(error_code(r), "too_many_attempts");
  EXPECT_TRUE(r->has_header("Retry-After"));
  // Other users from the same address are not yet affected.
  login(user_of(Role::County), kPassword, &status);
  EXPECT_EQ(status, 200);
  // After the window the user may log in again.
  clock_offset_ = 15 * 60 + 1;
  login(user_of(Role::Admin), kPassword, &status);
  EXPECT_EQ(status, 200);
}

TEST_F(ServerTest, RepeatedFailuresPerAddressAreThrottled) {
  int status = 0;
  for (int i = 0; i < 6; ++i) {  // six different (unknown) user names, one failure each
    login("nobody" + std::to_string(i), "wrong-password-x", &status);
    EXPECT_EQ(status, 401);
  }
  // The address is over its limit for the names it guessed (issue 15: per-user backoff)...
  login("nobody1", "wrong-password-x", &status);
  EXPECT_EQ(status, 429);
  // ...but cannot lock out a user it has not failed for (same NAT, same proxy).
  login(user_of(Role::County), kPassword, &status);
  EXPECT_EQ(status, 200);
}

TEST_F(ServerTest, MalformedJsonAndMissingFields) {
  auto r = client_->Post("/api/v1/auth/login", "{not json", "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(error_code(r), "invalid_json");
  auto m = client_->Post("/api/v1/auth/login", json{{"username", "x"}}.dump(), "application/json");
  EXPECT_EQ(m->status, 400);
  EXPECT_EQ(body(m)["error"]["field"], "password");
  auto arr = client_->Post("/api/v1/auth/login", "[1,2]", "application/json");
  EXPECT_EQ(arr->status, 400);
}

TEST_F(ServerTest, UnknownRouteAndWrongMethodAnswerJson) {
  auto r = client_->Get("/api/v1/nothing-here");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(error_code(r), "not_found");
  EXPECT_TRUE(r->get_header_value("Content-Type").starts_with("application/json"));
  auto m = client_->Delete("/api/v1/households");
  EXPECT_EQ(m->status, 405);
  EXPECT_EQ(error_code(m), "method_not_allowed");
  EXPECT_EQ(m->get_header_value("Allow"), "GET");
}

TEST_F(ServerTest, BadQueryParametersName_the_field) {
  const std::string token = token_of(Role::County);
  auto r = client_->Get("/api/v1/households?limit=0", bearer(token));
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body(r)["error"]["field"], "limit");
  auto y = client_->Get("/api/v1/assessments", bearer(token));
  EXPECT_EQ(y->status, 400);
  EXPECT_EQ(body(y)["error"]["field"], "year");
  auto reg = client_->Get("/api/v1/households?region=53x", bearer(token));
  EXPECT_EQ(body(reg)["error"]["field"], "region");
  auto no_line = client_->Get("/api/v1/assessments?year=1990", bearer(token));
  EXPECT_EQ(no_line->status, 400);
  EXPECT_EQ(body(no_line)["error"]["field"], "year");
}

TEST_F(ServerTest, MembersAndPhonesAreMaskedAndNeverLogged) {
  const std::string village = token_of(Role::Village);
  auto r = client_->Get(std::string("/api/v1/households/") + kHouseholdA + "?unmask=1", bearer(village));
  ASSERT_EQ(r->status, 200);
  auto j = body(r);
  EXPECT_EQ(j["masked"], true);  // 村级 may not unmask: the request is answered masked
  EXPECT_EQ(j["members"][0]["id_number"], mask_resident_id(member_id_a_));
  EXPECT_EQ(j["phone"], mask_phone(kPhoneA));
  EXPECT_EQ(r->body.find(member_id_a_), std::string::npos);

  auto list = client_->Get("/api/v1/households", bearer(village));
  EXPECT_EQ(list->body.find(kPhoneA), std::string::npos);
  EXPECT_NE(list->body.find(mask_phone(kPhoneA)), std::string::npos);

  const std::string county = token_of(Role::County);
  auto masked = client_->Get(std::string("/api/v1/households/") + kHouseholdA, bearer(county));
  EXPECT_EQ(body(masked)["masked"], true);
  auto full = client_->Get(std::string("/api/v1/households/") + kHouseholdA + "?unmask=1", bearer(county));
  ASSERT_EQ(full->status, 200);
  EXPECT_EQ(body(full)["members"][0]["id_number"], member_id_a_);
  EXPECT_EQ(body(full)["phone"], kPhoneA);
  // The unmasked read is recorded with who and what.
  auto events = accounts_->access_events();
  ASSERT_TRUE(events.ok());
  std::vector<store::AccessEvent> unmasks;
  for (const auto& e : *events)
    if (e.action == "unmask") unmasks.push_back(e);
  ASSERT_EQ(unmasks.size(), 1u);
  EXPECT_EQ(unmasks[0].username, user_of(Role::County));
  EXPECT_EQ(unmasks[0].target, kHouseholdA);

  const std::string logs = log_->str();
  EXPECT_NE(logs.find("unmasked read"), std::string::npos);
  EXPECT_EQ(logs.find(member_id_a_), std::string::npos);
  EXPECT_EQ(logs.find(kPhoneA), std::string::npos);
  EXPECT_EQ(logs.find(kPassword), std::string::npos);
}

TEST_F(ServerTest, RequestIdsAndMetrics) {
  const std::string token = token_of(Role::County);
  auto r = client_->Get(std::string("/api/v1/households/") + kHouseholdA, bearer(token));
  ASSERT_TRUE(r->has_header("X-Request-Id"));
  EXPECT_NE(log_->str().find("request_id=" + r->get_header_value("X-Request-Id")), std::string::npos);
  auto m = client_->Get("/metrics");
  ASSERT_EQ(m->status, 200);
  EXPECT_NE(m->body.find("fangpin_http_requests_total{route=\"/api/v1/households/{id}\",method=\"GET\",status=\"200\"} 1"),
            std::string::npos)
      << m->body;
  EXPECT_NE(m->body.find("fangpin_http_request_duration_seconds_bucket{route=\"/api/v1/households/{id}\",le=\"+Inf\"} 1"),
            std::string::npos);
  EXPECT_NE(m->body.find("fangpin_db_connections_open "), std::string::npos);
  // Concrete ids never become label values.
  EXPECT_EQ(m->body.find(kHouseholdA), std::string::npos);
}

TEST_F(ServerTest, HouseholdListFiltersAndPages) {
  const std::string admin = login(user_of(Role::Admin))["token"];
  // The admin's scope is village A: B is invisible even when asked for by region.
  auto all = body(client_->Get("/api/v1/households", bearer(admin)));
  EXPECT_EQ(all["total"], 1);
  EXPECT_EQ(all["items"][0]["household_id"], kHouseholdA);
  auto by_name = body(client_->Get("/api/v1/households?q=%E5%BC%A0", bearer(admin)));  // 张
  EXPECT_EQ(by_name["total"], 1);
  auto nobody = body(client_->Get("/api/v1/households?q=%E7%8E%8B", bearer(admin)));  // 王
  EXPECT_EQ(nobody["total"], 0);
  auto cand = body(client_->Get("/api/v1/households?candidate=true&year=2023", bearer(admin)));
  EXPECT_EQ(cand["total"], 1);
  EXPECT_EQ(cand["items"][0]["assessment"]["candidate"], true);
  auto latest = body(client_->Get("/api/v1/households?candidate=true", bearer(admin)));
  EXPECT_EQ(latest["year"], 2023);  // the latest year with finance rows
  EXPECT_EQ(latest["total"], 1);
  auto not_cand = body(client_->Get("/api/v1/households?candidate=false", bearer(admin)));
  EXPECT_EQ(not_cand["total"], 0);
  auto page2 = body(client_->Get("/api/v1/households?offset=1", bearer(admin)));
  EXPECT_EQ(page2["total"], 1);
  EXPECT_TRUE(page2["items"].empty());
}

TEST_F(ServerTest, AssessmentsHaveTheCliJsonlFields) {
  const std::string token = token_of(Role::Township);
  auto r = client_->Get("/api/v1/assessments?year=2023&all=1", bearer(token));
  ASSERT_EQ(r->status, 200) << r->body;
  auto j = body(r);
  ASSERT_EQ(j["total"], 1);
  const auto& a = j["items"][0];
  for (const char* f : {"household_id", "year", "people", "net_income", "income_per_capita", "rigid_expenditure",
                        "adjusted_income_per_capita", "line", "candidate", "type", "risk_reasons", "primary_reason",
                        "excluded", "exclusion_reasons", "shortfalls", "wrong_type"})
    EXPECT_TRUE(a.contains(f)) << f;
  EXPECT_EQ(a["household_id"], kHouseholdA);
}

TEST_F(ServerTest, ImportUploadReportsBadRowsAndAttributesTheWrite) {
  const std::string token = token_of(Role::Village);
  std::string csv = "户编号,区划代码,户主姓名,联系电话,是否脱贫户,脱贫年度,住房安全,饮水安全,义务教育保障,基本医疗保障,不愁吃穿\n";
  csv += std::string("HA0002,") + kVillageA + ",王五,13700000000,否,,是,是,是,是,是\n";
  csv += std::string("HA0003,") + kVillageA + ",,13700000001,也许,,是,是,是,是,是\n";  // no name, bad yes/no
  httplib::MultipartFormDataItems items{{"file", csv, "households.csv", "text/csv"}};
  auto r = client_->Post("/api/v1/imports/households", bearer(token), items);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto j = body(r);
  EXPECT_EQ(j["imported"], 1);
  EXPECT_EQ(j["rejected"], 1);
  ASSERT_FALSE(j["errors"].empty());
  for (const auto& e : j["errors"]) EXPECT_EQ(e["row"], 3);
  // The new household is visible at once, and the run is recorded under the account.
  auto list = body(client_->Get("/api/v1/households", bearer(token)));
  EXPECT_EQ(list["total"], 2);
  auto runs = database_->registry().import_runs();
  ASSERT_TRUE(runs.ok());
  EXPECT_EQ(runs->back().user, user_of(Role::Village));
  EXPECT_EQ(runs->back().imported, 1);
}

TEST_F(ServerTest, ImportOutsideScopeStoresNothing) {
  const std::string token = token_of(Role::Village);
  std::string csv = "户编号,年度,工资性收入,生产经营性收入,财产性收入,转移性收入,生产经营性支出\n";
  csv += std::string(kHouseholdA) + ",2022,100,0,0,0,0\n";
  csv += std::string(kHouseholdB) + ",2022,100,0,0,0,0\n";  // B is outside village A
  httplib::MultipartFormDataItems items{{"file", csv, "finances.csv", "text/csv"}};
  auto r = client_->Post("/api/v1/imports/finances", bearer(token), items);
  ASSERT_EQ(r->status, 422) << r->body;
  auto j = body(r);
  EXPECT_EQ(j["stored"], false);
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["row"], 3);
  auto detail = body(client_->Get(std::string("/api/v1/households/") + kHouseholdA, bearer(token)));
  for (const auto& f : detail["finances"]) EXPECT_NE(f["year"], 2022);
}

TEST_F(ServerTest, ImportErrorsDoNotNameHouseholdsOutsideTheScope) {
  const std::string token = token_of(Role::Village);
  // The resident ID of household B's member, uploaded into household A.
  const std::string id_b = make_resident_id("532923", "19700101", 12);
  std::string csv = "户编号,姓名,证件号码,与户主关系,健康状况,劳动技能\n";
  csv += std::string(kHouseholdA) + ",李四," + id_b + ",其他,健康,普通劳动力\n";
  httplib::MultipartFormDataItems items{{"file", csv, "members.csv", "text/csv"}};
  auto r = client_->Post("/api/v1/imports/members", bearer(token), items);
  ASSERT_EQ(r->status, 200) << r->body;
  auto j = body(r);
  ASSERT_EQ(j["rejected"], 1) << r->body;
  EXPECT_EQ(r->body.find(kHouseholdB), std::string::npos) << r->body;
  EXPECT_NE(j["errors"][0]["reason"].get<std::string>().find("管辖范围外"), std::string::npos) << r->body;
}

TEST_F(ServerTest, ImportWithoutFileOrUnknownTable) {
  const std::string token = token_of(Role::County);
  auto r = client_->Post("/api/v1/imports/households", bearer(token), "{}", "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body(r)["error"]["field"], "file");
  httplib::MultipartFormDataItems items{{"file", "a,b\n", "x.csv", "text/csv"}};
  auto u = client_->Post("/api/v1/imports/cars", bearer(token), items);
  EXPECT_EQ(u->status, 404);
}

class SmallPayloadServer : public ServerTest {
  void configure(server::ServerOptions& o) override { o.payload_limit = 4096; }
};

TEST_F(SmallPayloadServer, OversizePayloadIs413Json) {
  const std::string token = token_of(Role::County);
  ASSERT_FALSE(token.empty());
  httplib::MultipartFormDataItems items{{"file", std::string(20000, 'x'), "households.csv", "text/csv"}};
  auto r = client_->Post("/api/v1/imports/households", bearer(token), items);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(error_code(r), "payload_too_large");
}

TEST(Auth, PasswordsAreArgon2idAndVerify) {
  auto h = app::hash_password("a-long-password", app::HashStrength::FastForTestsOnly);
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->starts_with("$argon2id$"));
  EXPECT_TRUE(app::verify_password(*h, "a-long-password"));
  EXPECT_FALSE(app::verify_password(*h, "a-long-passwore"));
  EXPECT_FALSE(app::check_password_rules("short").ok());
}

TEST(Auth, UserValidationNamesTheField) {
  struct Null final : store::AccountStore {
    Status add_user(const store::UserRecord&) override { return Ok{}; }
    Result<std::optional<store::UserRecord>> find_user(std::string_view) override { return std::optional<store::UserRecord>{}; }
    Result<std::vector<store::UserRecord>> list_users() override { return std::vector<store::UserRecord>{}; }
    Status set_disabled(std::string_view, bool, std::string_view, std::string_view) override { return Ok{}; }
    Status set_password(std::string_view, std::string_view, std::string_view, std::string_view) override { return Ok{}; }
    Status create_session(std::string_view, std::string_view, std::string_view, std::string_view, std::string_view) override { return Ok{}; }
    Result<std::optional<store::SessionUser>> find_session(std::string_view, std::string_view) override { return std::optional<store::SessionUser>{}; }
    Status delete_session(std::string_view) override { return Ok{}; }
    Status record_login_failure(std::string_view, std::string_view) override { return Ok{}; }
    Result<int> login_failures_since(std::string_view, std::string_view) override { return 0; }
    Status clear_login_failures(std::string_view) override { return Ok{}; }
    Status purge(std::string_view, std::string_view) override { return Ok{}; }
    Result<std::optional<store::IdempotentAnswer>> claim_idempotency_key(std::string_view, std::string_view,
                                                                        std::string_view, std::string_view,
                                                                        std::string_view) override {
      return std::optional<store::IdempotentAnswer>{};
    }
    Status complete_idempotency_key(std::string_view, std::string_view, int, std::string_view,
                                    std::string_view) override { return Ok{}; }
    Status release_idempotency_key(std::string_view, std::string_view) override { return Ok{}; }
    Status purge_idempotency_keys(std::string_view) override { return Ok{}; }
    Status record_access(const store::AccessEvent&) override { return Ok{}; }
    Result<std::vector<store::AccessEvent>> access_events() override { return std::vector<store::AccessEvent>{}; }
  } acc;
  auto field_of = [&](app::NewUser u) {
    auto s = app::add_user(acc, u, "t", "2026-01-01T00:00:00Z", app::HashStrength::FastForTestsOnly);
    return s.ok() ? std::string("ok") : s.error().field;
  };
  EXPECT_EQ(field_of({"a", "村长", "532923", "", "long-enough-pw"}), "role");
  EXPECT_EQ(field_of({"a", "村级", "", "", "long-enough-pw"}), "scope");  // only admins may be unscoped
  EXPECT_EQ(field_of({"a", "系统管理员", "", "", "long-enough-pw"}), "ok");
  EXPECT_EQ(field_of({"a", "部门数据员", "532923", "", "long-enough-pw"}), "department");
  EXPECT_EQ(field_of({"a", "县级", "532923", "民政局", "long-enough-pw"}), "department");
  EXPECT_EQ(field_of({"a b", "县级", "532923", "", "long-enough-pw"}), "username");
  EXPECT_EQ(field_of({"a", "县级", "53x", "", "long-enough-pw"}), "scope");
  EXPECT_EQ(field_of({"a", "县级", "532923", "", "short"}), "password");
}

}  // namespace
}  // namespace fangpin::testing
