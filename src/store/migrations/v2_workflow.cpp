#include "store/migrations.h"

namespace fangpin::store {

// v2: workflow cases (SPEC §7–§9) and the hash-chained audit trail (SPEC §14). The case
// itself is JSON (`data`, encoded by app/workflow); the columns are what queries filter
// on. Audit text fields are kept byte-exact (TEXT, not TIMESTAMPTZ) because they are hashed.
const std::string_view kWorkflowSchemaV2 = R"sql(
CREATE TABLE cases (
  id           {{ID_PK}},
  household_id {{KEY_TEXT}} NOT NULL REFERENCES households (household_id),
  region_code  {{KEY_TEXT}} NOT NULL,
  status       TEXT NOT NULL,
  active       {{BOOL}} NOT NULL,
  clue_date    {{DATE}} NOT NULL,
  version      BIGINT NOT NULL,
  data         TEXT NOT NULL,
  created_at   {{TIMESTAMP}} NOT NULL,
  updated_at   {{TIMESTAMP}} NOT NULL
);
CREATE INDEX cases_region ON cases (region_code);
CREATE UNIQUE INDEX cases_active_household ON cases (household_id) WHERE active;

CREATE TABLE audit_events (
  seq         BIGINT PRIMARY KEY,
  case_id     BIGINT NOT NULL,
  actor       TEXT NOT NULL,
  role        TEXT NOT NULL,
  region      TEXT NOT NULL,
  at          TEXT NOT NULL,
  on_date     TEXT NOT NULL,
  action      TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json  TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_events_case ON audit_events (case_id, seq);
)sql";

}  // namespace fangpin::store
