// Department screening use cases (部门筛查预警, SPEC §6) for every adapter: screen one
// department's feed, list warnings, screening runs and their row issues, and the JSON rows
// the CLI (`--format jsonl`) and the HTTP API both print. Resident IDs are masked in every
// row built here. The 纳入 → case transaction is app/workflow/warning_case.h.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/workflow/case_json.h"
#include "domain/date.h"
#include "domain/policy.h"
#include "domain/result.h"
#include "domain/screening_params.h"
#include "domain/workflow/calendar.h"
#include "screening/department.h"
#include "screening/screening_service.h"
#include "store/database.h"
#include "store/screening_store.h"

namespace fangpin::app {

// The department named by a feed, a path or an account: the Chinese name or English key
// (screening::parse_department), or the agency's name ending in 局 (民政局 → 民政).
std::optional<screening::Department> feed_department(std::string_view text);
// The department label a 部门数据员 account may see: its department's label, or the raw
// text when it names no known department (then it matches no run).
std::string account_department_label(std::string_view account_department);

// --- screening one feed ----------------------------------------------------------------
struct FeedRequest {
  std::string department;  // name or key
  std::string month;       // YYYY-MM: its year selects the monitoring line
  std::string path;        // the feed file (.csv/.xlsx); its base name is recorded on the run
  std::string user;        // who ran it (recorded on the run)
  std::string at;          // ISO UTC time of the run
  Date received;           // deadlines count from here
};
// Checks department and month (Invalid naming "department" / "month") before anything is
// opened; returns the engine's request.
Result<screening::ScreenRequest> check_feed_request(const FeedRequest& r);

struct FeedScreened {
  screening::ScreenRequest request;
  screening::IndexLoad index;
  screening::ScreenReport report;
  std::vector<std::string> notes;  // for the user: calendar fallback, index rebuilt, unknown columns
};
// Loads the registry index (the snapshot at `snapshot_path` when current; "" = always
// build), screens the feed and stores the run, its warnings, facts, events and row issues
// in one transaction (screening::run_screening). One run at a time per process: the
// snapshot is rewritten under a per-process name, and SQLite has one writer anyway.
Result<FeedScreened> screen_feed(store::Database& db, const Policy& policy, const screening::ScreeningParams& params,
                                 const workflow::WorkCalendar& calendar, const screening::ScreenRequest& request,
                                 const std::string& snapshot_path);

// The `screen --format jsonl` summary object (README: 部门筛查预警, Summary fields);
// `total_seconds` is the caller's wall time of the whole job.
Json screen_summary_json(const FeedScreened& s, double total_seconds);
// A row issue: row, kind (未匹配/格式错误), column, reason (IDs masked).
Json row_issue_json(std::int64_t row, std::string_view kind, std::string_view column, std::string_view reason);
// The run's issues in row order (at most `limit`), as row_issue_json rows.
Json screen_issues_json(const screening::ScreenReport& r, std::size_t limit);

// --- warnings ------------------------------------------------------------------------
// One warning as one JSON line (README jsonl fields, member masked), appended to `out`:
// fast enough for millions of rows, the one writer of the warning row.
void append_warning_jsonl(std::string& out, const store::WarningRecord& w);
// The same row as a JSON value.
Json warning_json(const store::WarningRecord& w);
// The clue note of the 部门预警 case a 纳入 opens: `部门预警 #ID（部门 原因 等级）：first fact`.
std::string warning_case_note(const store::WarningRecord& w);

struct WarningQuery {
  std::string region;      // region-code prefix ("" = any)
  std::string grade;       // 红/橙/黄 (or red/orange/yellow); "" = any
  std::string department;  // name or key; "" = any
  bool open_only = false;  // 待核实 only
  std::int64_t run = 0;    // warnings the run created or last merged into; 0 = any
};
// Invalid naming "region", "grade" or "department" for a bad value.
Result<store::WarningFilter> warning_filter(const WarningQuery& q);

struct WarningPage {
  std::size_t total = 0;  // matching warnings
  std::vector<store::WarningRecord> items;  // [offset, offset + limit) of them
};
WarningPage page_of(std::vector<store::WarningRecord> all, std::size_t offset, std::size_t limit);
// The matching warnings' count and one page. The store has no count/offset query: the
// filter's rows are read and cut here.
Result<WarningPage> list_warnings(store::ScreeningStore& store, store::WarningFilter filter, std::size_t offset,
                                  std::size_t limit);

// --- screening runs ---------------------------------------------------------------------
// id department month source_file user at rows matched unmatched rejected warnings_new
// warnings_merged grades{红,橙,黄} negative_facts_added area_events_added zero_report received_on
// dispatch_by verify_by
Json run_json(const store::ScreeningRunRecord& r);
// Every run in id order; only those of `department_label` when set.
Result<std::vector<store::ScreeningRunRecord>> screening_runs(store::ScreeningStore& store,
                                                              const std::optional<std::string>& department_label);
// Run `id`; NotFound ("run_id") for an unknown run or, with `department_label`, a run of
// another department (same answer: existence does not leak).
Result<store::ScreeningRunRecord> find_screening_run(store::ScreeningStore& store, std::int64_t id,
                                                     const std::optional<std::string>& department_label);

}  // namespace fangpin::app
