// POST /api/v1/auth/password: the old password checked (and throttled with logins), the
// rules, the other sessions ended while this one continues, access_log, bad input.
#include "server_fixture.h"

namespace fangpin::testing {
namespace {

using server::Role;

class PasswordApi : public ServerTest {
 protected:
  httplib::Result change(const std::string& token, const std::string& body) {
    return client_->Post("/api/v1/auth/password", bearer(token), body, "application/json");
  }
  httplib::Result change(const std::string& token, const std::string& old_pw, const std::string& new_pw) {
    return change(token, json{{"old_password", old_pw}, {"new_password", new_pw}}.dump());
  }
  int me(const std::string& token) {
    auto r = client_->Get("/api/v1/auth/me", bearer(token));
    return r ? r->status : -1;
  }
};

TEST_F(PasswordApi, ChangesThePasswordEndsOtherSessionsKeepsThisOne) {
  const std::string user = user_of(Role::Village);
  const std::string mine = token_of(Role::Village), other = token_of(Role::Village);
  const std::string someone_else = token_of(Role::County);
  ASSERT_FALSE(mine.empty());
  ASSERT_EQ(me(other), 200);

  auto r = change(mine, kPassword, "a brand new pw 1");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto b = body(r);
  EXPECT_EQ(b["changed"], true);
  EXPECT_EQ(b["user"]["username"], user);
  EXPECT_FALSE(b.contains("token")) << "no secret in an answer an Idempotency-Key may store";

  EXPECT_EQ(me(mine), 200) << "this session continues";
  EXPECT_EQ(me(other), 401) << "the user's other sessions end";
  EXPECT_EQ(me(someone_else), 200) << "other users are untouched";

  int status = 0;
  login(user, kPassword, &status);
  EXPECT_EQ(status, 401) << "the old password no longer works";
  EXPECT_FALSE(login(user, "a brand new pw 1").value("token", "").empty()) << "spaces are kept, not trimmed";

  auto events = accounts_->access_events();
  ASSERT_TRUE(events.ok());
  bool logged = false;
  for (const auto& e : *events) logged |= e.action == "user.passwd" && e.target == user && e.username == user;
  EXPECT_TRUE(logged);
}

TEST_F(PasswordApi, CookieSessionNeedsCsrfAndKeepsWorking) {
  auto r = client_->Post("/api/v1/auth/login",
                         json{{"username", user_of(Role::Supervisor)}, {"password", kPassword}}.dump(),
                         "application/json");
  ASSERT_TRUE(r && r->status == 200);
  const auto lb = body(r);
  const std::string cookie = "fp_session=" + lb["token"].get<std::string>() + "; fp_csrf=" + lb["csrf_token"].get<std::string>();
  const std::string req = json{{"old_password", kPassword}, {"new_password", "supervisor-new-pw"}}.dump();
  auto no_csrf = client_->Post("/api/v1/auth/password", {{"Cookie", cookie}}, req, "application/json");
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403) << "a cookie session must echo the CSRF token";
  httplib::Headers h{{"Cookie", cookie}, {"X-CSRF-Token", lb["csrf_token"].get<std::string>()}};
  auto ok = client_->Post("/api/v1/auth/password", h, req, "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body << " (督导 may change its own password)";
  auto me2 = client_->Get("/api/v1/auth/me", {{"Cookie", cookie}});
  ASSERT_TRUE(me2);
  EXPECT_EQ(me2->status, 200);
}

TEST_F(PasswordApi, WrongOldPasswordIs403AndThrottledWithLogins) {
  const std::string token = token_of(Role::Township);
  auto r = change(token, "not-my-password", "another-new-pw");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  auto b = body(r);
  EXPECT_EQ(b["error"]["code"], "wrong_password");
  EXPECT_EQ(b["error"]["field"], "old_password");
  EXPECT_EQ(b["error"]["message"], "原密码不正确");
  EXPECT_EQ(me(token), 200) << "a wrong old password does not end the session";
  // The fixture allows 3 failures per user: two more, then 429 even with the right one.
  for (int i = 0; i < 2; ++i) {
    auto again = change(token, "not-my-password", "another-new-pw");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 403);
  }
  auto throttled = change(token, kPassword, "another-new-pw");
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 429);
  EXPECT_TRUE(throttled->has_header("Retry-After"));
  int status = 0;
  login(user_of(Role::Township), kPassword, &status);
  EXPECT_EQ(status, 429) << "password-change failures count against logins too";
  clock_offset_ += 3600;  // after the window the right old password works again
  const std::string fresh = token_of(Role::Township);
  auto later = change(fresh, kPassword, "another-new-pw");
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 200) << later->body;

  auto events = accounts_->access_events();
  ASSERT_TRUE(events.ok());
  int refused = 0;
  for (const auto& e : *events) refused += e.action == "user.passwd.refused";
  EXPECT_EQ(refused, 3);
}

TEST_F(PasswordApi, BadInputNamesTheField) {
  const std::string token = token_of(Role::County);
  struct Case {
    std::string body, field;
  };
  const std::string long_pw(257, 'x');
  const std::vector<Case> cases{
      {"not json", "body"},
      {"[1,2]", "body"},
      {R"({"new_password":"0123456789ab"})", "old_password"},
      {R"({"old_password":"","new_password":"0123456789ab"})", "old_password"},
      {R"({"old_password":42,"new_password":"0123456789ab"})", "old_password"},
      {json{{"old_password", kPassword}}.dump(), "new_password"},
      {json{{"old_password", kPassword}, {"new_password", true}}.dump(), "new_password"},
      {json{{"old_password", kPassword}, {"new_password", "short"}}.dump(), "new_password"},
      {json{{"old_password", kPassword}, {"new_password", long_pw}}.dump(), "new_password"},
      {json{{"old_password", kPassword}, {"new_password", kPassword}}.dump(), "new_password"},
      {std::string(R"({"old_password":"correct-horse-42","new_password":"abc)") + "\xff\xfe" + R"(defghijkl"})", "body"},
  };
  for (const auto& c : cases) {
    auto r = change(token, c.body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << c.body << " → " << r->body;
    EXPECT_EQ(body(r)["error"]["field"], c.field) << c.body << " → " << r->body;
  }
  // None of these counted as a wrong password, and the password is unchanged.
  int status = 0;
  login(user_of(Role::County), kPassword, &status);
  EXPECT_EQ(status, 200);
  auto anon = client_->Post("/api/v1/auth/password", R"({"old_password":"a","new_password":"b"})", "application/json");
  ASSERT_TRUE(anon);
  EXPECT_EQ(anon->status, 401);
}

TEST_F(PasswordApi, InOpenApi) {
  auto r = client_->Get("/api/openapi.json");
  ASSERT_TRUE(r && r->status == 200);
  auto op = body(r)["paths"]["/api/v1/auth/password"]["post"];
  ASSERT_TRUE(op.is_object());
  EXPECT_EQ(op["operationId"], "changePassword");
  EXPECT_TRUE(op["requestBody"].is_object());
  EXPECT_TRUE(op["responses"].contains("403"));
}

}  // namespace
}  // namespace fangpin::testing
