// Registry uploads (households / members / finances) over HTTP: staged to a private temp
// dir, checked against the caller's scope (ScopeCheck::ImportRows), imported with the
// CLI's row-level report.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "app/case_import.h"
#include "domain/log_text.h"
#include "app/credentials.h"
#include "app/registry_upload.h"
#include "server/impl.h"

namespace fs = std::filesystem;

namespace fangpin::server::detail {

Upload::~Upload() {
  if (fd >= 0) ::close(fd);
}

Result<int> stage_unlinked(std::string_view bytes) {
  const std::string tmp = fs::temp_directory_path().string();
  int fd = ::open(tmp.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {  // a file system without O_TMPFILE: create, then unlink at once
    std::string name = tmp + "/fangpin-upload-XXXXXX";
    fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd >= 0) ::unlink(name.c_str());
  }
  if (fd < 0) return internal_error("无法暂存上传文件: " + std::string(std::strerror(errno)));
  for (std::size_t off = 0; off < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      return internal_error("无法暂存上传文件: " + why);
    }
    off += static_cast<std::size_t>(n);
  }
  return fd;
}

namespace {

json report_json(const app::ImportReport& r) {
  auto errors = json::array();
  for (const auto& e : r.errors) errors.push_back(json{{"row", e.row}, {"column", e.column}, {"reason", e.reason}});
  return json{{"imported", r.imported},
              {"rejected", r.rejected},
              {"errors", std::move(errors)},
              {"warnings", r.warnings},
              {"encoding", r.encoding},
              {"written",
               json{{"inserted", r.written.inserted}, {"updated", r.written.updated}, {"unchanged", r.written.unchanged}}}};
}

// Messages name the client's file, not where it was staged.
Error without_staged_path(Error e, const Upload& u) {
  for (std::size_t at; (at = e.message.find(u.path)) != std::string::npos;) e.message.replace(at, u.path.size(), u.name);
  return e;
}

app::ImportRequest import_request(const Call& c, bool strict) {
  const Upload& u = *c.upload;
  return app::ImportRequest{u.table, u.path, strict, c.user->username, u.at, "upload:" + u.name};
}

Result<Reply> import_registry(ApiServer::Impl& s, Call& c) {
  if (!c.upload) return internal_error("importRegistry: route lacks ScopeCheck::ImportRows");  // fail closed
  const bool strict = c.flag("strict") == true;
  auto report = app::import_upload(c.db.registry(), s.policy, s.registry_view, import_request(c, strict),
                                   c.user->scope, c.upload->checked);
  if (!report) {  // the file itself (unreadable, wrong header): its kind stays, the field is the file
    Error e = without_staged_path(report.error(), *c.upload);
    if (e.kind != ErrorKind::Internal) e.field = "file";
    return e;
  }
  spdlog::info("request_id={} import table={} user={} imported={} rejected={}", c.request_id,
               io::table_name(c.upload->table), log_escape(c.user->username), report->imported, report->rejected);
  auto j = report_json(*report);
  j["stored"] = !(strict && report->rejected > 0);
  return Reply(std::move(j));
}

json report_schema() {
  const json error = object_schema(
      {{"row", type_schema("integer")}, {"column", type_schema("string")}, {"reason", type_schema("string")}},
      {"row", "column", "reason"});
  const json written = object_schema(
      {{"inserted", type_schema("integer")}, {"updated", type_schema("integer")}, {"unchanged", type_schema("integer")}});
  return object_schema({{"imported", type_schema("integer")},
                        {"rejected", type_schema("integer")},
                        {"errors", array_of(error)},
                        {"warnings", array_of(type_schema("string"))},
                        {"encoding", type_schema("string")},
                        {"written", written},
                        {"stored", type_schema("boolean")}},
                       {"imported", "rejected", "errors", "warnings", "encoding", "written", "stored"});
}

}  // namespace

namespace {

// The multipart `file` part, staged to an unlinked temporary file closed with the Upload
// (nothing is left on disk after a crash).
Result<std::unique_ptr<Upload>> stage_file(ApiServer::Impl& s, Call& c) {
  if (!c.req.is_multipart_form_data() || !c.req.has_file("file"))
    return invalid("需要 multipart/form-data 上传，文件字段名为 file", "file");
  const auto file = c.req.get_file_value("file");
  std::string name = fs::path(file.filename).filename().string();
  std::string ext = fs::path(name).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (ext != ".csv" && ext != ".xlsx") return invalid("只接受 .csv 或 .xlsx 文件", "file");
  if (name.empty() || name.front() == '.') name = "upload" + ext;

  // The importer reads files; the upload is an unlinked file closed with the Upload.
  auto up = std::make_unique<Upload>();
  up->name = name;
  up->at = s.now_iso();
  auto fd = stage_unlinked(file.content);
  if (!fd) return fd.error();
  up->fd = *fd;
  up->path = "/proc/self/fd/" + std::to_string(*fd);
  return up;
}

// --- existing cases (issue 14) ---
// 存量监测对象 / 帮扶措施: a county account's upload, imported as cases. The caller's scope
// (ScopeCheck::RegionFilter without a filter: the account's scope) bounds the households;
// one outside it is reported exactly like an unknown one.
Result<Reply> import_cases_upload(ApiServer::Impl& s, Call& c, io::CaseTable table) {
  if (!c.region) return internal_error("importCases: route lacks ScopeCheck::RegionFilter");  // fail closed
  auto staged = stage_file(s, c);
  if (!staged) return staged.error();
  const Upload& u = **staged;
  const bool strict = c.flag("strict") == true;
  workflow::Actor actor{c.user->username, c.user->role, c.region->digits()};
  auto report = app::import_case_file(c.db, app::CaseImportRequest{table, u.path, strict, actor, s.now_iso(), "upload:" + u.name});
  if (!report) {  // the file itself (unreadable, wrong header): its kind stays, the field is the file
    Error e = without_staged_path(report.error(), u);
    if (e.kind != ErrorKind::Internal) e.field = "file";
    return e;
  }
  spdlog::info("request_id={} import table={} user={} imported={} rejected={}", c.request_id, io::table_name(table),
               log_escape(c.user->username), report->imported, report->rejected);
  auto j = report_json(*report);
  j["stored"] = !(strict && report->rejected > 0);
  return Reply(std::move(j));
}
Result<Reply> import_cases(ApiServer::Impl& s, Call& c) { return import_cases_upload(s, c, io::CaseTable::Cases); }
Result<Reply> import_measures(ApiServer::Impl& s, Call& c) { return import_cases_upload(s, c, io::CaseTable::Measures); }
// --- end existing cases ---

}  // namespace

Result<std::optional<Reply>> stage_and_check_upload(ApiServer::Impl& s, Call& c) {
  auto table = io::parse_registry_table(c.req.matches[1].str());
  if (!table) return not_found("未知的导入类型（households|members|finances）", "table");
  auto staged = stage_file(s, c);
  if (!staged) return staged.error();
  c.upload = std::move(*staged);
  c.upload->table = *table;

  auto checked = app::check_upload_scope(c.db.registry(), s.registry_view, import_request(c, false), c.user->scope);
  if (!checked) {
    return without_staged_path(checked.error(), *c.upload);
  }
  if (checked->refused) {
    auto j = report_json(*checked->refused);
    j["stored"] = false;
    j["error"] = json{{"code", "out_of_scope"},
                      {"message", fmt::format("{} 行超出账号管辖范围，未写入任何数据", checked->refused->rejected)},
                      {"field", "file"}};
    return std::optional<Reply>(Reply(422, std::move(j)));
  }
  c.upload->checked = std::move(*checked);
  return std::optional<Reply>();
}

std::vector<RouteSpec> import_routes() {
  const BodyDoc file_body{"multipart/form-data",
                          object_schema({{"file", {{"type", "string"}, {"contentMediaType", "application/octet-stream"}}}},
                                        {"file"})};
  return {
      // --- existing cases (issue 14) --- (before {table}: the first matching route answers)
      {.method = "POST", .path = "/api/v1/imports/cases", .operation_id = "importCases",
       .summary = "上传导入存量监测对象（FORMATS.md“存量监测对象”），每行成为一个案件，返回逐行报告",
       .access = permit(Action::ImportCases), .scope = ScopeCheck::RegionFilter, .writes = true,
       .params = {query_bool("strict", "任何一行有错则不写入")}, .body = file_body,
       .response = {"application/json", report_schema()},
       .errors = {400, 401, 403, 413}, .handler = import_cases},
      {.method = "POST", .path = "/api/v1/imports/measures", .operation_id = "importMeasures",
       .summary = "上传导入存量帮扶措施（FORMATS.md“帮扶措施”），记入该户的案件，返回逐行报告",
       .access = permit(Action::ImportCases), .scope = ScopeCheck::RegionFilter, .writes = true,
       .params = {query_bool("strict", "任何一行有错则不写入")}, .body = file_body,
       .response = {"application/json", report_schema()},
       .errors = {400, 401, 403, 413}, .handler = import_measures},
      // --- end existing cases ---
      {.method = "POST", .path = "/api/v1/imports/{table}", .operation_id = "importRegistry",
       .summary = "上传导入户/家庭成员/年度收支（CSV 或 xlsx），返回逐行报告", .access = permit(Action::ImportRegistry),
       .scope = ScopeCheck::ImportRows, .writes = true,
       .params = {path_param("table", "households|members|finances"), query_bool("strict", "任何一行有错则不写入")},
       .body = {"multipart/form-data",
                object_schema({{"file", {{"type", "string"}, {"contentMediaType", "application/octet-stream"}}}},
                              {"file"})},
       .response = {"application/json", report_schema()},
       .errors = {400, 401, 403, 404, 413, 422}, .handler = import_registry},
  };
}

}  // namespace fangpin::server::detail
