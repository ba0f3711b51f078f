// The policy rules every use case shares: a year must have a monitoring line before a run
// (Policy::require_year), the SPEC §5 negative list (negative_list_hits), and who may do
// what (domain/permission.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/assessment.h"
#include "domain/permission.h"
#include "domain/policy.h"

namespace fangpin {
namespace {

Date D(const char* iso) { return *Date::parse(iso); }

Policy policy() {
  Policy p;
  p.national_lines = {{2022, yuan(6600)}, {2023, yuan(7100)}};
  p.line_overrides = {{"53", 2024, yuan(7300)}};
  p.negative_list_kinds = {"公职人员", "商品房", "消费型车辆"};
  return p;
}

// ---- require_year -----------------------------------------------------------------------

TEST(RequireYear, NationalLineOrAnyOverrideWillDo) {
  const Policy p = policy();
  EXPECT_TRUE(p.require_year(2023).ok());
  EXPECT_TRUE(p.require_year(2024).ok());  // only an override for 53…: lines resolve per household
  auto missing = p.require_year(2031);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::NotFound);
  EXPECT_EQ(missing.error().field, "year");
  EXPECT_NE(missing.error().message.find("2031"), std::string::npos);
  // The same error as asking for the line itself.
  EXPECT_EQ(p.line_for(2031, "532923101001").error().message, missing.error().message);
}

// ---- negative list ------------------------------------------------------------------------

Member member(bool public_employee, MemberStatus status = MemberStatus::Present,
              std::optional<Date> left = std::nullopt) {
  Member m;
  m.household_id = "H1";
  m.birth = D("1980-01-01");
  m.public_employee = public_employee;
  m.status = status;
  m.status_date = left;
  return m;
}

TEST(NegativeList, PolicyKindsInFirstSeenOrderEachOnce) {
  const std::vector<Member> members{member(false), member(true), member(true)};
  const std::vector<NegativeFact> facts{{"H1", "商品房", "", "住建"},
                                        {"H1", "养殖场", "", "农业"},  // not a listed kind
                                        {"H1", "商品房", "", "不动产"},
                                        {"H1", "消费型车辆", "", "公安"}};
  const auto hits = negative_list_hits(members, facts, D("2023-12-31"), policy());
  EXPECT_EQ(hits, (std::vector<std::string>{"公职人员", "商品房", "消费型车辆"}));
  EXPECT_TRUE(negative_list_hits(std::vector<Member>{member(false)}, {}, D("2023-12-31"), policy()).empty());
}

TEST(NegativeList, APublicEmployeeCountsOnlyWhilePresent) {
  const std::vector<Member> moved{member(true, MemberStatus::MovedOut, D("2023-06-01"))};
  EXPECT_EQ(negative_list_hits(moved, {}, D("2023-05-31"), policy()), std::vector<std::string>{"公职人员"});
  EXPECT_TRUE(negative_list_hits(moved, {}, D("2023-06-01"), policy()).empty());
  Policy lenient = policy();
  lenient.negative_list_kinds = {"商品房"};  // 公职人员 not excluded by this policy
  EXPECT_TRUE(negative_list_hits(std::vector<Member>{member(true)}, {}, D("2023-01-01"), lenient).empty());
}

// ---- permissions --------------------------------------------------------------------------

TEST(Permission, TableCoversEveryActionInOrder) {
  const auto all = permissions();
  ASSERT_EQ(static_cast<int>(all.size()), kActionCount);
  for (int i = 0; i < kActionCount; ++i) {
    EXPECT_EQ(static_cast<int>(all[static_cast<std::size_t>(i)].action), i);
    EXPECT_FALSE(all[static_cast<std::size_t>(i)].roles.empty()) << all[static_cast<std::size_t>(i)].name;
    EXPECT_FALSE(all[static_cast<std::size_t>(i)].name.empty());
  }
}

TEST(Permission, CaseAssistanceRoles) {
  // 督导 reads only; 系统管理员 administers accounts, not cases.
  for (Action a : {Action::OpenCase, Action::AssignCaseworker, Action::SetPlan, Action::AddMeasure}) {
    EXPECT_FALSE(may(Role::Supervisor, a)) << permission(a).name;
    EXPECT_FALSE(may(Role::Admin, a)) << permission(a).name;
    EXPECT_FALSE(may(Role::DeptData, a)) << permission(a).name;
  }
  EXPECT_TRUE(may(Role::Caseworker, Action::SetPlan));
  EXPECT_TRUE(may(Role::Caseworker, Action::AddMeasure));
  EXPECT_FALSE(may(Role::Caseworker, Action::AssignCaseworker));
  EXPECT_FALSE(may(Role::County, Action::SetPlan));
  EXPECT_EQ(permission(Action::OpenCase).name, "线索登记");
}

}  // namespace
}  // namespace fangpin
