#include "domain/assessment.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace fangpin {

namespace {
constexpr std::array<std::string_view, kRiskReasonCount> kReasonLabels{
    "因病", "因残", "因学", "因灾", "因意外事故", "因产业项目失败", "因务工就业不稳",
    "缺劳力", "因安全住房", "因饮水安全", "因疫情", "其他"};
constexpr std::array<std::string_view, kShortfallCount> kShortfallLabels{
    "住房安全", "饮水安全", "义务教育保障", "基本医疗保障", "不愁吃穿"};

bool is_capable_labour(Labour l) { return l == Labour::Ordinary || l == Labour::Skilled; }

// 元 for explanations: "18000", "18000.50", "-300".
std::string money(Fen fen) { return fen % 100 == 0 ? std::to_string(fen / 100) : format_yuan(fen); }

// What the evaluation saw about the members, kept for the explanation (pointers: free).
struct MemberFindings {
  std::vector<const Member*> serious, chronic, disabled, college, dropout;
};

void explain_reasons(const Assessment& a, const HouseholdFacts& facts, const Finance& fin, const Finance* prev,
                     const MemberFindings& m, const AssessmentParams& p, Explanation& ex) {
  const Date year_end{a.year, 12, 31};
  auto names = [](const std::vector<const Member*>& v) {
    std::string s;
    for (const Member* x : v) s += (s.empty() ? "" : "、") + x->name;
    return s;
  };
  auto add = [&](RiskReason r, std::string parameter, std::string rule, std::vector<std::string> figures) {
    std::string f;
    for (auto& x : figures) f += (f.empty() ? "" : "；") + x;
    ex.reasons.push_back({r, std::move(parameter), std::move(rule), std::move(f)});
  };
  const auto& r = a.risk_reasons;
  if (r.has(RiskReason::Illness)) {
    std::vector<std::string> f;
    if (!m.serious.empty()) f.push_back("成员 " + names(m.serious) + " 患有大病");
    if (!m.chronic.empty() && fin.medical_selfpay >= p.chronic_selfpay_min)
      f.push_back(fmt::format("成员 {} 长期慢性病，合规自付医疗费用 {} 元 ≥ {} 元", names(m.chronic),
                              money(fin.medical_selfpay), money(p.chronic_selfpay_min)));
    add(RiskReason::Illness, "chronic_illness_selfpay_min",
        fmt::format("成员患有大病，或成员长期慢性病且合规自付医疗费用 ≥ {} 元", money(p.chronic_selfpay_min)), std::move(f));
  }
  if (r.has(RiskReason::Disability)) {
    std::vector<std::string> f;
    for (const Member* x : m.disabled)
      f.push_back(fmt::format("成员 {} {} 岁，残疾 {} 级，{}", x->name, age_on(x->birth, year_end), x->disability_grade,
                              label(x->labour)));
    add(RiskReason::Disability, "severe_disability_max_grade, disabled_labour_age_min, disabled_labour_age_max",
        fmt::format("成员残疾 1–{} 级，或 {}–{} 岁残疾成员丧失劳动力或弱劳动力或半劳动力", p.severe_disability_max_grade,
                    p.working_age_min, p.working_age_max),
        std::move(f));
  }
  if (r.has(RiskReason::Education)) {
    std::vector<std::string> f;
    if (static_cast<int>(m.college.size()) >= p.college_students_min)
      f.push_back(fmt::format("{} 名成员就读高职或本科及以上（{}）≥ {} 名", m.college.size(), names(m.college),
                              p.college_students_min));
    if (fin.education_expense >= p.education_expense_min)
      f.push_back(fmt::format("教育支出 {} 元 ≥ {} 元", money(fin.education_expense), money(p.education_expense_min)));
    for (const Member* x : m.dropout)
      f.push_back(fmt::format("成员 {} {} 岁辍学", x->name, age_on(x->birth, year_end)));
    add(RiskReason::Education, "college_students_min, education_expense_min, compulsory_education_age_min, compulsory_education_age_max",
        fmt::format("≥ {} 名成员就读高职或本科及以上，或教育支出 ≥ {} 元，或 {}–{} 岁成员辍学", p.college_students_min,
                    money(p.education_expense_min), p.compulsory_age_min, p.compulsory_age_max),
        std::move(f));
  }
  if (r.has(RiskReason::Disaster)) {
    std::vector<std::string> f;
    if (fin.disaster_loss > 0) f.push_back(fmt::format("灾害损失 {} 元 > 0", money(fin.disaster_loss)));
    if (facts.area_disaster) f.push_back(fmt::format("所在区域 {} 年发生灾害事件", a.year));
    add(RiskReason::Disaster, "", "灾害损失 > 0，或本年度所在区域发生灾害事件", std::move(f));
  }
  if (r.has(RiskReason::Accident))
    add(RiskReason::Accident, "", "意外事故支出 > 0", {fmt::format("意外事故支出 {} 元 > 0", money(fin.accident_expense))});
  if (r.has(RiskReason::IndustryFailure))
    add(RiskReason::IndustryFailure, "", "生产经营性收入 − 生产经营性支出 < 0",
        {fmt::format("生产经营性收入 {} 元 − 生产经营性支出 {} 元 = {} 元 < 0", money(fin.business_income),
                     money(fin.business_expense), money(fin.business_income - fin.business_expense))});
  if (r.has(RiskReason::UnstableEmployment) && prev != nullptr) {
    const Fen threshold = prev->wage_income * p.wage_drop_basis_points / 10000;
    const std::string pct = fmt::format("{:g}%", p.wage_drop_basis_points / 100.0);
    add(RiskReason::UnstableEmployment, "wage_drop_ratio", "上年工资性收入 > 0 且本年工资性收入 < 上年的 " + pct,
        {fmt::format("工资性收入 {} 元 < 上年 {} 元 × {} = {} 元", money(fin.wage_income), money(prev->wage_income), pct,
                     money(threshold))});
  }
  if (r.has(RiskReason::LabourShortage)) {
    std::string who;
    for (const Member& x : facts.members)
      if (x.present_on(year_end)) who += (who.empty() ? "" : "、") + x.name + " " + std::string(label(x.labour));
    add(RiskReason::LabourShortage, "", "没有普通劳动力或技能劳动力成员",
        {fmt::format("在户 {} 人中没有普通劳动力或技能劳动力（{}）", a.people, who)});
  }
  if (r.has(RiskReason::HousingSafety)) add(RiskReason::HousingSafety, "", "住房安全 = 否", {"户信息：住房安全 否"});
  if (r.has(RiskReason::WaterSafety)) add(RiskReason::WaterSafety, "", "饮水安全 = 否", {"户信息：饮水安全 否"});
  if (r.has(RiskReason::Epidemic)) add(RiskReason::Epidemic, "", "由干部认定（默认规则不推导）", {});
  if (r.has(RiskReason::Other))
    add(RiskReason::Other, "", "纳入候选且以上风险均不适用", {"纳入候选，未触发以上任何风险条件"});
}
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

Result<Assessment> assess(const HouseholdFacts& facts, int year, Fen line, const Policy& policy, Explanation* explain) {
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
  MemberFindings found;  // only filled when explaining
  for (const Member& m : facts.members) {
    if (!m.present_on(year_end)) continue;
    ++a.people;
    const int age = age_on(m.birth, year_end);
    if (m.health == Health::SeriousIllness) {
      serious_illness = true;
      if (explain) found.serious.push_back(&m);
    }
    if (m.health == Health::ChronicIllness) {
      chronic_illness = true;
      if (explain) found.chronic.push_back(&m);
    }
    if (m.health == Health::Disabled) {
      const bool severe = m.disability_grade >= 1 && m.disability_grade <= p.severe_disability_max_grade;
      const bool working_age_labour_loss = age >= p.working_age_min && age <= p.working_age_max &&
                                           (m.labour == Labour::Lost || m.labour == Labour::Weak);
      if (severe || working_age_labour_loss) {
        disability = true;
        if (explain) found.disabled.push_back(&m);
      }
    }
    if (m.schooling == Schooling::HigherVocational || m.schooling == Schooling::BachelorOrAbove) {
      ++college_students;
      if (explain) found.college.push_back(&m);
    }
    if (m.schooling == Schooling::Dropout && age >= p.compulsory_age_min && age <= p.compulsory_age_max) {
      dropout = true;
      if (explain) found.dropout.push_back(&m);
    }
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

  const bool rigid_over_last_net = prev != nullptr && a.rigid_expenditure > prev->net_income();
  if (!a.excluded) {
    if (pc_below) {  // (2)
      a.candidate = true;
      a.type = h.formerly_poor ? MonitoredType::Unstable : MonitoredType::Marginal;
    } else if (adj_below || rigid_over_last_net) {  // (3)
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

  if (explain) {
    Explanation& ex = *explain;
    ex = {};
    ex.income = fmt::format("人均纯收入 {:.2f} 元 {} 监测线 {} 元（家庭纯收入 {} 元 ÷ {} 人）", a.income_per_capita(),
                            pc_below ? "<" : "≥", money(line), money(a.net_income), a.people);
    ex.adjusted = fmt::format("扣除刚性支出后人均 {:.2f} 元 {} 监测线 {} 元（(纯收入 {} 元 − 刚性支出 {} 元) ÷ {} 人）",
                              a.adjusted_income_per_capita(), adj_below ? "<" : "≥", money(line), money(a.net_income),
                              money(a.rigid_expenditure), a.people);
    std::string kinds;
    for (const auto& k : a.exclusion_reasons) kinds += (kinds.empty() ? "" : "、") + k;
    if (a.excluded)
      ex.decision = "（1）负面清单：" + kinds + "，不纳入监测";
    else if (pc_below)
      ex.decision = fmt::format("（2）人均纯收入低于监测线，{}，纳入候选：{}", h.formerly_poor ? "是脱贫户" : "非脱贫户",
                                label(*a.type));
    else if (a.candidate)
      ex.decision = "（3）人均纯收入不低于监测线，但" +
                    (adj_below ? std::string("扣除刚性支出后人均低于监测线")
                               : fmt::format("刚性支出 {} 元 > 上年纯收入 {} 元", money(a.rigid_expenditure),
                                             money(prev->net_income()))) +
                    "，纳入候选：" + std::string(label(*a.type));
    else
      ex.decision = std::string("（4）人均纯收入与扣除刚性支出后人均均不低于监测线") +
                    (prev ? "，刚性支出未超过上年纯收入" : "") + "，不纳入候选";
    explain_reasons(a, facts, fin, prev, found, p, ex);
    if (a.primary_reason) {
      const RiskReason pr = *a.primary_reason;
      Fen amount = 0;
      switch (pr) {
        case RiskReason::Illness: amount = fin.medical_selfpay; break;
        case RiskReason::Education: amount = fin.education_expense; break;
        case RiskReason::Disaster: amount = fin.disaster_loss; break;
        case RiskReason::Accident: amount = fin.accident_expense; break;
        case RiskReason::IndustryFailure: amount = -business_net; break;
        case RiskReason::UnstableEmployment: amount = prev ? prev->wage_income - fin.wage_income : 0; break;
        default: amount = -1;
      }
      ex.primary = amount >= 0 ? fmt::format("主要风险 {}：金额类风险中金额最大（{} 元），同额按 SPEC §4a 表序", label(pr), money(amount))
                               : fmt::format("主要风险 {}：无金额类风险，按 因残、缺劳力、因安全住房、因饮水安全、其他 的次序", label(pr));
    }
    auto flag = [&](bool ok, Shortfall s) {
      if (!ok) ex.shortfalls.push_back({s, fmt::format("户信息：{} 否（需立即解决）", label(s))});
    };
    flag(h.housing_safe, Shortfall::Housing);
    flag(h.water_safe, Shortfall::Water);
    flag(h.education_ok, Shortfall::Education);
    flag(h.medical_ok, Shortfall::Medical);
    flag(h.food_clothing_ok, Shortfall::FoodClothing);
    for (const auto& kind : a.exclusion_reasons) {
      std::string fact;
      if (kind == "公职人员") {
        for (const Member& m : facts.members)
          if (m.public_employee && m.present_on(year_end)) fact += (fact.empty() ? "成员 " : "、") + m.name;
        if (!fact.empty()) fact += " 为公职人员（在户）";
      }
      if (fact.empty())
        for (const NegativeFact& f : facts.negative_facts)
          if (f.kind == kind) {
            fact = f.detail.empty() ? kind : f.detail;
            if (!f.source.empty()) fact += "（来源：" + f.source + "）";
            break;
          }
      ex.exclusions.push_back({kind, std::move(fact)});
    }
  }
  return a;
}

}  // namespace fangpin
