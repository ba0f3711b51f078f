// SPEC §4a (exact): the shipped assessment rules, checked case by case against the SPEC
// text and the lead's clarifications. Each test builds one household the way the SPEC
// describes it and asserts the specific outcome.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/assessment.h"
#include "domain/household.h"
#include "domain/policy.h"
#include "domain/resident_id.h"

namespace fangpin {
namespace {

using Labels = std::vector<std::string>;

constexpr int kYear = 2023;
constexpr Fen kLine = yuan(7100);  // 2023 line; L × 3 people = 21,300 元

// A valid 18-digit resident ID for someone born on `birth8` (YYYYMMDD).
std::string make_id(std::string_view birth8, int seq) {
  std::string s = "532901";
  s += birth8;
  s += static_cast<char>('0' + (seq / 100) % 10);
  s += static_cast<char>('0' + (seq / 10) % 10);
  s += static_cast<char>('0' + seq % 10);
  s += gb11643_check_char(s);
  return s;
}

// The policy used throughout: national lines 2022/2023, the five negative-list kinds, and
// the default assessment parameters.
Policy test_policy() {
  Policy p;
  p.national_lines = {{2022, yuan(6600)}, {2023, yuan(7100)}};
  p.negative_list_kinds = {"公职人员", "消费型车辆", "工商经营实体", "商品房", "铺面"};
  return p;
}

// ---- member builder ---------------------------------------------------------------------

class Person {
 public:
  // Born on birth8 (YYYYMMDD); healthy, ordinary labour, not in school, 在户.
  explicit Person(std::string_view birth8) {
    static int seq = 0;
    seq = (seq + 1) % 1000;
    m_.id_number = make_id(birth8, seq);
    auto id = parse_resident_id(m_.id_number);
    EXPECT_TRUE(id.ok()) << "test helper built an invalid ID " << m_.id_number;
    if (id.ok()) m_.birth = id->birth;
    m_.name = "成员" + std::to_string(seq);
    m_.labour = Labour::Ordinary;
  }
  Person& relation(Relation r) { m_.relation = r; return *this; }
  Person& chronic() { m_.health = Health::ChronicIllness; return *this; }
  Person& serious_illness() { m_.health = Health::SeriousIllness; return *this; }
  Person& disabled(int grade) { m_.health = Health::Disabled; m_.disability_grade = grade; return *this; }
  Person& labour(Labour l) { m_.labour = l; return *this; }
  Person& school(Schooling s) { m_.schooling = s; return *this; }
  Person& public_employee() { m_.public_employee = true; return *this; }
  Person& left(MemberStatus s, Date on) { m_.status = s; m_.status_date = on; return *this; }
  Person& died(Date on) { return left(MemberStatus::Dead, on); }

  Member build(const std::string& household_id) const {
    Member m = m_;
    m.household_id = household_id;
    return m;
  }

 private:
  Member m_;
};

// ---- household fixture ------------------------------------------------------------------

class AssessmentTest : public ::testing::Test {
 protected:
  AssessmentTest() {
    h.household_id = "H001";
    h.region_code = "532901100001";
    h.head_name = "户主";
    fin.household_id = "H001";
    fin.year = kYear;
  }

  void add(const Person& p) { members.push_back(p.build(h.household_id)); }

  // Head 45, spouse 43 (both 普通劳动力), a child of 11 in primary school: 3 people.
  void standard_family() {
    add(Person("19780301").relation(Relation::Head));
    add(Person("19800501").relation(Relation::Spouse));
    add(Person("20120901").relation(Relation::Son).school(Schooling::Primary).labour(Labour::None));
  }

  // Net income made of wages only (no business, so no 因产业项目失败).
  void net_income(Fen net) { fin.wage_income = net; }

  // Last year's finance, given only by its wage and total net.
  void previous_year(Fen wage, Fen net) {
    Finance p;
    p.household_id = h.household_id;
    p.year = kYear - 1;
    p.wage_income = wage;
    p.transfer_income = net - wage;
    prev = p;
  }

  void negative_fact(std::string kind) {
    facts.push_back(NegativeFact{h.household_id, std::move(kind), "detail", "department"});
  }

  Result<Assessment> try_run(Fen line = kLine, int year = kYear) {
    HouseholdFacts f;
    f.household = &h;
    f.members = members;
    f.finance = &fin;
    f.previous = prev ? &*prev : nullptr;
    f.negative_facts = facts;
    f.area_disaster = area_disaster;
    return assess(f, year, line, policy);
  }

  Assessment run(Fen line = kLine) {
    auto r = try_run(line);
    if (!r.ok()) {
      ADD_FAILURE() << "assess failed: " << r.error().message;
      return Assessment{};
    }
    return std::move(r).value();
  }

  Household h;
  std::vector<Member> members;
  Finance fin;
  std::optional<Finance> prev;
  std::vector<NegativeFact> facts;
  bool area_disaster = false;
  Policy policy = test_policy();
};

Labels reasons(const Assessment& a) {
  Labels out;
  for (RiskReason r : a.reasons_in_order()) out.emplace_back(label(r));
  return out;
}

std::string primary(const Assessment& a) {
  return a.primary_reason ? std::string(label(*a.primary_reason)) : std::string("(none)");
}

Labels shortfalls(const Assessment& a) {
  Labels out;
  for (Shortfall s : a.shortfalls_in_order()) out.emplace_back(label(s));
  return out;
}

std::string type_of(const Assessment& a) { return a.type ? std::string(label(*a.type)) : std::string("(none)"); }

// A well-off household with no risk at all: every reason test starts from here, so a
// reason appearing is caused by the one fact the test changes.
class ReasonTest : public AssessmentTest {
 protected:
  ReasonTest() {
    standard_family();
    net_income(yuan(60000));  // pc 20,000 ≥ 7,100
  }
};

TEST_F(ReasonTest, BaselineHasNoReasonAndIsNotACandidate) {
  auto a = run();
  EXPECT_EQ(reasons(a), Labels{});
  EXPECT_EQ(primary(a), "(none)");
  EXPECT_FALSE(a.candidate);
  EXPECT_FALSE(a.excluded);
  EXPECT_EQ(type_of(a), "(none)");
  EXPECT_EQ(shortfalls(a), Labels{});
}

// ---- 因病 ---------------------------------------------------------------------------------

TEST_F(ReasonTest, Illness_SeriousIllnessWithoutSelfpay) {
  add(Person("19500101").serious_illness().labour(Labour::None));
  auto a = run();
  EXPECT_EQ(reasons(a), Labels{"因病"});
  EXPECT_EQ(primary(a), "因病");
}

TEST_F(ReasonTest, Illness_ChronicWithSelfpayAtThreshold) {
  add(Person("19500101").chronic().labour(Labour::None));
  fin.medical_selfpay = yuan(5000);
  EXPECT_EQ(reasons(run()), Labels{"因病"});
}

TEST_F(ReasonTest, Illness_ChronicWithSelfpayJustBelowThreshold) {
  add(Person("19500101").chronic().labour(Labour::None));
  fin.medical_selfpay = yuan(4999) + 99;
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Illness_LargeSelfpayWithoutIllMemberIsNotAReason) {
  fin.medical_selfpay = yuan(20000);  // adj 13,333.33: still above the line, not a candidate
  auto a = run();
  EXPECT_FALSE(a.candidate);
  EXPECT_EQ(reasons(a), Labels{});
}

TEST_F(ReasonTest, Illness_SeriouslyIllMemberWhoDiedDuringTheYearDoesNotCount) {
  add(Person("19500101").serious_illness().labour(Labour::None).died(Date{2023, 6, 1}));
  EXPECT_EQ(reasons(run()), Labels{});
}

// ---- 因残 ---------------------------------------------------------------------------------

TEST_F(ReasonTest, Disability_Grade1) {
  add(Person("19500101").disabled(1).labour(Labour::None));
  EXPECT_EQ(reasons(run()), Labels{"因残"});
}

TEST_F(ReasonTest, Disability_Grade2EvenWithOrdinaryLabour) {
  add(Person("19850101").disabled(2).labour(Labour::Ordinary));
  EXPECT_EQ(reasons(run()), Labels{"因残"});
}

TEST_F(ReasonTest, Disability_Grade3WorkingAgeStillWorkingIsNotAReason) {
  add(Person("19850101").disabled(3).labour(Labour::Ordinary));
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Disability_Grade3WorkingAgeLostLabour) {
  add(Person("19850101").disabled(3).labour(Labour::Lost));
  EXPECT_EQ(reasons(run()), Labels{"因残"});
}

TEST_F(ReasonTest, Disability_Grade4WorkingAgeWeakLabour) {
  add(Person("19850101").disabled(4).labour(Labour::Weak));
  EXPECT_EQ(reasons(run()), Labels{"因残"});
}

TEST_F(ReasonTest, Disability_Aged16OnYearEndWithLostLabour) {
  // Born 2007-12-31: 16 on 2023-12-31.
  add(Person("20071231").disabled(3).labour(Labour::Lost));
  EXPECT_EQ(reasons(run()), Labels{"因残"});
}

TEST_F(ReasonTest, Disability_Aged15OnYearEndWithLostLabourIsNotAReason) {
  // Born 2008-01-01: still 15 on 2023-12-31.
  add(Person("20080101").disabled(3).labour(Labour::Lost));
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Disability_Aged59OnYearEndWithWeakLabour) {
  // Born 1964-12-31: 59 on 2023-12-31.
  add(Person("19641231").disabled(3).labour(Labour::Weak));
  EXPECT_EQ(reasons(run()), Labels{"因残"});
}

TEST_F(ReasonTest, Disability_Aged60OnYearEndWithWeakLabourIsNotAReason) {
  // Born 1963-12-31: 60 on 2023-12-31.
  add(Person("19631231").disabled(3).labour(Labour::Weak));
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Disability_WeakLabourWithoutDisabilityIsNotAReason) {
  add(Person("19850101").labour(Labour::Weak));
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Disability_NoLabourIsNotTheSameAsLostLabour) {
  // 无劳动力 is not in the 因残 list (丧失劳动力 / 弱劳动力或半劳动力).
  add(Person("19850101").disabled(3).labour(Labour::None));
  EXPECT_EQ(reasons(run()), Labels{});
}

// ---- 因学 ---------------------------------------------------------------------------------

TEST_F(ReasonTest, Education_TwoCollegeStudents) {
  add(Person("20040101").school(Schooling::HigherVocational).labour(Labour::None));
  add(Person("20020101").school(Schooling::BachelorOrAbove).labour(Labour::None));
  EXPECT_EQ(reasons(run()), Labels{"因学"});
}

TEST_F(ReasonTest, Education_OneCollegeStudentIsNotAReason) {
  add(Person("20020101").school(Schooling::BachelorOrAbove).labour(Labour::None));
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Education_SecondaryVocationalDoesNotCountAsCollege) {
  add(Person("20020101").school(Schooling::BachelorOrAbove).labour(Labour::None));
  add(Person("20070101").school(Schooling::SecondaryVocational).labour(Labour::None));
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Education_SecondCollegeStudentMovedOutBeforeYearEnd) {
  add(Person("20040101").school(Schooling::HigherVocational).labour(Labour::None));
  add(Person("20020101")
          .school(Schooling::BachelorOrAbove)
          .labour(Labour::None)
          .left(MemberStatus::MovedOut, Date{2023, 9, 1}));
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Education_ExpenseAtThreshold) {
  fin.education_expense = yuan(10000);
  EXPECT_EQ(reasons(run()), Labels{"因学"});
}

TEST_F(ReasonTest, Education_ExpenseJustBelowThreshold) {
  fin.education_expense = yuan(9999) + 99;
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Education_DropoutAged6) {
  add(Person("20171231").school(Schooling::Dropout).labour(Labour::None));
  EXPECT_EQ(reasons(run()), Labels{"因学"});
}

TEST_F(ReasonTest, Education_DropoutAged15) {
  add(Person("20080101").school(Schooling::Dropout).labour(Labour::None));
  EXPECT_EQ(reasons(run()), Labels{"因学"});
}

TEST_F(ReasonTest, Education_DropoutAged16IsNotAReason) {
  add(Person("20071231").school(Schooling::Dropout).labour(Labour::None));
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Education_DropoutAged5IsNotAReason) {
  add(Person("20180101").school(Schooling::Dropout).labour(Labour::None));
  EXPECT_EQ(reasons(run()), Labels{});
}

// ---- 因灾 ---------------------------------------------------------------------------------

TEST_F(ReasonTest, Disaster_AnyLoss) {
  fin.disaster_loss = 1;  // 0.01 元
  EXPECT_EQ(reasons(run()), Labels{"因灾"});
}

TEST_F(ReasonTest, Disaster_NoLossNoEventIsNotAReason) {
  fin.disaster_loss = 0;
  area_disaster = false;
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Disaster_AreaEventCoveringTheHousehold) {
  area_disaster = true;
  auto a = run();
  EXPECT_EQ(reasons(a), Labels{"因灾"});
  EXPECT_EQ(primary(a), "因灾");
}

// ---- 因意外事故 -----------------------------------------------------------------------------

TEST_F(ReasonTest, Accident_AnyExpense) {
  fin.accident_expense = 1;
  EXPECT_EQ(reasons(run()), Labels{"因意外事故"});
}

TEST_F(ReasonTest, Accident_NoExpenseIsNotAReason) {
  fin.accident_expense = 0;
  fin.other_rigid = yuan(3000);  // other rigid items are not accidents
  EXPECT_EQ(reasons(run()), Labels{});
}

// ---- 因产业项目失败 -------------------------------------------------------------------------

TEST_F(ReasonTest, IndustryFailure_BusinessLoss) {
  fin.business_income = yuan(5000);
  fin.business_expense = yuan(5000) + 1;
  EXPECT_EQ(reasons(run()), Labels{"因产业项目失败"});
}

TEST_F(ReasonTest, IndustryFailure_BreakEvenIsNotAReason) {
  fin.business_income = yuan(5000);
  fin.business_expense = yuan(5000);
  EXPECT_EQ(reasons(run()), Labels{});
}

// ---- 因务工就业不稳 -------------------------------------------------------------------------

TEST_F(ReasonTest, Employment_WageExactlyHalfOfLastYearIsNotAReason) {
  previous_year(yuan(20000), yuan(60000));
  fin.wage_income = yuan(10000);
  fin.transfer_income = yuan(50000);
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Employment_WageJustBelowHalfOfLastYear) {
  previous_year(yuan(20000), yuan(60000));
  fin.wage_income = yuan(9999) + 99;
  fin.transfer_income = yuan(50000);
  auto a = run();
  EXPECT_EQ(reasons(a), Labels{"因务工就业不稳"});
  EXPECT_EQ(primary(a), "因务工就业不稳");
}

TEST_F(ReasonTest, Employment_NoPreviousYearIsNotAReason) {
  prev.reset();
  fin.wage_income = 0;
  fin.transfer_income = yuan(60000);
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Employment_PreviousWageZeroIsNotAReason) {
  previous_year(0, yuan(60000));
  fin.wage_income = 0;
  fin.transfer_income = yuan(60000);
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(ReasonTest, Employment_PreviousFinanceOfAnotherYearIsIgnored) {
  previous_year(yuan(20000), yuan(60000));
  prev->year = kYear - 2;  // 2021 is not "the previous year"
  fin.wage_income = 0;
  fin.transfer_income = yuan(60000);
  EXPECT_EQ(reasons(run()), Labels{});
}

// ---- 缺劳力 -------------------------------------------------------------------------------

TEST_F(AssessmentTest, LabourShortage_OnlyWeakLabourers) {
  add(Person("19500101").relation(Relation::Head).labour(Labour::Weak));
  add(Person("19520101").relation(Relation::Spouse).labour(Labour::Weak));
  net_income(yuan(30000));  // pc 15,000: not a candidate
  auto a = run();
  EXPECT_EQ(reasons(a), Labels{"缺劳力"});
  EXPECT_EQ(primary(a), "缺劳力");
  EXPECT_FALSE(a.candidate);
}

TEST_F(AssessmentTest, LabourShortage_NotWhenOneSkilledLabourer) {
  add(Person("19500101").relation(Relation::Head).labour(Labour::Weak));
  add(Person("19800101").relation(Relation::Son).labour(Labour::Skilled));
  net_income(yuan(30000));
  EXPECT_EQ(reasons(run()), Labels{});
}

TEST_F(AssessmentTest, LabourShortage_WhenTheOnlyLabourerDiedDuringTheYear) {
  add(Person("19500101").relation(Relation::Head).labour(Labour::None));
  add(Person("19800101").relation(Relation::Son).labour(Labour::Ordinary).died(Date{2023, 3, 1}));
  net_income(yuan(30000));
  EXPECT_EQ(reasons(run()), Labels{"缺劳力"});
}

// ---- 因安全住房 / 因饮水安全 -------------------------------------------------------------------

TEST_F(ReasonTest, HousingUnsafe) {
  h.housing_safe = false;
  auto a = run();
  EXPECT_EQ(reasons(a), Labels{"因安全住房"});
  EXPECT_EQ(shortfalls(a), Labels{"住房安全"});
}

TEST_F(ReasonTest, WaterUnsafe) {
  h.water_safe = false;
  auto a = run();
  EXPECT_EQ(reasons(a), Labels{"因饮水安全"});
  EXPECT_EQ(shortfalls(a), Labels{"饮水安全"});
}

TEST_F(ReasonTest, OtherGuaranteesFailingAreShortfallsButNotReasons) {
  h.education_ok = false;
  h.medical_ok = false;
  h.food_clothing_ok = false;
  auto a = run();
  EXPECT_EQ(reasons(a), Labels{});
  EXPECT_EQ(shortfalls(a), (Labels{"义务教育保障", "基本医疗保障", "不愁吃穿"}));
}

// ---- 其他 ---------------------------------------------------------------------------------

TEST_F(AssessmentTest, Other_CandidateWithNoReason) {
  standard_family();
  net_income(yuan(21000));  // pc 7,000 < 7,100
  auto a = run();
  EXPECT_TRUE(a.candidate);
  EXPECT_EQ(reasons(a), Labels{"其他"});
  EXPECT_EQ(primary(a), "其他");
}

TEST_F(AssessmentTest, Other_NotForNonCandidates) {
  standard_family();
  net_income(yuan(60000));
  auto a = run();
  EXPECT_FALSE(a.candidate);
  EXPECT_EQ(reasons(a), Labels{});
  EXPECT_FALSE(a.primary_reason.has_value());
}

TEST_F(AssessmentTest, Other_NotWhenAnotherReasonApplies) {
  standard_family();
  net_income(yuan(21000));
  h.water_safe = false;
  auto a = run();
  EXPECT_TRUE(a.candidate);
  EXPECT_EQ(reasons(a), Labels{"因饮水安全"});
}

TEST_F(AssessmentTest, Other_NotForExcludedHouseholdUnderTheLine) {
  standard_family();
  net_income(yuan(3000));
  negative_fact("商品房");
  auto a = run();
  EXPECT_FALSE(a.candidate);
  EXPECT_EQ(reasons(a), Labels{});
  EXPECT_FALSE(a.primary_reason.has_value());
}

TEST_F(AssessmentTest, Other_ForSuddenHardshipCandidateWithNoReason) {
  standard_family();
  net_income(yuan(30000));
  fin.other_rigid = yuan(9000);  // adj 7,000 < 7,100; other_rigid triggers no reason
  auto a = run();
  EXPECT_EQ(type_of(a), "突发严重困难户");
  EXPECT_EQ(reasons(a), Labels{"其他"});
}

// ---- Decision (1): negative list ------------------------------------------------------------

TEST_F(AssessmentTest, Decision1_PublicEmployeeExcludedEvenUnderTheLine) {
  standard_family();
  add(Person("19950101").relation(Relation::Daughter).public_employee());
  net_income(yuan(3000));  // pc 750, far under the line
  h.housing_safe = false;
  auto a = run();
  EXPECT_TRUE(a.excluded);
  EXPECT_FALSE(a.candidate);
  EXPECT_EQ(type_of(a), "(none)");
  EXPECT_EQ(a.exclusion_reasons, Labels{"公职人员"});
  // Reasons and shortfalls are still derived for an excluded household.
  EXPECT_EQ(reasons(a), Labels{"因安全住房"});
  EXPECT_EQ(primary(a), "因安全住房");
  EXPECT_EQ(shortfalls(a), Labels{"住房安全"});
}

TEST_F(AssessmentTest, Decision1_NegativeFactExcludesSuddenHardship) {
  standard_family();
  net_income(yuan(30000));
  fin.accident_expense = yuan(20000);  // adj 3,333 < line: would be 突发严重困难户
  negative_fact("消费型车辆");
  auto a = run();
  EXPECT_TRUE(a.excluded);
  EXPECT_FALSE(a.candidate);
  EXPECT_EQ(type_of(a), "(none)");
  EXPECT_EQ(a.exclusion_reasons, Labels{"消费型车辆"});
  EXPECT_EQ(reasons(a), Labels{"因意外事故"});
}

TEST_F(AssessmentTest, Decision1_EveryConfiguredKindExcludes) {
  for (const char* kind : {"消费型车辆", "工商经营实体", "商品房", "铺面"}) {
    facts.clear();
    members.clear();
    standard_family();
    net_income(yuan(3000));
    negative_fact(kind);
    auto a = run();
    EXPECT_TRUE(a.excluded) << kind;
    EXPECT_FALSE(a.candidate) << kind;
    EXPECT_EQ(a.exclusion_reasons, Labels{kind});
  }
}

TEST_F(AssessmentTest, Decision1_FactOfUnlistedKindDoesNotExclude) {
  standard_family();
  net_income(yuan(3000));
  negative_fact("宅基地");
  auto a = run();
  EXPECT_FALSE(a.excluded);
  EXPECT_TRUE(a.exclusion_reasons.empty());
  EXPECT_TRUE(a.candidate);
  EXPECT_EQ(type_of(a), "边缘易致贫户");
}

TEST_F(AssessmentTest, Decision1_PublicEmployeeNotExcludingWhenPolicyOmitsTheKind) {
  policy.negative_list_kinds = {"消费型车辆"};
  standard_family();
  add(Person("19950101").public_employee());
  net_income(yuan(3000));
  auto a = run();
  EXPECT_FALSE(a.excluded);
  EXPECT_TRUE(a.candidate);
}

TEST_F(AssessmentTest, Decision1_PublicEmployeeWhoMovedOutBeforeYearEndDoesNotExclude) {
  standard_family();
  add(Person("19950101").public_employee().left(MemberStatus::MovedOut, Date{2023, 5, 1}));
  net_income(yuan(3000));
  auto a = run();
  EXPECT_FALSE(a.excluded);
  EXPECT_TRUE(a.candidate);
  EXPECT_EQ(a.people, 3);
}

TEST_F(AssessmentTest, Decision1_SeveralKindsListedOnceEach) {
  standard_family();
  add(Person("19950101").public_employee());
  add(Person("19970101").public_employee());
  net_income(yuan(3000));
  negative_fact("铺面");
  negative_fact("商品房");
  negative_fact("铺面");
  negative_fact("宅基地");  // not in the policy's list
  auto a = run();
  EXPECT_TRUE(a.excluded);
  Labels got = a.exclusion_reasons;
  std::sort(got.begin(), got.end());
  Labels want{"公职人员", "商品房", "铺面"};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
  // Among department facts, first-seen order (assessment.h).
  auto pos = [&](const std::string& k) {
    return std::find(a.exclusion_reasons.begin(), a.exclusion_reasons.end(), k) - a.exclusion_reasons.begin();
  };
  EXPECT_LT(pos("铺面"), pos("商品房"));
}

// ---- Decision (2): pc < L -------------------------------------------------------------------

TEST_F(AssessmentTest, Decision2_FormerlyPoorUnderTheLineIsUnstable) {
  standard_family();
  h.formerly_poor = true;
  h.exit_year = 2019;
  net_income(yuan(18000));  // pc 6,000
  auto a = run();
  EXPECT_TRUE(a.candidate);
  EXPECT_FALSE(a.excluded);
  EXPECT_EQ(type_of(a), "脱贫不稳定户");
}

TEST_F(AssessmentTest, Decision2_NeverPoorUnderTheLineIsMarginal) {
  standard_family();
  h.formerly_poor = false;
  net_income(yuan(18000));
  auto a = run();
  EXPECT_TRUE(a.candidate);
  EXPECT_EQ(type_of(a), "边缘易致贫户");
}

TEST_F(AssessmentTest, Decision2_PcExactlyAtTheLineIsNotACandidate) {
  standard_family();
  net_income(yuan(21300));  // pc = 7,100.00 exactly
  auto a = run();
  EXPECT_FALSE(a.candidate);
  EXPECT_EQ(type_of(a), "(none)");
  EXPECT_DOUBLE_EQ(a.income_per_capita(), 7100.00);
}

TEST_F(AssessmentTest, Decision2_OneFenUnderLineTimesPeopleIsACandidateDespiteRoundingTo7100) {
  standard_family();
  net_income(yuan(21299) + 99);  // pc 7,099.9966…, displayed 7,100.00
  auto a = run();
  EXPECT_TRUE(a.candidate);
  EXPECT_EQ(type_of(a), "边缘易致贫户");
  EXPECT_DOUBLE_EQ(a.income_per_capita(), 7100.00);
}

TEST_F(AssessmentTest, Decision2_UnderTheLineWinsOverSuddenHardshipForFormerlyPoor) {
  standard_family();
  h.formerly_poor = true;
  net_income(yuan(15000));
  fin.medical_selfpay = yuan(20000);
  auto a = run();
  EXPECT_EQ(type_of(a), "脱贫不稳定户");
}

// ---- Decision (3): pc ≥ L but adj < L or rigid > last year's net ---------------------------

TEST_F(AssessmentTest, Decision3_AdjustedIncomeUnderTheLine) {
  standard_family();
  net_income(yuan(30000));               // pc 10,000
  fin.other_rigid = yuan(8700) + 1;      // adj = 21,299.99 / 3 < 7,100
  auto a = run();
  EXPECT_TRUE(a.candidate);
  EXPECT_EQ(type_of(a), "突发严重困难户");
}

TEST_F(AssessmentTest, Decision3_AdjustedIncomeExactlyAtTheLineIsNotACandidate) {
  standard_family();
  net_income(yuan(30000));
  fin.other_rigid = yuan(8700);          // adj = 7,100.00 exactly
  auto a = run();
  EXPECT_FALSE(a.candidate);
  EXPECT_EQ(type_of(a), "(none)");
  EXPECT_DOUBLE_EQ(a.adjusted_income_per_capita(), 7100.00);
}

TEST_F(AssessmentTest, Decision3_FormerlyPoorAboveTheLineIsSuddenHardshipNotUnstable) {
  standard_family();
  h.formerly_poor = true;
  net_income(yuan(30000));
  fin.medical_selfpay = yuan(15000);
  auto a = run();
  EXPECT_TRUE(a.candidate);
  EXPECT_EQ(type_of(a), "突发严重困难户");
}

TEST_F(AssessmentTest, Decision3_RigidExceedsLastYearsNet) {
  standard_family();
  net_income(yuan(60000));          // pc 20,000
  fin.other_rigid = yuan(10000);    // adj 16,666.67: above the line
  previous_year(yuan(5000), yuan(9999) + 99);
  auto a = run();
  EXPECT_TRUE(a.candidate);
  EXPECT_EQ(type_of(a), "突发严重困难户");
}

TEST_F(AssessmentTest, Decision3_RigidEqualToLastYearsNetIsNotACandidate) {
  standard_family();
  net_income(yuan(60000));
  fin.other_rigid = yuan(10000);
  previous_year(yuan(5000), yuan(10000));
  auto a = run();
  EXPECT_FALSE(a.candidate);
}

TEST_F(AssessmentTest, Decision3_RigidComparisonNeedsAPreviousYear) {
  standard_family();
  net_income(yuan(60000));
  fin.other_rigid = yuan(10000);
  prev.reset();
  auto a = run();
  EXPECT_FALSE(a.candidate);
}

TEST_F(AssessmentTest, Decision3_FinanceOfTwoYearsAgoIsNotLastYear) {
  standard_family();
  net_income(yuan(60000));
  fin.other_rigid = yuan(10000);
  previous_year(yuan(5000), yuan(5000));
  prev->year = kYear - 2;
  auto a = run();
  EXPECT_FALSE(a.candidate);
}

TEST_F(AssessmentTest, Decision3_LastYearsNegativeNetAndAnyRigid) {
  // A business that lost money last year: any rigid expenditure exceeds last year's net.
  standard_family();
  net_income(yuan(60000));
  fin.other_rigid = 1;
  previous_year(0, yuan(-100));
  auto a = run();
  EXPECT_TRUE(a.candidate);
  EXPECT_EQ(type_of(a), "突发严重困难户");
}

// ---- Decision (4) -----------------------------------------------------------------------

TEST_F(AssessmentTest, Decision4_WellAboveTheLineIsNotACandidate) {
  standard_family();
  net_income(yuan(60000));
  fin.medical_selfpay = yuan(3000);
  previous_year(yuan(50000), yuan(55000));
  auto a = run();
  EXPECT_FALSE(a.candidate);
  EXPECT_FALSE(a.excluded);
  EXPECT_EQ(type_of(a), "(none)");
}

// ---- Primary reason -----------------------------------------------------------------------

TEST_F(ReasonTest, Primary_LargestMonetaryAmountWins) {
  add(Person("19500101").chronic().labour(Labour::None));
  fin.medical_selfpay = yuan(8000);
  fin.education_expense = yuan(12000);
  fin.accident_expense = yuan(500);
  auto a = run();
  EXPECT_EQ(reasons(a), (Labels{"因病", "因学", "因意外事故"}));
  EXPECT_EQ(primary(a), "因学");
}

TEST_F(ReasonTest, Primary_TieGoesToTableOrder) {
  add(Person("19500101").chronic().labour(Labour::None));
  fin.medical_selfpay = yuan(10000);
  fin.education_expense = yuan(10000);
  EXPECT_EQ(primary(run()), "因病");
}

TEST_F(ReasonTest, Primary_OneFenMoreBreaksTheTie) {
  add(Person("19500101").chronic().labour(Labour::None));
  fin.medical_selfpay = yuan(10000);
  fin.education_expense = yuan(10000) + 1;
  EXPECT_EQ(primary(run()), "因学");
}

TEST_F(ReasonTest, Primary_MonetaryBeforeNonMonetary) {
  add(Person("19500101").disabled(1).labour(Labour::None));
  h.housing_safe = false;
  fin.accident_expense = 1;  // 0.01 元 still outranks 因残
  auto a = run();
  EXPECT_EQ(reasons(a), (Labels{"因残", "因意外事故", "因安全住房"}));
  EXPECT_EQ(primary(a), "因意外事故");
}

TEST_F(ReasonTest, Primary_MonetaryReasonWithZeroAmountStillBeforeNonMonetary) {
  // 因病 from 患有大病 with no self-pay recorded; 因灾 from an area event.
  add(Person("19500101").serious_illness().labour(Labour::None));
  add(Person("19520101").disabled(1).labour(Labour::None));
  auto a = run();
  EXPECT_EQ(reasons(a), (Labels{"因病", "因残"}));
  EXPECT_EQ(primary(a), "因病");
}

TEST_F(ReasonTest, Primary_AreaDisasterBeforeHousing) {
  area_disaster = true;
  h.housing_safe = false;
  EXPECT_EQ(primary(run()), "因灾");
}

TEST_F(ReasonTest, Primary_WageDropAmountIsPreviousMinusCurrent) {
  previous_year(yuan(40000), yuan(60000));
  fin.wage_income = yuan(10000);      // drop 30,000; 10,000 < 20,000
  fin.transfer_income = yuan(50000);
  fin.accident_expense = yuan(29999) + 99;
  auto a = run();
  EXPECT_EQ(reasons(a), (Labels{"因意外事故", "因务工就业不稳"}));
  EXPECT_EQ(primary(a), "因务工就业不稳");
}

TEST_F(ReasonTest, Primary_WageDropTiesWithDisasterGoToDisaster) {
  previous_year(yuan(40000), yuan(60000));
  fin.wage_income = yuan(10000);      // drop 30,000
  fin.transfer_income = yuan(50000);
  fin.disaster_loss = yuan(30000);
  auto a = run();
  EXPECT_EQ(reasons(a), (Labels{"因灾", "因务工就业不稳"}));
  EXPECT_EQ(primary(a), "因灾");
}

TEST_F(ReasonTest, Primary_BusinessLossAmountIsTheNetLoss) {
  fin.business_income = yuan(1000);
  fin.business_expense = yuan(6000);  // net loss 5,000
  fin.accident_expense = yuan(4999) + 99;
  auto a = run();
  EXPECT_EQ(reasons(a), (Labels{"因意外事故", "因产业项目失败"}));
  EXPECT_EQ(primary(a), "因产业项目失败");
}

TEST_F(ReasonTest, Primary_BusinessLossTiesWithIllnessGoToIllness) {
  add(Person("19500101").chronic().labour(Labour::None));
  fin.medical_selfpay = yuan(5000);
  fin.business_income = yuan(1000);
  fin.business_expense = yuan(6000);  // net loss 5,000
  auto a = run();
  EXPECT_EQ(reasons(a), (Labels{"因病", "因产业项目失败"}));
  EXPECT_EQ(primary(a), "因病");
}

TEST_F(AssessmentTest, Primary_NonMonetaryOrderDisabilityFirst) {
  add(Person("19500101").disabled(2).labour(Labour::None));
  add(Person("19520101").labour(Labour::Weak));
  net_income(yuan(30000));
  h.housing_safe = false;
  h.water_safe = false;
  auto a = run();
  EXPECT_EQ(reasons(a), (Labels{"因残", "缺劳力", "因安全住房", "因饮水安全"}));
  EXPECT_EQ(primary(a), "因残");
}

TEST_F(AssessmentTest, Primary_NonMonetaryOrderLabourShortageBeforeWater) {
  add(Person("19500101").labour(Labour::Weak));
  net_income(yuan(30000));
  h.water_safe = false;
  EXPECT_EQ(primary(run()), "缺劳力");
}

TEST_F(ReasonTest, Primary_NonMonetaryOrderHousingBeforeWater) {
  h.housing_safe = false;
  h.water_safe = false;
  auto a = run();
  EXPECT_EQ(reasons(a), (Labels{"因安全住房", "因饮水安全"}));
  EXPECT_EQ(primary(a), "因安全住房");
}

// ---- people with natural changes ----------------------------------------------------------

TEST_F(AssessmentTest, People_DeathBeforeYearEndNotCounted) {
  standard_family();
  add(Person("19400101").relation(Relation::Parent).labour(Labour::None).died(Date{2023, 6, 1}));
  net_income(yuan(28399) + 99);  // under 4 × 7,100 but not under 3 × 7,100
  auto a = run();
  EXPECT_EQ(a.people, 3);
  EXPECT_FALSE(a.candidate);
}

TEST_F(AssessmentTest, People_DeathAfterYearEndStillCounted) {
  standard_family();
  add(Person("19400101").relation(Relation::Parent).labour(Labour::None).died(Date{2024, 1, 10}));
  net_income(yuan(28399) + 99);
  auto a = run();
  EXPECT_EQ(a.people, 4);
  EXPECT_TRUE(a.candidate);
  EXPECT_EQ(type_of(a), "边缘易致贫户");
}

TEST_F(AssessmentTest, People_DeathOnYearEndNotCounted) {
  standard_family();
  add(Person("19400101").labour(Labour::None).died(Date{2023, 12, 31}));
  net_income(yuan(60000));
  EXPECT_EQ(run().people, 3);
}

TEST_F(AssessmentTest, People_BirthOnYearEndCounted) {
  standard_family();
  add(Person("20231231").relation(Relation::Grandchild).labour(Labour::None));
  net_income(yuan(60000));
  EXPECT_EQ(run().people, 4);
}

TEST_F(AssessmentTest, People_BirthAfterYearEndNotCounted) {
  standard_family();
  add(Person("20240105").relation(Relation::Daughter).labour(Labour::None));
  net_income(yuan(60000));
  EXPECT_EQ(run().people, 3);
}

TEST_F(AssessmentTest, People_MarriedOutAndMovedOut) {
  standard_family();
  add(Person("19990101").left(MemberStatus::MarriedOut, Date{2023, 10, 1}));  // gone
  add(Person("20000101").left(MemberStatus::MovedOut, Date{2024, 3, 1}));    // still here on 12-31
  net_income(yuan(60000));
  EXPECT_EQ(run().people, 4);
}

// ---- numbers in the record ----------------------------------------------------------------

TEST_F(AssessmentTest, Numbers_NetRigidAndPerCapita) {
  standard_family();
  fin.wage_income = yuan(10000);
  fin.business_income = yuan(3000);
  fin.property_income = yuan(500) + 50;
  fin.transfer_income = yuan(1200);
  fin.business_expense = yuan(2000);   // net 12,700.50
  fin.medical_selfpay = yuan(100);
  fin.education_expense = yuan(200);
  fin.disaster_loss = 0;
  fin.accident_expense = 0;
  fin.other_rigid = yuan(50) + 25;     // rigid 350.25
  auto a = run();
  EXPECT_EQ(a.household_id, "H001");
  EXPECT_EQ(a.year, 2023);
  EXPECT_EQ(a.line, kLine);
  EXPECT_EQ(a.people, 3);
  EXPECT_EQ(a.net_income, yuan(12700) + 50);
  EXPECT_EQ(a.rigid_expenditure, yuan(350) + 25);
  EXPECT_DOUBLE_EQ(a.income_per_capita(), 4233.50);
  EXPECT_DOUBLE_EQ(a.adjusted_income_per_capita(), 4116.75);
}

TEST_F(AssessmentTest, Numbers_PerCapitaRoundsToTwoDecimals) {
  standard_family();
  net_income(yuan(10000));             // 3,333.333…
  fin.other_rigid = yuan(1000) + 1;    // 8,999.99 / 3 = 2,999.9966…
  auto a = run();
  EXPECT_DOUBLE_EQ(a.income_per_capita(), 3333.33);
  EXPECT_DOUBLE_EQ(a.adjusted_income_per_capita(), 3000.00);
}

TEST_F(AssessmentTest, Numbers_HalfFenRoundsAwayFromZero) {
  add(Person("19780301"));
  add(Person("19800501"));
  net_income(yuan(10000) + 1);         // 10,000.01 / 2 = 5,000.005
  fin.other_rigid = 2;                 // 9,999.99 / 2 = 4,999.995
  auto a = run();
  EXPECT_EQ(a.people, 2);
  EXPECT_DOUBLE_EQ(a.income_per_capita(), 5000.01);
  EXPECT_DOUBLE_EQ(a.adjusted_income_per_capita(), 5000.00);
}

TEST_F(AssessmentTest, Numbers_NegativeAdjustedHalfFenRoundsAwayFromZero) {
  add(Person("19780301"));
  add(Person("19800501"));
  net_income(yuan(100));
  fin.other_rigid = yuan(100) + 1;     // -0.01 / 2 = -0.005
  auto a = run();
  EXPECT_DOUBLE_EQ(a.adjusted_income_per_capita(), -0.01);
  EXPECT_TRUE(a.candidate);
}

TEST_F(AssessmentTest, Numbers_NegativeNetIncome) {
  standard_family();
  fin.business_income = yuan(1000);
  fin.business_expense = yuan(4000);
  auto a = run();
  EXPECT_EQ(a.net_income, yuan(-3000));
  EXPECT_DOUBLE_EQ(a.income_per_capita(), -1000.00);
  EXPECT_TRUE(a.candidate);
  EXPECT_EQ(reasons(a), Labels{"因产业项目失败"});
}

// ---- shortfalls ---------------------------------------------------------------------------

TEST_F(ReasonTest, Shortfalls_EachItemOnItsOwn) {
  struct Item { bool Household::*flag; const char* label; };
  for (Item item : {Item{&Household::housing_safe, "住房安全"}, Item{&Household::water_safe, "饮水安全"},
                    Item{&Household::education_ok, "义务教育保障"}, Item{&Household::medical_ok, "基本医疗保障"},
                    Item{&Household::food_clothing_ok, "不愁吃穿"}}) {
    h.housing_safe = h.water_safe = h.education_ok = h.medical_ok = h.food_clothing_ok = true;
    h.*item.flag = false;
    auto a = run();
    EXPECT_EQ(shortfalls(a), Labels{item.label});
    EXPECT_FALSE(a.candidate) << item.label;  // listed whether or not a candidate
  }
}

TEST_F(ReasonTest, Shortfalls_AllFiveInOrder) {
  h.housing_safe = h.water_safe = h.education_ok = h.medical_ok = h.food_clothing_ok = false;
  auto a = run();
  EXPECT_EQ(shortfalls(a), (Labels{"住房安全", "饮水安全", "义务教育保障", "基本医疗保障", "不愁吃穿"}));
  EXPECT_FALSE(a.candidate);
}

TEST_F(AssessmentTest, Shortfalls_ListedForCandidateAndExcludedAlike) {
  standard_family();
  net_income(yuan(3000));
  h.medical_ok = false;
  auto candidate = run();
  EXPECT_TRUE(candidate.candidate);
  EXPECT_EQ(shortfalls(candidate), Labels{"基本医疗保障"});
  negative_fact("铺面");
  auto excluded = run();
  EXPECT_TRUE(excluded.excluded);
  EXPECT_EQ(shortfalls(excluded), Labels{"基本医疗保障"});
}

// ---- wrong type (SPEC §4 consistency rule) ------------------------------------------------

TEST_F(AssessmentTest, WrongType_UnstableAboveTheLine) {
  standard_family();
  h.formerly_poor = true;
  h.monitored_type = MonitoredType::Unstable;
  net_income(yuan(30000));
  EXPECT_TRUE(run().wrong_type);
}

TEST_F(AssessmentTest, WrongType_UnstableUnderTheLineIsConsistent) {
  standard_family();
  h.formerly_poor = true;
  h.monitored_type = MonitoredType::Unstable;
  net_income(yuan(15000));
  EXPECT_FALSE(run().wrong_type);
}

TEST_F(AssessmentTest, WrongType_MarginalExactlyAtTheLine) {
  standard_family();
  h.monitored_type = MonitoredType::Marginal;
  net_income(yuan(21300));  // pc = L, i.e. pc ≥ L
  EXPECT_TRUE(run().wrong_type);
}

TEST_F(AssessmentTest, WrongType_MarginalUnderTheLineIsConsistent) {
  standard_family();
  h.monitored_type = MonitoredType::Marginal;
  net_income(yuan(21299) + 99);
  EXPECT_FALSE(run().wrong_type);
}

TEST_F(AssessmentTest, WrongType_SuddenHardshipUnderTheLine) {
  standard_family();
  h.monitored_type = MonitoredType::SuddenHardship;
  net_income(yuan(15000));
  EXPECT_TRUE(run().wrong_type);
}

TEST_F(AssessmentTest, WrongType_SuddenHardshipAboveTheLineIsConsistent) {
  standard_family();
  h.monitored_type = MonitoredType::SuddenHardship;
  net_income(yuan(30000));
  fin.medical_selfpay = yuan(15000);
  auto a = run();
  EXPECT_FALSE(a.wrong_type);
  EXPECT_EQ(type_of(a), "突发严重困难户");
}

TEST_F(AssessmentTest, WrongType_SuddenHardshipAboveTheLineEvenWithoutHardshipIsNotWrongType) {
  // The consistency rule compares pc with the line only.
  standard_family();
  h.monitored_type = MonitoredType::SuddenHardship;
  net_income(yuan(60000));
  auto a = run();
  EXPECT_FALSE(a.wrong_type);
  EXPECT_FALSE(a.candidate);
}

TEST_F(AssessmentTest, WrongType_NeverForUntypedHouseholds) {
  standard_family();
  net_income(yuan(60000));
  EXPECT_FALSE(run().wrong_type);
  net_income(yuan(3000));
  EXPECT_FALSE(run().wrong_type);
}

// ---- errors -------------------------------------------------------------------------------

TEST_F(AssessmentTest, Error_NoFinance) {
  standard_family();
  HouseholdFacts f;
  f.household = &h;
  f.members = members;
  f.finance = nullptr;
  auto r = assess(f, kYear, kLine, policy);
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().message.empty());
}

TEST_F(AssessmentTest, Error_FinanceOfAnotherYear) {
  standard_family();
  net_income(yuan(60000));
  fin.year = 2022;
  auto r = try_run(kLine, 2023);
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().message.empty());
}

TEST_F(AssessmentTest, Error_NoMembers) {
  net_income(yuan(60000));
  auto r = try_run();
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().message.empty());
}

TEST_F(AssessmentTest, Error_NobodyPresentOnYearEnd) {
  add(Person("19400101").died(Date{2023, 2, 1}));
  add(Person("19900101").left(MemberStatus::MovedOut, Date{2023, 4, 1}));
  add(Person("20240301"));  // born after the year end
  net_income(yuan(60000));
  auto r = try_run();
  ASSERT_FALSE(r.ok());
}

TEST_F(AssessmentTest, Error_SameHouseholdAssessableTheYearBefore) {
  // The near-miss of the previous test: with the year moved back they were all present.
  add(Person("19400101").died(Date{2023, 2, 1}));
  fin.year = 2022;
  net_income(yuan(60000));
  auto r = try_run(yuan(6600), 2022);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->people, 1);
  EXPECT_EQ(r->line, yuan(6600));
}

// ---- policy line ----------------------------------------------------------------------------

TEST(PolicyLine, NationalLine) {
  Policy p = test_policy();
  auto l23 = p.line_for(2023, "532901100001");
  ASSERT_TRUE(l23.ok());
  EXPECT_EQ(*l23, yuan(7100));
  auto l22 = p.line_for(2022, "110101001001");
  ASSERT_TRUE(l22.ok());
  EXPECT_EQ(*l22, yuan(6600));
}

TEST(PolicyLine, LongestMatchingOverrideWins) {
  Policy p = test_policy();
  // Deliberately listed with the longer prefix first, then the shorter.
  p.line_overrides = {LineOverride{"5329", 2023, yuan(8000)}, LineOverride{"53", 2023, yuan(7500)}};
  auto dali = p.line_for(2023, "532901100001");
  ASSERT_TRUE(dali.ok());
  EXPECT_EQ(*dali, yuan(8000));
  auto kunming = p.line_for(2023, "530102001001");
  ASSERT_TRUE(kunming.ok());
  EXPECT_EQ(*kunming, yuan(7500));
  auto beijing = p.line_for(2023, "110101001001");
  ASSERT_TRUE(beijing.ok());
  EXPECT_EQ(*beijing, yuan(7100));
}

TEST(PolicyLine, LongestMatchingOverrideWinsRegardlessOfOrder) {
  Policy p = test_policy();
  p.line_overrides = {LineOverride{"53", 2023, yuan(7500)}, LineOverride{"5329", 2023, yuan(8000)}};
  auto dali = p.line_for(2023, "532901100001");
  ASSERT_TRUE(dali.ok());
  EXPECT_EQ(*dali, yuan(8000));
}

TEST(PolicyLine, OverrideOfAnotherYearFallsBackToNational) {
  Policy p = test_policy();
  p.line_overrides = {LineOverride{"53", 2023, yuan(7500)}, LineOverride{"5329", 2023, yuan(8000)}};
  auto l = p.line_for(2022, "532901100001");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(*l, yuan(6600));
}

TEST(PolicyLine, MissingYearIsAnErrorNamingTheYear) {
  Policy p = test_policy();
  auto l = p.line_for(2030, "532901100001");
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.error().message.find("2030"), std::string::npos) << l.error().message;
}

TEST(PolicyLine, OverrideForAYearWithoutNationalLine) {
  Policy p = test_policy();
  p.line_overrides = {LineOverride{"53", 2024, yuan(7600)}};
  auto yn = p.line_for(2024, "532901100001");
  ASSERT_TRUE(yn.ok());
  EXPECT_EQ(*yn, yuan(7600));
  auto bj = p.line_for(2024, "110101001001");
  ASSERT_FALSE(bj.ok());
  EXPECT_NE(bj.error().message.find("2024"), std::string::npos);
}

TEST(PolicyLine, Excludes) {
  Policy p = test_policy();
  EXPECT_TRUE(p.excludes("公职人员"));
  EXPECT_TRUE(p.excludes("铺面"));
  EXPECT_FALSE(p.excludes("宅基地"));
  EXPECT_FALSE(p.excludes(""));
}

TEST(PolicyLine, DefaultAssessmentParamsMatchSpec) {
  AssessmentParams d;
  EXPECT_EQ(d.chronic_selfpay_min, yuan(5000));
  EXPECT_EQ(d.severe_disability_max_grade, 2);
  EXPECT_EQ(d.working_age_min, 16);
  EXPECT_EQ(d.working_age_max, 59);
  EXPECT_EQ(d.college_students_min, 2);
  EXPECT_EQ(d.education_expense_min, yuan(10000));
  EXPECT_EQ(d.compulsory_age_min, 6);
  EXPECT_EQ(d.compulsory_age_max, 15);
  EXPECT_EQ(d.wage_drop_basis_points, 5000);
}

// Line from the policy, then assessment, for a county with a city override.
TEST_F(AssessmentTest, LineFromPolicyOverrideDecidesCandidacy) {
  policy.line_overrides = {LineOverride{"5329", 2023, yuan(8000)}};
  standard_family();
  net_income(yuan(23000));  // pc 7,666.67: above 7,100, under 8,000
  auto line = policy.line_for(kYear, h.region_code);
  ASSERT_TRUE(line.ok());
  auto a = run(*line);
  EXPECT_EQ(a.line, yuan(8000));
  EXPECT_TRUE(a.candidate);
  auto national = run(kLine);
  EXPECT_FALSE(national.candidate);
}

// ---- risk reason / shortfall labels -------------------------------------------------------

TEST(RiskReasonLabels, NationalListInTableOrder) {
  Labels got;
  for (int i = 0; i < kRiskReasonCount; ++i) got.emplace_back(label(static_cast<RiskReason>(i)));
  EXPECT_EQ(got, (Labels{"因病", "因残", "因学", "因灾", "因意外事故", "因产业项目失败", "因务工就业不稳",
                         "缺劳力", "因安全住房", "因饮水安全", "因疫情", "其他"}));
}

TEST(RiskReasonLabels, ParseRoundTripAndLongDisasterName) {
  for (int i = 0; i < kRiskReasonCount; ++i) {
    auto r = static_cast<RiskReason>(i);
    EXPECT_EQ(parse_risk_reason(label(r)), r) << label(r);
  }
  EXPECT_EQ(parse_risk_reason("因灾(自然灾害)"), RiskReason::Disaster);
  EXPECT_EQ(parse_risk_reason("因懒"), std::nullopt);
}

TEST(ShortfallLabels, InFormatsOrder) {
  Labels got;
  for (int i = 0; i < kShortfallCount; ++i) got.emplace_back(label(static_cast<Shortfall>(i)));
  EXPECT_EQ(got, (Labels{"住房安全", "饮水安全", "义务教育保障", "基本医疗保障", "不愁吃穿"}));
}

}  // namespace
}  // namespace fangpin
