// Assessment use case: registry snapshot + policy -> SPEC §4a records, in parallel.
#pragma once
#include <string>
#include <vector>

#include "domain/assessment.h"
#include "domain/registry.h"

namespace fangpin::app {

struct AssessRequest {
  int year = 0;
  std::string region_prefix;  // "" = all
  bool all = false;           // every household, not only candidates/excluded
};

struct Unassessable {
  std::string household_id;
  std::string reason;
};

struct AssessResult {
  std::vector<Assessment> records;          // in household_id order
  std::vector<Unassessable> unassessable;   // no finance for the year, nobody present
  std::size_t households_seen = 0;
};

// A year without a configured line is an Error naming the year.
Result<AssessResult> assess_registry(const RegistrySnapshot& registry, const Policy& policy, const AssessRequest& request);

// Household `index` of the snapshot assessed for `year` with its explanation — the same
// facts and evaluation as assess_registry (for the displays that say why).
struct ExplainedAssessment {
  Assessment assessment;
  Explanation explain;
};
Result<ExplainedAssessment> assess_explained(const RegistrySnapshot& registry, const Policy& policy, std::size_t index,
                                             int year);

// Totals for the zh-CN summary table.
struct AssessTotals {
  struct Count { int households = 0; int people = 0; };
  Count candidates, excluded, wrong_type;
  Count by_type[3];
  Count by_primary_reason[kRiskReasonCount];
  Count by_reason[kRiskReasonCount];
  Count by_shortfall[kShortfallCount];
  std::vector<std::pair<std::string, Count>> by_exclusion;  // kind -> count
};
AssessTotals totals_of(const std::vector<Assessment>& records);

}  // namespace fangpin::app
