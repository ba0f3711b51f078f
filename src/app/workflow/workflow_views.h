// The JSON views of the workflow use cases, one per result row: what `--format json|jsonl`
// prints today and what an HTTP route will answer. Key names and order are the contract
// (README: Case workflow); the CLI and the server render these, never their own copies.
#pragma once
#include <span>

#include "app/workflow/case_json.h"
#include "app/workflow/case_query.h"
#include "app/workflow/workflow_service.h"

namespace fangpin::app {

// case_id, version, state, next_step, then the case (case_to_json).
Json case_view(const CaseRecord& r);
// case_id household_id region_code status state version
Json case_list_view(const CaseRecord& r);
// case_list_view, then head_name caseworker next_step overdue (a row of the HTTP case list)
Json case_list_item_view(const CaseListItem& item);
// seq at on actor role action hash (the events of `case show`)
Json audit_events_view(std::span<const workflow::AuditEvent> events);
// `case show --format json`: case_view plus `audit` (the case's events)
Json case_show_view(const CaseRecord& r, std::span<const workflow::AuditEvent> events);
Json due_view(const DueRow& r);
Json eligibility_view(const EligibilityRow& r);
Json backcheck_view(const BackcheckRow& r);
Json quality_view(const QualityRow& r);
// ok events first_broken problem
Json chain_check_view(const workflow::ChainCheck& r);

// What a case page offers its caller, added to a case view: `allowed_steps` (the steps the
// case's state allows now whose roles include `caller`; the server still checks each when
// taken), `notice_earliest_end` (the first day the running 公示 may close, else null), for
// each of `measures` the risk reasons it `addresses` (SPEC §8 matching table), and
// `unaddressed_reasons` (the case's reasons no recorded measure addresses).
Result<Json> with_case_guidance(Json view, const workflow::Case& c, Role caller, const workflow::WorkflowParams& params,
                                const workflow::WorkCalendar& cal);

// The same view with resident IDs and mobile numbers masked inside the free text typed by
// cadres (clue_note, note, text, closed_reason, at any depth) — for displays; the CLI's
// own JSON keeps the record as stored.
Json with_notes_masked(Json view);

}  // namespace fangpin::app
