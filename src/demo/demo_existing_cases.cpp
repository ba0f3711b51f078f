#include "demo/demo_existing_cases.h"

#include <array>
#include <cstdint>

#include "domain/workflow/calendar.h"
#include "domain/workflow/monitoring.h"

namespace fangpin::demo {

namespace {

using workflow::Channel;
using workflow::MeasureCategory;

// FNV-1a of the id and a salt: each household's dates and choices, independent of order.
std::uint64_t hash(const std::string& id, std::uint64_t salt) {
  std::uint64_t h = 1469598103934665603ull ^ salt;
  for (unsigned char ch : id) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return h;
}

int pick(const std::string& id, std::uint64_t salt, int n) { return static_cast<int>(hash(id, salt) % static_cast<std::uint64_t>(n)); }

constexpr std::array<const char*, 5> kCaseworkers{"演示帮扶责任人", "李建国", "王秀英", "张志强", "赵丽华"};
constexpr std::array<Channel, 4> kChannels{Channel::CadreCheck, Channel::SelfApplication, Channel::DepartmentWarning,
                                           Channel::CadreCheck};
constexpr std::array<RiskReason, 5> kPastReasons{RiskReason::Illness, RiskReason::UnstableEmployment,
                                                 RiskReason::Education, RiskReason::Disaster, RiskReason::Disability};

const char* unit_of(MeasureCategory c) {
  switch (c) {
    case MeasureCategory::Industry: return "县农业农村局";
    case MeasureCategory::Employment: return "县人力资源和社会保障局";
    case MeasureCategory::Finance: return "县农村信用合作联社";
    case MeasureCategory::Health: return "县医疗保障局";
    case MeasureCategory::Education: return "县教育体育局";
    case MeasureCategory::Housing: return "县住房和城乡建设局";
    case MeasureCategory::Water: return "县水务局";
    case MeasureCategory::Welfare: return "县民政局";
    case MeasureCategory::Social: return "县工商业联合会";
    case MeasureCategory::Insurance: return "县乡村振兴局";
    default: return "乡镇人民政府";
  }
}

Fen amount_of(MeasureCategory c, const std::string& id) {
  switch (c) {
    case MeasureCategory::Employment:
    case MeasureCategory::Social:
    case MeasureCategory::Support:
    case MeasureCategory::Motivation: return 0;
    default: return (1000 + 500 * pick(id, 11, 6)) * 100;
  }
}

void add_measure(std::vector<io::ExistingMeasure>& out, const io::ExistingCase& c, MeasureCategory category, int after) {
  const std::string note = category == MeasureCategory::Employment ? "务工就业对接（存量）" : "存量措施";
  out.push_back(io::ExistingMeasure{c.household_id, category, c.approved_on.plus_days(after),
                                    amount_of(category, c.household_id), unit_of(category), note});
}

// Caseworker, plan and measures of a case approved on c.approved_on. A few are left without
// a caseworker, late or without a plan, or without a measure: what the national data of a
// real county holds, and what `due` and `quality` then report.
void assist(io::ExistingCase& c, RiskReason reason, std::vector<io::ExistingMeasure>& measures) {
  const std::string& id = c.household_id;
  if (pick(id, 1, 15) != 0) c.caseworker = kCaseworkers[static_cast<std::size_t>(pick(id, 2, 5))];
  const int plan = pick(id, 3, 20);
  if (plan == 0) {
    // no plan
  } else if (plan <= 2) {
    c.plan_on = c.approved_on.plus_days(20 + pick(id, 4, 20));  // later than the 10 days allowed
  } else {
    c.plan_on = c.approved_on.plus_days(3 + pick(id, 4, 7));
  }
  if (pick(id, 5, 6) == 0) return;  // no measure yet: 不精准
  add_measure(measures, c, workflow::addressing_measures(reason).front(), 7 + pick(id, 6, 10));
  if (pick(id, 7, 3) == 0 && reason != RiskReason::UnstableEmployment)
    add_measure(measures, c, MeasureCategory::Employment, 12 + pick(id, 8, 10));
}

}  // namespace

DemoExistingCases generate_existing_cases(const DemoCounty& county, const std::vector<HouseholdPlan>& plans, int year) {
  DemoExistingCases out;
  int at_risk = 0, stable = 0, excluded = 0, monitored = 0;
  const Date monitored_from{year - 1, 2, 1};  // approvals over ~20 months up to the autumn of `year`
  const Date eliminated_from{year - 2, 1, 10};
  const Date rolled_back_from{year - 2, 3, 1};
  const Date removed_from{year - 1, 3, 1};
  for (std::size_t i = 0; i < county.households.size() && i < plans.size(); ++i) {
    const Household& h = county.households[i];
    const HouseholdPlan& plan = plans[i];
    const std::string& id = h.household_id;
    io::ExistingCase c;
    c.household_id = id;
    c.channel = kChannels[static_cast<std::size_t>(pick(id, 9, 4))];
    RiskReason reason = RiskReason::Illness;
    if (plan.at_risk && plan.primary) {
      // Monitored: the households the registry already labels, and every tenth other one.
      const bool labelled = h.monitored_type.has_value();
      if (!labelled && at_risk++ % 10 != 0) continue;
      reason = *plan.primary;
      c.type = labelled ? *h.monitored_type : plan.type.value_or(MonitoredType::Marginal);
      c.reasons.add(reason);
      if (monitored++ % 12 == 5) {
        // Eliminated once, rolled back at the back-check: monitored again.
        c.approved_on = rolled_back_from.plus_days(pick(id, 10, 120));
        c.eliminated_on = workflow::add_months(c.approved_on, 7).plus_days(pick(id, 12, 30));
        c.rolled_back_on = workflow::add_months(*c.eliminated_on, 5).plus_days(pick(id, 13, 40));
      } else {
        c.approved_on = monitored_from.plus_days(pick(id, 10, 600));
      }
      c.status = io::ExistingStatus::Monitored;
    } else if (plan.public_employee) {
      if (excluded++ % 10 != 3) continue;
      c.type = MonitoredType::Marginal;
      c.reasons.add(reason);
      c.approved_on = removed_from.plus_days(pick(id, 10, 200));
      c.status = io::ExistingStatus::Removed;
      c.removed_on = workflow::add_months(c.approved_on, 2).plus_days(pick(id, 12, 60));
      c.removed_reason = "负面清单：家庭成员为公职人员";
    } else if (!plan.at_risk) {
      // Stable now: eliminated a year or two ago (回头看 should keep them).
      if (stable++ % 400 != 7) continue;
      reason = kPastReasons[static_cast<std::size_t>(pick(id, 14, 5))];
      c.type = h.formerly_poor ? MonitoredType::Unstable : MonitoredType::Marginal;
      c.reasons.add(reason);
      c.approved_on = eliminated_from.plus_days(pick(id, 10, 300));
      c.status = io::ExistingStatus::Eliminated;
      c.eliminated_on = workflow::add_months(c.approved_on, 7).plus_days(pick(id, 12, 120));
    } else {
      continue;
    }
    c.clue_date = c.approved_on.plus_days(-(5 + pick(id, 15, 10)));
    if (c.status != io::ExistingStatus::Removed) assist(c, reason, out.measures);
    out.cases.push_back(std::move(c));
  }
  return out;
}

}  // namespace fangpin::demo
