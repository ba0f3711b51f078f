// Schema migrations, compiled into the binary. Each is generic SQL (see sql_dialect.h),
// applied in its own transaction and recorded in schema_migrations. Never edit a shipped
// migration: append a new version.
#pragma once
#include <string_view>
#include <vector>

namespace fangpin::store {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;  // one or more statements separated by ';'
};

// Ordered by version, strictly increasing from 1.
const std::vector<Migration>& migrations();

// One file per version in store/migrations/.
extern const std::string_view kRegistrySchemaV1;   // v1_registry.cpp
extern const std::string_view kWorkflowSchemaV2;   // v2_workflow.cpp (cases, audit trail)
extern const std::string_view kScreeningSchemaV3;  // v3_screening.cpp
extern const std::string_view kAccountsSchemaV4;   // v4_accounts.cpp
extern const std::string_view kScreeningSchemaV5;  // v5_screening_scale.cpp
extern const std::string_view kIdempotencySchemaV6;  // v6_idempotency.cpp
extern const std::string_view kDocumentsSchemaV7;  // v7_documents.cpp
extern const std::string_view kCluesSchemaV8;      // v8_clues.cpp
extern const std::string_view kMonitorSchemaV9;     // v9_household_monitor.cpp
extern const std::string_view kRegistryProfileSchemaV10;  // v10_registry_profile.cpp

// Bootstrap DDL for the bookkeeping table itself (idempotent).
inline constexpr std::string_view kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " applied_at {{TIMESTAMP}} NOT NULL,"
    " description TEXT NOT NULL)";

}  // namespace fangpin::store
