// io-internal: the sections of a parsed policy file, read by load_policy_bundle (one parse)
// and by the per-section parse_* functions (tests, one section's text).
#pragma once
#include <string_view>

#include <toml++/toml.h>

#include "domain/policy.h"
#include "domain/result.h"
#include "domain/screening_params.h"
#include "domain/workflow/calendar.h"

namespace fangpin::io {

// TOML syntax errors name the file and line.
Result<toml::table> parse_toml(std::string_view text, std::string_view origin);
// [monitoring_line], [assessment], [negative_list], [regions]; unknown top-level tables are errors.
Result<Policy> policy_section(const toml::table& root, std::string_view origin);
// [deadlines]
Result<workflow::WorkflowParams> workflow_section(const toml::table& root, std::string_view origin);
// [screening]; `verification` is [deadlines] warning_verification.
Result<screening::ScreeningParams> screening_section(const toml::table& root, std::string_view origin,
                                                     workflow::DeadlineRule verification);

}  // namespace fangpin::io
