// Issue 14 over HTTP: negative-list findings (record, list, withdraw; scope, roles, bad
// input) and the household list/detail following case decisions (type=, monitor_status=).
#include "case_seed.h"
#include "server_fixture.h"
#include "../support/document_seed.h"

namespace fangpin::testing {
namespace {

using server::Role;

class FindingsApi : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    seed_ = std::make_unique<CaseSeed>(*database_);
  }
  void TearDown() override {
    seed_.reset();
    ServerTest::TearDown();
  }
  const std::string& token(Role r) {
    auto& t = tokens_[r];
    if (t.empty()) t = token_of(r);
    return t;
  }
  httplib::Result get(const std::string& path, Role r = Role::Village) { return client_->Get(path, bearer(token(r))); }
  httplib::Result post(const std::string& path, const json& b, Role r = Role::Village) {
    return client_->Post(path, bearer(token(r)), b.dump(), "application/json");
  }
  static std::string findings(const std::string& hh) { return "/api/v1/households/" + hh + "/findings"; }
  std::string evidence() { return put_file(db_ + ".files", pdf_bytes("evidence")); }
  static std::string field_of(const httplib::Result& r) {
    auto b = body(r);
    return b.contains("error") && b["error"]["field"].is_string() ? b["error"]["field"].get<std::string>() : "";
  }
  std::vector<std::string> listed_ids(const std::string& query, Role r = Role::County) {
    std::vector<std::string> out;
    auto res = get("/api/v1/households?region=" + std::string(kVillageA) + "&" + query, r);
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
    const json answer = body(res);  // kept: the loop below must not run over a temporary
    for (const auto& it : answer["items"]) out.push_back(it["household_id"]);
    return out;
  }

  std::unique_ptr<CaseSeed> seed_;
  std::map<Role, std::string> tokens_;
};

TEST_F(FindingsApi, RecordListWithdraw) {
  const std::string sha = evidence();
  auto added = post(findings(kHouseholdA),
                    {{"kind", "种养大户"}, {"date", "2024-05-01"}, {"note", "养殖生猪 300 头"}, {"evidence", {sha}}});
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 201) << added->body;
  const auto f = body(added);
  EXPECT_EQ(f["kind"], "种养大户");
  EXPECT_EQ(f["by"], user_of(Role::Village));
  EXPECT_EQ(f["role"], "村级");
  EXPECT_EQ(f["evidence"], json::array({sha}));
  const std::int64_t fid = f["id"];

  // The household's detail now lists it as a negative fact; the assessment excludes it.
  const auto detail = body(get("/api/v1/households/" + std::string(kHouseholdA)));
  ASSERT_EQ(detail["negative_facts"].size(), 1u) << detail.dump();
  EXPECT_EQ(detail["negative_facts"][0]["kind"], "种养大户");

  auto w = post(findings(kHouseholdA) + "/" + std::to_string(fid) + "/withdraw",
                {{"date", "2024-05-02"}, {"reason", "复核：为合作社所有"}}, Role::Township);
  ASSERT_TRUE(w);
  ASSERT_EQ(w->status, 201) << w->body;
  EXPECT_EQ(body(w)["by"], user_of(Role::Township));
  auto again = post(findings(kHouseholdA) + "/" + std::to_string(fid) + "/withdraw",
                    {{"date", "2024-05-03"}, {"reason", "重复"}}, Role::County);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << again->body;

  const auto list = body(get(findings(kHouseholdA), Role::Supervisor));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_FALSE(list["items"][0]["active"]);
  EXPECT_EQ(list["items"][0]["note"], "养殖生猪 300 头");
  EXPECT_EQ(list["items"][0]["withdrawal"]["note"], "复核：为合作社所有");
  EXPECT_TRUE(body(get("/api/v1/households/" + std::string(kHouseholdA)))["negative_facts"].empty());
}

TEST_F(FindingsApi, BadInputNamesTheFieldAndStoresNothing) {
  const std::string sha = evidence();
  const json good{{"kind", "隐瞒资产或虚报支出"}, {"date", "2024-05-01"}, {"note", "隐瞒商铺一间"}, {"evidence", {sha}}};
  auto with = [&](const char* key, json v) {
    json b = good;
    if (v.is_null()) b.erase(key);
    else b[key] = std::move(v);
    return post(findings(kHouseholdA), b);
  };
  EXPECT_EQ(field_of(with("kind", "开豪车")), "kind");
  EXPECT_EQ(field_of(with("kind", "公职人员")), "kind");
  EXPECT_EQ(field_of(with("note", nullptr)), "note");
  EXPECT_EQ(field_of(with("evidence", json::array())), "evidence");
  EXPECT_EQ(field_of(with("evidence", json::array({std::string(64, 'b')}))), "evidence");  // not uploaded
  EXPECT_EQ(field_of(with("date", "2024-13-01")), "date");
  EXPECT_EQ(with("kind", "开豪车")->status, 400);
  EXPECT_TRUE(body(get(findings(kHouseholdA)))["items"].empty());
  // Out of scope looks like a missing household; 督导 only reads.
  auto out = post(findings(kHouseholdB), good);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 404);
  auto supervisor = post(findings(kHouseholdA), good, Role::Supervisor);
  ASSERT_TRUE(supervisor);
  EXPECT_EQ(supervisor->status, 403);
  auto unknown = post(findings(kHouseholdA) + "/99/withdraw", {{"date", "2024-05-02"}, {"reason", "x"}});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(FindingsApi, HouseholdListFollowsCaseDecisions) {
  // (Seeded before the first list: the server's registry view is loaded once.)
  const std::int64_t id = seed_->monitored(kHouseholdA);  // 县级审定: 边缘易致贫户
  EXPECT_EQ(listed_ids("monitor_status=monitored"), std::vector<std::string>{kHouseholdA});
  EXPECT_EQ(listed_ids("type=边缘易致贫户"), std::vector<std::string>{kHouseholdA});
  EXPECT_TRUE(listed_ids("monitor_status=none").empty());  // HB0001 is outside every account's scope
  // A 类型变更 through the API shows at once in the list and the detail.
  auto changed = post("/api/v1/cases/" + std::to_string(id) + "/steps",
                      {{"step", "类型变更"}, {"date", "2023-04-01"}, {"note", "收入骤减"}, {"type", "突发严重困难户"}},
                      Role::County);
  ASSERT_TRUE(changed);
  ASSERT_EQ(changed->status, 200) << changed->body;
  EXPECT_TRUE(listed_ids("type=边缘易致贫户").empty());
  EXPECT_EQ(listed_ids("type=突发严重困难户"), std::vector<std::string>{kHouseholdA});
  const auto detail = body(get("/api/v1/households/" + std::string(kHouseholdA)));
  EXPECT_EQ(detail["monitored_type"], "突发严重困难户");
  EXPECT_EQ(detail["monitor_status"], "monitored");
  EXPECT_EQ(detail["monitor_case_id"], id);
  EXPECT_EQ(detail["monitor_on"], "2023-04-01");
  auto removed = post("/api/v1/cases/" + std::to_string(id) + "/steps",
                      {{"step", "清退"}, {"date", "2023-05-01"}, {"note", "整户外迁"}}, Role::County);
  ASSERT_TRUE(removed);
  ASSERT_EQ(removed->status, 200) << removed->body;
  EXPECT_EQ(listed_ids("monitor_status=removed"), std::vector<std::string>{kHouseholdA});
  EXPECT_TRUE(listed_ids("type=突发严重困难户").empty());
  auto bad = get("/api/v1/households?monitor_status=watching", Role::County);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(field_of(bad), "monitor_status");
}

}  // namespace
}  // namespace fangpin::testing
