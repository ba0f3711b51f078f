// Negative-list findings by cadres at verification (SPEC §5), shared by the CLI and the API:
// record, withdraw (a new record with the reason), list. A finding makes the assessment
// exclude the household (the store reads active findings as negative facts) and gives the
// county the reason to reject or 清退 a live case (take_step fills an empty note from it).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/finding.h"
#include "domain/policy.h"
#include "domain/result.h"
#include "store/store.h"

namespace fangpin::app {

struct FindingActor {
  std::string name;
  std::string role;  // role label
};

// Records a finding after validate_finding (`today`: the date no finding may postdate).
Result<NegativeFinding> add_finding(store::Store& registry, const Policy& policy, const FindingActor& actor,
                                    NegativeFinding f, const Date& today);

// Withdraws finding `finding_id` of the household with `reason` (required) on `on`.
Result<NegativeFinding> withdraw_finding(store::Store& registry, const FindingActor& actor,
                                         const std::string& household_id, std::int64_t finding_id,
                                         const Date& on, const std::string& reason, const Date& today);

// The household's findings with their withdrawals, by id; NotFound if the household is unknown.
Result<std::vector<FindingStatus>> list_findings(store::Store& registry, const std::string& household_id);

// "负面清单核查发现：种养大户（第 3 号，张三 2024-05-01）；…" for the active findings, "" if none.
std::string active_findings_reason(const std::vector<FindingStatus>& findings);

}  // namespace fangpin::app
