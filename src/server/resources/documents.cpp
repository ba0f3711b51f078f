// Documents (四级档案, SPEC §13): upload, download, the household dossier. The rules (who may
// see a document, expiry, the dossier's contents) are app/documents.h and app/dossier.h.
#include <spdlog/spdlog.h>

#include "domain/log_text.h"
#include "app/documents.h"
#include "app/dossier.h"
#include "server/impl.h"

namespace fangpin::server::detail {

namespace {

app::Viewer viewer_of(const Call& c) { return app::Viewer{c.user->username, c.user->role, c.user->scope}; }

// RFC 5987 value for filename*: UTF-8 bytes, everything but unreserved characters escaped.
std::string rfc5987(std::string_view s) {
  std::string out;
  for (unsigned char ch : s) {
    if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '-' || ch == '.' ||
        ch == '_' || ch == '~')
      out += static_cast<char>(ch);
    else
      out += fmt::format("%{:02X}", ch);
  }
  return out;
}

// The plain filename= fallback: ASCII letters, digits and -._ only.
std::string ascii_name(std::string_view s) {
  std::string out;
  for (char ch : s)
    if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '-' || ch == '.' ||
        ch == '_')
      out += ch;
  return out.empty() ? "dossier" : out;
}

// Expired uploads are swept at most once per interval, by whichever upload comes first.
void sweep_if_due(ApiServer::Impl& s, Call& c) {
  auto r = s.document_sweeper.run_if_due(c.db, *s.files, s.now());
  if (!r) {
    spdlog::error("request_id={} document sweep failed: {}", c.request_id, log_escape(r.error().message));
  } else if (*r && !(*r)->removed.empty()) {
    spdlog::info("request_id={} document sweep removed={}", c.request_id, (*r)->removed.size());
  }
}

Result<Reply> upload_document(ApiServer::Impl& s, Call& c) {
  if (!c.req.is_multipart_form_data() || !c.req.has_file("file"))
    return invalid("需要 multipart/form-data 上传，文件字段名为 file", "file");
  const auto file = c.req.get_file_value("file");
  if (static_cast<std::int64_t>(file.content.size()) > s.files->max_bytes())
    return Reply::error(413, "payload_too_large",
                        fmt::format("文件大小 {} 字节超过上限 {} 字节", file.content.size(), s.files->max_bytes()),
                        "file");
  auto stored = app::upload_document(c.db, *s.files, file.content, c.user->username, s.now_iso());
  if (!stored) return stored.error();
  sweep_if_due(s, c);
  return Reply(201, json{{"sha256", stored->sha256}, {"media_type", stored->media_type}, {"size", stored->size}});
}

Result<Reply> get_document(ApiServer::Impl& s, Call& c) {
  const std::string sha = c.req.matches[1];  // visible to the caller (ScopeCheck::Document)
  auto d = app::download_document(c.db, *s.files, sha, viewer_of(c), s.now_iso());
  if (!d) return d.error();
  c.res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", d->file_name));
  c.res.set_header("X-Content-Type-Options", "nosniff");
  return Reply::raw(std::move(d->bytes), d->media_type);
}

Result<Reply> get_dossier(ApiServer::Impl& s, Call& c) {
  if (!c.household) return internal_error("getHouseholdDossier: route lacks ScopeCheck::Household");  // fail closed
  auto d = app::household_dossier(c.db, *s.files, *c.household, viewer_of(c), s.now_iso());
  if (!d) return d.error();
  const std::string& id = c.household->household.household_id;
  c.res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}-dossier.zip\"; filename*=UTF-8''{}",
                                                      ascii_name(id), rfc5987(d->file_name)));
  return Reply::raw(std::move(d->bytes), "application/zip");
}

json binary_schema(std::string_view media_type) {
  return json{{"type", "string"}, {"contentMediaType", media_type}};
}

}  // namespace

std::vector<RouteSpec> document_routes() {
  return {
      {.method = "POST", .path = "/api/v1/documents", .operation_id = "uploadDocument",
       .summary = "上传档案材料（PDF、JPEG、PNG、Office 文档；按内容判定类型；同一内容只存一份）；答复 201",
       .access = permit(Action::UploadDocument), .writes = true,
       .body = {"multipart/form-data",
                object_schema({{"file", binary_schema("application/octet-stream")}}, {"file"})},
       .response = {"application/json",
                    object_schema({{"sha256", type_schema("string")},
                                   {"media_type", type_schema("string")},
                                   {"size", type_schema("integer")}},
                                  {"sha256", "media_type", "size"})},
       .success = 201, .errors = {400, 401, 403, 413}, .handler = upload_document},
      {.method = "GET", .path = "/api/v1/documents/{sha256}", .operation_id = "getDocument",
       .summary = "下载档案材料（须能查看引用它的案件；记入访问日志）", .access = permit(Action::ReadDocuments),
       .scope = ScopeCheck::Document,
       .params = {path_param("sha256", "档案编号：内容的 SHA-256（64 位小写十六进制）")},
       .response = {"application/octet-stream", binary_schema("application/octet-stream")},
       .errors = {400, 401, 403, 404}, .handler = get_document},
      {.method = "GET", .path = "/api/v1/households/{id}/dossier", .operation_id = "getHouseholdDossier",
       .summary = "整户档案 zip：各案件的记录与审计事件、摘要、全部材料（帮扶责任人仅本人案件；记入访问日志）",
       .access = permit(Action::ReadDocuments), .scope = ScopeCheck::Household,
       .params = {path_param("id", "户编号")},
       .response = {"application/zip", binary_schema("application/zip")},
       .errors = {401, 403, 404}, .handler = get_dossier},
  };
}

}  // namespace fangpin::server::detail
