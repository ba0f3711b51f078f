// GET /api/v1/households/{id} with the optional 信息采集表 fields (issue 14 item 5): null
// while never imported; the bank account masked like IDs unless the role may unmask; the
// OpenAPI schema names the fields.
#include "server_fixture.h"

namespace fangpin::testing {
namespace {

using server::Role;

constexpr const char* kAccount = "6222021234567890123";

class HouseholdProfileApi : public ServerTest {
 protected:
  void seed_profile() {
    store::Store& s = database_->registry();
    auto d = s.find_household(kHouseholdA);
    ASSERT_TRUE(d.ok() && d->has_value());
    Household h = (*d)->household;
    h.profile.farmland_centimu = 350;
    h.profile.electricity = true;
    h.profile.bank_account = kAccount;
    store::ImportRun run{"households", "profile.csv", "tester", "2026-01-02T00:00:00Z", 1, 0};
    auto w = s.write_households(std::span<const Household>(&h, 1), run);
    ASSERT_TRUE(w.ok()) << w.error().message;
    EXPECT_EQ(w->updated, 1);
    Member m = (*d)->members.at(0);
    m.profile.medical_insured = false;
    m.profile.ethnicity = "白族";
    run.kind = "members";
    ASSERT_TRUE(s.write_members(std::span<const Member>(&m, 1), run).ok());
  }
};

TEST_F(HouseholdProfileApi, UnknownFieldsAreNull) {
  auto j = body(client_->Get(std::string("/api/v1/households/") + kHouseholdA, bearer(token_of(Role::Village))));
  for (const char* k : {"farmland_mu", "forest_mu", "electricity", "road", "toilet", "military_family", "bank_account"}) {
    ASSERT_TRUE(j.contains(k)) << k;
    EXPECT_TRUE(j[k].is_null()) << k;
  }
  EXPECT_TRUE(j["members"][0]["medical_insured"].is_null());
}

TEST_F(HouseholdProfileApi, BankAccountMaskedUnlessTheRoleMayUnmask) {
  seed_profile();
  auto village = client_->Get(std::string("/api/v1/households/") + kHouseholdA + "?unmask=1",
                              bearer(token_of(Role::Village)));
  ASSERT_EQ(village->status, 200);
  auto j = body(village);
  EXPECT_EQ(j["bank_account"], "6222****0123");
  EXPECT_EQ(j["farmland_mu"], 3.5);
  EXPECT_EQ(j["electricity"], true);
  EXPECT_TRUE(j["road"].is_null());
  EXPECT_EQ(j["members"][0]["medical_insured"], false);
  EXPECT_EQ(j["members"][0]["ethnicity"], "白族");
  EXPECT_EQ(village->body.find(kAccount), std::string::npos);

  const std::string county = token_of(Role::County);
  auto masked = client_->Get(std::string("/api/v1/households/") + kHouseholdA, bearer(county));
  EXPECT_EQ(body(masked)["bank_account"], "6222****0123");
  auto full = client_->Get(std::string("/api/v1/households/") + kHouseholdA + "?unmask=1", bearer(county));
  ASSERT_EQ(full->status, 200);
  EXPECT_EQ(body(full)["bank_account"], kAccount);
  EXPECT_EQ(log_->str().find(kAccount), std::string::npos);
}

TEST_F(HouseholdProfileApi, OpenApiDescribesTheFields) {
  auto doc = body(client_->Get("/api/openapi.json"));
  const json& schema =
      doc["paths"]["/api/v1/households/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
  ASSERT_TRUE(schema.contains("properties")) << schema.dump();
  EXPECT_EQ(schema["properties"]["bank_account"]["type"], json::array({"string", "null"}));
  EXPECT_EQ(schema["properties"]["farmland_mu"]["type"], json::array({"number", "null"}));
  EXPECT_TRUE(schema["properties"]["members"]["items"]["properties"].contains("medical_insured"));
}

}  // namespace
}  // namespace fangpin::testing
