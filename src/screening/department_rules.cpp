#include "screening/department_rules.h"

#include <algorithm>
#include <initializer_list>

#include <fmt/format.h>

#include "domain/household.h"
#include "screening/facts.h"

namespace fangpin::screening {

namespace {

using Check = std::optional<Rejection>;

Check reject(int slot, std::string reason) { return Rejection{slot, std::move(reason)}; }

Check required_text(const RowCells& c, int slot, std::string_view& out) {
  out = c[static_cast<std::size_t>(slot)];
  if (out.empty()) return reject(slot, "必填项为空");
  return std::nullopt;
}

// Amount in 元, at most two decimals, not negative; a blank optional cell is 0.
Check money(const RowCells& c, int slot, bool required, Fen& out) {
  const std::string_view s = c[static_cast<std::size_t>(slot)];
  if (s.empty()) {
    if (required) return reject(slot, "必填项为空");
    out = 0;
    return std::nullopt;
  }
  auto f = parse_yuan(s);
  if (!f || *f < 0) return reject(slot, fmt::format("金额无效“{}”（元，最多两位小数，不可为负）", s));
  out = *f;
  return std::nullopt;
}

Check one_of(const RowCells& c, int slot, std::initializer_list<std::string_view> allowed, std::string_view& out) {
  if (auto r = required_text(c, slot, out)) return r;
  for (auto a : allowed)
    if (a == out) return std::nullopt;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : "/") + std::string(a);
  return reject(slot, fmt::format("取值“{}”不在 {} 之中", out, list));
}

Check yes_no(int slot, std::string_view s, bool& out) {
  auto yn = parse_yes_no(s);
  if (!yn) return reject(slot, fmt::format("应为 是/否，实际为“{}”", s));
  out = *yn;
  return std::nullopt;
}

Grade at_least(std::optional<Grade> g, Grade floor) { return g && *g > floor ? *g : floor; }

Verdict signal(RiskReason reason, Grade grade, bool flag = false, Fen a2 = 0) {
  return Verdict{RowSignal{reason, grade, flag, a2}, std::nullopt};
}
Verdict negative(std::string kind, std::string detail) {
  return Verdict{std::nullopt, RowNegativeFact{std::move(kind), std::move(detail)}};
}
Verdict nothing() { return Verdict{}; }

// ---- 医保 ---------------------------------------------------------------------------------
// 是否参保 (optional) = 否 reports a member outside basic medical insurance (红, a broken
// 三保障 item); such a row need not carry costs.
Check validate_medical(const RowCells& c, RowFields& f) {
  bool uninsured = false;
  if (const auto ins = c[col::kInsured]; !ins.empty()) {
    bool insured = true;
    if (auto r = yes_no(col::kInsured, ins, insured)) return r;
    uninsured = !insured;
  }
  if (auto r = money(c, col::kTotalCost, !uninsured, f.a1)) return r;
  if (auto r = money(c, col::kSelfpay, !uninsured, f.a2)) return r;
  const std::string_view serious = c[col::kSeriousIllness];
  if (!(uninsured && serious.empty()))
    if (auto r = yes_no(col::kSeriousIllness, serious, f.flag)) return r;
  if (uninsured) f.t1 = kUninsured;
  if (f.a2 > f.a1) return reject(col::kSelfpay, "合规自付费用大于医疗总费用");
  return std::nullopt;
}

// 因病: 红 if the self-pay pushes income below the line; 橙 below 1.2× or 大病; 黄 self-pay
// ≥ 5,000; 红 uninsured.
Verdict grade_medical(const RowFields& f, const Subject& s, const ScreeningParams& p) {
  const Fen selfpay = f.a2;
  const bool serious = f.flag;
  std::optional<Grade> g = income_grade(s, selfpay, p);
  if (serious) g = at_least(g, Grade::Orange);
  if (selfpay >= p.selfpay_yellow_min) g = at_least(g, Grade::Yellow);
  if (f.t1 == kUninsured) g = Grade::Red;
  if (!g) return nothing();
  return signal(RiskReason::Illness, *g, serious, selfpay);
}

// ---- 残联 ---------------------------------------------------------------------------------
Check validate_disability(const RowCells& c, RowFields& f) {
  if (auto r = required_text(c, col::kDisabilityCategory, f.t1)) return r;
  const std::string_view g = c[col::kDisabilityGrade];
  if (g.size() != 1 || g[0] < '1' || g[0] > '4')
    return reject(col::kDisabilityGrade, fmt::format("残疾等级应为 1–4，实际为“{}”", g));
  f.a1 = g[0] - '0';
  return std::nullopt;
}

// 橙: a main labourer (aged min..max, labour 普通/技能) certified grade 1..max; else 黄.
Verdict grade_disability(const RowFields& f, const Subject& s, const ScreeningParams& p) {
  const Fen disability_grade = f.a1;
  const bool main_labourer = s.labourer && s.age >= p.main_labourer_age_min && s.age <= p.main_labourer_age_max;
  const Grade g = main_labourer && disability_grade <= p.main_labourer_disability_max_grade ? Grade::Orange : Grade::Yellow;
  return signal(RiskReason::Disability, g, main_labourer);
}

// ---- 教育 ---------------------------------------------------------------------------------
Check validate_education(const RowCells& c, RowFields& f) {
  if (auto r = required_text(c, col::kStage, f.t1)) return r;
  if (auto r = one_of(c, col::kStudyStatus, {"在读", "辍学", "休学"}, f.t2)) return r;
  if (const auto aided = c[col::kAided]; !aided.empty())
    if (auto r = yes_no(col::kAided, aided, f.flag)) return r;
  return std::nullopt;
}

// 辍学: 红 within compulsory-education age, else 黄; 休学 黄. The age is kept in the fact.
Verdict grade_education(const RowFields& f, const Subject& s, const ScreeningParams& p) {
  const std::string_view status = f.t2;
  std::optional<Grade> g;
  if (status == "辍学")
    g = s.age >= p.compulsory_age_min && s.age <= p.compulsory_age_max ? Grade::Red : Grade::Yellow;
  else if (status == "休学")
    g = Grade::Yellow;
  if (!g) return nothing();
  return signal(RiskReason::Education, *g, f.flag, s.age);
}

// ---- 住建 ---------------------------------------------------------------------------------
Check validate_housing(const RowCells& c, RowFields& f) {
  return one_of(c, col::kHouseGrade, {"A", "B", "C", "D"}, f.t1);
}

// 红: 房屋鉴定等级 among the dangerous grades (C/D 危房).
Verdict grade_housing(const RowFields& f, const Subject&, const ScreeningParams& p) {
  const auto& dangerous = p.dangerous_house_grades;
  if (std::find(dangerous.begin(), dangerous.end(), f.t1) == dangerous.end()) return nothing();
  return signal(RiskReason::HousingSafety, Grade::Red);
}

// ---- 水务 ---------------------------------------------------------------------------------
Check validate_water(const RowCells& c, RowFields& f) { return required_text(c, col::kWaterProblem, f.t1); }
Verdict grade_water(const RowFields&, const Subject&, const ScreeningParams&) {
  return signal(RiskReason::WaterSafety, Grade::Red);
}

// ---- 应急 (a person's row; area rows, without 证件号码, are the engine's) ------------------
Check validate_disaster(const RowCells& c, RowFields& f) {
  if (auto r = required_text(c, col::kDisasterKind, f.t1)) return r;
  return money(c, col::kDisasterLoss, false, f.a1);
}
// 因灾: 红/橙 when the loss pushes income below the line, else 黄.
Verdict grade_disaster(const RowFields& f, const Subject& s, const ScreeningParams& p) {
  return signal(RiskReason::Disaster, at_least(income_grade(s, f.a1, p), Grade::Yellow));
}

// ---- 人社 ---------------------------------------------------------------------------------
Check validate_employment(const RowCells& c, RowFields& f) {
  return one_of(c, col::kEmploymentStatus, {"失业", "返乡", "务工"}, f.t1);
}
Verdict grade_employment(const RowFields& f, const Subject&, const ScreeningParams&) {
  if (f.t1 == "务工") return nothing();
  return signal(RiskReason::UnstableEmployment, Grade::Yellow);
}

// ---- 民政 ---------------------------------------------------------------------------------
Check validate_civil(const RowCells& c, RowFields& f) {
  return one_of(c, col::kCivilMatter, {"低保新增", "低保退出", "特困新增", "临时救助"}, f.t1);
}
// Context for cadres (FORMATS.md): matched and counted, no warning by itself.
Verdict grade_civil(const RowFields&, const Subject&, const ScreeningParams&) { return nothing(); }

// ---- 农业农村 -------------------------------------------------------------------------------
Check validate_agriculture(const RowCells& c, RowFields& f) {
  if (auto r = one_of(c, col::kFarmMatter, {"产业项目失败", "种养损失"}, f.t1)) return r;
  return money(c, col::kFarmLoss, false, f.a1);
}
// 因产业项目失败: 红/橙 when the loss pushes income below the line, else 黄.
Verdict grade_agriculture(const RowFields& f, const Subject& s, const ScreeningParams& p) {
  return signal(RiskReason::IndustryFailure, at_least(income_grade(s, f.a1, p), Grade::Yellow));
}

// ---- 公安 ---------------------------------------------------------------------------------
Check validate_police(const RowCells& c, RowFields& f) {
  return one_of(c, col::kPoliceMatter, {"出生", "死亡", "迁入", "迁出"}, f.t1);
}
// Natural change: the household loses its last labourer → 缺劳力.
Verdict grade_police(const RowFields& f, const Subject& s, const ScreeningParams&) {
  const bool leaves = f.t1 == "死亡" || f.t1 == "迁出";
  if (!(leaves && s.present && s.labourer && s.household_labourers <= 1)) return nothing();
  return signal(RiskReason::LabourShortage, Grade::Yellow);
}

// ---- negative-list departments (SPEC §5) ----------------------------------------------
Check validate_public_employees(const RowCells& c, RowFields& f) { return required_text(c, col::kEmployer, f.t1); }
Verdict grade_public_employees(const RowFields& f, const Subject&, const ScreeningParams&) {
  return negative("公职人员", std::string(f.t1));
}

Check validate_vehicles(const RowCells& c, RowFields& f) {
  if (auto r = required_text(c, col::kVehicleType, f.t1)) return r;
  return yes_no(col::kCommercialOrFarm, c[col::kCommercialOrFarm], f.flag);
}
// A commercial or farm vehicle is not a consumption vehicle.
Verdict grade_vehicles(const RowFields& f, const Subject&, const ScreeningParams&) {
  if (f.flag) return nothing();
  return negative("消费型车辆", std::string(f.t1));
}

Check validate_businesses(const RowCells& c, RowFields& f) {
  if (auto r = required_text(c, col::kEntityName, f.t1)) return r;
  return required_text(c, col::kEntityType, f.t2);
}
Verdict grade_businesses(const RowFields& f, const Subject&, const ScreeningParams&) {
  return negative("工商经营实体", fmt::format("{}：{}", f.t2, f.t1));
}

Check validate_real_estate(const RowCells& c, RowFields& f) {
  return one_of(c, col::kPropertyType, {"商品房", "铺面", "宅基地"}, f.t1);
}
// 宅基地 is every rural household's: not a negative fact.
Verdict grade_real_estate(const RowFields& f, const Subject&, const ScreeningParams&) {
  if (f.t1 == "宅基地") return nothing();
  return negative(std::string(f.t1), std::string(f.t1));
}

// In Department order.
constexpr std::array<DepartmentRule, kDepartmentCount> kRules{{
    {validate_medical, grade_medical, true},
    {validate_disability, grade_disability, false},
    {validate_education, grade_education, false},
    {validate_housing, grade_housing, false},
    {validate_water, grade_water, false},
    {validate_disaster, grade_disaster, true},
    {validate_employment, grade_employment, false},
    {validate_civil, grade_civil, false},
    {validate_agriculture, grade_agriculture, true},
    {validate_police, grade_police, false},
    {validate_public_employees, grade_public_employees, false},
    {validate_vehicles, grade_vehicles, false},
    {validate_businesses, grade_businesses, false},
    {validate_real_estate, grade_real_estate, false},
}};

}  // namespace

const DepartmentRule& department_rule(Department d) { return kRules[static_cast<std::size_t>(d)]; }

std::optional<Grade> income_grade(const Subject& s, Fen cost, const ScreeningParams& p) {
  if (cost <= 0 || s.finance_year == 0 || s.people == 0 || !s.line) return std::nullopt;
  // Clamped so the ×10000 below cannot overflow on absurd amounts (±10^12 元 is far beyond any line).
  constexpr Fen kClamp = 100'000'000'000'000;
  const Fen x = std::clamp<Fen>(std::clamp<Fen>(s.net, -kClamp, kClamp) - std::clamp<Fen>(s.rigid, -kClamp, kClamp) -
                                    std::clamp<Fen>(cost, 0, kClamp),
                                -kClamp, kClamp);
  const Fen adj = x * 10000;
  const Fen base = std::clamp<Fen>(*s.line, 0, 100'000'000) * s.people;
  if (adj < base * p.red_line_basis_points) return Grade::Red;
  if (adj < base * p.orange_line_basis_points) return Grade::Orange;
  return std::nullopt;
}

}  // namespace fangpin::screening
