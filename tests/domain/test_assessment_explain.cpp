// SPEC §4a `explain`: the assessment says why, from the same evaluation — pc and adjusted pc
// against the line, every reason that fired with its rule (policy parameter, Chinese text)
// and the figures that fired it, the decision step, shortfalls and negative-list facts.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/assessment.h"
#include "domain/household.h"
#include "domain/policy.h"
#include "domain/resident_id.h"

namespace fangpin {
namespace {

constexpr int kYear = 2023;
constexpr Fen kLine = yuan(7100);

std::string make_id(std::string_view birth8, int seq) {
  std::string s = "532901";
  s += birth8;
  s += static_cast<char>('0' + (seq / 100) % 10);
  s += static_cast<char>('0' + (seq / 10) % 10);
  s += static_cast<char>('0' + seq % 10);
  s += gb11643_check_char(s);
  return s;
}

class ExplainTest : public ::testing::Test {
 protected:
  ExplainTest() {
    h.household_id = "H001";
    h.region_code = "532901100001";
    h.head_name = "户主";
    fin.household_id = "H001";
    fin.year = kYear;
    policy.national_lines = {{2022, yuan(6600)}, {2023, yuan(7100)}};
    policy.negative_list_kinds = {"公职人员", "商品房"};
  }

  Member& member(std::string name, std::string_view birth8, Labour labour = Labour::Ordinary) {
    Member m;
    m.household_id = h.household_id;
    m.name = std::move(name);
    m.id_number = make_id(birth8, static_cast<int>(members.size()) + 1);
    m.birth = parse_resident_id(m.id_number)->birth;
    m.labour = labour;
    members.push_back(m);
    return members.back();
  }
  // 张三 45 and 李四 43 (普通劳动力), 小明 11 (无劳动力): 3 people.
  void family() {
    member("张三", "19780301");
    member("李四", "19800501");
    member("小明", "20120901", Labour::None);
  }

  // The assessment with its explanation; also checks that explaining changes nothing.
  std::pair<Assessment, Explanation> run() {
    HouseholdFacts f;
    f.household = &h;
    f.members = members;
    f.finance = &fin;
    f.previous = prev ? &*prev : nullptr;
    f.negative_facts = facts;
    f.area_disaster = area_disaster;
    Explanation e;
    auto with = assess(f, kYear, kLine, policy, &e);
    auto without = assess(f, kYear, kLine, policy);
    EXPECT_TRUE(with.ok() && without.ok());
    if (!with.ok() || !without.ok()) return {};
    EXPECT_EQ(with->candidate, without->candidate);
    EXPECT_EQ(with->risk_reasons, without->risk_reasons);
    EXPECT_EQ(with->primary_reason, without->primary_reason);
    EXPECT_EQ(with->type, without->type);
    return {*with, e};
  }

  static const ReasonWhy* why(const Explanation& e, RiskReason r) {
    for (const auto& x : e.reasons)
      if (x.reason == r) return &x;
    return nullptr;
  }

  Household h;
  std::vector<Member> members;
  Finance fin;
  std::optional<Finance> prev;
  std::vector<NegativeFact> facts;
  bool area_disaster = false;
  Policy policy;
};

TEST_F(ExplainTest, IncomeAndAdjustedAgainstTheLine) {
  family();
  fin.wage_income = yuan(24000);     // pc 8000 ≥ 7100
  fin.medical_selfpay = yuan(6000);  // adj (24000 − 6000) / 3 = 6000 < 7100
  auto [a, e] = run();
  EXPECT_EQ(e.income, "人均纯收入 8000.00 元 ≥ 监测线 7100 元（家庭纯收入 24000 元 ÷ 3 人）");
  EXPECT_EQ(e.adjusted, "扣除刚性支出后人均 6000.00 元 < 监测线 7100 元（(纯收入 24000 元 − 刚性支出 6000 元) ÷ 3 人）");
  EXPECT_EQ(e.decision, "（3）人均纯收入不低于监测线，但扣除刚性支出后人均低于监测线，纳入候选：突发严重困难户");
  EXPECT_TRUE(a.candidate);
}

TEST_F(ExplainTest, Illness_ChronicWithSelfpayAtTheMinimum) {
  family();
  members[0].health = Health::ChronicIllness;
  fin.wage_income = yuan(9000);
  fin.medical_selfpay = yuan(5000);  // SPEC: 长期慢性病 and medical_selfpay ≥ 5,000
  auto [a, e] = run();
  const ReasonWhy* w = why(e, RiskReason::Illness);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->parameter, "chronic_illness_selfpay_min");
  EXPECT_EQ(w->rule, "成员患有大病，或成员长期慢性病且合规自付医疗费用 ≥ 5000 元");
  EXPECT_EQ(w->figures, "成员 张三 长期慢性病，合规自付医疗费用 5000 元 ≥ 5000 元");
  EXPECT_EQ(e.decision, "（2）人均纯收入低于监测线，非脱贫户，纳入候选：边缘易致贫户");
  EXPECT_EQ(e.primary, "主要风险 因病：金额类风险中金额最大（5000 元），同额按 SPEC §4a 表序");
}

TEST_F(ExplainTest, Illness_SeriousIllnessNeedsNoAmount) {
  family();
  members[1].health = Health::SeriousIllness;
  fin.wage_income = yuan(9000);
  auto [a, e] = run();
  const ReasonWhy* w = why(e, RiskReason::Illness);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->figures, "成员 李四 患有大病");
}

TEST_F(ExplainTest, Disability_WorkingAgeLabourLoss) {
  family();
  members[0].health = Health::Disabled;
  members[0].disability_grade = 3;
  members[0].labour = Labour::Lost;
  fin.wage_income = yuan(9000);
  auto [a, e] = run();
  const ReasonWhy* w = why(e, RiskReason::Disability);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->parameter, "severe_disability_max_grade, disabled_labour_age_min, disabled_labour_age_max");
  EXPECT_EQ(w->rule, "成员残疾 1–2 级，或 16–59 岁残疾成员丧失劳动力或弱劳动力或半劳动力");
  EXPECT_EQ(w->figures, "成员 张三 45 岁，残疾 3 级，丧失劳动力");
}

TEST_F(ExplainTest, Education_EveryConditionThatHeld) {
  family();
  members[2].schooling = Schooling::Dropout;  // 小明 11, 辍学
  fin.wage_income = yuan(9000);
  fin.education_expense = yuan(12000);
  auto [a, e] = run();
  const ReasonWhy* w = why(e, RiskReason::Education);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->rule, "≥ 2 名成员就读高职或本科及以上，或教育支出 ≥ 10000 元，或 6–15 岁成员辍学");
  EXPECT_EQ(w->figures, "教育支出 12000 元 ≥ 10000 元；成员 小明 11 岁辍学");
  EXPECT_EQ(e.primary, "主要风险 因学：金额类风险中金额最大（12000 元），同额按 SPEC §4a 表序");
}

TEST_F(ExplainTest, Education_TwoCollegeStudents) {
  family();
  member("大华", "20030101").schooling = Schooling::BachelorOrAbove;
  member("二华", "20050101").schooling = Schooling::HigherVocational;
  fin.wage_income = yuan(9000);
  auto [a, e] = run();
  const ReasonWhy* w = why(e, RiskReason::Education);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->figures, "2 名成员就读高职或本科及以上（大华、二华）≥ 2 名");
}

TEST_F(ExplainTest, DisasterAccidentIndustry) {
  family();
  fin.wage_income = yuan(12000);
  fin.disaster_loss = yuan(3000);
  fin.accident_expense = yuan(800);
  fin.business_income = yuan(1000);
  fin.business_expense = yuan(4000);
  area_disaster = true;
  auto [a, e] = run();
  ASSERT_NE(why(e, RiskReason::Disaster), nullptr);
  EXPECT_EQ(why(e, RiskReason::Disaster)->figures, "灾害损失 3000 元 > 0；所在区域 2023 年发生灾害事件");
  EXPECT_EQ(why(e, RiskReason::Disaster)->parameter, "");
  ASSERT_NE(why(e, RiskReason::Accident), nullptr);
  EXPECT_EQ(why(e, RiskReason::Accident)->figures, "意外事故支出 800 元 > 0");
  ASSERT_NE(why(e, RiskReason::IndustryFailure), nullptr);
  EXPECT_EQ(why(e, RiskReason::IndustryFailure)->figures,
            "生产经营性收入 1000 元 − 生产经营性支出 4000 元 = -3000 元 < 0");
  // 因产业项目失败 3000 ties 因灾 3000: table order puts 因灾 first.
  EXPECT_EQ(a.primary_reason, RiskReason::Disaster);
}

TEST_F(ExplainTest, UnstableEmployment_WageBelowHalfOfLastYear) {
  family();
  fin.wage_income = yuan(9000);
  Finance p;
  p.household_id = h.household_id;
  p.year = kYear - 1;
  p.wage_income = yuan(20000);  // 9000 < 20000 × 50% = 10000
  prev = p;
  auto [a, e] = run();
  const ReasonWhy* w = why(e, RiskReason::UnstableEmployment);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->parameter, "wage_drop_ratio");
  EXPECT_EQ(w->rule, "上年工资性收入 > 0 且本年工资性收入 < 上年的 50%");
  EXPECT_EQ(w->figures, "工资性收入 9000 元 < 上年 20000 元 × 50% = 10000 元");
}

TEST_F(ExplainTest, LabourShortageHousingWaterAndShortfalls) {
  member("王奶奶", "19400101", Labour::Lost);
  h.housing_safe = false;
  h.water_safe = false;
  h.medical_ok = false;
  fin.transfer_income = yuan(3000);
  auto [a, e] = run();
  ASSERT_NE(why(e, RiskReason::LabourShortage), nullptr);
  EXPECT_EQ(why(e, RiskReason::LabourShortage)->figures, "在户 1 人中没有普通劳动力或技能劳动力（王奶奶 丧失劳动力）");
  ASSERT_NE(why(e, RiskReason::HousingSafety), nullptr);
  EXPECT_EQ(why(e, RiskReason::HousingSafety)->figures, "户信息：住房安全 否");
  ASSERT_NE(why(e, RiskReason::WaterSafety), nullptr);
  // No monetary reason: the fixed order puts 缺劳力 before 因安全住房.
  EXPECT_EQ(e.primary, "主要风险 缺劳力：无金额类风险，按 因残、缺劳力、因安全住房、因饮水安全、其他 的次序");
  ASSERT_EQ(e.shortfalls.size(), 3u);
  EXPECT_EQ(e.shortfalls[0].item, Shortfall::Housing);
  EXPECT_EQ(e.shortfalls[2].item, Shortfall::Medical);
  EXPECT_EQ(e.shortfalls[2].fact, "户信息：基本医疗保障 否（需立即解决）");
}

TEST_F(ExplainTest, OtherWhenNoRuleFired) {
  family();
  fin.wage_income = yuan(9000);
  auto [a, e] = run();
  ASSERT_EQ(e.reasons.size(), 1u);
  EXPECT_EQ(e.reasons[0].reason, RiskReason::Other);
  EXPECT_EQ(e.reasons[0].rule, "纳入候选且以上风险均不适用");
}

TEST_F(ExplainTest, NegativeListNamesTheFacts) {
  family();
  members[1].public_employee = true;
  facts.push_back({h.household_id, "商品房", "城区商品房一套", "住建局"});
  fin.wage_income = yuan(3000);
  auto [a, e] = run();
  EXPECT_TRUE(a.excluded);
  EXPECT_EQ(e.decision, "（1）负面清单：公职人员、商品房，不纳入监测");
  ASSERT_EQ(e.exclusions.size(), 2u);
  EXPECT_EQ(e.exclusions[0].fact, "成员 李四 为公职人员（在户）");
  EXPECT_EQ(e.exclusions[1].fact, "城区商品房一套（来源：住建局）");
}

TEST_F(ExplainTest, NotACandidateSaysWhy) {
  family();
  fin.wage_income = yuan(60000);
  Finance p;
  p.household_id = h.household_id;
  p.year = kYear - 1;
  p.wage_income = yuan(50000);
  prev = p;
  auto [a, e] = run();
  EXPECT_FALSE(a.candidate);
  EXPECT_TRUE(e.reasons.empty());
  EXPECT_EQ(e.primary, "");
  EXPECT_EQ(e.decision, "（4）人均纯收入与扣除刚性支出后人均均不低于监测线，刚性支出未超过上年纯收入，不纳入候选");
}

TEST_F(ExplainTest, RigidOverLastYearsNet) {
  family();
  fin.wage_income = yuan(60000);
  fin.accident_expense = yuan(30000);  // adj (60000 − 30000) / 3 = 10000 ≥ 7100
  Finance p;
  p.household_id = h.household_id;
  p.year = kYear - 1;
  p.wage_income = yuan(25000);  // rigid 30000 > last year's net 25000
  prev = p;
  auto [a, e] = run();
  EXPECT_EQ(e.decision, "（3）人均纯收入不低于监测线，但刚性支出 30000 元 > 上年纯收入 25000 元，纳入候选：突发严重困难户");
}

}  // namespace
}  // namespace fangpin
