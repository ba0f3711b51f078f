// Existing cases and batch steps over HTTP (issue 14): the uploads go through the CLI's use
// case with the account as the audit actor and its scope bounding the households; a batch
// answers each case's outcome, one refused case leaving the others done.
#include "case_seed.h"
#include "server_fixture.h"

namespace fangpin::testing {
namespace {

using server::Role;
using workflow::Step;

class CaseImportApi : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    seed_ = std::make_unique<CaseSeed>(*database_);
  }
  void TearDown() override {
    seed_.reset();
    ServerTest::TearDown();
  }
  httplib::Result upload(const std::string& path, const std::string& token, const std::string& csv) {
    httplib::MultipartFormDataItems items{{"file", csv, "存量.csv", "text/csv"}};
    return client_->Post(path, bearer(token), items);
  }
  std::unique_ptr<CaseSeed> seed_;
};

TEST_F(CaseImportApi, ACountyAccountImportsCasesAndMeasures) {
  seed_->household("HA0002", kVillageA, "王五");
  const std::string county = token_of(Role::County);
  const std::string csv =
      "户编号,监测对象类型,风险类型,审定日期,状态,帮扶责任人\n"
      "HA0002,边缘易致贫户,因病,2023-05-10,监测中,u_caseworker\n"
      "HB0001,边缘易致贫户,因病,2023-05-10,监测中,\n"   // outside the account's scope
      "HZ9999,边缘易致贫户,因病,2023-05-10,监测中,\n";  // unknown
  auto r = upload("/api/v1/imports/cases", county, csv);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto b = body(r);
  EXPECT_EQ(b["imported"], 1);
  EXPECT_EQ(b["rejected"], 2);
  EXPECT_EQ(b["stored"], true);
  EXPECT_EQ(b["written"]["inserted"], 1);
  ASSERT_EQ(b["errors"].size(), 2u);
  // Outside the scope reads exactly like unknown (only the id differs).
  EXPECT_EQ(b["errors"][0]["row"], 3);
  EXPECT_EQ(b["errors"][0]["column"], "户编号");
  EXPECT_EQ(b["errors"][0]["reason"], "户编号 HB0001 不存在（请先导入户信息）");
  EXPECT_EQ(b["errors"][1]["reason"], "户编号 HZ9999 不存在（请先导入户信息）");

  // The case, with its one 迁入 event by the account.
  auto list = client_->Get("/api/v1/cases?region=" + std::string(kVillageA), bearer(county));
  ASSERT_TRUE(list);
  auto items = body(list)["items"];
  ASSERT_EQ(items.size(), 1u);
  const auto id = items[0]["case_id"].get<std::int64_t>();
  auto detail = body(client_->Get("/api/v1/cases/" + std::to_string(id), bearer(county)));
  EXPECT_EQ(detail["status"], "监测中");
  EXPECT_EQ(detail["approved_on"], "2023-05-10");
  ASSERT_EQ(detail["audit"].size(), 1u);
  EXPECT_EQ(detail["audit"][0]["action"], "迁入");
  EXPECT_EQ(detail["audit"][0]["actor"], user_of(Role::County));
  EXPECT_NE(detail["clue_note"].get<std::string>().find("upload:存量.csv"), std::string::npos);

  auto m = upload("/api/v1/imports/measures", county, "户编号,措施类别,开始日期,责任单位\nHA0002,健康帮扶,2023-05-20,县医疗保障局\n");
  ASSERT_TRUE(m);
  ASSERT_EQ(m->status, 200) << m->body;
  EXPECT_EQ(body(m)["written"]["inserted"], 1);
  // Again: nothing new, said so.
  auto again = upload("/api/v1/imports/cases", county, csv);
  EXPECT_EQ(body(again)["written"]["unchanged"], 1);
  EXPECT_EQ(body(again)["imported"], 0);

  // Strict: a bad row stores nothing.
  seed_->household("HA0003", kVillageA, "赵六");
  auto strict = upload("/api/v1/imports/cases?strict=true", county,
                       "户编号,监测对象类型,风险类型,审定日期,状态\nHA0003,边缘易致贫户,因病,2023-05-10,监测中\nHA0003,x,因病,2023-05-10,监测中\n");
  ASSERT_TRUE(strict);
  EXPECT_EQ(body(strict)["stored"], false);
  EXPECT_EQ(body(client_->Get("/api/v1/cases?region=" + std::string(kVillageA), bearer(county)))["total"], 1);

  // Only 县级 imports existing cases; a file that is not CSV/xlsx is a 400 naming the file.
  auto village = upload("/api/v1/imports/cases", token_of(Role::Village), csv);
  ASSERT_TRUE(village);
  EXPECT_EQ(village->status, 403);
  httplib::MultipartFormDataItems txt{{"file", "x", "a.txt", "text/plain"}};
  auto bad = client_->Post("/api/v1/imports/cases", bearer(county), txt);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(body(bad)["error"]["field"], "file");
}

TEST_F(CaseImportApi, ABatchStepWithOneRefusedCase) {
  seed_->household("HA0002", kVillageA, "王五");
  seed_->household("HA0003", kVillageA, "赵六");
  const auto a = seed_->compared(kHouseholdA, "2024-03-01");
  const auto b = seed_->compared("HA0002", "2024-03-01");
  const auto late = seed_->compared("HA0003", "2024-03-06");  // its last record is after the meeting
  const auto outside = seed_->compared(kHouseholdB, "2024-03-01");
  const std::string village = token_of(Role::Village);
  auto r = client_->Post("/api/v1/cases/batch-steps", bearer(village),
                         json{{"cases", {a, late, outside, b}}, {"step", "村级评议"}, {"date", "2024-03-05"},
                              {"note", "村民代表会议"}}.dump(),
                         "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto j = body(r);
  EXPECT_EQ(j["done"], 2);
  EXPECT_EQ(j["refused"], 2);
  EXPECT_EQ(j["independent"], true);
  ASSERT_EQ(j["results"].size(), 4u);
  EXPECT_EQ(j["results"][0]["done"], true);
  EXPECT_EQ(j["results"][0]["state"], "待村级公示");
  EXPECT_EQ(j["results"][1]["done"], false);
  EXPECT_EQ(j["results"][1]["error"]["code"], "failed_precondition");
  EXPECT_EQ(j["results"][1]["error"]["field"], "date");
  EXPECT_EQ(j["results"][2]["error"]["code"], "not_found");
  EXPECT_EQ(j["results"][2]["error"]["message"], "案件 " + std::to_string(outside) + " 不存在或不在管辖范围内");
  EXPECT_EQ(j["results"][3]["done"], true);
  EXPECT_EQ(seed_->version(outside), seed_->version(late));  // neither written (both: open + 3 steps)

  // A bad body is a 400, not a batch.
  auto bad = client_->Post("/api/v1/cases/batch-steps", bearer(village),
                           json{{"cases", {a, -1}}, {"step", "村级评议"}, {"date", "2024-03-05"}}.dump(), "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(body(bad)["error"]["field"], "cases");
  // 督导 is read-only.
  auto supervisor = client_->Post("/api/v1/cases/batch-steps", bearer(token_of(Role::Supervisor)),
                                  json{{"cases", {a}}, {"step", "村级公示"}, {"date", "2024-03-05"}}.dump(), "application/json");
  ASSERT_TRUE(supervisor);
  EXPECT_EQ(supervisor->status, 403);
}

}  // namespace
}  // namespace fangpin::testing
