#include "store/migrations.h"

namespace fangpin::store {

// v4: accounts, sessions (token hashes only), failed-login counters, access log (SPEC §14).
const std::string_view kAccountsSchemaV4 = R"sql(
CREATE TABLE users (
  username      {{KEY_TEXT}} PRIMARY KEY,
  role          TEXT NOT NULL,
  region_scope  {{KEY_TEXT}} NOT NULL,
  department    TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled      {{BOOL}} NOT NULL,
  created_at    {{TIMESTAMP}} NOT NULL,
  created_by    TEXT NOT NULL,
  updated_at    {{TIMESTAMP}} NOT NULL,
  updated_by    TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash {{KEY_TEXT}} PRIMARY KEY,
  username   {{KEY_TEXT}} NOT NULL REFERENCES users (username),
  csrf_token TEXT NOT NULL,
  created_at {{TIMESTAMP}} NOT NULL,
  expires_at {{TIMESTAMP}} NOT NULL
);
CREATE INDEX sessions_user ON sessions (username);
CREATE TABLE login_failures (
  id           {{ID_PK}},
  throttle_key {{KEY_TEXT}} NOT NULL,
  at           {{TIMESTAMP}} NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, at);
CREATE TABLE access_log (
  id       {{ID_PK}},
  username TEXT NOT NULL,
  at       {{TIMESTAMP}} NOT NULL,
  action   TEXT NOT NULL,
  target   TEXT NOT NULL
);
)sql";

}  // namespace fangpin::store
