// Generic SQL (see sql_dialect.h) for the Store operations, shared by every backend, plus
// the small value conversions both need. Column orders are fixed by the FP_*_COLS lists;
// readers index result columns in that order.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "domain/household.h"
#include "store/sql/connection.h"

// 13 columns: household_id region_code head_name phone formerly_poor exit_year relocated
// housing_safe water_safe education_ok medical_ok food_clothing_ok monitored_type
#define FP_HOUSEHOLD_COLS                                                                   \
  "household_id, region_code, head_name, phone, formerly_poor, exit_year, relocated, "      \
  "housing_safe, water_safe, education_ok, medical_ok, food_clothing_ok, monitored_type"
// 13 columns: id_number household_id name birth_date relation health disability_grade
// labour schooling employment public_employee status status_date
#define FP_MEMBER_COLS                                                                      \
  "id_number, household_id, name, birth_date, relation, health, disability_grade, labour, " \
  "schooling, employment, public_employee, status, status_date"
// 10 money columns in Finance declaration order.
#define FP_MONEY_COLS                                                                       \
  "wage_income, business_income, property_income, transfer_income, business_expense, "      \
  "medical_selfpay, education_expense, disaster_loss, accident_expense, other_rigid"

namespace fangpin::store::sql {

inline constexpr int kMoneyColumns = 10;

// --- import runs -----------------------------------------------------------------------
inline constexpr std::string_view kInsertImportRun =
    "INSERT INTO import_runs (kind, source_file, username, at, imported, rejected) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
inline constexpr std::string_view kSelectImportRuns =
    "SELECT kind, source_file, username, at, imported, rejected FROM import_runs ORDER BY id";

// --- migrations ------------------------------------------------------------------------
inline constexpr std::string_view kSchemaVersion =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
inline constexpr std::string_view kMigrationApplied = "SELECT 1 FROM schema_migrations WHERE version = ?";
inline constexpr std::string_view kRecordMigration =
    "INSERT INTO schema_migrations (version, applied_at, description) VALUES (?, ?, ?)";

// --- households ------------------------------------------------------------------------
inline constexpr std::string_view kSelectHousehold =
    "SELECT " FP_HOUSEHOLD_COLS " FROM households WHERE household_id = ?";
inline constexpr std::string_view kHouseholdExists =
    "SELECT 1 FROM households WHERE household_id = ?";
// Writes are a plain INSERT or UPDATE chosen after comparing with the stored row (an upsert
// would be one statement, but in SQLite an ON CONFLICT DO UPDATE on a table with foreign
// keys needs a statement journal per row: several times slower on bulk imports).
// FP_HOUSEHOLD_COLS, created_at, updated_at (15 parameters).
inline constexpr std::string_view kInsertHousehold =
    "INSERT INTO households (" FP_HOUSEHOLD_COLS ", created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// FP_HOUSEHOLD_COLS without the key (12), updated_at, then household_id; created_at is kept.
inline constexpr std::string_view kUpdateHousehold =
    "UPDATE households SET region_code = ?, head_name = ?, phone = ?, formerly_poor = ?, "
    "exit_year = ?, relocated = ?, housing_safe = ?, water_safe = ?, education_ok = ?, "
    "medical_ok = ?, food_clothing_ok = ?, monitored_type = ?, updated_at = ? "
    "WHERE household_id = ?";

// --- members ---------------------------------------------------------------------------
inline constexpr std::string_view kSelectMember =
    "SELECT " FP_MEMBER_COLS " FROM members WHERE id_number = ?";
inline constexpr std::string_view kMemberHousehold =
    "SELECT household_id FROM members WHERE id_number = ?";
inline constexpr std::string_view kAllMemberHouseholds =
    "SELECT id_number, household_id FROM members ORDER BY id_number";
inline constexpr std::string_view kMembersOfHousehold =
    "SELECT " FP_MEMBER_COLS " FROM members WHERE household_id = ? ORDER BY id_number";
// FP_MEMBER_COLS, created_at, updated_at (15 parameters).
inline constexpr std::string_view kInsertMember =
    "INSERT INTO members (" FP_MEMBER_COLS ", created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// FP_MEMBER_COLS without the key (12, household_id first), updated_at, then id_number.
inline constexpr std::string_view kUpdateMember =
    "UPDATE members SET household_id = ?, name = ?, birth_date = ?, relation = ?, health = ?, "
    "disability_grade = ?, labour = ?, schooling = ?, employment = ?, public_employee = ?, "
    "status = ?, status_date = ?, updated_at = ? WHERE id_number = ?";

// --- finances --------------------------------------------------------------------------
// Current row: revision_id + money columns.
inline constexpr std::string_view kSelectCurrentFinance =
    "SELECT revision_id, " FP_MONEY_COLS " FROM finances "
    "WHERE household_id = ? AND year = ? AND superseded_at IS NULL";
inline constexpr std::string_view kSupersedeFinance =
    "UPDATE finances SET superseded_at = ? WHERE revision_id = ?";
// household_id, year, money columns, imported_at, source_file, import_run_id (15 parameters).
inline constexpr std::string_view kInsertFinance =
    "INSERT INTO finances (household_id, year, " FP_MONEY_COLS
    ", imported_at, source_file, import_run_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// household_id, year, money columns, imported_at, superseded_at (NULL while current), source_file.
inline constexpr std::string_view kFinanceHistory =
    "SELECT household_id, year, " FP_MONEY_COLS ", imported_at, superseded_at, source_file "
    "FROM finances WHERE household_id = ? ORDER BY revision_id";

// --- negative facts / area events ------------------------------------------------------
// household_id monitored_type status case_id decided_on
inline constexpr std::string_view kMonitorOfHousehold =
    "SELECT household_id, monitored_type, status, case_id, decided_on FROM household_monitor WHERE household_id = ?";
// Findings not withdrawn, as negative facts: household_id kind note found_by found_on id.
#define FP_ACTIVE_FINDINGS                                                                          \
  "SELECT household_id, kind, note, found_by, found_on, id FROM negative_findings f "               \
  "WHERE withdraws_id IS NULL AND NOT EXISTS (SELECT 1 FROM negative_findings w WHERE w.withdraws_id = f.id)"
inline constexpr std::string_view kFindingFactsOfHousehold = FP_ACTIVE_FINDINGS " AND household_id = ? ORDER BY id";
inline constexpr std::string_view kNegativeFactsOfHousehold =
    "SELECT household_id, kind, detail, source FROM negative_facts WHERE household_id = ? "
    "ORDER BY id";
inline constexpr std::string_view kAllAreaEvents =
    "SELECT region_prefix, year, kind FROM area_events ORDER BY region_prefix, year, id";

// --- load_registry ---------------------------------------------------------------------
// Set-oriented reads, each ordered by household_id so they merge in one pass. `scope` is
// the region filter from region_scope(): empty, or a condition on households (alias-free)
// with one or two placeholders. `years` is 0 (all) or the number of year placeholders.
struct RegionScope {
  RegionRange range;      // on households.region_code; its cond is the households filter
  std::string rows_cond;  // same filter for child tables: "household_id IN (SELECT ...)"
};
RegionScope region_scope(std::string_view region_prefix);
std::string registry_households(const RegionScope& scope);
std::string registry_members(const RegionScope& scope);
// Parameters: scope params, then `years` year values.
std::string registry_finances(const RegionScope& scope, std::size_t years);
std::string registry_negative_facts(const RegionScope& scope);
// household_monitor rows (SPEC §9 case decisions) and active negative-list findings (SPEC §5),
// each in household_id order; columns as kMonitorOfHousehold / kFindingFactsOfHousehold.
std::string registry_monitors(const RegionScope& scope);
std::string registry_finding_facts(const RegionScope& scope);

// --- 信息采集表 profiles (v10) -----------------------------------------------------------
// 8 columns: household_id farmland_centimu forest_centimu electricity road toilet
// military_family bank_account (NULL = never given).
#define FP_HOUSEHOLD_PROFILE_COLS                                                           \
  "household_id, farmland_centimu, forest_centimu, electricity, road, toilet, "             \
  "military_family, bank_account"
// 9 columns: id_number household_id assistance medical_insured critical_insured
// pension_insured work_months ethnicity education_level.
#define FP_MEMBER_PROFILE_COLS                                                              \
  "id_number, household_id, assistance, medical_insured, critical_insured, "                \
  "pension_insured, work_months, ethnicity, education_level"
inline constexpr std::string_view kSelectHouseholdProfile =
    "SELECT " FP_HOUSEHOLD_PROFILE_COLS " FROM household_profiles WHERE household_id = ?";
// FP_HOUSEHOLD_PROFILE_COLS, updated_at (9 parameters). Only rows with a profile get here,
// so the upsert's per-row cost does not touch a plain registry import.
inline constexpr std::string_view kUpsertHouseholdProfile =
    "INSERT INTO household_profiles (" FP_HOUSEHOLD_PROFILE_COLS ", updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (household_id) DO UPDATE SET "
    "farmland_centimu = excluded.farmland_centimu, forest_centimu = excluded.forest_centimu, "
    "electricity = excluded.electricity, road = excluded.road, toilet = excluded.toilet, "
    "military_family = excluded.military_family, bank_account = excluded.bank_account, "
    "updated_at = excluded.updated_at";
inline constexpr std::string_view kSelectMemberProfile =
    "SELECT " FP_MEMBER_PROFILE_COLS " FROM member_profiles WHERE id_number = ?";
inline constexpr std::string_view kMemberProfilesOfHousehold =
    "SELECT " FP_MEMBER_PROFILE_COLS " FROM member_profiles WHERE household_id = ? ORDER BY id_number";
// FP_MEMBER_PROFILE_COLS, updated_at (10 parameters).
inline constexpr std::string_view kUpsertMemberProfile =
    "INSERT INTO member_profiles (" FP_MEMBER_PROFILE_COLS ", updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id_number) DO UPDATE SET "
    "household_id = excluded.household_id, assistance = excluded.assistance, "
    "medical_insured = excluded.medical_insured, critical_insured = excluded.critical_insured, "
    "pension_insured = excluded.pension_insured, work_months = excluded.work_months, "
    "ethnicity = excluded.ethnicity, education_level = excluded.education_level, "
    "updated_at = excluded.updated_at";
// load_registry: same scope and order as registry_households / registry_members.
std::string registry_household_profiles(const RegionScope& scope);
std::string registry_member_profiles(const RegionScope& scope);

// --- values ----------------------------------------------------------------------------
// Smallest string greater than every string starting with `prefix` (nullopt if none, i.e.
// the prefix is all 0xFF bytes): region_code >= prefix AND region_code < upper.
std::optional<std::string> prefix_upper_bound(std::string_view prefix);
// 就业 "unknown" is stored as the empty label.
std::optional<Employment> decode_employment(std::string_view s);
// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_now_iso();

}  // namespace fangpin::store::sql
