#include "store/migrations.h"

namespace fangpin::store {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kAll{
      {1, "registry: households, members, finances with history, import runs, "
          "negative facts, area events",
       kRegistrySchemaV1},
      {2, "workflow: cases with version, hash-chained audit events", kWorkflowSchemaV2},
      {3, "screening: runs, warnings with deadlines and verification, row issues", kScreeningSchemaV3},
      {4, "accounts: users, sessions, login failures, access log", kAccountsSchemaV4},
      {5, "screening at province scale: narrow warnings (facts encoded, deadlines per run), unmatched rows per run",
       kScreeningSchemaV5},
      {6, "idempotency keys: the first answer to a retried POST", kIdempotencySchemaV6},
      {7, "documents: uploads (expiry of unreferenced ones), which case references which document",
       kDocumentsSchemaV7},
      {8, "clues: 农户自主申报 and 舆情信访 with receipts, proof-of-work challenges, attempt counters",
       kCluesSchemaV8},
      {9, "registry follows the cases: household_monitor (current monitored type/status per case decision); "
          "negative_findings (负面清单 found at verification, withdrawn by a new record)",
       kMonitorSchemaV9},
      {10, "registry: optional 信息采集表 fields of households and members (areas, utilities, bank account, "
           "insurance, 低保/特困, work months, ethnicity, education level)",
       kRegistryProfileSchemaV10},
  };
  return kAll;
}

}  // namespace fangpin::store
