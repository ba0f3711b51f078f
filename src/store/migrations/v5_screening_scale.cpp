#include "store/migrations.h"

namespace fangpin::store {

// v5: warnings at province scale. A month can raise millions of warnings, so a warning row
// keeps only what is its own — household, member (packed ID), reason, grade, signal count,
// encoded facts (screening/facts.h), status — and takes its month, receipt date, deadlines
// and creation time from the run that raised it (received_on etc. move to screening_runs).
// Unmatched rows become one value per run (store/row_numbers.h). v3 rows carry over: their
// text facts stay readable, their deadlines move to their run. No foreign keys here: each
// check costs as much as a third of the row's insert, and the only writer takes household
// ids from the registry index (households are never deleted) and run ids from its own
// transaction.
const std::string_view kScreeningSchemaV5 = R"sql(
ALTER TABLE screening_runs ADD COLUMN received_on {{DATE}};
ALTER TABLE screening_runs ADD COLUMN dispatch_by {{DATE}};
ALTER TABLE screening_runs ADD COLUMN verify_by {{DATE}};
ALTER TABLE screening_runs ADD COLUMN unmatched_rows {{BLOB}};
UPDATE screening_runs SET
  received_on = (SELECT min(w.received_on) FROM screening_warnings w WHERE w.run_id = screening_runs.id),
  dispatch_by = (SELECT min(w.dispatch_by) FROM screening_warnings w WHERE w.run_id = screening_runs.id),
  verify_by = (SELECT min(w.verify_by) FROM screening_warnings w WHERE w.run_id = screening_runs.id);
CREATE TABLE screening_warnings_v5 (
  id            {{ID_PK}},
  household_id  {{KEY_TEXT}} NOT NULL,
  member_key    BIGINT NOT NULL,
  department    TEXT NOT NULL,
  reason        TEXT NOT NULL,
  grade_rank    INTEGER NOT NULL,
  signals       BIGINT NOT NULL,
  run_id        BIGINT NOT NULL,
  last_run_id   BIGINT NOT NULL,
  status        TEXT NOT NULL,
  verify_result TEXT,
  verified_by   TEXT,
  verified_on   {{DATE}},
  verified_at   {{TIMESTAMP}},
  facts         {{BLOB}} NOT NULL
);
INSERT INTO screening_warnings_v5 (id, household_id, member_key, department, reason, grade_rank, signals, run_id,
  last_run_id, status, verify_result, verified_by, verified_on, verified_at, facts)
SELECT id, household_id,
  CASE WHEN length(member_id) = 18 THEN CAST(substr(member_id, 1, 17) AS BIGINT) ELSE 0 END,
  department, reason, grade_rank, signals, run_id, run_id, status, verify_result, verified_by, verified_on,
  CASE WHEN status = 'open' THEN NULL ELSE updated_at END, CAST(facts AS {{BLOB}})
FROM screening_warnings ORDER BY id;
DROP TABLE screening_warnings;
ALTER TABLE screening_warnings_v5 RENAME TO screening_warnings;
CREATE UNIQUE INDEX screening_warnings_open ON screening_warnings (household_id, reason) WHERE status = 'open';
)sql";

}  // namespace fangpin::store
