// Idempotency-Key: a retried POST gets the first answer and writes nothing new; the same
// key with another request is refused; keys are per caller.
#include "server_fixture.h"

namespace fangpin::testing {
namespace {

using server::Role;

class Idempotency : public ServerTest {
 protected:
  httplib::Result upload(const std::string& token, const std::string& key, const std::string& name) {
    std::string csv = "户编号,区划代码,户主姓名,联系电话,是否脱贫户,脱贫年度,住房安全,饮水安全,义务教育保障,基本医疗保障,不愁吃穿\n";
    csv += std::string("HA0002,") + kVillageA + "," + name + ",13700000000,否,,是,是,是,是,是\n";
    httplib::MultipartFormDataItems items{{"file", csv, "households.csv", "text/csv"}};
    httplib::Headers h = bearer(token);
    if (!key.empty()) h.emplace("Idempotency-Key", key);
    return client_->Post("/api/v1/imports/households", h, items);
  }
  std::size_t runs() {
    auto r = database_->registry().import_runs();
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->size() : 0;
  }
};

TEST_F(Idempotency, RetryReturnsTheFirstAnswerAndWritesNothing) {
  const std::string token = token_of(Role::Village);
  const std::size_t before = runs();
  auto first = upload(token, "k-001", "王五");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_FALSE(first->has_header("Idempotent-Replayed"));
  EXPECT_EQ(runs(), before + 1);
  auto again = upload(token, "k-001", "王五");  // a new multipart boundary, the same content
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(again->body, first->body);
  EXPECT_EQ(again->get_header_value("Idempotent-Replayed"), "true");
  EXPECT_EQ(runs(), before + 1);
  // Without the key, or with a fresh one, the request runs again.
  auto other = upload(token, "k-002", "王五");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  EXPECT_EQ(runs(), before + 2);
}

TEST_F(Idempotency, SameKeyWithAnotherRequestIsRefused) {
  const std::string token = token_of(Role::Village);
  ASSERT_EQ(upload(token, "k-1", "王五")->status, 200);
  const std::size_t before = runs();
  auto r = upload(token, "k-1", "赵六");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(body(r)["error"]["code"], "idempotency_key_reused");
  EXPECT_EQ(runs(), before);
}

TEST_F(Idempotency, KeysBelongToTheCaller) {
  ASSERT_EQ(upload(token_of(Role::Village), "shared", "王五")->status, 200);
  auto r = upload(token_of(Role::Township), "shared", "王五");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->has_header("Idempotent-Replayed"));
}

TEST_F(Idempotency, MalformedKeyIs400) {
  auto r = upload(token_of(Role::Village), std::string(300, 'x'), "王五");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body(r)["error"]["field"], "Idempotency-Key");
}

TEST_F(Idempotency, ErrorsAreReplayedToo) {
  // The first answer is kept whatever it was (here 401 is not: unauthenticated requests
  // never claim a key, so a later authenticated retry runs).
  const std::string token = token_of(Role::Village);
  httplib::Headers h = bearer(token);
  h.emplace("Idempotency-Key", "bad-1");
  auto first = client_->Post("/api/v1/imports/nope", h, "{}", "application/json");
  ASSERT_TRUE(first);
  auto again = client_->Post("/api/v1/imports/nope", h, "{}", "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, first->status);
  EXPECT_EQ(again->body, first->body);
  EXPECT_EQ(again->get_header_value("Idempotent-Replayed"), "true");
}

TEST_F(Idempotency, LoginAnswersAreNeverKept) {
  // A session token must not sit in idempotency_keys, and a replay must not hand it out.
  httplib::Headers h{{"Idempotency-Key", "login-1"}};
  const std::string b = json{{"username", user_of(Role::Village)}, {"password", kPassword}}.dump();
  auto first = client_->Post("/api/v1/auth/login", h, b, "application/json");
  auto again = client_->Post("/api/v1/auth/login", h, b, "application/json");
  ASSERT_TRUE(first && again);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(again->status, 200);
  EXPECT_FALSE(again->has_header("Idempotent-Replayed"));
  EXPECT_NE(body(first)["token"], body(again)["token"]);
}

}  // namespace
}  // namespace fangpin::testing
