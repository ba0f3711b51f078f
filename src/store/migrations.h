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

// v4 accounts schema, defined in sqlite/sqlite_account_store.cpp.
extern const std::string_view kAccountsSchemaSql;
extern const std::string_view kScreeningMigrationSql;  // v3, sqlite/sqlite_screening_store.cpp
extern const std::string_view kScreeningV5Sql;         // v5, sqlite/sqlite_screening_store.cpp
extern const std::string_view kWorkflowSchemaV2;  // v2, case_schema.cpp (workflow cases, audit trail)

// Bootstrap DDL for the bookkeeping table itself (idempotent).
inline constexpr std::string_view kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " applied_at {{TIMESTAMP}} NOT NULL,"
    " description TEXT NOT NULL)";

}  // namespace fangpin::store
