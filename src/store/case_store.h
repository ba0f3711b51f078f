// Storage of workflow cases and the audit trail (SPEC §7–§9, §14). A case is stored as one
// row: indexed columns plus the whole case as JSON (encoded by the application), with a
// version number for optimistic concurrency. Every write is one transaction that also
// appends the hash-chained audit event: the case change and its event, or neither.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/workflow/audit.h"

namespace fangpin::store {

struct CaseRow {
  std::int64_t id = 0;        // assigned on create
  std::string household_id;
  std::string region_code;
  std::string status;         // CaseStatus label
  bool active = true;         // at most one active case per household
  std::string clue_date;      // YYYY-MM-DD
  std::int64_t version = 0;   // 1 after create, +1 per update
  std::string data;           // the case as JSON
};

// The event to append with a write; seq, case_id, prev_hash and hash are filled by the store.
struct AuditDraft {
  std::string actor;
  std::string role;
  std::string at;      // ISO-8601 UTC
  std::string on;      // business date
  std::string action;
  std::string before;  // JSON of what changed ("" for a new case)
  std::string after;   // JSON of what changed ("" = the whole stored case)
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;

  // Inserts `row` as version 1 and appends its event. Conflict if the household already
  // has an active case; NotFound if the household is not in the registry.
  virtual Result<CaseRow> create_case(const CaseRow& row, const AuditDraft& event) = 0;
  // Stores `row` as version row.version + 1 if the stored version is still row.version, and
  // appends the event; otherwise Conflict and nothing is written.
  virtual Result<CaseRow> update_case(const CaseRow& row, const AuditDraft& event) = 0;
  virtual Result<std::optional<CaseRow>> find_case(std::int64_t id) = 0;
  // Cases whose region code starts with `region_prefix` ("" = all), by id.
  virtual Result<std::vector<CaseRow>> list_cases(std::string_view region_prefix) = 0;
  // The whole chain in seq order, or the events of one case.
  virtual Result<std::vector<workflow::AuditEvent>> audit_events(std::optional<std::int64_t> case_id) = 0;
};

}  // namespace fangpin::store
