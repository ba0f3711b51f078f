#include "app/documents.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "app/workflow/case_documents.h"
#include "app/workflow/case_json.h"
#include "domain/resident_id.h"

namespace fangpin::app {

namespace {

Error not_visible() { return not_found("档案材料不存在或不在管辖范围内", "sha256"); }

// Cases stored before the document index existed, indexed from their JSON (which only the
// application reads).
Result<std::size_t> index_backlog(store::CaseStore& cases) {
  std::size_t done = 0;
  for (;;) {
    auto rows = cases.unindexed_cases(500);
    if (!rows) return rows.error();
    if (rows->empty()) return done;
    for (const store::CaseRow& row : *rows) {
      auto c = case_from_text(row.data);
      // A case that cannot be read references nothing we can name; it leaves the backlog.
      const std::vector<std::string> docs = c ? documents_of(*c) : std::vector<std::string>{};
      if (auto s = cases.index_case_documents(row.id, docs); !s) return s.error();
      ++done;
    }
  }
}

}  // namespace

bool case_visible(const workflow::Case& c, const Viewer& v) {
  if (!v.scope.contains(c.region_code)) return false;
  return v.role != Role::Caseworker || c.caseworker == v.username;
}

Result<store::StoredFile> upload_document(store::Database& db, store::FileStore& files, std::string_view bytes,
                                          const std::string& user, const std::string& now_iso) {
  auto stored = files.put(bytes);
  if (!stored) return stored.error();
  const store::DocumentRecord rec{stored->sha256, stored->media_type, stored->size, now_iso, user, now_iso};
  auto st = db.transaction([&]() -> Status {
    if (auto s = db.cases().record_document(rec); !s) return s;
    // A sweep that removed this content between put() and here held the write lock while it
    // did; now the renewed row protects the file, so write it again if it went.
    if (!files.contains(rec.sha256))
      if (auto again = files.put(bytes); !again) return again.error();
    return db.accounts().record_access({user, now_iso, "document.upload", rec.sha256});
  });
  if (!st) return st.error();
  return stored;
}

Status check_document_visible(store::Database& db, std::string_view sha256, const Viewer& v) {
  if (!store::is_sha256_name(sha256)) return invalid("档案编号应为 64 位小写十六进制 SHA-256", "sha256");
  auto rows = db.cases().cases_with_document(sha256);
  if (!rows) return rows.error();
  for (const store::CaseRow& row : *rows) {
    if (!v.scope.contains(row.region_code)) continue;
    if (v.role != Role::Caseworker) return Ok{};
    auto c = case_from_text(row.data);  // the caseworker is only in the case record
    if (c && case_visible(*c, v)) return Ok{};
  }
  return not_visible();
}

Result<DocumentDownload> download_document(store::Database& db, const store::FileStore& files,
                                           std::string_view sha256, const Viewer& v, const std::string& now_iso) {
  if (auto st = check_document_visible(db, sha256, v); !st) return st.error();
  auto bytes = files.get(sha256);
  if (!bytes) {
    if (bytes.error().kind == ErrorKind::NotFound)  // referenced but gone: a damaged archive
      return Error{ErrorKind::Internal, fmt::format("档案文件 {} 被案件引用但不在档案库中", sha256), "sha256"};
    return bytes.error();
  }
  std::string type = store::sniff_media_type(*bytes).value_or("application/octet-stream");
  if (auto s = db.accounts().record_access({v.username, now_iso, "document", std::string(sha256)}); !s)
    return s.error();
  DocumentDownload out;
  out.sha256 = std::string(sha256);
  out.file_name = fmt::format("{}.{}", sha256, store::extension_of(type));
  out.media_type = std::move(type);
  out.bytes = std::move(*bytes);
  return out;
}

Result<SweepReport> sweep_documents(store::Database& db, store::FileStore& files,
                                    std::chrono::system_clock::time_point now, std::chrono::seconds ttl) {
  SweepReport report;
  auto indexed = index_backlog(db.cases());
  if (!indexed) return indexed.error();
  report.indexed_cases = *indexed;
  const std::string before = iso_utc(now - ttl);
  auto expired = db.cases().unreferenced_documents(before);
  if (!expired) return expired.error();
  for (const std::string& sha : *expired) {
    bool removed = false;
    // Row and file go together under the write lock: an upload or a case step referencing
    // the same content either ran before (and the row is kept) or waits and sees no file.
    auto st = db.transaction([&]() -> Status {
      auto deleted = db.cases().forget_document(sha, before);
      if (!deleted) return deleted.error();
      removed = *deleted;
      if (removed) return files.remove(sha);
      return Ok{};
    });
    if (!st) return st.error();
    if (removed) report.removed.push_back(sha);
  }
  return report;
}

Result<std::optional<SweepReport>> DocumentSweeper::run_if_due(store::Database& db, store::FileStore& files,
                                                               std::chrono::system_clock::time_point now,
                                                               bool force) {
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return std::optional<SweepReport>{};  // another request is sweeping
  if (!force && last_ && now - *last_ < policy_.sweep_interval) return std::optional<SweepReport>{};
  auto r = sweep_documents(db, files, now, policy_.unreferenced_ttl);
  if (!r) return r.error();
  last_ = now;
  return std::optional<SweepReport>{std::move(*r)};
}

}  // namespace fangpin::app
