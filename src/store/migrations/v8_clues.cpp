#include "store/migrations.h"

namespace fangpin::store {

// v8: clues (农户自主申报, 舆情信访) with hashed receipt codes; proof-of-work challenges and
// attempt counters of the public application form (SPEC §6.1).
const std::string_view kCluesSchemaV8 = R"sql(
CREATE TABLE clues (
  id             {{ID_PK}},
  channel        TEXT NOT NULL,
  status         TEXT NOT NULL,
  village_code   TEXT NOT NULL,
  region_code    {{KEY_TEXT}} NOT NULL,
  household_id   TEXT NOT NULL,
  applicant_name TEXT NOT NULL,
  resident_id    TEXT NOT NULL,
  phone          TEXT NOT NULL,
  description    TEXT NOT NULL,
  source         TEXT NOT NULL,
  photo_sha256   TEXT NOT NULL,
  received_date  {{DATE}} NOT NULL,
  received_at    {{TIMESTAMP}} NOT NULL,
  recorded_by    TEXT NOT NULL,
  receipt_hash   {{KEY_TEXT}} NOT NULL,
  case_id        BIGINT,
  handled_by     TEXT NOT NULL,
  handled_at     {{TIMESTAMP}},
  close_reason   TEXT NOT NULL,
  handle_note    TEXT NOT NULL
);
CREATE UNIQUE INDEX clues_receipt ON clues (receipt_hash);
CREATE INDEX clues_region ON clues (region_code, id);
CREATE TABLE clue_challenges (
  challenge  {{KEY_TEXT}} PRIMARY KEY,
  address    {{KEY_TEXT}} NOT NULL,
  expires_at {{TIMESTAMP}} NOT NULL
);
CREATE INDEX clue_challenges_address ON clue_challenges (address, expires_at);
CREATE INDEX clue_challenges_expiry ON clue_challenges (expires_at);
CREATE TABLE clue_attempts (
  id           {{ID_PK}},
  throttle_key {{KEY_TEXT}} NOT NULL,
  at           {{TIMESTAMP}} NOT NULL
);
CREATE INDEX clue_attempts_key ON clue_attempts (throttle_key, at);
CREATE INDEX clue_attempts_at ON clue_attempts (at);
)sql";

}  // namespace fangpin::store
