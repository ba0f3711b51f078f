// Workflow policy: the [deadlines] table of the policy TOML (SPEC §7–§9 deadlines and
// periods) and the working-day calendar data (config/calendar, compiled in).
#pragma once
#include <string>
#include <string_view>

#include "domain/result.h"
#include "domain/workflow/calendar.h"

namespace fangpin::io {

// Reads [deadlines] from policy TOML text (the same file as parse_policy); keys absent from
// the table keep the SPEC defaults; unknown keys are errors. Each deadline is
// `{ days = N, basis = "自然日" | "工作日" }`; *_months keys are integers.
Result<workflow::WorkflowParams> parse_workflow_params(std::string_view toml_text, std::string_view origin = "policy");
// load_policy_bundle(path).workflow, for code that needs only the workflow parameters.
Result<workflow::WorkflowParams> load_workflow_params(const std::string& policy_path);

// Calendar CSV: 开始,结束,类型(休|班),节日,依据 — each row a range of days.
Result<workflow::WorkCalendar> parse_calendar(std::string_view csv_text, std::string_view origin = "calendar");
// From a file; an empty path gives the shipped calendar (2021–2026).
Result<workflow::WorkCalendar> load_calendar(const std::string& path);
std::string_view default_calendar_text();

}  // namespace fangpin::io
