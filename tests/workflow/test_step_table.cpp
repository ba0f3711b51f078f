// The step table and the error kinds of refusals: adapters derive the CLI exit code and the
// HTTP status from the kind alone, so each refusal must carry the right one.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "wf_fixtures.h"

namespace fangpin::workflow {
namespace {

using namespace testing;

TEST(StepTable, RolesPerStep) {
  EXPECT_TRUE(allowed_roles(Step::Visit).has(Role::Village));
  EXPECT_FALSE(allowed_roles(Step::Visit).has(Role::Township));
  EXPECT_TRUE(allowed_roles(Step::Comparison).has(Role::Township));
  EXPECT_TRUE(allowed_roles(Step::Comparison).has(Role::County));
  EXPECT_TRUE(allowed_roles(Step::CountyApproval).has(Role::County));
  EXPECT_TRUE(allowed_roles(Step::BackCheck).has(Role::Township));
  EXPECT_TRUE(allowed_roles(Step::Reject).empty());  // the pending step's roles, and 县级
  for (int i = 0; i <= static_cast<int>(Step::TypeChange); ++i) {
    const auto s = static_cast<Step>(i);
    for (Role r : {Role::Supervisor, Role::Admin, Role::DeptData, Role::Caseworker})
      EXPECT_FALSE(allowed_roles(s).has(r)) << label(s) << " " << label(r);
  }
}

TEST(StepTable, RejectByThePendingStepsRoleOrTheCounty) {
  Case c = opened();
  EXPECT_TRUE(apply(c, village(), step(Step::Reject, "2023-03-02", "重复线索")).ok());
  EXPECT_TRUE(apply(c, county(), step(Step::Reject, "2023-03-02", "重复线索")).ok());
  auto t = apply(c, township(), step(Step::Reject, "2023-03-02", "重复线索"));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, ErrorKind::PermissionDenied);
  EXPECT_NE(t.error().message.find("（限 村级、县级）"), std::string::npos) << t.error().message;
}

TEST(StepKinds, EachRefusalCarriesItsKind) {
  const Case c = opened();
  auto role = apply(c, township(), step(Step::Visit, "2023-03-02"));
  EXPECT_EQ(role.error().kind, ErrorKind::PermissionDenied);
  auto scope = apply(c, Actor{"外乡干部", Role::Village, "532923102"}, step(Step::Visit, "2023-03-02"));
  EXPECT_EQ(scope.error().kind, ErrorKind::PermissionDenied);
  EXPECT_EQ(scope.error().field, "region");
  auto order = apply(c, village(), step(Step::VillageAppraisal, "2023-03-02"));
  EXPECT_EQ(order.error().kind, ErrorKind::FailedPrecondition);
  auto early = apply(c, village(), step(Step::Visit, "2023-02-01"));
  EXPECT_EQ(early.error().kind, ErrorKind::FailedPrecondition);
  EXPECT_EQ(early.error().field, "date");
  auto nobody = apply(c, Actor{"", Role::Village, ""}, step(Step::Visit, "2023-03-02"));
  EXPECT_EQ(nobody.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(nobody.error().field, "user");

  const Case m = monitored("2023-03-20");
  StepInput nominate = step(Step::ElimNominate, "2023-04-01");
  nominate.eligibility_failures = {"稳定半年以上：未满"};
  auto rule = apply(m, village(), nominate);
  EXPECT_EQ(rule.error().kind, ErrorKind::Refused);
  auto no_note = apply(m, county(), step(Step::Removal, "2023-04-01"));
  EXPECT_EQ(no_note.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(no_note.error().field, "note");
  auto state = apply(m, township(), step(Step::BackCheck, "2023-04-01"));
  EXPECT_EQ(state.error().kind, ErrorKind::FailedPrecondition);
}

TEST(StepKinds, NoticeTooShortIsRefusedAndMessagesNameNoFlags) {
  Case c = opened();
  const std::vector<std::pair<Actor, Step>> steps{{village(), Step::Visit},
                                                  {village(), Step::Commitment},
                                                  {township(), Step::Comparison},
                                                  {village(), Step::VillageAppraisal},
                                                  {village(), Step::VillageNotice}};
  for (const auto& [a, s] : steps) c = *apply(c, a, step(s, "2023-03-01"));
  auto short_notice = apply(c, village(), step(Step::VillageNoticeEnd, "2023-03-05"));
  ASSERT_FALSE(short_notice.ok());
  EXPECT_EQ(short_notice.error().kind, ErrorKind::Refused);
  auto objection = apply(c, village(), step(Step::Objection, "2023-03-02"));
  ASSERT_FALSE(objection.ok());
  EXPECT_EQ(objection.error().message.find("--"), std::string::npos) << objection.error().message;
  EXPECT_EQ(objection.error().field, "note");
}

TEST(AssistanceKinds, RolesFromThePermissionTable) {
  const Case m = monitored("2023-03-20");
  auto sup = set_plan(m, Actor{"督导员", Role::Supervisor, ""}, Plan{D("2023-03-21"), "计划", {}, std::nullopt});
  ASSERT_FALSE(sup.ok());
  EXPECT_EQ(sup.error().kind, ErrorKind::PermissionDenied);
  EXPECT_EQ(sup.error().message, "角色 督导 无权办理“帮扶计划”（限 帮扶责任人、村级、乡级）");
  auto empty = set_plan(m, village(), Plan{D("2023-03-21"), "", {}, std::nullopt});
  EXPECT_EQ(empty.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(empty.error().message.find("--"), std::string::npos) << empty.error().message;
  Case assigned = *assign_caseworker(m, village(), "王帮扶", D("2023-03-21"));
  auto other = add_measure(assigned, Actor{"李某", Role::Caseworker, ""},
                           Measure{0, MeasureCategory::Health, D("2023-03-22"), 0, "县医保局", "", {}});
  EXPECT_EQ(other.error().kind, ErrorKind::PermissionDenied);
  auto before = add_measure(assigned, village(), Measure{0, MeasureCategory::Health, D("2023-03-01"), 0, "县医保局", "", {}});
  EXPECT_EQ(before.error().kind, ErrorKind::FailedPrecondition);
  auto no_unit = add_measure(assigned, village(), Measure{0, MeasureCategory::Health, D("2023-03-22"), 0, "", "", {}});
  EXPECT_EQ(no_unit.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(no_unit.error().field, "unit");
}

}  // namespace
}  // namespace fangpin::workflow
