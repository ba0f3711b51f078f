// Workflow use cases (SPEC §6–§9, §13–§14) shared by every adapter: each command loads the
// case, applies the pure rule (domain/workflow), and stores the new version together with
// its audit event in one transaction. Reports (due, eliminate-check, backcheck, quality)
// are read-only and reproducible for a given --as-of date.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/policy.h"
#include "domain/workflow/audit.h"
#include "domain/workflow/calendar.h"
#include "domain/workflow/case.h"
#include "domain/workflow/monitoring.h"
#include "store/case_store.h"
#include "store/store.h"

namespace fangpin::app {

struct WorkflowEnv {
  store::Store& registry;
  store::CaseStore& cases;
  const Policy& policy;
  const workflow::WorkflowParams& params;
  const workflow::WorkCalendar& calendar;
  std::string now;  // ISO-8601 UTC timestamp recorded on audit events
};

struct CaseRecord {
  workflow::Case c;
  std::int64_t version = 0;
};

Result<CaseRecord> load_case(WorkflowEnv& env, std::int64_t id);

// The row that stores `next` (id and version of the stored case; 0, 0 for a new one). When
// what the case decides about its household (workflow::registry_monitor) differs from
// `before` (nullptr: a new case), the row carries the household's new monitored type and
// status, which the CaseStore writes in the same transaction as the case (SPEC §9: the
// registry follows the cases). Every path that creates or updates a case stores this row.
store::CaseRow case_row(const workflow::Case& next, std::int64_t id, std::int64_t version,
                        const workflow::Case* before = nullptr);

// Opens a case from a clue; the region is the household's (it must be registered).
Result<CaseRecord> open_case(WorkflowEnv& env, const workflow::Actor& actor, const std::string& household_id,
                             workflow::Channel channel, const Date& clue_date, const std::string& note);

// Takes a step. 信息比对 re-runs the negative list and the assessment against the registry;
// 消除提名 re-checks SPEC §9 eligibility as of the step date; 驳回 / 清退 without a note take the
// household's active negative-list findings as the reason (SPEC §5). `expected_version`, when
// given, must equal the stored version (a stale client gets Conflict).
Result<CaseRecord> take_step(WorkflowEnv& env, const workflow::Actor& actor, std::int64_t id,
                             workflow::StepInput input, std::optional<std::int64_t> expected_version = {});

// Assistance (SPEC §8); `expected_version` as for take_step.
Result<CaseRecord> assign_caseworker(WorkflowEnv& env, const workflow::Actor& actor, std::int64_t id,
                                     const std::string& caseworker, const Date& on,
                                     std::optional<std::int64_t> expected_version = {});
Result<CaseRecord> set_plan(WorkflowEnv& env, const workflow::Actor& actor, std::int64_t id,
                            const workflow::Plan& plan, std::optional<std::int64_t> expected_version = {});
Result<CaseRecord> add_measure(WorkflowEnv& env, const workflow::Actor& actor, std::int64_t id,
                               const workflow::Measure& measure, std::optional<std::int64_t> expected_version = {});

// The cases under `region_prefix` ("" = all), by id; with `caseworker` non-empty only the
// cases whose 帮扶责任人 is that name (what a 帮扶责任人 account may see).
Result<std::vector<CaseRecord>> list_case_records(WorkflowEnv& env, const std::string& region_prefix,
                                                  const std::string& caseworker = {});

// The household facts the SPEC §8–§9 rules need (members, finances, lines per year).
struct LoadedHousehold {
  Household household;
  std::vector<Member> members;
  workflow::HouseholdState state;  // points into this object: do not copy
};
Result<std::unique_ptr<LoadedHousehold>> load_household(WorkflowEnv& env, const std::string& household_id);
// The same from a registry record already read (pure: no store).
std::unique_ptr<LoadedHousehold> loaded_household(const store::HouseholdDetail& d, const Policy& policy);

// 信息比对 facts from the household's registry record, never from the user: the negative
// list as of the step date (SPEC §5) and the SPEC §4a assessment of the latest finance year
// on or before it (no finance or no line for that year: not assessed, cadres decide).
void fill_comparison(const store::HouseholdDetail& d, const Policy& policy, workflow::StepInput& in);

struct DueRow {
  std::int64_t case_id = 0;
  std::string household_id;
  std::string region_code;
  std::string state;
  workflow::DueItem item;
  int days_left = 0;  // calendar days from as_of to due (negative: overdue)
  bool overdue = false;
};
// The obligations of one case overdue or due within `within_days` as of `as_of` (none
// before the clue date); within_days = -1 gives the overdue ones only.
Result<std::vector<DueRow>> case_due_rows(WorkflowEnv& env, const workflow::Case& c, const Date& as_of,
                                          int within_days);

// The reports below cover the cases under `region_prefix` and, with `caseworker` non-empty,
// only that 帮扶责任人's cases (as list_case_records).

// What is overdue or due within `within_days` as of `as_of`, under `region_prefix`, by due date.
Result<std::vector<DueRow>> due_list(WorkflowEnv& env, const Date& as_of, int within_days,
                                     const std::string& region_prefix, const std::string& caseworker = {});

struct EligibilityRow {
  std::int64_t case_id = 0;
  std::string household_id;
  std::string region_code;
  workflow::Eligibility eligibility;
};
// SPEC §9 check of every monitored case under the prefix.
Result<std::vector<EligibilityRow>> eliminate_check(WorkflowEnv& env, const Date& as_of,
                                                    const std::string& region_prefix,
                                                    const std::string& caseworker = {});

struct BackcheckRow {
  std::int64_t case_id = 0;
  std::string household_id;
  std::string region_code;
  std::string eliminated_on;
  std::vector<std::string> findings;  // empty: keep
};
Result<std::vector<BackcheckRow>> backcheck_list(WorkflowEnv& env, const Date& as_of, const std::string& region_prefix,
                                                 const std::string& caseworker = {});

struct QualityRow {
  std::int64_t case_id = 0;
  std::string household_id;
  std::string region_code;
  workflow::QualityFlag flag;
};
Result<std::vector<QualityRow>> quality_list(WorkflowEnv& env, const Date& as_of, const std::string& region_prefix,
                                             const std::string& caseworker = {});

Result<workflow::ChainCheck> verify_audit(WorkflowEnv& env);

}  // namespace fangpin::app
