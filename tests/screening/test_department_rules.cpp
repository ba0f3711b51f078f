// The department rules on their own (department_rules.h): cells in, fields or a rejection
// out; fields and a subject in, a verdict out. No CSV, no index, no threads.
#include <gtest/gtest.h>

#include <initializer_list>
#include <utility>

#include "screening/department_rules.h"
#include "screening/facts.h"

namespace fangpin::screening {
namespace {

RowCells cells(std::initializer_list<std::pair<int, std::string_view>> own) {
  RowCells c{};
  c[kColDate] = "2023-03-01";
  for (auto [slot, text] : own) c[static_cast<std::size_t>(slot)] = text;
  return c;
}

struct Validated {
  RowFields fields;
  std::optional<Rejection> rejection;
};

Validated validate(Department d, const RowCells& c) {
  Validated v;
  v.rejection = department_rule(d).validate(c, v.fields);
  return v;
}

// H1 of the engine tests: 2022 net 30,000 元, rigid 0, 2 people; 2023 line 7,100 元.
Subject household_with_income(std::optional<Fen> line = yuan(7100)) {
  Subject s;
  s.age = 43;
  s.present = true;
  s.labourer = true;
  s.household_labourers = 1;
  s.finance_year = 2022;
  s.people = 2;
  s.net = yuan(30000);
  s.line = line;
  return s;
}

const ScreeningParams kParams{};

std::optional<Grade> grade_of(Department d, const RowFields& f, const Subject& s, const ScreeningParams& p = kParams) {
  const Verdict v = department_rule(d).grade(f, s, p);
  EXPECT_FALSE(v.negative.has_value());
  return v.signal ? std::optional<Grade>(v.signal->grade) : std::nullopt;
}

TEST(DepartmentRules, EveryDepartmentHasARule) {
  for (int i = 0; i < kDepartmentCount; ++i) {
    const DepartmentRule& r = department_rule(static_cast<Department>(i));
    EXPECT_NE(r.validate, nullptr) << i;
    EXPECT_NE(r.grade, nullptr) << i;
  }
  EXPECT_TRUE(department_rule(Department::Medical).uses_income_line);
  EXPECT_TRUE(department_rule(Department::Disaster).uses_income_line);
  EXPECT_TRUE(department_rule(Department::Agriculture).uses_income_line);
  EXPECT_FALSE(department_rule(Department::Housing).uses_income_line);
}

// Each named column is the slot of its header in feed_columns (FORMATS.md order).
TEST(DepartmentRules, NamedColumnsMatchTheFeedHeaders) {
  auto header = [](Department d, int slot) { return feed_columns(d)[static_cast<std::size_t>(slot)].header; };
  EXPECT_EQ(header(Department::Medical, col::kSelfpay), "合规自付费用");
  EXPECT_EQ(header(Department::Medical, col::kInsured), "是否参保");
  EXPECT_EQ(header(Department::Disability, col::kDisabilityGrade), "残疾等级");
  EXPECT_EQ(header(Department::Education, col::kAided), "是否受资助");
  EXPECT_EQ(header(Department::Disaster, col::kDisasterLoss), "损失金额");
  EXPECT_EQ(header(Department::Agriculture, col::kFarmLoss), "损失金额");
  EXPECT_EQ(header(Department::Vehicles, col::kCommercialOrFarm), "是否营运/农用");
  EXPECT_EQ(header(Department::Businesses, col::kEntityType), "类型");
  EXPECT_EQ(header(Department::RealEstate, col::kPropertyType), "类型");
}

TEST(IncomeGrade, BoundariesAreExact) {
  const Subject s = household_with_income();  // line × people = 14,200; 1.2× = 17,040
  EXPECT_EQ(income_grade(s, yuan(15800) + 1, kParams), Grade::Red);      // 14,199.99
  EXPECT_EQ(income_grade(s, yuan(15800), kParams), Grade::Orange);       // 14,200.00
  EXPECT_EQ(income_grade(s, yuan(12960) + 1, kParams), Grade::Orange);   // 17,039.99
  EXPECT_EQ(income_grade(s, yuan(12960), kParams), std::nullopt);        // 17,040.00
}

TEST(IncomeGrade, NothingWithoutCostFinancePeopleOrLine) {
  Subject s = household_with_income();
  EXPECT_EQ(income_grade(s, 0, kParams), std::nullopt);
  EXPECT_EQ(income_grade(household_with_income(std::nullopt), yuan(20000), kParams), std::nullopt);
  s.finance_year = 0;
  EXPECT_EQ(income_grade(s, yuan(20000), kParams), std::nullopt);
  s = household_with_income();
  s.people = 0;
  EXPECT_EQ(income_grade(s, yuan(20000), kParams), std::nullopt);
}

TEST(IncomeGrade, AbsurdAmountsDoNotOverflow) {
  Subject s = household_with_income();
  s.net = INT64_MAX / 2;
  EXPECT_EQ(income_grade(s, 1, kParams), std::nullopt);
  s.net = INT64_MIN / 2;
  EXPECT_EQ(income_grade(s, INT64_MAX / 2, kParams), Grade::Red);
}

TEST(MedicalRule, ValidatesCostsAndFlags) {
  auto ok = validate(Department::Medical,
                     cells({{col::kTotalCost, "20000"}, {col::kSelfpay, "16000.5"}, {col::kSeriousIllness, "是"}}));
  ASSERT_FALSE(ok.rejection) << ok.rejection->reason;
  EXPECT_EQ(ok.fields.a1, yuan(20000));
  EXPECT_EQ(ok.fields.a2, yuan(16000) + 50);
  EXPECT_TRUE(ok.fields.flag);
  EXPECT_TRUE(ok.fields.t1.empty());

  auto more = validate(Department::Medical,
                       cells({{col::kTotalCost, "100"}, {col::kSelfpay, "200"}, {col::kSeriousIllness, "否"}}));
  ASSERT_TRUE(more.rejection);
  EXPECT_EQ(more.rejection->slot, col::kSelfpay);
  EXPECT_EQ(more.rejection->reason, "合规自付费用大于医疗总费用");

  auto missing = validate(Department::Medical, cells({{col::kSelfpay, "1"}, {col::kSeriousIllness, "否"}}));
  ASSERT_TRUE(missing.rejection);
  EXPECT_EQ(missing.rejection->slot, col::kTotalCost);
  EXPECT_EQ(missing.rejection->reason, "必填项为空");

  auto bad_flag = validate(Department::Medical,
                           cells({{col::kTotalCost, "1"}, {col::kSelfpay, "1"}, {col::kSeriousIllness, "可能"}}));
  ASSERT_TRUE(bad_flag.rejection);
  EXPECT_EQ(bad_flag.rejection->slot, col::kSeriousIllness);
  EXPECT_EQ(bad_flag.rejection->reason, "应为 是/否，实际为“可能”");
}

TEST(MedicalRule, UninsuredNeedsNoCostsAndIsRed) {
  auto v = validate(Department::Medical, cells({{col::kInsured, "否"}}));
  ASSERT_FALSE(v.rejection) << v.rejection->reason;
  EXPECT_EQ(v.fields.t1, kUninsured);
  EXPECT_EQ(grade_of(Department::Medical, v.fields, household_with_income()), Grade::Red);
}

TEST(MedicalRule, Grades) {
  RowFields f;
  f.a2 = yuan(16000);  // 14,000 < 14,200
  EXPECT_EQ(grade_of(Department::Medical, f, household_with_income()), Grade::Red);
  f.a2 = yuan(13000);  // 17,000 < 17,040
  EXPECT_EQ(grade_of(Department::Medical, f, household_with_income()), Grade::Orange);
  f.a2 = yuan(5000);
  EXPECT_EQ(grade_of(Department::Medical, f, household_with_income()), Grade::Yellow);
  f.a2 = yuan(5000) - 1;
  EXPECT_EQ(grade_of(Department::Medical, f, household_with_income()), std::nullopt);
  f.flag = true;  // 大病
  EXPECT_EQ(grade_of(Department::Medical, f, household_with_income()), Grade::Orange);
  // The signal keeps 大病 and the self-pay in its fact.
  const Verdict v = department_rule(Department::Medical).grade(f, household_with_income(), kParams);
  ASSERT_TRUE(v.signal);
  EXPECT_EQ(v.signal->reason, RiskReason::Illness);
  EXPECT_TRUE(v.signal->flag);
  EXPECT_EQ(v.signal->a2, yuan(5000) - 1);
}

TEST(MedicalRule, BoundariesComeFromTheParams) {
  ScreeningParams p;
  p.selfpay_yellow_min = yuan(8000);
  RowFields f;
  f.a2 = yuan(6000);
  EXPECT_EQ(grade_of(Department::Medical, f, household_with_income(), p), std::nullopt);
  p.orange_line_basis_points = 13000;  // 30,000 − 6,000 = 24,000 ≥ 1.3 × 14,200 = 18,460
  EXPECT_EQ(grade_of(Department::Medical, f, household_with_income(), p), std::nullopt);
  p.orange_line_basis_points = 17000;  // 24,000 < 1.7 × 14,200 = 24,140
  EXPECT_EQ(grade_of(Department::Medical, f, household_with_income(), p), Grade::Orange);
}

TEST(DisabilityRule, MainLabourerGrades1To2AreOrange) {
  auto v = validate(Department::Disability, cells({{col::kDisabilityCategory, "肢体"}, {col::kDisabilityGrade, "2"}}));
  ASSERT_FALSE(v.rejection);
  EXPECT_EQ(v.fields.a1, 2);
  Subject s = household_with_income();
  EXPECT_EQ(grade_of(Department::Disability, v.fields, s), Grade::Orange);
  s.age = 60;
  EXPECT_EQ(grade_of(Department::Disability, v.fields, s), Grade::Yellow);
  s.age = 16;
  EXPECT_EQ(grade_of(Department::Disability, v.fields, s), Grade::Orange);
  s.age = 15;
  EXPECT_EQ(grade_of(Department::Disability, v.fields, s), Grade::Yellow);
  s = household_with_income();
  s.labourer = false;
  EXPECT_EQ(grade_of(Department::Disability, v.fields, s), Grade::Yellow);
  v.fields.a1 = 3;
  EXPECT_EQ(grade_of(Department::Disability, v.fields, household_with_income()), Grade::Yellow);

  auto bad = validate(Department::Disability, cells({{col::kDisabilityCategory, "肢体"}, {col::kDisabilityGrade, "5"}}));
  ASSERT_TRUE(bad.rejection);
  EXPECT_EQ(bad.rejection->slot, col::kDisabilityGrade);
  EXPECT_EQ(bad.rejection->reason, "残疾等级应为 1–4，实际为“5”");
}

TEST(EducationRule, DropoutOfCompulsoryAgeIsRed) {
  auto v = validate(Department::Education, cells({{col::kStage, "初中"}, {col::kStudyStatus, "辍学"}, {col::kAided, "是"}}));
  ASSERT_FALSE(v.rejection);
  EXPECT_TRUE(v.fields.flag);
  Subject s;
  for (auto [age, want] : {std::pair{5, Grade::Yellow}, {6, Grade::Red}, {15, Grade::Red}, {16, Grade::Yellow}}) {
    s.age = age;
    EXPECT_EQ(grade_of(Department::Education, v.fields, s), want) << age;
  }
  // The age is kept in the fact (a2).
  s.age = 12;
  EXPECT_EQ(department_rule(Department::Education).grade(v.fields, s, kParams).signal->a2, 12);
  v.fields.t2 = "休学";
  EXPECT_EQ(grade_of(Department::Education, v.fields, s), Grade::Yellow);
  v.fields.t2 = "在读";
  EXPECT_EQ(grade_of(Department::Education, v.fields, s), std::nullopt);

  auto bad = validate(Department::Education, cells({{col::kStage, "初中"}, {col::kStudyStatus, "退学"}}));
  ASSERT_TRUE(bad.rejection);
  EXPECT_EQ(bad.rejection->reason, "取值“退学”不在 在读/辍学/休学 之中");
}

TEST(HousingRule, DangerousGradesFromTheParams) {
  for (auto [g, want] : {std::pair<std::string_view, std::optional<Grade>>{"A", std::nullopt},
                         {"B", std::nullopt}, {"C", Grade::Red}, {"D", Grade::Red}}) {
    auto v = validate(Department::Housing, cells({{col::kHouseGrade, g}}));
    ASSERT_FALSE(v.rejection);
    EXPECT_EQ(grade_of(Department::Housing, v.fields, Subject{}), want) << g;
  }
  ScreeningParams p;
  p.dangerous_house_grades = {"D"};
  RowFields f;
  f.t1 = "C";
  EXPECT_EQ(grade_of(Department::Housing, f, Subject{}, p), std::nullopt);
  EXPECT_TRUE(validate(Department::Housing, cells({{col::kHouseGrade, "E"}})).rejection);
}

TEST(WaterAndEmploymentRules, Grades) {
  auto w = validate(Department::Water, cells({{col::kWaterProblem, "水量不足"}}));
  ASSERT_FALSE(w.rejection);
  EXPECT_EQ(grade_of(Department::Water, w.fields, Subject{}), Grade::Red);
  EXPECT_TRUE(validate(Department::Water, cells({})).rejection);
  for (auto [status, want] : {std::pair<std::string_view, std::optional<Grade>>{"失业", Grade::Yellow},
                              {"返乡", Grade::Yellow}, {"务工", std::nullopt}}) {
    auto v = validate(Department::Employment, cells({{col::kEmploymentStatus, status}}));
    ASSERT_FALSE(v.rejection);
    EXPECT_EQ(grade_of(Department::Employment, v.fields, Subject{}), want) << status;
  }
}

TEST(DisasterAndAgricultureRules, LossAgainstTheLineAtLeastYellow) {
  for (Department d : {Department::Disaster, Department::Agriculture}) {
    RowFields f;
    f.t1 = "种养损失";
    EXPECT_EQ(grade_of(d, f, household_with_income()), Grade::Yellow);
    f.a1 = yuan(16000);
    EXPECT_EQ(grade_of(d, f, household_with_income()), Grade::Red);
    f.a1 = yuan(13000);
    EXPECT_EQ(grade_of(d, f, household_with_income()), Grade::Orange);
    EXPECT_EQ(grade_of(d, f, household_with_income(std::nullopt)), Grade::Yellow);
  }
  auto bad = validate(Department::Disaster, cells({{col::kDisasterKind, "洪涝"}, {col::kDisasterLoss, "-1"}}));
  ASSERT_TRUE(bad.rejection);
  EXPECT_EQ(bad.rejection->slot, col::kDisasterLoss);
  EXPECT_TRUE(validate(Department::Agriculture, cells({{col::kFarmMatter, "其他"}})).rejection);
}

TEST(CivilAffairsRule, ContextOnly) {
  auto v = validate(Department::CivilAffairs, cells({{col::kCivilMatter, "低保新增"}}));
  ASSERT_FALSE(v.rejection);
  const Verdict verdict = department_rule(Department::CivilAffairs).grade(v.fields, household_with_income(), kParams);
  EXPECT_FALSE(verdict.signal);
  EXPECT_FALSE(verdict.negative);
}

TEST(PublicSecurityRule, LosingTheLastLabourerIsLabourShortage) {
  RowFields f;
  f.t1 = "死亡";
  Subject s = household_with_income();
  EXPECT_EQ(grade_of(Department::PublicSecurity, f, s), Grade::Yellow);
  f.t1 = "迁出";
  EXPECT_EQ(grade_of(Department::PublicSecurity, f, s), Grade::Yellow);
  s.household_labourers = 2;
  EXPECT_EQ(grade_of(Department::PublicSecurity, f, s), std::nullopt);
  s = household_with_income();
  s.present = false;
  EXPECT_EQ(grade_of(Department::PublicSecurity, f, s), std::nullopt);
  s = household_with_income();
  s.labourer = false;
  EXPECT_EQ(grade_of(Department::PublicSecurity, f, s), std::nullopt);
  f.t1 = "出生";
  EXPECT_EQ(grade_of(Department::PublicSecurity, f, household_with_income()), std::nullopt);
}

std::optional<RowNegativeFact> negative_of(Department d, const RowCells& c) {
  auto v = validate(d, c);
  EXPECT_FALSE(v.rejection) << v.rejection->reason;
  const Verdict verdict = department_rule(d).grade(v.fields, Subject{}, kParams);
  EXPECT_FALSE(verdict.signal);
  return verdict.negative;
}

TEST(NegativeListRules, Facts) {
  auto e = negative_of(Department::PublicEmployees, cells({{col::kEmployer, "县教育局"}}));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, "公职人员");
  EXPECT_EQ(e->detail, "县教育局");

  auto car = negative_of(Department::Vehicles, cells({{col::kVehicleType, "小型轿车"}, {col::kCommercialOrFarm, "否"}}));
  ASSERT_TRUE(car);
  EXPECT_EQ(car->kind, "消费型车辆");
  EXPECT_FALSE(negative_of(Department::Vehicles, cells({{col::kVehicleType, "拖拉机"}, {col::kCommercialOrFarm, "是"}})));
  EXPECT_TRUE(validate(Department::Vehicles, cells({{col::kVehicleType, "拖拉机"}})).rejection);

  auto shop = negative_of(Department::Businesses, cells({{col::kEntityName, "某商店"}, {col::kEntityType, "个体工商户"}}));
  ASSERT_TRUE(shop);
  EXPECT_EQ(shop->kind, "工商经营实体");
  EXPECT_EQ(shop->detail, "个体工商户：某商店");

  auto flat = negative_of(Department::RealEstate, cells({{col::kPropertyType, "商品房"}}));
  ASSERT_TRUE(flat);
  EXPECT_EQ(flat->kind, "商品房");
  EXPECT_FALSE(negative_of(Department::RealEstate, cells({{col::kPropertyType, "宅基地"}})));
}

}  // namespace
}  // namespace fangpin::screening
