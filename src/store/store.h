// The registry storage interface, handed out by store::Database (database.h); callers above
// see only this. Every write call is one transaction (joining the Database's open
// transaction, if any): all rows or none.
#pragma once
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/finding.h"
#include "domain/household.h"
#include "domain/registry.h"
#include "domain/result.h"

namespace fangpin::store {

// Who/what/when of an import, recorded with the rows it wrote (SPEC §14).
struct ImportRun {
  std::string kind;         // households / members / finances
  std::string source_file;  // file name as given
  std::string user;         // OS user or account name
  std::string at;           // ISO-8601 UTC timestamp, e.g. 2026-11-25T02:00:00Z
  int imported = 0;
  int rejected = 0;
};

struct WriteSummary {
  int inserted = 0;
  int updated = 0;    // a stored row replaced by different values (finances: superseded, history kept)
  int unchanged = 0;  // identical to what is stored: re-imports are idempotent
};

struct FinanceRevision {
  Finance finance;
  std::string imported_at;    // when this revision was stored
  std::string superseded_at;  // empty while current
  std::string source_file;
};

struct HouseholdDetail {
  Household household;
  std::vector<Member> members;          // all members incl. those who left, by id
  std::vector<Finance> finances;        // current row per year, by year
  std::vector<FinanceRevision> history; // every revision, oldest first
  std::vector<NegativeFact> negative_facts;
};

struct RegistryQuery {
  std::string region_prefix;  // "" = everything
  std::vector<int> years;     // finance years to load; empty = all
};

class Store {
 public:
  virtual ~Store() = default;

  // Creates or migrates the schema to the latest version; idempotent.
  virtual Status migrate() = 0;
  virtual int schema_version() = 0;

  // Registry writes, each one transaction together with the ImportRun record.
  // Households and members are upserted by key; finances of an existing household/year
  // with different values supersede the stored row (kept as history, never destroyed).
  virtual Result<WriteSummary> write_households(std::span<const Household> rows, const ImportRun& run) = 0;
  virtual Result<WriteSummary> write_members(std::span<const Member> rows, const ImportRun& run) = 0;
  virtual Result<WriteSummary> write_finances(std::span<const Finance> rows, const ImportRun& run) = 0;
  // Records an import that stored nothing (strict mode with rejects, or all rows rejected).
  virtual Status record_import(const ImportRun& run) = 0;

  // Lookups the importers need to validate rows: which of `ids` exist.
  virtual Result<std::unordered_set<std::string>> existing_households(std::span<const std::string> ids) = 0;
  // id_number -> household_id for those of `id_numbers` that are stored.
  virtual Result<std::unordered_map<std::string, std::string>> member_households(
      std::span<const std::string> id_numbers) = 0;

  // The current monitored type label ("" = none) a case decided (SPEC §9), for those of `ids`
  // whose registry record follows a case; households never decided by a case are absent.
  virtual Result<std::unordered_map<std::string, std::string>> case_decided_types(std::span<const std::string> ids) = 0;

  // Negative-list findings by cadres (SPEC §5), append-only; active ones are read as the
  // household's negative facts (load_registry, find_household), so the assessment excludes it.
  // Appends `f` (id and recorded_at assigned). NotFound if the household is unknown; for a
  // withdrawal, NotFound if `withdraws` is not a finding of this household and Conflict if it
  // is already withdrawn.
  virtual Result<NegativeFinding> add_negative_finding(const NegativeFinding& f) = 0;
  // Every record of a household (findings and withdrawals), by id.
  virtual Result<std::vector<NegativeFinding>> negative_findings(std::string_view household_id) = 0;

  // Bulk read for assessment and reports (households sorted by id, members grouped).
  virtual Result<RegistrySnapshot> load_registry(const RegistryQuery& query) = 0;
  // One household with everything about it; nullopt if unknown.
  virtual Result<std::optional<HouseholdDetail>> find_household(std::string_view household_id) = 0;
  virtual Result<std::vector<ImportRun>> import_runs() = 0;
};

}  // namespace fangpin::store
