#include "app/dashboard.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "app/workflow/case_json.h"
#include "app/workflow/workflow_views.h"

namespace fangpin::app {

namespace {

using workflow::Case;
using workflow::Step;

// 回头看 records a roll-back with this note prefix (domain/workflow/steps.cpp back_check).
constexpr std::string_view kRollbackNote = "风险消除回退";

bool is_rollback(const workflow::StepRecord& r) {
  return r.step == Step::BackCheck && std::string_view(r.note).starts_with(kRollbackNote);
}

void add(MonitoredCount& c, std::int64_t persons) {
  ++c.households;
  c.persons += persons;
}

void count_case(MonitoredSplit& s, const Case& c, std::int64_t persons) {
  add(s.total, persons);
  if (c.type) add(s.by_type[static_cast<std::size_t>(*c.type)], persons);
  bool first = true;
  for (int i = 0; i < kRiskReasonCount; ++i) {
    if (!c.reasons.has(static_cast<RiskReason>(i))) continue;
    if (first) add(s.by_primary_reason[static_cast<std::size_t>(i)], persons);
    first = false;
    add(s.by_reason[static_cast<std::size_t>(i)], persons);
  }
}

std::int64_t persons_on(const LoadedRegistry& reg, const std::string& household_id, const Date& on) {
  auto it = reg.by_id.find(household_id);
  if (it == reg.by_id.end()) return 0;
  std::int64_t n = 0;
  for (const Member& m : reg.reg.members_of(it->second))
    if (m.present_on(on)) ++n;
  return n;
}

std::string month_of(const Date& d) { return fmt::format("{:04d}-{:02d}", d.year, d.month); }

Json count_json(const MonitoredCount& c) { return Json{{"households", c.households}, {"persons", c.persons}}; }

Json split_json(const MonitoredSplit& s) {
  Json j = count_json(s.total);
  Json types = Json::array();
  for (std::size_t i = 0; i < s.by_type.size(); ++i) {
    Json t{{"type", std::string(label(static_cast<MonitoredType>(i)))}};
    t.update(count_json(s.by_type[i]));
    types.push_back(std::move(t));
  }
  j["by_type"] = std::move(types);
  // Reasons with at least one household, in SPEC §4a table order.
  auto reasons = [](const std::array<MonitoredCount, kRiskReasonCount>& a) {
    Json out = Json::array();
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].households == 0) continue;
      Json r{{"reason", std::string(label(static_cast<RiskReason>(i)))}};
      r.update(count_json(a[i]));
      out.push_back(std::move(r));
    }
    return out;
  };
  j["by_primary_reason"] = reasons(s.by_primary_reason);
  j["by_reason"] = reasons(s.by_reason);
  return j;
}

}  // namespace

int child_region_length(std::size_t n) {
  for (int len : {2, 4, 6, 9, 12})
    if (n < static_cast<std::size_t>(len)) return len;
  return 12;
}

bool monitored_on(const Case& c, const Date& on) {
  bool monitored = false;
  for (const workflow::StepRecord& r : c.history) {
    if (r.on > on) break;  // the record is in date order
    if (r.step == Step::CountyApproval || is_rollback(r)) monitored = true;
    if (r.step == Step::ElimCountyApproval || r.step == Step::Removal) monitored = false;
  }
  return monitored;
}

Result<Dashboard> dashboard(WorkflowEnv& env, store::ScreeningStore& screening, const LoadedRegistry& registry,
                            const RegionDirectory* regions, const DashboardQuery& q) {
  if (q.months < 1 || q.months > 120) return invalid("months 应在 1–120 之间", "months");
  Dashboard d;
  d.region = q.region_prefix;
  d.as_of = q.as_of;
  d.child_length = child_region_length(q.region_prefix.size());
  if (regions && !q.region_prefix.empty()) d.region_name = regions->name(q.region_prefix);

  std::map<std::string, AreaSplit> areas;
  auto area = [&](const std::string& region_code) -> AreaSplit& {
    std::string code = region_code.substr(0, static_cast<std::size_t>(d.child_length));
    auto [it, added] = areas.try_emplace(code);
    if (added) {
      it->second.code = code;
      if (regions) it->second.name = regions->name(code);
    }
    return it->second;
  };
  // Every child region with households, so a region with none monitored still shows (0).
  for (const Household& h : registry.reg.households)
    if (h.region_code.starts_with(q.region_prefix)) area(h.region_code);

  // Months: `months` of them ending with as_of's month.
  std::map<std::string, std::size_t> month_index;
  {
    int y = q.as_of.year, m = q.as_of.month - (q.months - 1);
    while (m < 1) {
      m += 12;
      --y;
    }
    for (int i = 0; i < q.months; ++i) {
      d.months.push_back({fmt::format("{:04d}-{:02d}", y, m)});
      month_index[d.months.back().month] = d.months.size() - 1;
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
  }

  auto cases = list_case_records(env, q.region_prefix);
  if (!cases) return cases.error();
  for (const CaseRecord& r : *cases) {
    const Case& c = r.c;
    for (const workflow::StepRecord& s : c.history) {
      if (s.on > q.as_of) break;
      auto it = month_index.find(month_of(s.on));
      if (it == month_index.end()) continue;
      MonthCounts& mc = d.months[it->second];
      if (s.step == Step::CountyApproval) ++mc.added;
      if (s.step == Step::ElimCountyApproval) ++mc.eliminated;
      if (is_rollback(s)) ++mc.rolled_back;
    }
    if (!monitored_on(c, q.as_of)) continue;
    const std::int64_t persons = persons_on(registry, c.household_id, q.as_of);
    count_case(d.monitored, c, persons);
    count_case(area(c.region_code).monitored, c, persons);
  }
  for (auto& [code, a] : areas) d.areas.push_back(std::move(a));

  auto due = due_list(env, q.as_of, kDashboardDueWithinDays, q.region_prefix);
  if (!due) return due.error();
  for (const DueRow& row : *due) {
    (row.overdue ? d.overdue : d.due_soon) += 1;
    if (d.due_items.size() < kDashboardDueItems) d.due_items.push_back(row);
  }

  auto quality = quality_list(env, q.as_of, q.region_prefix);
  if (!quality) return quality.error();
  for (const QualityRow& row : *quality) {
    QualityCounts& qc = d.quality[static_cast<std::size_t>(row.flag.kind)];
    ++qc.found;
    if (row.flag.rectified_on) ++qc.rectified;
  }

  store::WarningFilter wf;
  wf.region_prefix = q.region_prefix;
  wf.open_only = true;
  auto warnings = screening.list_warnings(wf);
  if (!warnings) return warnings.error();
  for (const store::WarningRecord& w : *warnings)
    if (w.grade_rank >= 1 && w.grade_rank <= 3) ++d.open_warnings[static_cast<std::size_t>(3 - w.grade_rank)];
  return d;
}

Json dashboard_view(const Dashboard& d) {
  Json j;
  j["region"] = d.region;
  j["region_name"] = d.region_name;
  j["as_of"] = d.as_of.iso();
  j["child_level"] = d.child_length == 6 ? "县" : d.child_length == 9 ? "乡镇" : d.child_length == 12 ? "村" : "区划";
  j["monitored"] = split_json(d.monitored);
  Json areas = Json::array();
  for (const AreaSplit& a : d.areas) {
    Json row{{"code", a.code}, {"name", a.name}};
    row.update(split_json(a.monitored));
    areas.push_back(std::move(row));
  }
  j["areas"] = std::move(areas);
  Json months = Json::array();
  for (const MonthCounts& m : d.months)
    months.push_back({{"month", m.month}, {"new", m.added}, {"eliminated", m.eliminated}, {"rolled_back", m.rolled_back}});
  j["months"] = std::move(months);
  Json items = Json::array();
  for (const DueRow& r : d.due_items) items.push_back(due_view(r));
  j["due"] = {{"within_days", kDashboardDueWithinDays}, {"overdue", d.overdue}, {"due_soon", d.due_soon},
              {"items", std::move(items)}};
  Json quality = Json::array();
  for (std::size_t i = 0; i < d.quality.size(); ++i)
    quality.push_back({{"flag", std::string(label(static_cast<workflow::QualityKind>(i)))},
                       {"found", d.quality[i].found},
                       {"rectified", d.quality[i].rectified}});
  j["quality"] = std::move(quality);
  j["warnings"] = Json::array({{{"grade", "红"}, {"open", d.open_warnings[0]}},
                               {{"grade", "橙"}, {"open", d.open_warnings[1]}},
                               {{"grade", "黄"}, {"open", d.open_warnings[2]}}});
  return j;
}

}  // namespace fangpin::app
