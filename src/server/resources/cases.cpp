// Cases over HTTP (SPEC §6–§9): the work list, the detail with its audit events, opening a
// case, every step of the step table, and assistance (caseworker, plan, measures). Each
// handler parses the body and calls one use case of app/workflow; the rules (roles per step,
// order, 公示 periods, elimination criteria) stay there. Every write takes the version the
// client saw (If-Match or expect_version) and answers the new version in ETag.
#include <fmt/format.h>

#include "app/workflow/batch_steps.h"
#include "app/workflow/case_query.h"
#include "app/workflow/workflow_views.h"
#include "domain/assessment.h"
#include "domain/household.h"
#include "domain/money.h"
#include "server/resources/workflow_common.h"

namespace fangpin::server::detail {

namespace {

using namespace workflow;

constexpr std::size_t kNoteChars = 2000;

std::string etag(std::int64_t version) { return fmt::format("\"{}\"", version); }

// A case as its page shows it to the caller: personal numbers in notes masked, and what the
// caller may do next (app::with_case_guidance).
Result<json> case_page(ApiServer::Impl& s, const Call& c, json view, const workflow::Case& k) {
  return app::with_case_guidance(app::with_notes_masked(std::move(view)), k, c.user->role, s.workflow_params, s.calendar);
}

// The answer of a case write: the case view with its version in ETag. A stale version
// (Conflict) answers 409 with the version now stored, so the client can re-read and retry.
Result<Reply> case_answer(ApiServer::Impl& s, Call& c, Result<app::CaseRecord> r, std::int64_t id, int status = 200) {
  if (!r) {
    if (r.error().kind != ErrorKind::Conflict || id == 0) return r.error();
    auto env = c.workflow_env(s);
    auto now = app::load_case(env, id);
    if (!now) return now.error();
    json e{{"code", "conflict"}, {"message", r.error().message}, {"field", "expect_version"},
           {"current_version", now->version}};
    c.res.set_header("ETag", etag(now->version));
    return Reply(409, json{{"error", std::move(e)}});
  }
  auto page = case_page(s, c, app::case_view(*r), r->c);
  if (!page) return page.error();
  c.res.set_header("ETag", etag(r->version));
  return Reply(status, std::move(*page));
}

// Document references (四级档案): SHA-256 names already uploaded to the file store.
Result<std::vector<std::string>> documents(ApiServer::Impl& s, const JsonBody& b, std::string_view field) {
  auto names = b.text_list(field, 50, 64);
  if (!names) return names.error();
  for (const std::string& n : *names)
    if (!s.files->contains(n))
      return invalid(fmt::format("{} 中的档案文件 {} 不存在：请先上传（POST /api/v1/documents），再引用其 SHA-256",
                                 field, n.substr(0, 64)),
                     std::string(field));
  return names;
}

Result<MonitoredType> monitored_type(const std::string& text) {
  auto t = parse_monitored_type(text);
  if (!t) return invalid("type 应为 脱贫不稳定户|边缘易致贫户|突发严重困难户：" + text, "type");
  return *t;
}

// ---- reads -------------------------------------------------------------------------------

Result<Reply> list_cases(ApiServer::Impl& s, Call& c) {
  app::CaseQuery q;
  if (auto t = c.text("status"); !t.empty()) {
    q.status = parse_case_status(t);
    if (!q.status) return invalid("status 应为 识别中|监测中|风险消除中|已消除|已驳回|已清退：" + t, "status");
  }
  if (auto t = c.text("channel"); !t.empty()) {
    q.channel = parse_channel(t);
    if (!q.channel) return invalid("channel 应为 自主申报|干部排查|部门预警|舆情信访：" + t, "channel");
  }
  auto as_of = as_of_param(s, c);
  if (!as_of) return as_of.error();
  q.as_of = *as_of;
  q.state = c.text("state");
  q.head_name_contains = c.text("q");
  q.overdue_only = c.flag("overdue") == true;
  q.caseworker = own_cases_only(c);
  if (c.flag("mine") == true) q.caseworker = c.user->username;
  q.limit = static_cast<std::size_t>(*c.integer("limit"));
  q.offset = static_cast<std::size_t>(*c.integer("offset"));
  json out{{"total", 0}, {"limit", q.limit}, {"offset", q.offset}, {"as_of", q.as_of.iso()}};
  auto items = json::array();
  if (c.region) {  // nullopt: the region filter and the scope are disjoint
    q.region_prefix = c.region->digits();
    auto names = s.registry_view.registry(c.db.registry());
    if (!names) return names.error();
    auto env = c.workflow_env(s);
    auto page = app::find_cases(env, q, names->get());
    if (!page) return page.error();
    out["total"] = page->total;
    for (const auto& item : page->items) items.push_back(app::case_list_item_view(item));
  }
  out["items"] = std::move(items);
  return Reply(std::move(out));
}

Result<Reply> get_case(ApiServer::Impl& s, Call& c) {
  if (!c.case_record) return internal_error("getCase: route lacks ScopeCheck::Case");  // fail closed
  const app::CaseRecord& r = *c.case_record;
  auto env = c.workflow_env(s);
  auto events = env.cases.audit_events(r.c.id);
  if (!events) return events.error();
  auto page = case_page(s, c, app::case_show_view(r, *events), r.c);
  if (!page) return page.error();
  c.res.set_header("ETag", etag(r.version));
  return Reply(std::move(*page));
}

// ---- writes ------------------------------------------------------------------------------

Result<Reply> open_case(ApiServer::Impl& s, Call& c) {
  auto b = JsonBody::parse(c.req);
  if (!b) return b.error();
  auto household = b->text("household_id", true, 64);
  if (!household) return household.error();
  auto channel_text = b->text("channel", true, 20);
  if (!channel_text) return channel_text.error();
  auto channel = parse_channel(*channel_text);
  if (!channel) return invalid("channel 应为 自主申报|干部排查|部门预警|舆情信访：" + *channel_text, "channel");
  auto clue_date = b->date("clue_date");
  if (!clue_date) return clue_date.error();
  auto note = b->text("note", false, kNoteChars);
  if (!note) return note.error();
  // Outside the scope looks exactly like a missing household: existence must not leak.
  auto found = c.db.registry().find_household(*household);
  if (!found) return found.error();
  if (!*found || !c.user->scope.contains((*found)->household.region_code))
    return not_found("户不存在或不在管辖范围内", "household_id");
  auto env = c.workflow_env(s);
  auto r = app::open_case(env, c.actor(), *household, *channel, *clue_date, *note);
  if (r) c.res.set_header("Location", fmt::format("/api/v1/cases/{}", r->c.id));
  return case_answer(s, c, std::move(r), 0, 201);
}

// The fields every step request has, single or batch: `step`, `date`, `note` (checked in that order).
Result<StepInput> step_basics(const JsonBody& b) {
  auto step_text = b.text("step", true, 20);
  if (!step_text) return step_text.error();
  auto step = parse_step(*step_text);
  if (!step) return invalid("未知的步骤：" + *step_text + "（见 README“Steps”步骤表）", "step");
  StepInput in;
  in.step = *step;
  auto on = b.date("date");
  if (!on) return on.error();
  in.on = *on;
  auto note = b.text("note", false, kNoteChars);
  if (!note) return note.error();
  in.note = std::move(*note);
  return in;
}

Result<Reply> take_step(ApiServer::Impl& s, Call& c) {
  if (!c.case_record) return internal_error("takeStep: route lacks ScopeCheck::Case");
  auto b = JsonBody::parse(c.req);
  if (!b) return b.error();
  auto basics = step_basics(*b);
  if (!basics) return basics.error();
  StepInput in = std::move(*basics);
  if (auto t = b->optional_text("type", 20); !t) {
    return t.error();
  } else if (*t) {
    auto type = monitored_type(**t);
    if (!type) return type.error();
    in.type = *type;
  }
  if (b->has("reasons")) {
    auto list = b->text_list("reasons", 20, 20);
    if (!list) return list.error();
    EnumSet<RiskReason> set;
    for (const std::string& item : *list) {
      auto reason = parse_risk_reason(item);
      if (!reason) return invalid("reasons 中未知的风险原因：" + item, "reasons");
      set.add(*reason);
    }
    in.reasons = set;
  }
  auto rollback = b->boolean("rollback");
  if (!rollback) return rollback.error();
  in.rollback = rollback->value_or(false);
  auto docs = documents(s, *b, "documents");
  if (!docs) return docs.error();
  in.documents = std::move(*docs);
  auto expect = expected_version(c.req, &*b);
  if (!expect) return expect.error();
  auto env = c.workflow_env(s);
  const std::int64_t id = c.case_record->c.id;
  const auto decided_before = workflow::registry_monitor(c.case_record->c);
  auto r = app::take_step(env, c.actor(), id, std::move(in), *expect);
  // The household's type/status followed the case (same transaction): lists read it afresh.
  if (r && workflow::registry_monitor(r->c) != decided_before) s.registry_view.invalidate();
  return case_answer(s, c, std::move(r), id);
}

Result<Reply> assign_caseworker(ApiServer::Impl& s, Call& c) {
  if (!c.case_record) return internal_error("assignCaseworker: route lacks ScopeCheck::Case");
  auto b = JsonBody::parse(c.req);
  if (!b) return b.error();
  auto name = b->text("caseworker", true, 64);
  if (!name) return name.error();
  auto on = b->date("date");
  if (!on) return on.error();
  auto expect = expected_version(c.req, &*b);
  if (!expect) return expect.error();
  auto env = c.workflow_env(s);
  const std::int64_t id = c.case_record->c.id;
  return case_answer(s, c, app::assign_caseworker(env, c.actor(), id, *name, *on, *expect), id);
}

Result<Reply> set_plan(ApiServer::Impl& s, Call& c) {
  if (!c.case_record) return internal_error("setPlan: route lacks ScopeCheck::Case");
  auto b = JsonBody::parse(c.req);
  if (!b) return b.error();
  auto text = b->text("text", true, kNoteChars);
  if (!text) return text.error();
  auto on = b->date("date");
  if (!on) return on.error();
  auto docs = documents(s, *b, "documents");
  if (!docs) return docs.error();
  auto expect = expected_version(c.req, &*b);
  if (!expect) return expect.error();
  auto env = c.workflow_env(s);
  const std::int64_t id = c.case_record->c.id;
  return case_answer(s, c, app::set_plan(env, c.actor(), id, Plan{*on, *text, *docs, std::nullopt}, *expect), id);
}

// 元 with at most two decimals, as a JSON number or text (absent = 0: no money involved).
Result<Fen> amount_of(const JsonBody& b) {
  if (!b.has("amount")) return Fen{0};
  const json& v = b.raw().at("amount");
  std::optional<Fen> fen;
  if (v.is_string()) fen = parse_yuan(trim(v.get_ref<const std::string&>()));
  else if (v.is_number()) fen = parse_yuan(v.dump());  // 1234.5 → "1234.5"; 1e30 fails to parse
  if (!fen || *fen < 0) return invalid("amount 应为非负金额（元，最多两位小数）", "amount");
  return *fen;
}

Result<Reply> add_measure(ApiServer::Impl& s, Call& c) {
  if (!c.case_record) return internal_error("addMeasure: route lacks ScopeCheck::Case");
  auto b = JsonBody::parse(c.req);
  if (!b) return b.error();
  auto category_text = b->text("category", true, 40);
  if (!category_text) return category_text.error();
  auto category = parse_measure_category(*category_text);
  if (!category)
    return invalid("category 应为 SPEC §8 的措施类别（如 产业帮扶、健康帮扶、综合保障）：" + *category_text, "category");
  auto start = b->date("start");
  if (!start) return start.error();
  auto amount = amount_of(*b);
  if (!amount) return amount.error();
  auto unit = b->text("unit", true, 100);
  if (!unit) return unit.error();
  auto note = b->text("note", false, kNoteChars);
  if (!note) return note.error();
  auto evidence = documents(s, *b, "evidence");
  if (!evidence) return evidence.error();
  auto expect = expected_version(c.req, &*b);
  if (!expect) return expect.error();
  auto env = c.workflow_env(s);
  const std::int64_t id = c.case_record->c.id;
  return case_answer(s, c,
                     app::add_measure(env, c.actor(), id, Measure{0, *category, *start, *amount, *unit, *note, *evidence},
                                      *expect),
                     id);
}

// --- batch steps (issue 14) ---
// The same step, date, note and documents for a list of cases (one meeting, one notice
// board, one 批复); each case is checked and stored on its own (app/workflow/batch_steps.h).
// The caller's scope (ScopeCheck::RegionFilter without a filter) bounds the cases: one
// outside it is reported "不存在或不在管辖范围内" like a missing one. 200 with the outcome of
// each case, whatever the number refused.
Result<Reply> take_batch_step(ApiServer::Impl& s, Call& c) {
  if (!c.region) return internal_error("takeBatchStep: route lacks ScopeCheck::RegionFilter");  // fail closed
  auto b = JsonBody::parse(c.req);
  if (!b) return b.error();
  if (!b->has("cases") || !b->raw().at("cases").is_array())
    return invalid("cases 应为案件编号的数组，如 [12, 15, 19]", "cases");
  std::vector<std::int64_t> ids;
  for (const json& v : b->raw().at("cases")) {
    if (!v.is_number_integer() || v.get<std::int64_t>() <= 0) return invalid("cases 中的案件编号应为正整数", "cases");
    ids.push_back(v.get<std::int64_t>());
  }
  auto basics = step_basics(*b);
  if (!basics) return basics.error();
  StepInput in = std::move(*basics);
  auto docs = documents(s, *b, "documents");
  if (!docs) return docs.error();
  in.documents = std::move(*docs);
  auto env = c.workflow_env(s);
  workflow::Actor actor = c.actor();
  actor.scope = c.region->digits();
  auto r = app::take_batch_step(env, actor, std::move(ids), in);
  if (!r) return r.error();
  return Reply(app::batch_view(*r, in));
}
// --- end batch steps ---

// ---- route table -------------------------------------------------------------------------

json text_schema() { return type_schema("string"); }
json date_schema() { return json{{"type", "string"}, {"format", "date"}}; }
json sha_list_schema() {
  return json{{"type", "array"}, {"items", {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}}}};
}
json version_schema() { return json{{"type", "integer"}, {"minimum", 1}}; }

}  // namespace

std::vector<RouteSpec> case_routes() {
  const BodyDoc case_answer_doc{"application/json", case_schema(false)};
  const ParamDoc id = path_param("id", "案件编号");
  return {
      {.method = "GET", .path = "/api/v1/cases", .operation_id = "listCases",
       .summary = "案件列表（筛选、分页；帮扶责任人只见本人负责的案件）", .access = permit(Action::ReadCases),
       .scope = ScopeCheck::RegionFilter,
       .params = {region_filter_param(),
                  query_text("status", "案件状态：识别中|监测中|风险消除中|已消除|已驳回|已清退"),
                  query_text("state", "办理状态，如 待入户核查、村级公示中、监测中（同 case list）"),
                  query_text("channel", "发现渠道：自主申报|干部排查|部门预警|舆情信访"),
                  query_bool("mine", "只列帮扶责任人为本账号的案件"),
                  query_bool("overdue", "只列截至 as_of 有超期事项的案件（同 due）"),
                  query_text("as_of", "判断超期的日期 YYYY-MM-DD（默认今天，北京时间）"),
                  query_text("q", "户主姓名包含"),
                  limit_param(),
                  offset_param()},
       .response = {"application/json",
                    page_schema(object_schema({{"case_id", type_schema("integer")},
                                               {"household_id", text_schema()},
                                               {"region_code", text_schema()},
                                               {"status", text_schema()},
                                               {"state", text_schema()},
                                               {"version", type_schema("integer")},
                                               {"head_name", text_schema()},
                                               {"caseworker", text_schema()},
                                               {"next_step", {{"type", {"string", "null"}}}},
                                               {"overdue", type_schema("boolean")}}),
                                {{"as_of", date_schema()}}, {"as_of"})},
       .errors = {400, 401, 403}, .handler = list_cases},
      {.method = "GET", .path = "/api/v1/cases/{id}", .operation_id = "getCase",
       .summary = "案件详情及审计事件（同 case show --format json；ETag 为版本）", .access = permit(Action::ReadCases),
       .scope = ScopeCheck::Case, .params = {id},
       .response = {"application/json", case_schema(true)},
       .errors = {400, 401, 403, 404}, .handler = get_case},
      {.method = "POST", .path = "/api/v1/cases", .operation_id = "openCase",
       .summary = "由线索立案（户须在管辖范围内）", .access = permit(Action::OpenCase),
       .scope = ScopeCheck::None, .writes = true,
       .body = {"application/json",
                object_schema({{"household_id", text_schema()},
                               {"channel", {{"type", "string"}, {"enum", {"自主申报", "干部排查", "部门预警", "舆情信访"}}}},
                               {"clue_date", date_schema()},
                               {"note", text_schema()}},
                              {"household_id", "channel", "clue_date"})},
       .response = case_answer_doc, .success = 201,
       .errors = {400, 401, 403, 404, 409}, .handler = open_case},
      {.method = "POST", .path = "/api/v1/cases/{id}/steps", .operation_id = "takeStep",
       .summary = "办理一个步骤（步骤表决定角色、顺序与规则）", .access = permit(Action::TakeStep),
       .scope = ScopeCheck::Case, .writes = true, .params = {id},
       .body = {"application/json",
                object_schema({{"step", text_schema()},
                               {"date", date_schema()},
                               {"note", text_schema()},
                               {"type", {{"type", "string"}, {"enum", {"脱贫不稳定户", "边缘易致贫户", "突发严重困难户"}}}},
                               {"reasons", array_of(text_schema())},
                               {"rollback", type_schema("boolean")},
                               {"documents", sha_list_schema()},
                               {"expect_version", version_schema()}},
                              {"step", "date"})},
       .response = case_answer_doc,
       .errors = {400, 401, 403, 404, 409, 422}, .handler = take_step},
      // --- batch steps (issue 14) ---
      {.method = "POST", .path = "/api/v1/cases/batch-steps", .operation_id = "takeBatchStep",
       .summary = "批量办理同一步骤（同一日期、说明与档案材料），每个案件单独校验、单独提交，返回逐案结果",
       .access = permit(Action::TakeStep), .scope = ScopeCheck::RegionFilter, .writes = true,
       .body = {"application/json",
                object_schema({{"cases", {{"type", "array"}, {"items", {{"type", "integer"}, {"minimum", 1}}},
                                          {"minItems", 1}, {"maxItems", app::kMaxBatchCases}}},
                               {"step", text_schema()},
                               {"date", date_schema()},
                               {"note", text_schema()},
                               {"documents", sha_list_schema()}},
                              {"cases", "step", "date"})},
       .response = {"application/json",
                    object_schema({{"step", text_schema()},
                                   {"date", date_schema()},
                                   {"done", type_schema("integer")},
                                   {"refused", type_schema("integer")},
                                   {"independent", type_schema("boolean")},
                                   {"results", array_of(object_schema({{"case_id", type_schema("integer")},
                                                                       {"done", type_schema("boolean")},
                                                                       {"state", text_schema()},
                                                                       {"status", text_schema()},
                                                                       {"version", type_schema("integer")},
                                                                       {"error", type_schema("object")}},
                                                                      {"case_id", "done"}))}},
                                  {"step", "date", "done", "refused", "independent", "results"})},
       .errors = {400, 401, 403}, .handler = take_batch_step},
      // --- end batch steps ---
      {.method = "POST", .path = "/api/v1/cases/{id}/caseworker", .operation_id = "assignCaseworker",
       .summary = "确定帮扶责任人", .access = permit(Action::AssignCaseworker),
       .scope = ScopeCheck::Case, .writes = true, .params = {id},
       .body = {"application/json",
                object_schema({{"caseworker", text_schema()}, {"date", date_schema()}, {"expect_version", version_schema()}},
                              {"caseworker", "date"})},
       .response = case_answer_doc,
       .errors = {400, 401, 403, 404, 409}, .handler = assign_caseworker},
      {.method = "POST", .path = "/api/v1/cases/{id}/plan", .operation_id = "setPlan",
       .summary = "制定或修订帮扶计划", .access = permit(Action::SetPlan),
       .scope = ScopeCheck::Case, .writes = true, .params = {id},
       .body = {"application/json",
                object_schema({{"text", text_schema()},
                               {"date", date_schema()},
                               {"documents", sha_list_schema()},
                               {"expect_version", version_schema()}},
                              {"text", "date"})},
       .response = case_answer_doc,
       .errors = {400, 401, 403, 404, 409}, .handler = set_plan},
      {.method = "POST", .path = "/api/v1/cases/{id}/measures", .operation_id = "addMeasure",
       .summary = "落实一项帮扶措施", .access = permit(Action::AddMeasure),
       .scope = ScopeCheck::Case, .writes = true, .params = {id},
       .body = {"application/json",
                object_schema({{"category", text_schema()},
                               {"start", date_schema()},
                               {"amount", {{"type", {"number", "string"}}, {"description", "元，最多两位小数；默认 0"}}},
                               {"unit", text_schema()},
                               {"note", text_schema()},
                               {"evidence", sha_list_schema()},
                               {"expect_version", version_schema()}},
                              {"category", "start", "unit"})},
       .response = case_answer_doc,
       .errors = {400, 401, 403, 404, 409}, .handler = add_measure},
  };
}

}  // namespace fangpin::server::detail
