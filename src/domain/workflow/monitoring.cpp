#include "domain/workflow/monitoring.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace fangpin::workflow {

namespace {

using MC = MeasureCategory;
constexpr std::array kUnstableEmployment{MC::Employment, MC::PublicWelfareJob, MC::Industry};
constexpr std::array kIllness{MC::Health, MC::Welfare, MC::Social, MC::Insurance};
constexpr std::array kDisability{MC::Welfare, MC::Social, MC::Health};
constexpr std::array kLabourShortage{MC::Welfare, MC::Social, MC::LivingConditions};
constexpr std::array kEducation{MC::Education, MC::Social};
constexpr std::array kAccidentDisaster{MC::Welfare,   MC::Health,  MC::Employment, MC::Industry,
                                       MC::Education, MC::Housing, MC::Insurance};
constexpr std::array kHousing{MC::Housing};
constexpr std::array kWater{MC::Water};
constexpr std::array kIndustryFailure{MC::Industry, MC::Employment, MC::Welfare, MC::Finance};
constexpr std::array kEpidemicOther{MC::Employment, MC::Industry, MC::Welfare};

Date year_end(int y) { return Date{y, 12, 31}; }

int people_on(std::span<const Member> members, const Date& on) {
  int n = 0;
  for (const Member& m : members) n += m.present_on(on) ? 1 : 0;
  return n;
}

// Finance years on or before `last_year`, newest first.
std::vector<const Finance*> finances_upto(const HouseholdState& h, int last_year) {
  std::vector<const Finance*> out;
  for (const Finance& f : h.finances)
    if (f.year <= last_year) out.push_back(&f);
  std::sort(out.begin(), out.end(), [](const Finance* a, const Finance* b) { return a->year > b->year; });
  return out;
}

// Exact comparisons in fen: pc ≥ line ⇔ net ≥ line × people.
struct IncomeCheck {
  bool known = false;
  bool pc_ok = false;
  bool adj_ok = false;
  std::string text;
};
IncomeCheck income_check(const HouseholdState& h, const Finance& f) {
  IncomeCheck r;
  auto line = h.lines.find(f.year);
  const int people = people_on(h.members, year_end(f.year));
  if (line == h.lines.end() || people == 0) {
    r.text = line == h.lines.end() ? fmt::format("{} 年无监测线", f.year) : fmt::format("{} 年无在户成员", f.year);
    return r;
  }
  r.known = true;
  r.pc_ok = f.net_income() >= line->second * people;
  r.adj_ok = f.net_income() - f.rigid_expenditure() >= line->second * people;
  r.text = fmt::format("{} 年人均纯收入 {:.2f} 元、扣除刚性支出后 {:.2f} 元，监测线 {} 元", f.year,
                       per_capita_yuan(f.net_income(), people),
                       per_capita_yuan(f.net_income() - f.rigid_expenditure(), people), format_yuan(line->second));
  return r;
}

std::vector<std::string> failed_guarantees(const Household& hh) {
  std::vector<std::string> out;
  if (!hh.food_clothing_ok) out.emplace_back("不愁吃穿");
  if (!hh.education_ok) out.emplace_back("义务教育保障");
  if (!hh.medical_ok) out.emplace_back("基本医疗保障");
  if (!hh.housing_safe) out.emplace_back("住房安全");
  if (!hh.water_safe) out.emplace_back("饮水安全");
  return out;
}

std::string join(const std::vector<std::string>& v, std::string_view sep = "、") {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

bool addressed(const Case& c, RiskReason r, const Date& on) {
  auto ok = addressing_measures(r);
  return std::any_of(c.measures.begin(), c.measures.end(), [&](const Measure& m) {
    return m.start <= on && std::find(ok.begin(), ok.end(), m.category) != ok.end();
  });
}

std::vector<std::string> unaddressed(const Case& c, const Date& on) {
  std::vector<std::string> out;
  for (int i = 0; i < kRiskReasonCount; ++i) {
    const auto r = static_cast<RiskReason>(i);
    if (c.reasons.has(r) && !addressed(c, r, on)) out.emplace_back(label(r));
  }
  return out;
}

std::optional<Date> first_measure(const Case& c) {
  std::optional<Date> first;
  for (const Measure& m : c.measures)
    if (!first || m.start < *first) first = m.start;
  return first;
}

// Intervals during which `holds` is true, evaluated at `start` and at each later event
// date up to `as_of` (the condition can only change on those dates).
template <class Pred>
std::vector<std::pair<Date, std::optional<Date>>> intervals(const Date& start, std::vector<Date> events,
                                                            const Date& as_of, Pred holds) {
  std::vector<std::pair<Date, std::optional<Date>>> out;
  if (as_of < start) return out;
  events.push_back(start);
  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end()), events.end());
  bool open = false;
  for (const Date& t : events) {
    if (t < start || as_of < t) continue;
    const bool h = holds(t);
    if (h && !open) {
      out.push_back({t, std::nullopt});
      open = true;
    } else if (!h && open) {
      out.back().second = t;
      open = false;
    }
  }
  return out;
}

Result<Date> measures_deadline(const Case& c, const WorkflowParams& p, const WorkCalendar& cal) {
  auto a = due_date(cal, *c.approved_on, p.measures_after_approval);
  if (!a) return a;
  auto b = due_date(cal, c.clue_date, p.measures_from_clue);
  if (!b) return b;
  return std::min(*a, *b);
}

}  // namespace

std::span<const MeasureCategory> addressing_measures(RiskReason r) {
  switch (r) {
    case RiskReason::UnstableEmployment: return kUnstableEmployment;
    case RiskReason::Illness: return kIllness;
    case RiskReason::Disability: return kDisability;
    case RiskReason::LabourShortage: return kLabourShortage;
    case RiskReason::Education: return kEducation;
    case RiskReason::Accident: case RiskReason::Disaster: return kAccidentDisaster;
    case RiskReason::HousingSafety: return kHousing;
    case RiskReason::WaterSafety: return kWater;
    case RiskReason::IndustryFailure: return kIndustryFailure;
    case RiskReason::Epidemic: case RiskReason::Other: return kEpidemicOther;
  }
  return {};
}

bool is_developmental(MeasureCategory c) {
  return c == MC::Industry || c == MC::Employment || c == MC::PublicWelfareJob;
}

bool has_labour_capacity(std::span<const Member> members, const Date& on) {
  return std::any_of(members.begin(), members.end(), [&](const Member& m) {
    return m.present_on(on) && (m.labour == Labour::Ordinary || m.labour == Labour::Skilled);
  });
}

bool has_lost_labour_capacity(std::span<const Member> members, const Date& on) {
  return std::none_of(members.begin(), members.end(), [&](const Member& m) {
    return m.present_on(on) && (m.labour == Labour::Ordinary || m.labour == Labour::Skilled || m.labour == Labour::Weak);
  });
}

bool Eligibility::eligible() const {
  return std::all_of(criteria.begin(), criteria.end(), [](const Criterion& c) { return c.met; });
}

std::vector<std::string> Eligibility::failures() const {
  std::vector<std::string> out;
  for (const Criterion& c : criteria)
    if (!c.met) out.push_back(c.name + "：" + c.detail);
  return out;
}

Eligibility check_elimination(const Case& c, const HouseholdState& h, const Date& as_of, const WorkflowParams& p) {
  Eligibility e;
  // ① 人均纯收入稳定超过监测线 (SPEC §9 revised): the latest annual finance gives pc ≥ line and
  // 扣除刚性支出后人均收入 ≥ line; with income_years_above_line = N the N − 1 years before it
  // must also give pc ≥ their lines (N = 2 is the older rule).
  {
    Criterion k{"收入稳定超过监测线", false, {}};
    const auto need = static_cast<std::size_t>(std::max(1, p.income_years_above_line));
    auto fs = finances_upto(h, as_of.year);
    if (fs.size() < need) {
      k.detail = need == 1 ? "无年度收支" : fmt::format("仅有 {} 个年度的收支，需最近 {} 年", fs.size(), need);
    } else {
      std::vector<std::string> texts;
      bool met = true;
      for (std::size_t i = 0; i < need; ++i) {
        auto r = income_check(h, *fs[i]);
        met = met && r.known && r.pc_ok && (i > 0 || r.adj_ok);
        texts.push_back(std::move(r.text));
      }
      k.met = met;
      k.detail = join(texts, "；");
    }
    e.criteria.push_back(std::move(k));
  }
  // ② 两不愁三保障及饮水安全
  {
    Criterion k{"两不愁三保障及饮水安全", true, {}};
    if (h.household != nullptr) {
      auto failed = failed_guarantees(*h.household);
      k.met = failed.empty();
      k.detail = failed.empty() ? "均有保障" : "未保障：" + join(failed);
    }
    e.criteria.push_back(std::move(k));
  }
  // ③ 每项风险均有已落实的对应措施 (SPEC §8 matching table)
  {
    auto missing = unaddressed(c, as_of);
    e.criteria.push_back(Criterion{"风险均有对应帮扶措施", missing.empty() && !c.reasons.empty(),
                                   missing.empty() ? (c.reasons.empty() ? "未认定风险原因" : "均已落实")
                                                   : join(missing) + " 无已落实的对应措施"});
  }
  // ④ 稳定半年以上
  {
    Criterion k{"稳定半年以上", false, {}};
    if (!c.approved_on) {
      k.detail = "尚未县级审定";
    } else if (c.rollbacks > 0 && c.last_backcheck && *c.approved_on < *c.last_backcheck) {
      // After 风险消除回退 the half year counts again from the rollback.
      const Date due = add_months(*c.last_backcheck, p.stable_months);
      k.met = due <= as_of;
      k.detail = fmt::format("风险消除回退于 {}，满 {} 个月为 {}", c.last_backcheck->iso(), p.stable_months, due.iso());
    } else {
      const Date due = add_months(*c.approved_on, p.stable_months);
      k.met = due <= as_of;
      k.detail = fmt::format("县级审定于 {}，满 {} 个月为 {}", c.approved_on->iso(), p.stable_months, due.iso());
    }
    e.criteria.push_back(std::move(k));
  }
  // ⑤ 丧失劳动能力户纳入综合保障兜底，暂不标注风险消除，持续跟踪监测 (seed 001). Weak or half
  // labour is still labour: such a household can be eliminated.
  {
    const bool lost = has_lost_labour_capacity(h.members, as_of);
    e.criteria.push_back(Criterion{"有劳动能力", !lost,
                                   lost ? "丧失劳动能力户（综合保障兜底）暂不标注风险消除，持续跟踪监测" : "有劳动力"});
  }
  return e;
}

std::vector<std::string> backcheck_findings(const Case& c, const HouseholdState& h, const Date& as_of,
                                            const WorkflowParams& p) {
  std::vector<std::string> out;
  auto fs = finances_upto(h, as_of.year);
  if (!fs.empty()) {
    auto latest = income_check(h, *fs[0]);
    if (latest.known && !latest.pc_ok) out.push_back("收入低于监测线：" + latest.text);
    else if (latest.known && !latest.adj_ok) out.push_back("出现大额刚性支出：" + latest.text);
    if (fs.size() >= 2 && fs[0]->rigid_expenditure() > fs[1]->net_income())
      out.push_back(fmt::format("{} 年刚性支出超过上年纯收入", fs[0]->year));
  }
  if (h.household != nullptr) {
    auto failed = failed_guarantees(*h.household);
    if (!failed.empty()) out.push_back("三保障及饮水安全未保障：" + join(failed));
  }
  if (c.approved_on && c.eliminated_on && *c.eliminated_on < add_months(*c.approved_on, p.stable_months))
    out.push_back(fmt::format("审定 {} 至消除 {} 未满 {} 个月", c.approved_on->iso(), c.eliminated_on->iso(),
                              p.stable_months));
  return out;
}

std::string_view label(QualityKind k) {
  switch (k) {
    case QualityKind::Late: return "不及时";
    case QualityKind::Imprecise: return "不精准";
    case QualityKind::Ineffective: return "成效不明显";
  }
  return "";
}

Result<std::vector<QualityFlag>> quality_flags(const Case& c, const HouseholdState& h, const Date& as_of,
                                               const WorkflowParams& p, const WorkCalendar& cal) {
  std::vector<QualityFlag> out;
  if (!c.approved_on) return out;
  // A removed (清退) case is no longer assisted: nothing found after the removal counts.
  if (c.status == CaseStatus::Removed && c.closed_on && *c.closed_on < as_of)
    return quality_flags(c, h, *c.closed_on, p, cal);
  std::vector<Date> measure_dates;
  for (const Measure& m : c.measures) measure_dates.push_back(m.start);

  // 不及时: the plan later than its deadline.
  auto plan_due = due_date(cal, *c.approved_on, p.plan_after_approval);
  if (!plan_due) return plan_due.error();
  if (!c.plan || *plan_due < c.plan->on) {
    const Date found = plan_due->plus_days(1);
    if (found <= as_of) {
      std::optional<Date> fixed;
      if (c.plan && c.plan->on <= as_of) fixed = c.plan->on;
      out.push_back({QualityKind::Late, fmt::format("帮扶计划应于 {} 前制定", plan_due->iso()), found, fixed});
    }
  }
  // 不及时: no measure in place by the deadline.
  auto measures_due = measures_deadline(c, p, cal);
  if (!measures_due) return measures_due.error();
  const auto first = first_measure(c);
  if (!first || *measures_due < *first) {
    const Date found = measures_due->plus_days(1);
    if (found <= as_of) {
      std::optional<Date> fixed;
      if (first && *first <= as_of) fixed = *first;
      out.push_back({QualityKind::Late, fmt::format("帮扶措施应于 {} 前落实", measures_due->iso()), found, fixed});
    }
  }
  // 不精准: checked from the measures deadline on.
  {
    const Date start = measures_due->plus_days(1);
    auto holds = [&](const Date& t) {
      if (!unaddressed(c, t).empty()) return true;
      if (!has_labour_capacity(h.members, t)) return false;
      return std::none_of(c.measures.begin(), c.measures.end(),
                          [&](const Measure& m) { return m.start <= t && is_developmental(m.category); });
    };
    for (auto [found, fixed] : intervals(start, measure_dates, as_of, holds)) {
      auto missing = unaddressed(c, found);
      std::string detail = missing.empty() ? "有劳动能力户无产业或就业帮扶措施" : join(missing) + " 无对应帮扶措施";
      out.push_back({QualityKind::Imprecise, std::move(detail), found, fixed});
    }
  }
  // 成效不明显: measures in place ≥ N months and the latest year's 人均纯收入 still < line.
  if (first) {
    const Date start = add_months(*first, p.ineffective_months);
    std::vector<Date> years;
    for (const Finance& f : h.finances)
      if (f.year > start.year) years.push_back(Date{f.year, 1, 1});
    auto holds = [&](const Date& t) {
      auto fs = finances_upto(h, t.year);
      if (fs.empty()) return false;
      auto r = income_check(h, *fs[0]);
      return r.known && !r.pc_ok;
    };
    for (auto [found, fixed] : intervals(start, years, as_of, holds)) {
      auto fs = finances_upto(h, found.year);
      out.push_back({QualityKind::Ineffective,
                     fmt::format("措施落实满 {} 个月，{}", p.ineffective_months, income_check(h, *fs[0]).text), found,
                     fixed});
    }
  }
  return out;
}

Result<std::vector<DueItem>> due_items(const Case& c, const Date& as_of, const WorkflowParams& p,
                                       const WorkCalendar& cal) {
  std::vector<DueItem> out;
  auto add = [&](std::string what, const Date& from, const DeadlineRule& rule, std::string_view since) -> Status {
    auto due = due_date(cal, from, rule);
    if (!due) return due.error();
    out.push_back({std::move(what), *due, fmt::format("{}（自{} {}）", rule.text(), since, from.iso())});
    return Ok{};
  };
  if (c.status == CaseStatus::Identifying) {
    if (c.progress == 0) {
      const DeadlineRule& rule = c.channel == Channel::DepartmentWarning ? p.warning_verification
                                 : c.channel == Channel::CadreCheck      ? p.own_verification
                                                                         : p.other_verification;
      if (auto s = add("入户核查", c.clue_date, rule, "线索"); !s) return s.error();
    }
    if (auto s = add("县级审定（识别认定）", c.clue_date, p.identification, "线索"); !s) return s.error();
  } else if ((c.status == CaseStatus::Monitored || c.status == CaseStatus::Eliminating) && c.approved_on) {
    // Done only if done by as_of: the list for a past date is what was open then.
    const bool has_worker = !c.caseworker.empty() && c.caseworker_on && *c.caseworker_on <= as_of;
    const bool has_plan = c.plan && c.plan->on <= as_of;
    const bool has_measure =
        std::any_of(c.measures.begin(), c.measures.end(), [&](const Measure& m) { return m.start <= as_of; });
    if (!has_worker)
      if (auto s = add("帮扶责任人", *c.approved_on, p.caseworker_after_approval, "县级审定"); !s) return s.error();
    if (!has_plan)
      if (auto s = add("帮扶计划", *c.approved_on, p.plan_after_approval, "县级审定"); !s) return s.error();
    if (!has_measure) {
      auto due = measures_deadline(c, p, cal);
      if (!due) return due.error();
      out.push_back({"帮扶措施", *due,
                     fmt::format("县级审定后 {}，且自线索 {}", p.measures_after_approval.text(),
                                 p.measures_from_clue.text())});
    }
  } else if (c.status == CaseStatus::Eliminated && c.eliminated_on) {
    const Date from = c.last_backcheck.value_or(*c.eliminated_on);
    out.push_back({"回头看", add_months(from, p.backcheck_interval_months),
                   fmt::format("{} 个月（自{} {}）", p.backcheck_interval_months,
                               c.last_backcheck ? "上次回头看" : "风险消除", from.iso())});
  }
  return out;
}

}  // namespace fangpin::workflow
