#include "store/migrations.h"

namespace fangpin::store {

// v6: the first answer to each Idempotency-Key, so a retried POST is answered again
// instead of being done twice. status 0 = the first request is still running.
const std::string_view kIdempotencySchemaV6 = R"sql(
CREATE TABLE idempotency_keys (
  owner        {{KEY_TEXT}} NOT NULL,
  idem_key     {{KEY_TEXT}} NOT NULL,
  request_hash TEXT NOT NULL,
  status       INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  body         TEXT NOT NULL,
  created_at   {{TIMESTAMP}} NOT NULL,
  PRIMARY KEY (owner, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
)sql";

}  // namespace fangpin::store
