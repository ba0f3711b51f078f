// Loads the policy file (config/policy.toml is the shipped default, compiled in): one file,
// parsed once, for the assessment, the case workflow and department screening.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "domain/policy.h"
#include "domain/region.h"
#include "domain/result.h"
#include "domain/screening_params.h"
#include "domain/workflow/calendar.h"

namespace fangpin::io {

// Everything the policy file decides.
struct PolicyBundle {
  Policy policy;                         // [monitoring_line], [assessment], [negative_list], [regions]
  workflow::WorkflowParams workflow;     // [deadlines]
  screening::ScreeningParams screening;  // [screening] (+ [deadlines] warning_verification)
};

// Loads and checks the whole policy file; an empty path gives the shipped default. Unknown
// keys and wrong values are errors naming the file, line and key (a typo must not silently
// fall back to a default): FailedPrecondition, since nothing can run on a bad policy. A
// missing file is NotFound.
Result<PolicyBundle> load_policy_bundle(const std::string& path);
// Parses policy TOML text (`origin` names it in messages); errors are Invalid.
Result<PolicyBundle> parse_policy_bundle(std::string_view toml_text, std::string_view origin = "policy");
std::string_view default_policy_text();

// One section from policy TOML text (tests; callers load the bundle). Errors are Invalid.
Result<Policy> parse_policy(std::string_view toml_text, std::string_view origin = "policy");
Result<screening::ScreeningParams> parse_screening_params(std::string_view toml_text,
                                                          std::string_view origin = "policy");
// load_policy_bundle(path).policy, for code that needs only the assessment policy.
Result<Policy> load_policy(const std::string& path);

// The NBS region list (province … township) shipped with the program.
const RegionDirectory& nbs_regions();

}  // namespace fangpin::io

namespace fangpin::io {
struct NamedRegion {
  std::string code;
  std::string name;
};
// Townships (9-digit codes) of a 6-digit county from the shipped NBS list, in code order.
std::vector<NamedRegion> nbs_townships(std::string_view county_code);
}  // namespace fangpin::io
