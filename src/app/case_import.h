// Existing cases (存量监测对象, SPEC §9 "Existing cases"): a county's monitored households
// from the national system or its sheets become cases in the state they are in, so every
// rule, deadline and report applies to them. Two files (FORMATS.md "存量监测对象", "帮扶措施"):
// each case row is one new case recorded with ONE `迁入` audit event (who, from which file
// and row); each measures file adds, per case, its measures with one `迁入` event. Row
// errors as for the registry import; default stores the valid rows, strict nothing; a
// re-import of the same rows changes nothing and says so (unchanged).
#pragma once
#include <string>

#include "app/import_service.h"
#include "domain/workflow/case.h"
#include "io/case_format.h"
#include "store/database.h"

namespace fangpin::app {

struct CaseImportRequest {
  io::CaseTable table = io::CaseTable::Cases;
  std::string path;
  bool strict = false;
  // Who imports: the audit actor. A non-empty scope makes households outside it look
  // exactly like unknown ones (the row error is the same).
  workflow::Actor actor;
  std::string now;          // ISO-8601 UTC: the audit time; its date is the event's date
  std::string source_name;  // recorded as the source ("upload:存量.xlsx"); empty = path
};

// The report has the registry import's shape: `written.inserted` = cases created (cases
// file) or measures added (measures file), `written.unchanged` = rows already imported.
// File-level failures (missing file, unreadable xlsx, database error) are Errors.
Result<ImportReport> import_case_file(store::Database& db, const CaseImportRequest& request);

// The note that marks a migrated case's first record (县级审定 as recorded in the source).
inline constexpr std::string_view kMigratedMark = "存量迁入";
// True for a case created by import_case_file.
bool is_migrated(const workflow::Case& c);

}  // namespace fangpin::app
