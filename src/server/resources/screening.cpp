// Department screening and warnings over HTTP (部门筛查预警, SPEC §6): a department's monthly
// feed upload (ScopeCheck::Department), screening runs and their row issues (a 部门数据员
// sees only its own department's), the warning list (region scoped) and 核实结论, whose 纳入
// opens the 部门预警 case in the same transaction. Every rule is in app/screening_use_cases.h
// and app/workflow/warning_case.h, the functions the CLI calls too.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "app/credentials.h"
#include "app/screening_use_cases.h"
#include "app/workflow/warning_case.h"
#include "server/body.h"
#include "server/impl.h"

namespace fs = std::filesystem;

namespace fangpin::server::detail {

namespace {

// Row issues in the upload's answer; the rest are paged from /screening/runs/{id}/issues.
constexpr std::size_t kIssuesInAnswer = 1000;

// A feed staged in a private temp dir (the engine maps files), removed with it.
struct StagedFeed {
  std::string dir, path, name;
  StagedFeed() = default;
  StagedFeed(const StagedFeed&) = delete;
  StagedFeed& operator=(const StagedFeed&) = delete;
  ~StagedFeed() {
    if (dir.empty()) return;
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

// The multipart text field `name`, trimmed ("" when absent).
std::string form_text(const httplib::Request& req, const char* name) {
  return req.has_file(name) ? trim(req.get_file_value(name).content) : std::string();
}

// What a 部门数据员 may see: its own department's runs only; other roles: every run.
std::optional<std::string> visible_department(const Call& c) {
  if (c.user->role != Role::DeptData) return std::nullopt;
  return app::account_department_label(c.user->department);
}

Result<Reply> upload_feed(ApiServer::Impl& s, Call& c) {
  // The department is known and the caller's own (ScopeCheck::Department).
  const std::string department = c.req.matches[1];
  if (!c.req.is_multipart_form_data() || !c.req.has_file("file"))
    return invalid("需要 multipart/form-data 上传，文件字段名为 file", "file");
  const std::string month = form_text(c.req, "month");
  if (month.empty()) return invalid("缺少字段 month（数据月份 YYYY-MM）", "month");
  Date received;
  if (const std::string r = form_text(c.req, "received"); !r.empty()) {
    auto d = parse_business_date(r, "received");
    if (!d) return d.error();
    received = *d;
  } else {
    received = Date::from_days(std::chrono::floor<std::chrono::days>(s.now()));
  }
  const auto file = c.req.get_file_value("file");
  std::string name = fs::path(file.filename).filename().string();
  std::string ext = fs::path(name).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (ext != ".csv" && ext != ".xlsx") return invalid("只接受 .csv 或 .xlsx 文件", "file");
  if (name.empty() || name.front() == '.') name = "feed" + ext;

  const auto t0 = std::chrono::steady_clock::now();
  auto request = app::check_feed_request({department, month, "", c.user->username, s.now_iso(), received});
  if (!request) return request.error();
  // The month's year must have a monitoring line: the caller's bad month, not a missing resource.
  if (auto y = s.policy.require_year(screening::parse_month(month)->first); !y)
    return as_param_error(y.error(), "month");

  StagedFeed staged;
  staged.name = name;
  staged.dir = (fs::temp_directory_path() / ("fangpin-feed-" + app::random_hex(12))).string();
  std::error_code ec;
  fs::create_directories(staged.dir, ec);
  fs::permissions(staged.dir, fs::perms::owner_all, ec);
  staged.path = (fs::path(staged.dir) / name).string();
  {
    std::ofstream out(staged.path, std::ios::binary);
    out.write(file.content.data(), static_cast<std::streamsize>(file.content.size()));
    if (!out) return internal_error("无法暂存上传文件");
  }
  request->path = staged.path;

  const bool url = s.opt.db_path.find("://") != std::string::npos;
  auto screened = app::screen_feed(c.db, s.policy, s.screening_params, s.calendar, *request,
                                   url ? std::string() : s.opt.db_path + ".screen-index");
  if (!screened) {
    Error e = screened.error();
    if (e.kind == ErrorKind::Internal) return e;
    // The file itself (unreadable, missing column, broken CSV/xlsx): nothing was stored.
    for (std::size_t at; (at = e.message.find(staged.path)) != std::string::npos;)
      e.message.replace(at, staged.path.size(), name);
    if (e.kind == ErrorKind::NotFound || e.kind == ErrorKind::Unsupported) e.kind = ErrorKind::Invalid;
    if (e.field.empty() || e.kind == ErrorKind::Invalid) e.field = "file";
    return e;
  }
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto& rep = screened->report;
  spdlog::info("request_id={} screening department={} run={} rows={} warnings_new={} warnings_merged={}",
               c.request_id, screening::key(screened->request.department), rep.run_id, rep.rows, rep.warnings_new,
               rep.warnings_merged);
  auto notes = json::array();
  for (const auto& n : screened->notes) notes.push_back(n);
  for (const auto& n : rep.notes) notes.push_back(n);
  if (!screened->index.note.empty()) notes.push_back(screened->index.note);
  return Reply(json{{"summary", app::screen_summary_json(*screened, total)},
                    {"issues_total", rep.issues.size() + rep.unmatched_rows.size()},
                    {"issues", app::screen_issues_json(rep, kIssuesInAnswer)},
                    {"notes", std::move(notes)}});
}

Result<Reply> list_runs(ApiServer::Impl&, Call& c) {
  std::optional<std::string> only = visible_department(c);
  if (auto d = c.text("department"); !d.empty()) {
    auto dept = app::feed_department(d);
    if (!dept) return invalid("未知部门 " + d, "department");
    const std::string label(screening::label(*dept));
    if (only && *only != label) only = "";  // another department's runs: none visible
    else only = label;
  }
  auto runs = app::screening_runs(c.db.screening(), only);
  if (!runs) return runs.error();
  const long limit = *c.integer("limit"), offset = *c.integer("offset");
  // Newest first: the month's run is what a department checks.
  std::reverse(runs->begin(), runs->end());
  auto items = json::array();
  for (std::size_t i = static_cast<std::size_t>(offset); i < runs->size() && items.size() < static_cast<std::size_t>(limit); ++i)
    items.push_back(app::run_json((*runs)[i]));
  return Reply(json{{"total", runs->size()}, {"limit", limit}, {"offset", offset}, {"items", std::move(items)}});
}

Result<Reply> list_run_issues(ApiServer::Impl&, Call& c) {
  if (!c.run) return internal_error("listRunIssues: route lacks ScopeCheck::ScreeningRun");  // fail closed
  auto issues = c.db.screening().row_issues(c.run->id);
  if (!issues) return issues.error();
  const long limit = *c.integer("limit"), offset = *c.integer("offset");
  auto items = json::array();
  for (std::size_t i = static_cast<std::size_t>(offset); i < issues->size() && items.size() < static_cast<std::size_t>(limit); ++i) {
    const auto& x = (*issues)[i];
    items.push_back(app::row_issue_json(x.row, x.kind, x.column, x.reason));
  }
  return Reply(json{{"run_id", c.run->id}, {"total", issues->size()}, {"limit", limit}, {"offset", offset},
                    {"items", std::move(items)}});
}

Result<Reply> list_warnings(ApiServer::Impl&, Call& c) {
  const long limit = *c.integer("limit"), offset = *c.integer("offset");
  if (!c.region) return Reply(json{{"total", 0}, {"limit", limit}, {"offset", offset}, {"items", json::array()}});
  auto filter = app::warning_filter({c.region->digits(), c.text("grade"), c.text("department"),
                                     c.flag("open") == true, c.integer("run").value_or(0)});
  if (!filter) return filter.error();
  auto page = app::list_warnings(c.db.screening(), *filter, static_cast<std::size_t>(offset), static_cast<std::size_t>(limit));
  if (!page) return page.error();
  auto items = json::array();
  for (const auto& w : page->items) items.push_back(app::warning_json(w));
  return Reply(json{{"total", page->total}, {"limit", limit}, {"offset", offset}, {"items", std::move(items)}});
}

Result<Reply> verify_warning(ApiServer::Impl& s, Call& c) {
  if (!c.warning) return internal_error("verifyWarning: route lacks ScopeCheck::Warning");  // fail closed
  const std::int64_t id = c.warning->id;
  auto body = JsonBody::parse(c.req);
  if (!body) return body.error();
  auto result = body->text("result", true, 10);
  if (!result) return result.error();
  auto date = body->date("date");
  if (!date) return date.error();
  auto note = body->text("note", false, 2000);
  if (!note) return note.error();

  auto env = c.workflow_env(s);
  const bool open_case = *result == "纳入";
  auto r = app::verify_warning_into_case(c.db, open_case ? &env : nullptr, c.actor(),
                                         {id, *result, date->iso(), *note}, s.now_iso());
  if (!r) return r.error();
  json j = app::warning_json(r->warning);
  j["case_id"] = r->opened ? json(r->opened->id) : json(nullptr);
  j["case_existing"] = r->opened && r->opened->existing;
  return Reply(std::move(j));
}

// --- OpenAPI schemas --------------------------------------------------------------------
json issue_schema() {
  return object_schema({{"row", type_schema("integer")}, {"kind", {{"enum", {"未匹配", "格式错误"}}}},
                        {"column", type_schema("string")}, {"reason", type_schema("string")}},
                       {"row", "kind", "column", "reason"});
}

json grades_schema() {
  return object_schema({{"红", type_schema("integer")}, {"橙", type_schema("integer")}, {"黄", type_schema("integer")}});
}

// What a run counted: the screen summary and the stored run share these fields.
json run_counts_properties() {
  return json{{"rows", type_schema("integer")},
              {"matched", type_schema("integer")},
              {"unmatched", type_schema("integer")},
              {"rejected", type_schema("integer")},
              {"warnings_new", type_schema("integer")},
              {"warnings_merged", type_schema("integer")},
              {"grades", grades_schema()},
              {"negative_facts_added", type_schema("integer")},
              {"area_events_added", type_schema("integer")},
              {"zero_report", type_schema("boolean")}};
}

json summary_schema() {
  const json counts = run_counts_properties();
  json props{{"department", type_schema("string")}, {"month", type_schema("string")}, {"run_id", type_schema("integer")}};
  for (const auto& [k, v] : counts.items()) props[k] = v;
  props["index"] = type_schema("object");
  props["seconds"] = type_schema("object");
  return object_schema(std::move(props), {"department", "month", "run_id", "rows", "matched", "unmatched", "rejected"});
}

json run_schema() {
  const json counts = run_counts_properties();
  json props{{"id", type_schema("integer")},
             {"department", type_schema("string")},
             {"month", type_schema("string")},
             {"source_file", type_schema("string")},
             {"user", type_schema("string")},
             {"at", type_schema("string")}};
  for (const auto& [k, v] : counts.items()) props[k] = v;
  props["received_on"] = type_schema("string");
  props["dispatch_by"] = type_schema("string");
  props["verify_by"] = type_schema("string");
  return object_schema(std::move(props), {"id", "department", "month", "rows"});
}

json warning_schema(bool verified) {
  json props{{"warning_id", type_schema("integer")},
             {"household_id", type_schema("string")},
             {"region_code", type_schema("string")},
             {"member", {{"type", "string"}, {"description", "证件号码（脱敏）；区域事件为空"}}},
             {"department", type_schema("string")},
             {"reason", type_schema("string")},
             {"grade", {{"enum", {"红", "橙", "黄"}}}},
             {"facts", array_of(type_schema("string"))},
             {"signals", type_schema("integer")},
             {"month", type_schema("string")},
             {"received_on", type_schema("string")},
             {"dispatch_by", type_schema("string")},
             {"verify_by", type_schema("string")},
             {"status", {{"enum", {"待核实", "已核实"}}}},
             {"verify_result", type_schema("string")},
             {"verified_by", type_schema("string")},
             {"verified_on", type_schema("string")}};
  if (verified) {
    props["case_id"] = {{"type", {"integer", "null"}}, {"description", "纳入时登记（或已有）的识别案件"}};
    props["case_existing"] = type_schema("boolean");
  }
  return object_schema(std::move(props), {"warning_id", "household_id", "grade", "status"});
}


}  // namespace

std::vector<RouteSpec> screening_routes() {
  return {
      {.method = "POST", .path = "/api/v1/screening/{department}", .operation_id = "uploadFeed",
       .summary = "上传部门月度数据（CSV 或 xlsx）：比对、分级、去重并生成预警（一个事务），返回批次汇总与问题行",
       .access = permit(Action::UploadFeed), .scope = ScopeCheck::Department, .writes = true,
       .params = {path_param("department", "部门：中文名称（医保、民政……）或英文键（medical、civil_affairs……）")},
       .body = {"multipart/form-data",
                object_schema({{"file", {{"type", "string"}, {"contentMediaType", "application/octet-stream"}}},
                               {"month", {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}$"}}},
                               {"received", {{"type", "string"}, {"format", "date"}, {"description", "接收日期，默认今天"}}}},
                              {"file", "month"})},
       .response = {"application/json",
                    object_schema({{"summary", summary_schema()},
                                   {"issues_total", type_schema("integer")},
                                   {"issues", array_of(issue_schema())},
                                   {"notes", array_of(type_schema("string"))}},
                                  {"summary", "issues_total", "issues", "notes"})},
       .errors = {400, 401, 403, 404, 413}, .handler = upload_feed},
      {.method = "GET", .path = "/api/v1/screening/runs", .operation_id = "listScreeningRuns",
       .summary = "筛查批次（新的在前；部门数据员只看本部门）", .access = permit(Action::ReadScreeningRuns),
       .params = {query_text("department", "部门"), limit_param(), offset_param()},
       .response = {"application/json", page_schema(run_schema())},
       .errors = {400, 401, 403}, .handler = list_runs},
      {.method = "GET", .path = "/api/v1/screening/runs/{id}/issues", .operation_id = "listRunIssues",
       .summary = "批次的问题行（未匹配、格式错误；证件号码脱敏）", .access = permit(Action::ReadScreeningRuns),
       .scope = ScopeCheck::ScreeningRun,
       .params = {path_param("id", "批次编号"), limit_param(), offset_param()},
       .response = {"application/json",
                    object_schema({{"run_id", type_schema("integer")},
                                   {"total", type_schema("integer")},
                                   {"limit", type_schema("integer")},
                                   {"offset", type_schema("integer")},
                                   {"items", array_of(issue_schema())}},
                                  {"run_id", "total", "limit", "offset", "items"})},
       .errors = {400, 401, 403, 404}, .handler = list_run_issues},
      {.method = "GET", .path = "/api/v1/warnings", .operation_id = "listWarnings",
       .summary = "预警列表（筛选、分页；成员证件号码脱敏）", .access = permit(Action::ReadWarnings),
       .scope = ScopeCheck::RegionFilter,
       .params = {region_filter_param(),
                  query_text("grade", "红|橙|黄"),
                  query_text("department", "部门"),
                  query_bool("open", "true = 仅待核实"),
                  query_int("run", "筛查批次：该批次新增或最后合并的预警", 1, 1'000'000'000'000),
                  limit_param(), offset_param()},
       .response = {"application/json", page_schema(warning_schema(false))},
       .errors = {400, 401, 403}, .handler = list_warnings},
      {.method = "POST", .path = "/api/v1/warnings/{id}/verify", .operation_id = "verifyWarning",
       .summary = "记录核实结论；纳入时在同一事务中登记部门预警识别案件（登记人 = 当前账号）",
       .access = permit(Action::VerifyWarning), .scope = ScopeCheck::Warning, .writes = true,
       .params = {path_param("id", "预警编号")},
       .body = {"application/json",
                object_schema({{"result", {{"enum", {"纳入", "不纳入", "已在监测"}}}},
                               {"date", {{"type", "string"}, {"format", "date"}}},
                               {"note", {{"type", "string"}, {"maxLength", 2000}}}},
                              {"result", "date"})},
       .response = {"application/json", warning_schema(true)},
       .errors = {400, 401, 403, 404, 409}, .handler = verify_warning},
  };
}

}  // namespace fangpin::server::detail
