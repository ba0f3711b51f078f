#include "store/migrations.h"

namespace fangpin::store {

// v7: the document index (四级档案). `documents` records uploads through the API (an
// unreferenced upload expires; CLI attachments have no row and never do); `case_documents`
// is which case references which file, kept by the case store with every case write, so
// access checks and the expiry sweep never parse case JSON. Cases stored before v7 are
// queued in `case_documents_backlog` and indexed by the application (it owns the JSON).
const std::string_view kDocumentsSchemaV7 = R"sql(
CREATE TABLE documents (
  sha256           {{KEY_TEXT}} PRIMARY KEY,
  media_type       TEXT NOT NULL,
  size             BIGINT NOT NULL,
  uploaded_at      {{TIMESTAMP}} NOT NULL,
  uploaded_by      TEXT NOT NULL,
  last_uploaded_at {{TIMESTAMP}} NOT NULL
);
CREATE INDEX documents_last_upload ON documents (last_uploaded_at);
CREATE TABLE case_documents (
  sha256  {{KEY_TEXT}} NOT NULL,
  case_id BIGINT NOT NULL,
  PRIMARY KEY (sha256, case_id)
);
CREATE INDEX case_documents_case ON case_documents (case_id);
CREATE TABLE case_documents_backlog (
  case_id BIGINT PRIMARY KEY
);
INSERT INTO case_documents_backlog (case_id) SELECT id FROM cases;
)sql";

}  // namespace fangpin::store
