#include "domain/assessment.h"

#include <algorithm>
#include <array>

namespace fangpin {

namespace {
constexpr std::array<std::string_view, kRiskReasonCount> kReasonLabels{
    "因病", "因残", "因学", "因灾", "因意外事故", "因产业项目失败", "因务工就业不稳",
    "缺劳力", "因安全住房", "因饮水安全", "因疫情", "其他"};
constexpr std::array<std::string_view, kShortfallCount> kShortfallLabels{
    "住房安全", "饮水安全", "义务教育保障", "基本医疗保障", "不愁吃穿"};

bool is_capable_labour(Labour l) { return l == Labour::Ordinary || l == Labour::Skilled; }
}  // namespace

std::string_view label(RiskReason r) { return kReasonLabels[static_cast<std::size_t>(r)]; }
std::string_view label(Shortfall s) { return kShortfallLabels[static_cast<std::size_t>(s)]; }

std::optional<RiskReason> parse_risk_reason(std::string_view s) {
  if (s == "因灾(自然灾害)" || s == "因灾（自然灾害）") return RiskReason::Disaster;
  for (std::size_t i = 0; i < kReasonLabels.size(); ++i)
    if (kReasonLabels[i] == s) return static_cast<RiskReason>(i);
  return std::nullopt;
}

double Assessment::income_per_capita() const { return per_capita_yuan(net_income, people); }
double Assessment::adjusted_income_per_capita() const {
  return per_capita_yuan(net_income - rigid_expenditure, people);
}

std::vector<RiskReason> Assessment::reasons_in_order() const {
  std::vector<RiskReason> out;
  for (int i = 0; i < kRiskReasonCount; ++i)
    if (risk_reasons.has(static_cast<RiskReason>(i))) out.push_back(static_cast<RiskReason>(i));
  return out;
}

std::vector<Shortfall> Assessment::shortfalls_in_order() const {
  std::vector<Shortfall> out;
  for (int i = 0; i < kShortfallCount; ++i)
    if (shortfalls.has(static_cast<Shortfall>(i))) out.push_back(static_cast<Shortfall>(i));
  return out;
}

std::vector<std::string> negative_list_hits(std::span<const Member> members, std::span<const NegativeFact> facts,
                                            const Date& on, const Policy& policy) {
  std::vector<std::string> out;
  auto add = [&](const std::string& kind) {
    if (policy.excludes(kind) && std::find(out.begin(), out.end(), kind) == out.end()) out.push_back(kind);
  };
  if (std::any_of(members.begin(), members.end(), [&](const Member& m) { return m.public_employee && m.present_on(on); }))
    add("公职人员");
  for (const NegativeFact& f : facts) add(f.kind);
  return out;
}

Result<Assessment> assess(const HouseholdFacts& facts, int year, Fen line, const Policy& policy) {
  const AssessmentParams& p = policy.assessment;
  if (facts.household == nullptr) return internal_error("缺少户信息", "household_id");
  const Household& h = *facts.household;
  if (facts.finance == nullptr || facts.finance->year != year)
    return not_found("户 " + h.household_id + " 没有 " + std::to_string(year) + " 年度收支数据", "year");
  const Finance& fin = *facts.finance;
  const Finance* prev = (facts.previous && facts.previous->year == year - 1) ? facts.previous : nullptr;

  Assessment a;
  a.household_id = h.household_id;
  a.year = year;
  a.line = line;

  // people and member-derived facts, as of Y-12-31 (natural changes applied).
  const Date year_end{year, 12, 31};
  bool serious_illness = false, chronic_illness = false, disability = false, dropout = false;
  bool capable_labourer = false;
  bool uninsured_member = false;  // 基本医保 = 否 given for a member (信息采集表, FORMATS.md)
  int college_students = 0;
  for (const Member& m : facts.members) {
    if (!m.present_on(year_end)) continue;
    ++a.people;
    const int age = age_on(m.birth, year_end);
    if (m.health == Health::SeriousIllness) serious_illness = true;
    if (m.health == Health::ChronicIllness) chronic_illness = true;
    if (m.health == Health::Disabled) {
      const bool severe = m.disability_grade >= 1 && m.disability_grade <= p.severe_disability_max_grade;
      const bool working_age_labour_loss = age >= p.working_age_min && age <= p.working_age_max &&
                                           (m.labour == Labour::Lost || m.labour == Labour::Weak);
      if (severe || working_age_labour_loss) disability = true;
    }
    if (m.schooling == Schooling::HigherVocational || m.schooling == Schooling::BachelorOrAbove)
      ++college_students;
    if (m.schooling == Schooling::Dropout && age >= p.compulsory_age_min && age <= p.compulsory_age_max)
      dropout = true;
    if (is_capable_labour(m.labour)) capable_labourer = true;
    if (m.profile.medical_insured == false) uninsured_member = true;
  }
  if (a.people == 0)
    return failed_precondition("户 " + h.household_id + " 在 " + year_end.iso() + " 没有在户成员，无法计算人均收入",
                   "members");

  a.net_income = fin.net_income();
  a.rigid_expenditure = fin.rigid_expenditure();
  const Fen people = a.people;
  // pc < L  <=>  net < L × people (exact in fen, no division).
  const bool pc_below = a.net_income < line * people;
  const bool adj_below = a.net_income - a.rigid_expenditure < line * people;

  // Derived risk reasons (SPEC §4a table).
  auto& r = a.risk_reasons;
  if (serious_illness || (chronic_illness && fin.medical_selfpay >= p.chronic_selfpay_min)) r.add(RiskReason::Illness);
  if (disability) r.add(RiskReason::Disability);
  if (college_students >= p.college_students_min || fin.education_expense >= p.education_expense_min || dropout)
    r.add(RiskReason::Education);
  if (fin.disaster_loss > 0 || facts.area_disaster) r.add(RiskReason::Disaster);
  if (fin.accident_expense > 0) r.add(RiskReason::Accident);
  const Fen business_net = fin.business_income - fin.business_expense;
  if (business_net < 0) r.add(RiskReason::IndustryFailure);
  const bool wage_drop = prev != nullptr && prev->wage_income > 0 &&
                         fin.wage_income * 10000 < prev->wage_income * p.wage_drop_basis_points;
  if (wage_drop) r.add(RiskReason::UnstableEmployment);
  if (!capable_labourer) r.add(RiskReason::LabourShortage);
  if (!h.housing_safe) r.add(RiskReason::HousingSafety);
  if (!h.water_safe) r.add(RiskReason::WaterSafety);

  // Shortfalls: listed whether or not the household is a candidate.
  if (!h.housing_safe) a.shortfalls.add(Shortfall::Housing);
  if (!h.water_safe) a.shortfalls.add(Shortfall::Water);
  if (!h.education_ok) a.shortfalls.add(Shortfall::Education);
  // 基本医疗保障 = all members insured: a member known to be without 基本医保 fails it even
  // when the household row says 是; unknown insurance leaves the household's own answer.
  if (!h.medical_ok || uninsured_member) a.shortfalls.add(Shortfall::Medical);
  if (!h.food_clothing_ok) a.shortfalls.add(Shortfall::FoodClothing);

  // Decision (1): negative list.
  a.exclusion_reasons = negative_list_hits(facts.members, facts.negative_facts, year_end, policy);
  a.excluded = !a.exclusion_reasons.empty();

  if (!a.excluded) {
    if (pc_below) {  // (2)
      a.candidate = true;
      a.type = h.formerly_poor ? MonitoredType::Unstable : MonitoredType::Marginal;
    } else if (adj_below || (prev != nullptr && a.rigid_expenditure > prev->net_income())) {  // (3)
      a.candidate = true;
      a.type = MonitoredType::SuddenHardship;
    }
  }
  if (a.candidate && r.empty()) r.add(RiskReason::Other);

  // Primary reason: monetary reasons by amount (desc), then the fixed order; ties by table order.
  if (!r.empty()) {
    struct Ranked { RiskReason reason; int group; Fen amount; };
    std::array<Ranked, kRiskReasonCount> ranked{};
    std::size_t n = 0;
    auto money = [&](RiskReason reason, Fen amount) {
      if (r.has(reason)) ranked[n++] = {reason, 0, amount};
    };
    money(RiskReason::Illness, fin.medical_selfpay);
    money(RiskReason::Education, fin.education_expense);
    money(RiskReason::Disaster, fin.disaster_loss);
    money(RiskReason::Accident, fin.accident_expense);
    money(RiskReason::IndustryFailure, business_net < 0 ? -business_net : 0);
    money(RiskReason::UnstableEmployment, prev ? prev->wage_income - fin.wage_income : 0);
    int group = 1;
    for (RiskReason other : {RiskReason::Disability, RiskReason::LabourShortage, RiskReason::HousingSafety,
                             RiskReason::WaterSafety, RiskReason::Epidemic, RiskReason::Other}) {
      if (r.has(other)) ranked[n++] = {other, group, 0};
      ++group;
    }
    auto best = std::min_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n),
                                 [](const Ranked& x, const Ranked& y) {
                                   if (x.group != y.group) return x.group < y.group;
                                   if (x.amount != y.amount) return x.amount > y.amount;
                                   return x.reason < y.reason;
                                 });
    a.primary_reason = best->reason;
  }

  // SPEC §4 consistency rule for households already carrying a type; the type is the latest
  // case decision's (SPEC §9), and an eliminated household is no longer checked.
  if (h.monitored_type && h.monitor_status != MonitorStatus::Eliminated && h.monitor_status != MonitorStatus::Removed) {
    const bool below_type = *h.monitored_type == MonitoredType::Unstable || *h.monitored_type == MonitoredType::Marginal;
    a.wrong_type = below_type ? !pc_below : pc_below;
  }
  return a;
}

}  // namespace fangpin
