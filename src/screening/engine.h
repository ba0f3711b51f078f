// The screening engine (部门筛查预警, SPEC §6; FORMATS.md "Department feeds"): reads a
// department's monthly feed, matches each row's resident ID against the registry index and
// turns facts into graded risk signals, negative-list facts and area events. Pure of any
// database: the service (screening_service.h) stores what this returns.
//
// Plain UTF-8 CSV (the usual department export) is memory-mapped and cut into chunks that
// are parsed, matched and graded in parallel (io/mapped_csv.h, tbb::parallel_pipeline);
// other files (xlsx, GB18030, quoted fields) are read by one thread in batches of rows and
// graded in parallel. Results come back in row order either way, so output is deterministic.
#pragma once
#include <cstdint>
#include <cstddef>
#include <string>
#include <vector>

#include "domain/assessment.h"
#include "domain/household.h"
#include "domain/policy.h"
#include "domain/result.h"
#include "screening/department.h"
#include "screening/facts.h"
#include "screening/params.h"
#include "screening/registry_index.h"

namespace fangpin::screening {

struct FeedRequest {
  Department department = Department::Medical;
  int year = 0;   // of the feed month
  int month = 0;  // 1..12
  std::string path;
};

// A rejected or unmatched row.
struct RowIssue {
  std::size_t row = 0;
  bool unmatched = false;        // a valid ID not in the registry (else: malformed)
  std::uint64_t unmatched_key = 0;  // the packed ID of an unmatched row (see issue_reason)
  std::string column;            // Chinese header
  std::string reason;            // malformed rows: what is wrong (IDs masked)
};
// The reason as shown to people; IDs masked.
std::string issue_reason(const RowIssue& i);

// A valid ID not in the registry: 16 bytes, not a RowIssue (a province feed has millions).
struct UnmatchedRow {
  std::size_t row = 0;
  std::uint64_t key = 0;  // packed resident ID
};

// Malformed and unmatched rows together in row order, the first `limit` of them (for
// display and export).
std::vector<RowIssue> issues_in_row_order(const std::vector<RowIssue>& malformed,
                                          const std::vector<UnmatchedRow>& unmatched,
                                          std::size_t limit = SIZE_MAX);

// One row's risk signal about a household.
struct Signal {
  std::uint32_t household = 0;
  RiskReason reason = RiskReason::Other;
  Grade grade = Grade::Yellow;
  std::uint64_t member = 0;  // packed resident ID; 0 for an area event
  std::size_t row = 0;       // 0 for an area event
  Fact fact;                 // what triggered it, for the cadre (never an ID number)
};

// A negative-list fact a row adds about a household.
struct IndexedFact {
  std::uint32_t household = 0;
  std::string kind;
  std::string detail;
  std::size_t row = 0;  // the feed row that reported it
};

struct FeedOutcome {
  std::size_t rows = 0;       // data rows read (blank rows skipped)
  std::size_t matched = 0;    // rows whose person was found (area rows: whose region has households)
  std::size_t unmatched = 0;
  std::size_t rejected = 0;
  std::vector<std::string> warnings;  // file-level notes (unknown columns ignored)
  std::vector<RowIssue> issues;       // malformed rows, row order
  std::vector<UnmatchedRow> unmatched_rows;  // row order
  std::vector<Signal> signals;        // row order
  std::vector<IndexedFact> negative_facts;
  std::vector<AreaEvent> area_events;
  std::string encoding;
};

// Reads and grades a feed. File-level problems (missing file, missing required column,
// broken CSV quoting / xlsx) are an Error and nothing is returned; row-level problems are
// RowIssues. A year without a monitoring line is an Error naming the year.
Result<FeedOutcome> screen_feed(const FeedRequest& request, const RegistryIndex& index, const Policy& policy,
                                const ScreeningParams& params);

}  // namespace fangpin::screening
