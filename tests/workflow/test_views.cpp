// The workflow JSON views (app/workflow/workflow_views.h): the keys and their order are the
// --format json/jsonl contract the CLI prints and the HTTP routes will answer.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/workflow/workflow_views.h"
#include "wf_fixtures.h"

namespace fangpin::app {
namespace {

using namespace workflow;
using namespace workflow::testing;

std::vector<std::string> keys(const Json& j) {
  std::vector<std::string> out;
  for (const auto& [k, v] : j.items()) out.push_back(k);
  return out;
}

TEST(WorkflowViews, CaseViewLeadsWithStateAndNextStep) {
  CaseRecord r{opened(), 3};
  r.c.id = 7;
  const Json j = case_view(r);
  const auto k = keys(j);
  ASSERT_GE(k.size(), 4u);
  EXPECT_EQ((std::vector<std::string>(k.begin(), k.begin() + 4)),
            (std::vector<std::string>{"case_id", "version", "state", "next_step"}));
  EXPECT_EQ(j["state"], "待入户核查");
  EXPECT_EQ(j["next_step"], "入户核查");
  EXPECT_EQ(j["household_id"], "H1");
  EXPECT_EQ(keys(case_list_view(r)),
            (std::vector<std::string>{"case_id", "household_id", "region_code", "status", "state", "version"}));
  r.c = monitored();
  EXPECT_TRUE(case_view(r)["next_step"].is_null());
}

TEST(WorkflowViews, ReportRows) {
  DueRow due{1, "H1", "532923101001", "待入户核查", DueItem{"入户核查", D("2023-01-29"), "3 个工作日"}, -1, true};
  EXPECT_EQ(keys(due_view(due)), (std::vector<std::string>{"case_id", "household_id", "region_code", "state", "item",
                                                             "due", "days_left", "overdue", "rule"}));
  EXPECT_EQ(due_view(due)["due"], "2023-01-29");
  BackcheckRow keep{1, "H1", "532923101001", "2023-03-20", {}};
  EXPECT_EQ(backcheck_view(keep)["suggestion"], "保持");
  keep.findings = {"收入低于监测线"};
  EXPECT_EQ(backcheck_view(keep)["suggestion"], "风险消除回退");
  Eligibility e;
  e.criteria = {{"收入稳定超过监测线", true, ""}, {"稳定半年以上", false, "未满"}};
  const Json el = eligibility_view(EligibilityRow{1, "H1", "532923101001", e});
  EXPECT_EQ(el["eligible"], false);
  EXPECT_EQ(el["failed"], Json::array({"稳定半年以上"}));
  QualityRow q{1, "H1", "532923101001", QualityFlag{QualityKind::Late, "计划迟", D("2023-04-01"), std::nullopt}};
  EXPECT_TRUE(quality_view(q)["rectified_on"].is_null());
  EXPECT_EQ(quality_view(q)["flag"], "不及时");
  ChainCheck broken;
  broken.events = 5;
  broken.first_broken = 3;
  EXPECT_EQ(keys(chain_check_view(broken)), (std::vector<std::string>{"ok", "events", "first_broken", "problem"}));
  EXPECT_EQ(chain_check_view(broken)["ok"], false);
}

}  // namespace
}  // namespace fangpin::app
