// Documents (四级档案, SPEC §13) as use cases shared by every adapter: uploading one,
// downloading one (only to whoever can see a case that references it), and the expiry of
// uploads no case ever referenced. Files live in the content-addressed store/file_store.h;
// which case references which file is the case store's index (case_documents).
#pragma once
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/clock.h"
#include "domain/region.h"
#include "domain/result.h"
#include "domain/role.h"
#include "domain/workflow/case.h"
#include "store/case_store.h"
#include "store/database.h"
#include "store/file_store.h"

namespace fangpin::app {

// Who is asking, as the access rules need it (from the session, never from a request).
struct Viewer {
  std::string username;
  Role role = Role::Supervisor;
  RegionPrefix scope;
};

// A case is visible to a viewer whose scope contains its region; a 帮扶责任人 sees only the
// cases it is the caseworker of (the same rule as the case routes).
bool case_visible(const workflow::Case& c, const Viewer& v);

// Keeps `bytes` in the file store and records the upload (documents table, access_log
// "document.upload"). Uploading the same content again is not an error: the same name comes
// back and the upload time is renewed. Invalid if empty or too large, Unsupported for a type
// that is not PDF/JPEG/PNG/Office (decided by content, never by name or client type).
Result<store::StoredFile> upload_document(store::Database& db, store::FileStore& files, std::string_view bytes,
                                          const std::string& user, const std::string& now_iso);

// Ok if some case referencing the document is visible to the viewer; NotFound otherwise (also
// for unknown and unreferenced names, so existence does not leak); Invalid for a malformed name.
Status check_document_visible(store::Database& db, std::string_view sha256, const Viewer& v);

struct DocumentDownload {
  std::string sha256;
  std::string media_type;
  std::string file_name;  // <sha256>.<ext>
  std::string bytes;
};
// The file, under the check above. Logged in access_log ("document", sha256).
Result<DocumentDownload> download_document(store::Database& db, const store::FileStore& files,
                                           std::string_view sha256, const Viewer& v, const std::string& now_iso);

struct DocumentPolicy {
  std::chrono::seconds unreferenced_ttl{24 * 3600};  // an upload no case references is kept this long
  std::chrono::seconds sweep_interval{3600};         // sweeps run at most this often
};

struct SweepReport {
  std::size_t indexed_cases = 0;     // cases from before the index, indexed now
  std::vector<std::string> removed;  // expired uploads, rows and files deleted
};
// Indexes cases stored before the document index existed, then deletes every upload last
// made before now − ttl that no case references: its row, and its file (a CLI attachment has
// no row and is referenced by its case, so it is never removed).
Result<SweepReport> sweep_documents(store::Database& db, store::FileStore& files,
                                    std::chrono::system_clock::time_point now, std::chrono::seconds ttl);

// sweep_documents at most once per interval. Thread-safe.
class DocumentSweeper {
 public:
  explicit DocumentSweeper(DocumentPolicy policy = {}) : policy_(policy) {}
  // Runs the sweep if none ran within the interval (or `force`); nullopt when skipped.
  Result<std::optional<SweepReport>> run_if_due(store::Database& db, store::FileStore& files,
                                                std::chrono::system_clock::time_point now, bool force = false);
  // Before the first run (the server sets it from its options at start).
  void configure(DocumentPolicy policy) { policy_ = policy; }
  const DocumentPolicy& policy() const { return policy_; }

 private:
  DocumentPolicy policy_;
  std::mutex mutex_;
  std::optional<std::chrono::system_clock::time_point> last_;
};



}  // namespace fangpin::app
