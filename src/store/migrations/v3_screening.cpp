#include "store/migrations.h"

namespace fangpin::store {

// v3: department screening (部门筛查预警, SPEC §6). One row per screening run (the month and
// department, counts, 零报告); warnings with grade, facts, deadlines and 核实结论; the rows
// a run could not use. At most one open warning per household and risk reason.
const std::string_view kScreeningSchemaV3 = R"sql(
CREATE TABLE screening_runs (
  id              {{ID_PK}},
  department      TEXT NOT NULL,
  month           TEXT NOT NULL,
  source_file     TEXT NOT NULL,
  username        TEXT NOT NULL,
  at              {{TIMESTAMP}} NOT NULL,
  rows_total      BIGINT NOT NULL,
  matched         BIGINT NOT NULL,
  unmatched       BIGINT NOT NULL,
  rejected        BIGINT NOT NULL,
  warnings_new    BIGINT NOT NULL,
  warnings_merged BIGINT NOT NULL,
  red             BIGINT NOT NULL,
  orange          BIGINT NOT NULL,
  yellow          BIGINT NOT NULL,
  facts_added     BIGINT NOT NULL,
  area_events     BIGINT NOT NULL,
  zero_report     {{BOOL}} NOT NULL
);
CREATE INDEX screening_runs_month ON screening_runs (month, department);

CREATE TABLE screening_warnings (
  id            {{ID_PK}},
  household_id  {{KEY_TEXT}} NOT NULL,
  region_code   {{KEY_TEXT}} NOT NULL,
  member_id     {{KEY_TEXT}} NOT NULL,
  department    TEXT NOT NULL,
  reason        TEXT NOT NULL,
  grade         TEXT NOT NULL,
  grade_rank    INTEGER NOT NULL,
  facts         TEXT NOT NULL,
  signals       BIGINT NOT NULL,
  month         TEXT NOT NULL,
  run_id        BIGINT NOT NULL,
  received_on   {{DATE}} NOT NULL,
  dispatch_by   {{DATE}} NOT NULL,
  verify_by     {{DATE}} NOT NULL,
  status        TEXT NOT NULL,
  verify_result TEXT,
  verified_by   TEXT,
  verified_on   {{DATE}},
  created_at    {{TIMESTAMP}} NOT NULL,
  updated_at    {{TIMESTAMP}} NOT NULL
);
CREATE UNIQUE INDEX screening_warnings_open ON screening_warnings (household_id, reason) WHERE status = 'open';
CREATE INDEX screening_warnings_region ON screening_warnings (region_code);

CREATE TABLE screening_row_issues (
  run_id      BIGINT NOT NULL REFERENCES screening_runs (id),
  row_number  BIGINT NOT NULL,
  kind        TEXT NOT NULL,
  column_name TEXT NOT NULL,
  reason      TEXT NOT NULL
);
CREATE INDEX screening_row_issues_run ON screening_row_issues (run_id, row_number);
)sql";

}  // namespace fangpin::store
