// Registry import use case: file -> rows -> validation (row, column, rule) -> one store
// transaction. Default mode stores the valid rows; strict mode stores nothing if any row fails.
#pragma once
#include <string>
#include <vector>

#include "domain/policy.h"
#include "domain/result.h"
#include "io/registry_format.h"
#include "store/store.h"

namespace fangpin::app {

struct ImportRequest {
  io::RegistryTable table = io::RegistryTable::Households;
  std::string path;
  bool strict = false;
  std::string user;  // who runs it (SPEC §14)
  std::string now;   // ISO timestamp
  // What the import run records as its source (e.g. "upload:户.xlsx" for an HTTP upload
  // kept in a temp file); empty = `path`.
  std::string source_name;
};

struct ImportReport {
  int imported = 0;  // valid rows stored (or, in strict mode with errors, 0)
  int rejected = 0;  // rows with at least one error
  std::vector<io::RowError> errors;
  std::vector<std::string> warnings;  // unknown columns etc.
  // Household rows whose 监测对象类型 differs from what a case decided: the row is stored, the
  // household keeps the case's type and status (SPEC §9; also said in `warnings`).
  std::vector<std::size_t> case_decided_rows;
  std::string encoding;
  store::WriteSummary written;
};

// File-level failures (missing file, unreadable xlsx, database error) are Errors; row
// problems are in the report.
Result<ImportReport> import_registry_file(store::Store& store, const Policy& policy, const ImportRequest& request);

// Writes errors as CSV (行号,列,原因) for the --rejects option.
Status write_rejects(const std::string& path, const std::vector<io::RowError>& errors);

}  // namespace fangpin::app
