#include "store/migrations.h"

namespace fangpin::store {

// v9: the registry follows the cases (SPEC §9): the household's current monitored type and
// status as the latest case decision left it, written with the case in one transaction (an
// import's 监测对象类型 label stays in households.monitored_type and never overrides it);
// negative-list findings by cadres at verification (SPEC §5), append-only: a withdrawal is
// a new row naming the finding it withdraws.
const std::string_view kMonitorSchemaV9 = R"sql(
CREATE TABLE household_monitor (
  household_id   {{KEY_TEXT}} PRIMARY KEY REFERENCES households (household_id),
  monitored_type TEXT NOT NULL,
  status         TEXT NOT NULL,
  case_id        BIGINT NOT NULL,
  decided_on     {{DATE}} NOT NULL,
  updated_at     {{TIMESTAMP}} NOT NULL
);
CREATE TABLE negative_findings (
  id           {{ID_PK}},
  household_id {{KEY_TEXT}} NOT NULL REFERENCES households (household_id),
  kind         TEXT NOT NULL,
  found_on     {{DATE}} NOT NULL,
  found_by     TEXT NOT NULL,
  role         TEXT NOT NULL,
  note         TEXT NOT NULL,
  evidence     TEXT NOT NULL,
  withdraws_id BIGINT,
  recorded_at  {{TIMESTAMP}} NOT NULL
);
CREATE INDEX negative_findings_household ON negative_findings (household_id, id);
CREATE UNIQUE INDEX negative_findings_withdrawal ON negative_findings (withdraws_id);
)sql";

}  // namespace fangpin::store
