#include "store/migrations.h"

namespace fangpin::store {

// v1: the registry (一户一档, SPEC §2) and import accountability (SPEC §14).
// Enums are stored as their Chinese labels (household.h label()), booleans as 0/1, money
// as integer 分, dates as YYYY-MM-DD, timestamps as UTC "YYYY-MM-DDTHH:MM:SSZ".
const std::string_view kRegistrySchemaV1 = R"sql(
CREATE TABLE households (
  household_id     {{KEY_TEXT}} PRIMARY KEY,
  region_code      {{KEY_TEXT}} NOT NULL,
  head_name        TEXT NOT NULL,
  phone            TEXT NOT NULL,
  formerly_poor    {{BOOL}} NOT NULL,
  exit_year        INTEGER,
  relocated        {{BOOL}} NOT NULL,
  housing_safe     {{BOOL}} NOT NULL,
  water_safe       {{BOOL}} NOT NULL,
  education_ok     {{BOOL}} NOT NULL,
  medical_ok       {{BOOL}} NOT NULL,
  food_clothing_ok {{BOOL}} NOT NULL,
  monitored_type   TEXT,
  created_at       {{TIMESTAMP}} NOT NULL,
  updated_at       {{TIMESTAMP}} NOT NULL
){{CLUSTERED}};
CREATE INDEX households_region ON households (region_code);

-- The key is id_number (UNIQUE); rows are clustered by household so a household's members
-- are stored, and read back, together and in id order.
CREATE TABLE members (
  id_number        {{KEY_TEXT}} NOT NULL UNIQUE,
  household_id     {{KEY_TEXT}} NOT NULL REFERENCES households (household_id),
  name             TEXT NOT NULL,
  birth_date       {{DATE}} NOT NULL,
  relation         TEXT NOT NULL,
  health           TEXT NOT NULL,
  disability_grade INTEGER NOT NULL,
  labour           TEXT NOT NULL,
  schooling        TEXT NOT NULL,
  employment       TEXT NOT NULL,
  public_employee  {{BOOL}} NOT NULL,
  status           TEXT NOT NULL,
  status_date      {{DATE}},
  created_at       {{TIMESTAMP}} NOT NULL,
  updated_at       {{TIMESTAMP}} NOT NULL,
  PRIMARY KEY (household_id, id_number)
){{CLUSTERED}};

CREATE TABLE import_runs (
  id          {{ID_PK}},
  kind        TEXT NOT NULL,
  source_file TEXT NOT NULL,
  username    TEXT NOT NULL,
  at          {{TIMESTAMP}} NOT NULL,
  imported    INTEGER NOT NULL,
  rejected    INTEGER NOT NULL
);

-- One row per revision; a changed re-import supersedes the current row (history is kept).
CREATE TABLE finances (
  revision_id       {{ID_PK}},
  household_id      {{KEY_TEXT}} NOT NULL REFERENCES households (household_id),
  year              INTEGER NOT NULL,
  wage_income       BIGINT NOT NULL,
  business_income   BIGINT NOT NULL,
  property_income   BIGINT NOT NULL,
  transfer_income   BIGINT NOT NULL,
  business_expense  BIGINT NOT NULL,
  medical_selfpay   BIGINT NOT NULL,
  education_expense BIGINT NOT NULL,
  disaster_loss     BIGINT NOT NULL,
  accident_expense  BIGINT NOT NULL,
  other_rigid       BIGINT NOT NULL,
  imported_at       {{TIMESTAMP}} NOT NULL,
  superseded_at     {{TIMESTAMP}},
  source_file       TEXT NOT NULL,
  import_run_id     BIGINT NOT NULL REFERENCES import_runs (id)
);
CREATE UNIQUE INDEX finances_current ON finances (household_id, year) WHERE superseded_at IS NULL;
CREATE INDEX finances_history ON finances (household_id, revision_id);

-- Department data (负面清单 facts, SPEC §5; area events, SPEC §11). Filled by later imports.
CREATE TABLE negative_facts (
  id           {{ID_PK}},
  household_id {{KEY_TEXT}} NOT NULL REFERENCES households (household_id),
  kind         TEXT NOT NULL,
  detail       TEXT NOT NULL,
  source       TEXT NOT NULL,
  recorded_at  {{TIMESTAMP}} NOT NULL
);
CREATE INDEX negative_facts_household ON negative_facts (household_id);

CREATE TABLE area_events (
  id            {{ID_PK}},
  region_prefix {{KEY_TEXT}} NOT NULL,
  year          INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  recorded_at   {{TIMESTAMP}} NOT NULL
);
)sql";

}  // namespace fangpin::store
