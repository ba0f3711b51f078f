// SPEC §8–§9 rules as of a date: elimination eligibility, back-check, quality flags, due list.
#include <gtest/gtest.h>

#include "domain/workflow/monitoring.h"
#include "io/policy_loader.h"
#include "io/workflow_policy.h"
#include "wf_fixtures.h"

namespace fangpin::workflow {
namespace {

using namespace testing;

struct Fixture {
  Household household;
  std::vector<Member> members;
  HouseholdState state;

  explicit Fixture(Labour labour = Labour::Ordinary, Fen net_2023 = yuan(20000)) {
    household.household_id = "H1";
    household.region_code = "532923101001";
    Member a;
    a.household_id = "H1";
    a.name = "户主";
    a.birth = D("1980-01-01");
    a.labour = labour;
    Member b = a;
    b.name = "配偶";
    b.labour = labour == Labour::Ordinary ? Labour::Weak : labour;
    members = {a, b};
    Finance f22;
    f22.household_id = "H1";
    f22.year = 2022;
    f22.wage_income = yuan(20000);
    Finance f23 = f22;
    f23.year = 2023;
    f23.wage_income = net_2023;
    state.household = &household;
    state.members = members;
    state.finances = {f22, f23};
    state.lines = {{2022, yuan(6600)}, {2023, yuan(7100)}};
  }
  Fixture(const Fixture&) = delete;
};

Measure measure(MeasureCategory c, const char* start) { return Measure{0, c, D(start), 0, "县乡村振兴局", "", {}}; }

Case with_measures(std::initializer_list<Measure> ms) {
  Case c = monitored("2023-03-20");  // 因病
  for (const Measure& m : ms) c = *add_measure(c, township(), m);
  return c;
}

TEST(Elimination, RefusedAtFiveMonthsAllowedAtSix) {
  Fixture f;
  Case c = with_measures({measure(MeasureCategory::Health, "2023-03-25")});
  auto five = check_elimination(c, f.state, D("2023-08-20"), params());
  EXPECT_FALSE(five.eligible());
  ASSERT_EQ(five.failures().size(), 1u);
  EXPECT_EQ(five.failures()[0], "稳定半年以上：县级审定于 2023-03-20，满 6 个月为 2023-09-20");
  auto day_before = check_elimination(c, f.state, D("2023-09-19"), params());
  EXPECT_FALSE(day_before.eligible());
  auto six = check_elimination(c, f.state, D("2023-09-20"), params());
  EXPECT_TRUE(six.eligible()) << six.failures().size();
}

TEST(Elimination, RiskWithoutAddressingMeasureRefused) {
  Fixture f;
  // 产业帮扶 does not address 因病 (SPEC §8 matching table).
  Case c = with_measures({measure(MeasureCategory::Industry, "2023-03-25")});
  auto e = check_elimination(c, f.state, D("2023-10-01"), params());
  EXPECT_FALSE(e.eligible());
  ASSERT_EQ(e.failures().size(), 1u);
  EXPECT_EQ(e.failures()[0], "风险均有对应帮扶措施：因病 无已落实的对应措施");
  // A measure starting after the date asked does not count yet.
  Case later = with_measures({measure(MeasureCategory::Health, "2023-10-05")});
  EXPECT_FALSE(check_elimination(later, f.state, D("2023-10-01"), params()).eligible());
  EXPECT_TRUE(check_elimination(later, f.state, D("2023-10-05"), params()).eligible());
}

TEST(Elimination, EveryFailedCriterionListed) {
  Fixture f(Labour::Ordinary, yuan(10000));  // 2023 pc 5000 < 7100
  f.household.housing_safe = false;
  Case c = with_measures({});
  auto e = check_elimination(c, f.state, D("2023-05-01"), params());
  const auto failures = e.failures();
  ASSERT_EQ(failures.size(), 4u);
  EXPECT_TRUE(failures[0].starts_with("收入稳定超过监测线："));
  EXPECT_EQ(failures[1], "两不愁三保障及饮水安全：未保障：住房安全");
  EXPECT_TRUE(failures[2].starts_with("风险均有对应帮扶措施："));
  EXPECT_TRUE(failures[3].starts_with("稳定半年以上："));
}

TEST(Elimination, NoLabourHouseholdStaysMonitored) {
  Fixture f(Labour::None);
  Case c = with_measures({measure(MeasureCategory::Welfare, "2023-03-25")});  // 综合保障 covers 因病
  auto e = check_elimination(c, f.state, D("2023-12-01"), params());
  EXPECT_FALSE(e.eligible());
  ASSERT_EQ(e.failures().size(), 1u);
  EXPECT_EQ(e.failures()[0], "有劳动能力：丧失劳动能力户（综合保障兜底）暂不标注风险消除，持续跟踪监测");
}

// SPEC §9 ⑤ revised: 弱劳动力或半劳动力 is labour; only a household with none of 普通/技能/弱
// (here 丧失劳动力 and 无劳动力) stays monitored.
TEST(Elimination, OnlyWeakLabourCanBeEliminated) {
  Case c = with_measures({measure(MeasureCategory::Welfare, "2023-03-25")});
  Fixture weak(Labour::Weak);
  EXPECT_TRUE(check_elimination(c, weak.state, D("2023-12-01"), params()).eligible());
  EXPECT_FALSE(has_lost_labour_capacity(weak.members, D("2023-12-01")));
  EXPECT_FALSE(has_labour_capacity(weak.members, D("2023-12-01")));  // still no 普通/技能 (SPEC §8)
  Fixture lost(Labour::Lost);
  auto e = check_elimination(c, lost.state, D("2023-12-01"), params());
  EXPECT_FALSE(e.eligible());
  ASSERT_EQ(e.failures().size(), 1u);
  EXPECT_TRUE(e.failures()[0].starts_with("有劳动能力：丧失劳动能力户"));
  // One weak member among lost ones is enough; a weak member who left the household is not.
  Fixture mixed(Labour::Lost);
  mixed.members[1].labour = Labour::Weak;
  mixed.state.members = mixed.members;
  EXPECT_TRUE(check_elimination(c, mixed.state, D("2023-12-01"), params()).eligible());
  mixed.members[1].status = MemberStatus::MovedOut;
  mixed.members[1].status_date = D("2023-06-01");
  EXPECT_FALSE(check_elimination(c, mixed.state, D("2023-12-01"), params()).eligible());
}

// SPEC §9 ① revised: the latest annual finance decides; pc exactly at the line passes.
TEST(Elimination, IncomeExactlyAtTheLine) {
  Case c = with_measures({measure(MeasureCategory::Health, "2023-03-25")});
  Fixture at(Labour::Ordinary, yuan(14200));  // two people: pc 7100 = the 2023 line
  EXPECT_TRUE(check_elimination(c, at.state, D("2023-12-01"), params()).eligible());
  Fixture below(Labour::Ordinary, yuan(14200) - 1);  // one fen short
  auto e = check_elimination(c, below.state, D("2023-12-01"), params());
  ASSERT_EQ(e.failures().size(), 1u);
  // (the figures are shown rounded to the fen: 7099.995 reads 7100.00, but the rule compares exactly)
  EXPECT_TRUE(e.failures()[0].starts_with("收入稳定超过监测线：2023 年")) << e.failures()[0];
  // 扣除刚性支出后人均收入 exactly at the line passes, one fen of extra spending fails.
  Fixture adj(Labour::Ordinary, yuan(15200));
  adj.state.finances[1].medical_selfpay = yuan(1000);
  EXPECT_TRUE(check_elimination(c, adj.state, D("2023-12-01"), params()).eligible());
  adj.state.finances[1].medical_selfpay = yuan(1000) + 1;
  EXPECT_FALSE(check_elimination(c, adj.state, D("2023-12-01"), params()).eligible());
}

// income_years_above_line: 1 (default) judges the latest year only; 2 also asks the year
// before to be ≥ its line, delaying an elimination by a year.
TEST(Elimination, OneYearVersusTwo) {
  Case c = with_measures({measure(MeasureCategory::Health, "2023-03-25")});
  Fixture f;
  f.state.finances[0].wage_income = yuan(10000);  // 2022 pc 5000 < 6600
  WorkflowParams one = params();
  EXPECT_EQ(one.income_years_above_line, 1);
  EXPECT_TRUE(check_elimination(c, f.state, D("2023-12-01"), one).eligible());
  WorkflowParams two = params();
  two.income_years_above_line = 2;
  auto e = check_elimination(c, f.state, D("2023-12-01"), two);
  ASSERT_EQ(e.failures().size(), 1u);
  EXPECT_EQ(e.failures()[0],
            "收入稳定超过监测线：2023 年人均纯收入 10000.00 元、扣除刚性支出后 10000.00 元，监测线 7100.00 元；"
            "2022 年人均纯收入 5000.00 元、扣除刚性支出后 5000.00 元，监测线 6600.00 元");
  // With only one year on record, two years cannot be shown.
  f.state.finances.erase(f.state.finances.begin());
  EXPECT_EQ(check_elimination(c, f.state, D("2023-12-01"), two).failures()[0],
            "收入稳定超过监测线：仅有 1 个年度的收支，需最近 2 年");
  EXPECT_TRUE(check_elimination(c, f.state, D("2023-12-01"), one).eligible());
}

// [elimination] income_years_above_line: the shipped policy says 1; 1–5 accepted; typos refused.
TEST(Elimination, IncomeYearsParameterLoaded) {
  auto shipped = io::load_policy_bundle("");
  ASSERT_TRUE(shipped.ok()) << shipped.error().message;
  EXPECT_EQ(shipped->workflow.income_years_above_line, 1);
  auto two = io::parse_workflow_params("[elimination]\nincome_years_above_line = 2\n");
  ASSERT_TRUE(two.ok()) << two.error().message;
  EXPECT_EQ(two->income_years_above_line, 2);
  auto zero = io::parse_workflow_params("[elimination]\nincome_years_above_line = 0\n");
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().field, "income_years_above_line");
  EXPECT_FALSE(io::parse_workflow_params("[elimination]\nincome_year_above_line = 2\n").ok());
  EXPECT_FALSE(io::parse_workflow_params("[elimination]\nincome_years_above_line = \"2\"\n").ok());
}

TEST(Elimination, MatchingTableFromSpec) {
  auto has = [](RiskReason r, MeasureCategory m) {
    auto ms = addressing_measures(r);
    return std::find(ms.begin(), ms.end(), m) != ms.end();
  };
  EXPECT_TRUE(has(RiskReason::Education, MeasureCategory::Education));
  EXPECT_FALSE(has(RiskReason::Education, MeasureCategory::Health));
  EXPECT_TRUE(has(RiskReason::HousingSafety, MeasureCategory::Housing));
  EXPECT_EQ(addressing_measures(RiskReason::HousingSafety).size(), 1u);
  EXPECT_TRUE(has(RiskReason::IndustryFailure, MeasureCategory::Finance));
  EXPECT_TRUE(has(RiskReason::Disaster, MeasureCategory::Insurance));
}

TEST(BackCheck, FindingsForRollback) {
  Fixture ok;
  Case c = with_measures({measure(MeasureCategory::Health, "2023-03-25")});
  c.status = CaseStatus::Eliminated;
  c.eliminated_on = D("2023-10-16");
  EXPECT_TRUE(backcheck_findings(c, ok.state, D("2024-01-10"), params()).empty());
  Fixture poor(Labour::Ordinary, yuan(10000));
  auto findings = backcheck_findings(c, poor.state, D("2024-01-10"), params());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(findings[0].starts_with("收入低于监测线")) << findings[0];
  c.eliminated_on = D("2023-08-01");  // not stable for 6 months
  auto unstable = backcheck_findings(c, ok.state, D("2024-01-10"), params());
  ASSERT_EQ(unstable.size(), 1u);
  EXPECT_NE(unstable[0].find("未满 6 个月"), std::string::npos);
}

TEST(Quality, LatePlanFoundAndRectified) {
  Fixture f;
  Case c = with_measures({measure(MeasureCategory::Health, "2023-03-25"), measure(MeasureCategory::Employment, "2023-03-25")});
  auto open = quality_flags(c, f.state, D("2023-04-02"), params(), calendar());
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].kind, QualityKind::Late);
  EXPECT_EQ((*open)[0].found_on, D("2023-03-31"));  // plan due 3-30 (审定 3-20 + 10 days)
  EXPECT_FALSE((*open)[0].rectified_on.has_value());
  c.plan = Plan{D("2023-04-05"), "计划", {}, std::nullopt};
  auto fixed = quality_flags(c, f.state, D("2023-04-10"), params(), calendar());
  ASSERT_EQ(fixed->size(), 1u);
  EXPECT_EQ((*fixed)[0].rectified_on, D("2023-04-05"));
  // Asked as of a date before the plan, it is still open: answers never change afterwards.
  auto before = quality_flags(c, f.state, D("2023-04-02"), params(), calendar());
  EXPECT_FALSE((*before)[0].rectified_on.has_value());
}

TEST(Quality, ImpreciseWhenLabourCapableHasNoDevelopmentalMeasure) {
  Fixture f;
  Case c = with_measures({measure(MeasureCategory::Health, "2023-03-25"), measure(MeasureCategory::Employment, "2023-04-10")});
  c.plan = Plan{D("2023-03-22"), "计划", {}, std::nullopt};
  auto flags = quality_flags(c, f.state, D("2023-05-01"), params(), calendar());
  ASSERT_TRUE(flags.ok());
  ASSERT_EQ(flags->size(), 1u);
  EXPECT_EQ((*flags)[0].kind, QualityKind::Imprecise);
  EXPECT_EQ((*flags)[0].detail, "有劳动能力户无产业或就业帮扶措施");
  EXPECT_EQ((*flags)[0].found_on, D("2023-03-27"));  // measures due 3-26 (clue 3-01 + 25)
  EXPECT_EQ((*flags)[0].rectified_on, D("2023-04-10"));
}

TEST(Quality, IneffectiveAfterSixMonthsBelowLine) {
  Fixture f(Labour::Ordinary, yuan(10000));
  Case c = with_measures({measure(MeasureCategory::Health, "2023-03-25"), measure(MeasureCategory::Industry, "2023-03-25")});
  c.plan = Plan{D("2023-03-22"), "计划", {}, std::nullopt};
  EXPECT_TRUE(quality_flags(c, f.state, D("2023-09-24"), params(), calendar())->empty());
  auto flags = quality_flags(c, f.state, D("2023-09-25"), params(), calendar());
  ASSERT_EQ(flags->size(), 1u);
  EXPECT_EQ((*flags)[0].kind, QualityKind::Ineffective);
  EXPECT_EQ((*flags)[0].found_on, D("2023-09-25"));
}

TEST(Due, WarningVerificationAcrossSpringFestival) {
  Case c = *open_case(OpenInput{"H1", "532923101001", Channel::DepartmentWarning, D("2023-01-19"), "医保预警"}, village());
  auto items = due_items(c, D("2023-01-20"), params(), calendar());
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].what, "入户核查");
  EXPECT_EQ((*items)[0].due, D("2023-01-29"));  // 3 working days: 1-20, 1-28, 1-29
  EXPECT_EQ((*items)[1].what, "县级审定（识别认定）");
  EXPECT_EQ((*items)[1].due, D("2023-02-03"));  // 15 calendar days
  Case own = *open_case(OpenInput{"H1", "532923101001", Channel::CadreCheck, D("2023-01-19"), ""}, village());
  EXPECT_EQ((*due_items(own, D("2023-01-20"), params(), calendar()))[0].due, D("2023-01-19"));  // same day
}

TEST(Due, AssistanceDeadlinesThenBackCheck) {
  Case c = monitored("2023-03-20");
  auto items = *due_items(c, D("2023-03-21"), params(), calendar());
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].what, "帮扶责任人");
  EXPECT_EQ(items[0].due, D("2023-03-30"));
  EXPECT_EQ(items[1].what, "帮扶计划");
  EXPECT_EQ(items[2].what, "帮扶措施");
  EXPECT_EQ(items[2].due, D("2023-03-26"));
  c.status = CaseStatus::Eliminated;
  c.eliminated_on = D("2023-10-16");
  auto back = *due_items(c, D("2024-01-01"), params(), calendar());
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].what, "回头看");
  EXPECT_EQ(back[0].due, D("2024-10-16"));
}

}  // namespace
}  // namespace fangpin::workflow

namespace fangpin::workflow {
namespace {

using namespace testing;

TEST(Quality, RemovedCaseEvaluatedOnlyUpToRemoval) {
  Household hh;
  hh.household_id = "H1";
  Member m;
  m.birth = D("1980-01-01");
  std::vector<Member> members{m};
  HouseholdState st;
  st.household = &hh;
  st.members = members;
  Case c = monitored("2023-03-20");  // no plan, no measures
  c = *apply(c, county(), step(Step::Removal, "2023-03-28", "识别不准"));
  auto flags = quality_flags(c, st, D("2023-06-01"), params(), calendar());
  ASSERT_TRUE(flags.ok());
  // Plan due 3-30 and measures due 3-26: only the measures deadline passed before removal.
  ASSERT_EQ(flags->size(), 2u);
  EXPECT_EQ((*flags)[0].detail, "帮扶措施应于 2023-03-26 前落实");
  EXPECT_EQ((*flags)[1].kind, QualityKind::Imprecise);
  EXPECT_EQ((*flags)[1].found_on, D("2023-03-27"));
}

}  // namespace
}  // namespace fangpin::workflow

namespace fangpin::workflow {
namespace {

using namespace testing;

TEST(Elimination, HalfYearCountsAgainAfterRollback) {
  Household hh;
  hh.household_id = "H1";
  Member m;
  m.birth = D("1980-01-01");
  std::vector<Member> members{m};
  HouseholdState st;
  st.household = &hh;
  st.members = members;
  Case c = monitored("2023-03-20");
  c.rollbacks = 1;
  c.last_backcheck = D("2024-01-10");
  auto e = check_elimination(c, st, D("2024-05-01"), params());
  bool found = false;
  for (const auto& k : e.criteria) {
    if (k.name != "稳定半年以上") continue;
    found = true;
    EXPECT_FALSE(k.met);
    EXPECT_EQ(k.detail, "风险消除回退于 2024-01-10，满 6 个月为 2024-07-10");
  }
  EXPECT_TRUE(found);
}

TEST(Due, AssistanceDoneLaterIsStillDueAsOfAnEarlierDate) {
  Case c = monitored("2023-03-20");
  c = *assign_caseworker(c, township(), "王帮扶", D("2023-04-05"));
  EXPECT_EQ(due_items(c, D("2023-04-01"), params(), calendar())->size(), 3u);
  EXPECT_EQ(due_items(c, D("2023-04-05"), params(), calendar())->size(), 2u);
}

}  // namespace
}  // namespace fangpin::workflow
