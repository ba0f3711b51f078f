#include "store/migrations.h"

namespace fangpin::store {

// v10: the optional 信息采集表 columns (FORMATS.md "Optional registry columns", SPEC §2).
// Kept beside households/members rather than in them: a registry imported without these
// columns (the common case) writes and reads nothing more. Every field is nullable: NULL =
// never given, not 否. Areas are integer 0.01 亩.
const std::string_view kRegistryProfileSchemaV10 = R"sql(
CREATE TABLE household_profiles (
  household_id     {{KEY_TEXT}} PRIMARY KEY REFERENCES households (household_id),
  farmland_centimu INTEGER,
  forest_centimu   INTEGER,
  electricity      {{BOOL}},
  road             {{BOOL}},
  toilet           {{BOOL}},
  military_family  {{BOOL}},
  bank_account     TEXT,
  updated_at       {{TIMESTAMP}} NOT NULL
){{CLUSTERED}};

CREATE TABLE member_profiles (
  id_number        {{KEY_TEXT}} NOT NULL UNIQUE REFERENCES members (id_number),
  household_id     {{KEY_TEXT}} NOT NULL,
  assistance       TEXT,
  medical_insured  {{BOOL}},
  critical_insured {{BOOL}},
  pension_insured  {{BOOL}},
  work_months      INTEGER,
  ethnicity        TEXT,
  education_level  TEXT,
  updated_at       {{TIMESTAMP}} NOT NULL,
  PRIMARY KEY (household_id, id_number)
){{CLUSTERED}};
)sql";

}  // namespace fangpin::store
