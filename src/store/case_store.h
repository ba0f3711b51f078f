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

// The household's current monitored type and status as a case version decides them (SPEC §9:
// the registry follows the cases).
struct HouseholdMonitorWrite {
  std::string type;    // MonitoredType label, "" = none
  std::string status;  // MonitorStatus label (监测中 / 已消除 / 已清退)
  std::string on;      // the decision's date, YYYY-MM-DD
};

struct CaseRow {
  std::int64_t id = 0;        // assigned on create
  std::string household_id;
  std::string region_code;
  std::string status;         // CaseStatus label
  bool active = true;         // at most one active case per household
  std::string clue_date;      // YYYY-MM-DD
  std::int64_t version = 0;   // 1 after create, +1 per update
  std::string data;           // the case as JSON
  // The file-store SHA-256 names the case references (filled by the application; the store
  // keeps the case_documents index from it in the same transaction as the case).
  std::vector<std::string> documents;
  // Set when this version changes what the case decided about its household: the store
  // writes it over the household's current monitored type/status in the same transaction
  // as the case (create_case and update_case). Not read back by find/list.
  std::optional<HouseholdMonitorWrite> monitor;
};

// An upload to the document store (四级档案) through the API. Files attached with the CLI
// have no such row: only uploads can expire unreferenced.
struct DocumentRecord {
  std::string sha256;
  std::string media_type;
  std::int64_t size = 0;
  std::string uploaded_at;       // first upload (ISO UTC)
  std::string uploaded_by;
  std::string last_uploaded_at;  // latest upload of the same content: expiry counts from here
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

  // --- the document index (四级档案) ---------------------------------------------------
  // Records an upload: a new row, or for content already known its latest upload time
  // (first uploader and time are kept).
  virtual Status record_document(const DocumentRecord& d) = 0;
  virtual Result<std::optional<DocumentRecord>> find_document(std::string_view sha256) = 0;
  // The cases that reference a document, by id.
  virtual Result<std::vector<CaseRow>> cases_with_document(std::string_view sha256) = 0;
  // Uploads last made before `before` (ISO UTC) that no case references, by name.
  virtual Result<std::vector<std::string>> unreferenced_documents(std::string_view before) = 0;
  // Deletes the upload row if it is still unreferenced and was not uploaded again since
  // `before`; true if it was deleted. Joins the caller's transaction (the caller removes the
  // file before committing, so a concurrent upload of the same content writes it again).
  virtual Result<bool> forget_document(std::string_view sha256, std::string_view before) = 0;
  // Cases stored before the index existed (migration v7), up to `limit`; index_case_documents
  // sets a case's references and takes it off that list.
  virtual Result<std::vector<CaseRow>> unindexed_cases(std::size_t limit) = 0;
  virtual Status index_case_documents(std::int64_t case_id, const std::vector<std::string>& documents) = 0;
};

}  // namespace fangpin::store
