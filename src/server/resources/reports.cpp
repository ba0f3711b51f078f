// The procedure reports over HTTP (README "Case workflow"): due, eliminate-check, backcheck,
// quality as of a date inside the caller's scope (a 帮扶责任人: its own cases only), and the
// audit chain check. Rows are the CLI's JSON views (app/workflow/workflow_views.h).
#include "app/workflow/workflow_views.h"
#include "server/resources/workflow_common.h"

namespace fangpin::server::detail {

namespace {

// {"as_of","region","items"}: `region` is the effective prefix ("" = everywhere), null when
// the filter and the scope are disjoint (then there are no items).
template <class Row, class List, class View>
Result<Reply> report(ApiServer::Impl& s, Call& c, List list, View view) {
  auto as_of = as_of_param(s, c);
  if (!as_of) return as_of.error();
  auto items = json::array();
  if (c.region) {
    auto env = c.workflow_env(s);
    Result<std::vector<Row>> rows = list(env, *as_of, c.region->digits(), own_cases_only(c));
    if (!rows) return rows.error();
    for (const Row& r : *rows) items.push_back(view(r));
  }
  return Reply(json{{"as_of", as_of->iso()},
                    {"region", c.region ? json(c.region->digits()) : json(nullptr)},
                    {"items", std::move(items)}});
}

Result<Reply> due(ApiServer::Impl& s, Call& c) {
  const int within = static_cast<int>(*c.integer("within"));
  return report<app::DueRow>(
      s, c,
      [within](app::WorkflowEnv& env, const Date& as_of, const std::string& prefix, const std::string& worker) {
        return app::due_list(env, as_of, within, prefix, worker);
      },
      app::due_view);
}

Result<Reply> eliminate_check(ApiServer::Impl& s, Call& c) {
  return report<app::EligibilityRow>(
      s, c,
      [](app::WorkflowEnv& env, const Date& as_of, const std::string& prefix, const std::string& worker) {
        return app::eliminate_check(env, as_of, prefix, worker);
      },
      app::eligibility_view);
}

Result<Reply> backcheck(ApiServer::Impl& s, Call& c) {
  return report<app::BackcheckRow>(
      s, c,
      [](app::WorkflowEnv& env, const Date& as_of, const std::string& prefix, const std::string& worker) {
        return app::backcheck_list(env, as_of, prefix, worker);
      },
      app::backcheck_view);
}

Result<Reply> quality(ApiServer::Impl& s, Call& c) {
  return report<app::QualityRow>(
      s, c,
      [](app::WorkflowEnv& env, const Date& as_of, const std::string& prefix, const std::string& worker) {
        return app::quality_list(env, as_of, prefix, worker);
      },
      app::quality_view);
}

Result<Reply> verify_audit(ApiServer::Impl& s, Call& c) {
  auto env = c.workflow_env(s);
  auto r = app::verify_audit(env);
  if (!r) return r.error();
  return Reply(app::chain_check_view(*r));
}

json report_schema(json row) {
  return object_schema({{"as_of", {{"type", "string"}, {"format", "date"}}},
                        {"region", {{"type", {"string", "null"}}}},
                        {"items", array_of(std::move(row))}},
                       {"as_of", "region", "items"});
}

json text() { return type_schema("string"); }
json integer() { return type_schema("integer"); }

}  // namespace

std::vector<RouteSpec> report_routes() {
  const ParamDoc region = region_filter_param();
  const ParamDoc as_of = query_text("as_of", "截至日期 YYYY-MM-DD（默认今天，北京时间）");
  const json case_keys{{"case_id", integer()}, {"household_id", text()}, {"region_code", text()}};
  auto row = [&](json more) {
    json props = case_keys;
    for (auto& [k, v] : more.items()) props[k] = v;
    return object_schema(std::move(props), {"case_id", "household_id", "region_code"});
  };
  return {
      {.method = "GET", .path = "/api/v1/reports/due", .operation_id = "reportDue",
       .summary = "到期与超期事项（SPEC §7 时限；帮扶责任人只见本人负责的案件）",
       .access = permit(Action::ReadCases), .scope = ScopeCheck::RegionFilter,
       .params = {as_of, query_int("within", "列出 N 天内到期的事项", 0, 3660, 7), region},
       .response = {"application/json",
                    report_schema(row({{"state", text()},
                                       {"item", text()},
                                       {"due", text()},
                                       {"days_left", integer()},
                                       {"overdue", type_schema("boolean")},
                                       {"rule", text()}}))},
       .errors = {400, 401, 403}, .handler = due},
      {.method = "GET", .path = "/api/v1/reports/eliminate-check", .operation_id = "reportEliminateCheck",
       .summary = "风险消除条件核查（SPEC §9；帮扶责任人只见本人负责的案件）", .access = permit(Action::ReadCases),
       .scope = ScopeCheck::RegionFilter, .params = {as_of, region},
       .response = {"application/json",
                    report_schema(row({{"eligible", type_schema("boolean")},
                                       {"failed", array_of(text())},
                                       {"criteria", array_of(object_schema({{"name", text()},
                                                                            {"met", type_schema("boolean")},
                                                                            {"detail", text()}}))}}))},
       .errors = {400, 401, 403}, .handler = eliminate_check},
      {.method = "GET", .path = "/api/v1/reports/backcheck", .operation_id = "reportBackcheck",
       .summary = "回头看：已消除风险户核查（帮扶责任人只见本人负责的案件）", .access = permit(Action::ReadCases),
       .scope = ScopeCheck::RegionFilter, .params = {as_of, region},
       .response = {"application/json",
                    report_schema(row({{"eliminated_on", text()},
                                       {"suggestion", {{"type", "string"}, {"enum", {"保持", "风险消除回退"}}}},
                                       {"findings", array_of(text())}}))},
       .errors = {400, 401, 403}, .handler = backcheck},
      {.method = "GET", .path = "/api/v1/reports/quality", .operation_id = "reportQuality",
       .summary = "帮扶质量问题：不及时、不精准、成效不明显（SPEC §8；帮扶责任人只见本人负责的案件）",
       .access = permit(Action::ReadCases), .scope = ScopeCheck::RegionFilter, .params = {as_of, region},
       .response = {"application/json",
                    report_schema(row({{"flag", {{"type", "string"}, {"enum", {"不及时", "不精准", "成效不明显"}}}},
                                       {"detail", text()},
                                       {"found_on", text()},
                                       {"rectified_on", {{"type", {"string", "null"}}}}}))},
       .errors = {400, 401, 403}, .handler = quality},
      {.method = "GET", .path = "/api/v1/audit/verify", .operation_id = "verifyAudit",
       .summary = "校验审计链，指出第一个被篡改的事件", .access = permit(Action::VerifyAudit),
       .scope = ScopeCheck::None,
       .response = {"application/json",
                    object_schema({{"ok", type_schema("boolean")},
                                   {"events", integer()},
                                   {"first_broken", {{"type", {"integer", "null"}}}},
                                   {"problem", text()}},
                                  {"ok", "events", "first_broken", "problem"})},
       .errors = {401, 403}, .handler = verify_audit},
  };
}

}  // namespace fangpin::server::detail
