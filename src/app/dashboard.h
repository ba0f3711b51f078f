// The 工作台 (dashboard) numbers of one region as of a date, computed from the stores by the
// existing use cases (case list, due and quality reports, warnings) — never in the browser.
// README "HTTP API server" (GET /api/v1/dashboard) is the contract.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app/registry_view.h"
#include "app/workflow/case_json.h"
#include "app/workflow/workflow_service.h"
#include "domain/assessment.h"
#include "domain/region.h"
#include "store/screening_store.h"

namespace fangpin::app {

struct DashboardQuery {
  std::string region_prefix;  // effective prefix, already intersected with the caller's scope
  Date as_of;
  int months = 12;            // per-month series: this many months up to as_of's month
};

struct MonitoredCount {
  std::int64_t households = 0;
  std::int64_t persons = 0;  // members 在户 on as_of
};

// Monitored households (cases monitored on as_of: 县级审定 done, not eliminated or removed
// since, 风险消除回退 counting as monitored again) split by type and reason.
struct MonitoredSplit {
  MonitoredCount total;
  std::array<MonitoredCount, 3> by_type{};  // MonitoredType order
  std::array<MonitoredCount, kRiskReasonCount> by_primary_reason{};  // the case's first reason
  std::array<MonitoredCount, kRiskReasonCount> by_reason{};          // every reason of the case
};

struct AreaSplit {
  std::string code;  // child region code (prefix of 6, 9 or 12 digits)
  std::string name;  // "" when the region list does not name it (villages)
  MonitoredSplit monitored;
};

struct MonthCounts {
  std::string month;  // YYYY-MM
  std::int64_t added = 0;       // 县级审定 (new monitored households)
  std::int64_t eliminated = 0;  // 消除县级审定
  std::int64_t rolled_back = 0; // 回头看 风险消除回退
};

struct QualityCounts {
  std::int64_t found = 0;
  std::int64_t rectified = 0;
};

struct Dashboard {
  std::string region;       // the effective prefix
  std::string region_name;
  Date as_of;
  int child_length = 0;     // digits of the child regions' codes
  MonitoredSplit monitored;
  std::vector<AreaSplit> areas;  // every child region with registry households or cases, by code
  std::vector<MonthCounts> months;  // oldest first, ending with as_of's month
  std::int64_t overdue = 0, due_soon = 0;  // due report as of as_of, within 7 days
  std::vector<DueRow> due_items;            // the first 20, in due-date order
  std::array<QualityCounts, 3> quality{};  // QualityKind order: 不及时 不精准 成效不明显
  std::array<std::int64_t, 3> open_warnings{};  // 红 橙 黄 (warnings still open now)
};

inline constexpr int kDashboardDueWithinDays = 7;
inline constexpr std::size_t kDashboardDueItems = 20;

// `registry` gives the members present; `regions` names the regions (may be nullptr).
Result<Dashboard> dashboard(WorkflowEnv& env, store::ScreeningStore& screening, const LoadedRegistry& registry,
                            const RegionDirectory* regions, const DashboardQuery& q);

// The child level under a prefix: county (6) under a shorter one, township (9) under a
// county, village (12) under a township, the village itself under a village.
int child_region_length(std::size_t prefix_length);

// Whether a case was monitored on `on`, from its dated record (SPEC §7–§9).
bool monitored_on(const workflow::Case& c, const Date& on);

// The JSON answer (README "HTTP API server": GET /api/v1/dashboard).
Json dashboard_view(const Dashboard& d);

}  // namespace fangpin::app
