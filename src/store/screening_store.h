// Storage for department screening (部门筛查预警, SPEC §6): screening runs (department,
// month, counts, 零报告), graded warnings with their dispatch deadlines and 核实结论, row
// issues, plus the negative-list facts and area events the feeds deliver (the registry's
// own negative_facts / area_events tables). Schema: migrations v3 and v5. Every write call is
// one transaction: all rows or none.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/household.h"
#include "domain/money.h"
#include "domain/result.h"

namespace fangpin::store {

// A household as the screening index needs it: the latest finance year's figures.
struct IndexHouseholdRow {
  std::string_view household_id;
  std::string_view region_code;
  int finance_year = 0;  // 0 = no finance row
  Fen net = 0;           // 纯收入
  Fen rigid = 0;         // 刚性支出
};
struct IndexMemberRow {
  std::string_view id_number;
  std::string_view household_id;
  Labour labour = Labour::Ordinary;
  MemberStatus status = MemberStatus::Present;
};

struct ScreeningRunRecord {
  std::int64_t id = 0;
  std::string department;  // Chinese label
  std::string month;       // YYYY-MM
  std::string source_file;
  std::string user;
  std::string at;          // ISO UTC
  std::int64_t rows = 0, matched = 0, unmatched = 0, rejected = 0;
  std::int64_t warnings_new = 0, warnings_merged = 0;
  std::int64_t red = 0, orange = 0, yellow = 0;  // warnings created or merged, by grade after the run
  std::int64_t facts_added = 0, area_events = 0;
  bool zero_report = false;  // 零报告: no warning for this department and month
  std::string received_on, dispatch_by, verify_by;  // YYYY-MM-DD: deadlines of the warnings it raised
};

// A warning as read back. Month, receipt date, deadlines and created_at are those of the
// run that raised it (run_id); updated_at is the last run that merged into it, or the
// verification time.
struct WarningRecord {
  std::int64_t id = 0;
  std::string household_id;
  std::string region_code;  // the household's
  std::string member_id;    // full resident ID (mask on every display); "" for an area event
  std::string department;   // the department that raised it first
  std::string reason;       // risk reason label (因病 …)
  std::string grade;        // 红/橙/黄
  int grade_rank = 0;       // 3/2/1
  std::string facts;        // encoded triggering facts (screening/facts.h): opaque bytes here
  std::int64_t signals = 0;
  std::int64_t run_id = 0;
  std::string month;        // YYYY-MM of the first signal
  std::string received_on, dispatch_by, verify_by;  // YYYY-MM-DD
  std::string status;       // open / verified
  std::string verify_result, verified_by, verified_on;
  std::string created_at, updated_at;
};

// One (household, reason) of a run: inserted as a new open warning, or merged into the open
// warning of the same household and reason (grade raised to the higher, signals added,
// facts appended). Views must stay valid during write_screening.
struct WarningUpsert {
  std::string_view household_id;
  std::uint64_t member_key = 0;  // packed resident ID (domain/resident_id.h); 0 = none
  std::string_view department;
  std::string_view reason;
  int grade_rank = 0;
  std::int64_t signals = 0;
  std::string_view facts;  // encoded
};

struct UpsertOutcome {
  std::int64_t id = 0;
  std::int64_t signals = 0;    // after the run
  std::int64_t first_run = 0;  // the run that raised it
  int grade_rank = 0;          // after the run
  bool merged = false;
};

struct RowIssueRecord {
  std::int64_t row = 0;
  std::string kind;    // 未匹配 / 格式错误
  std::string column;
  std::string reason;  // resident IDs masked
};

struct ScreeningWrite {
  ScreeningRunRecord run;
  std::vector<WarningUpsert> warnings;  // in household_id order writes fastest
  // When set, the caller is still filling `warnings`: the store calls it with n before
  // reading warnings[0, n), and it returns once those are ready.
  std::function<void(std::size_t)> wait_for_warnings;
  std::vector<std::int64_t> unmatched_rows;  // row numbers of valid IDs not in the registry, ascending
  std::vector<NegativeFact> negative_facts;  // stored unless an identical fact exists
  std::vector<AreaEvent> area_events;        // stored unless an identical event exists
  std::vector<RowIssueRecord> issues;  // malformed rows
};

struct ScreeningWriteResult {
  std::int64_t run_id = 0;
  std::vector<UpsertOutcome> warnings;  // same order as ScreeningWrite::warnings
  // For each merged warning (index into `warnings`): every fact after the run (encoded).
  std::vector<std::pair<std::size_t, std::string>> merged_facts;
  std::int64_t facts_added = 0;
  std::int64_t events_added = 0;
};

struct WarningFilter {
  std::string region_prefix;
  int grade_rank = 0;  // 0 = any
  bool open_only = false;
  std::string department;
  std::int64_t run_id = 0;  // 0 = any; else warnings the run created or last merged into
  std::size_t limit = 0;  // 0 = all
};

class ScreeningStore {
 public:
  virtual ~ScreeningStore() = default;

  // Changes whenever the registry changes (every registry write records an import run).
  virtual Result<std::int64_t> registry_stamp() = 0;
  // Streams the registry for the index, households (by id) before members (grouped by
  // household). The views are valid only during the callback.
  virtual Status scan_registry(const std::function<void(const IndexHouseholdRow&)>& household,
                               const std::function<void(const IndexMemberRow&)>& member) = 0;
  virtual Result<ScreeningWriteResult> write_screening(const ScreeningWrite& w) = 0;
  virtual Result<std::vector<WarningRecord>> list_warnings(const WarningFilter& f) = 0;
  virtual Result<std::optional<WarningRecord>> find_warning(std::int64_t id) = 0;
  // Records 核实结论; NotFound for an unknown id, Conflict if already verified.
  virtual Result<WarningRecord> verify_warning(std::int64_t id, std::string_view result, std::string_view by,
                                               std::string_view on) = 0;
  virtual Result<std::vector<ScreeningRunRecord>> screening_runs() = 0;
  // Malformed and unmatched rows of a run, by row number (unmatched rows are kept as row
  // numbers only: the ID is personal data of someone outside the registry).
  virtual Result<std::vector<RowIssueRecord>> row_issues(std::int64_t run_id) = 0;
};

}  // namespace fangpin::store
