// Screening use cases (部门筛查预警, SPEC §6): build or load the registry index, screen a
// department's monthly feed into graded, de-duplicated warnings stored in one transaction,
// list warnings, record 核实结论.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/policy.h"
#include "domain/result.h"
#include "screening/department.h"
#include "screening/engine.h"
#include "screening/params.h"
#include "screening/registry_index.h"
#include "store/screening_store.h"

namespace fangpin::screening {

// Builds the index from the store (households with their latest finance year, members).
Result<RegistryIndex> build_index(store::ScreeningStore& store);

struct IndexLoad {
  RegistryIndex index;
  bool from_snapshot = false;
  double seconds = 0;
  std::string note;  // e.g. why the snapshot was rebuilt or could not be saved
};
// Uses the snapshot at `snapshot_path` when it matches the registry's current stamp, else
// builds from the store and (re)writes the snapshot. An empty path never uses a snapshot.
Result<IndexLoad> load_or_build_index(store::ScreeningStore& store, const std::string& snapshot_path);

// "2023-03" -> {2023, 3}; strict.
std::optional<std::pair<int, int>> parse_month(std::string_view s);

struct ScreenRequest {
  Department department = Department::Medical;
  std::string month;  // YYYY-MM
  std::string path;
  std::string user;
  std::string at;      // ISO UTC timestamp of the run
  Date received_on;    // deadlines count from here
};

// A warning this run created or merged into, as the run left it.
struct ScreenedWarning {
  std::int64_t id = 0;
  bool merged = false;             // folded into an open warning raised by an earlier run
  std::int64_t first_run = 0;      // the run that raised it (this run unless merged)
  std::uint32_t household = 0;     // index household
  RiskReason reason = RiskReason::Other;
  int grade_rank = 0;              // after the run
  std::int64_t signals = 0;        // after the run
  std::uint64_t member = 0;        // packed resident ID; 0 for an area event
  std::string_view facts;          // encoded (facts.h): this run's, or all of them when merged;
                                   // points into the report's facts storage
};

struct ScreenReport {
  std::int64_t run_id = 0;
  std::size_t rows = 0, matched = 0, unmatched = 0, rejected = 0;
  std::vector<RowIssue> issues;  // malformed rows (issues_in_row_order merges the unmatched)
  std::vector<UnmatchedRow> unmatched_rows;
  std::vector<std::string> notes;
  std::string encoding;
  std::vector<ScreenedWarning> warnings;  // in 户编号 order
  // Owns the encoded facts the warnings point into: on the heap (moving the report keeps
  // them) and a deque (appending never moves a string, short ones included).
  std::shared_ptr<std::deque<std::string>> facts_storage = std::make_shared<std::deque<std::string>>();
  std::size_t warnings_new = 0, warnings_merged = 0;
  std::size_t red = 0, orange = 0, yellow = 0;
  std::int64_t facts_added = 0, events_added = 0;
  bool zero_report = false;
  std::string department;                       // label
  std::string received_on, dispatch_by, verify_by;  // this run's deadlines
  std::vector<store::ScreeningRunRecord> earlier_runs;  // runs that first raised merged warnings
  double screen_seconds = 0;  // read + match + grade
  double store_seconds = 0;   // de-duplicate + write
  double write_seconds = 0;   // of which the database transaction
};

// A warning of the report as a full record (for display; IDs are not masked here).
store::WarningRecord warning_record(const ScreenReport& rep, const ScreenedWarning& w, const RegistryIndex& index,
                                    const ScreenRequest& req);

// Screens one feed against `index` and stores the run, its warnings (new ones and merges
// into open warnings of the same household and reason), negative facts, area events and row
// issues in one transaction. File-level errors store nothing.
Result<ScreenReport> run_screening(store::ScreeningStore& store, const RegistryIndex& index, const Policy& policy,
                                   const ScreeningParams& params, const DeadlineCalendar& calendar,
                                   const ScreenRequest& request);

// 核实结论.
inline constexpr std::string_view kVerifyResults[] = {"纳入", "不纳入", "已在监测"};
Result<store::WarningRecord> verify_warning(store::ScreeningStore& store, std::int64_t id, std::string_view result,
                                            std::string_view by, std::string_view date);

}  // namespace fangpin::screening
