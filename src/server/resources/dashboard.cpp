// The 工作台 (dashboard) over HTTP: one answer of region-wide counts computed on the server
// by app/dashboard.h from the stores (README "HTTP API server": GET /api/v1/dashboard).
#include "app/dashboard.h"
#include "io/policy_loader.h"
#include "server/resources/workflow_common.h"

namespace fangpin::server::detail {

namespace {

Result<Reply> get_dashboard(ApiServer::Impl& s, Call& c) {
  auto as_of = as_of_param(s, c);
  if (!as_of) return as_of.error();
  const int months = static_cast<int>(*c.integer("months"));
  if (!c.region) {  // the filter and the scope are disjoint: nothing to count
    app::Dashboard empty;
    empty.as_of = *as_of;
    auto j = app::dashboard_view(empty);
    j["region"] = nullptr;
    j["months"] = json::array();
    return Reply(std::move(j));
  }
  auto loaded = s.registry_view.registry(c.db.registry());
  if (!loaded) return loaded.error();
  auto env = c.workflow_env(s);
  auto d = app::dashboard(env, c.db.screening(), **loaded, &io::nbs_regions(),
                          app::DashboardQuery{c.region->digits(), *as_of, months});
  if (!d) return d.error();
  return Reply(app::dashboard_view(*d));
}

json text() { return type_schema("string"); }
json integer() { return type_schema("integer"); }

json count_props(json more) {
  json p{{"households", integer()}, {"persons", integer()}};
  for (auto& [k, v] : more.items()) p[k] = v;
  return p;
}

// MonitoredSplit: households, persons, by_type, by_primary_reason, by_reason.
json split_props() {
  const json reason_row = object_schema(count_props({{"reason", text()}}), {"reason", "households", "persons"});
  return count_props({{"by_type", array_of(object_schema(count_props({{"type", text()}}), {"type", "households", "persons"}))},
                      {"by_primary_reason", array_of(reason_row)},
                      {"by_reason", array_of(reason_row)}});
}

json dashboard_schema() {
  const std::vector<std::string> split_required{"households", "persons", "by_type", "by_primary_reason", "by_reason"};
  json area = split_props();
  area["code"] = text();
  area["name"] = text();
  std::vector<std::string> area_required{"code", "name"};
  area_required.insert(area_required.end(), split_required.begin(), split_required.end());
  const json due_row = object_schema({{"case_id", integer()}, {"household_id", text()}, {"region_code", text()},
                                      {"state", text()}, {"item", text()}, {"due", text()}, {"days_left", integer()},
                                      {"overdue", type_schema("boolean")}, {"rule", text()}},
                                     {"case_id", "household_id", "region_code", "item", "due", "days_left", "overdue"});
  return object_schema(
      {{"region", {{"type", {"string", "null"}}}},
       {"region_name", text()},
       {"as_of", {{"type", "string"}, {"format", "date"}}},
       {"child_level", {{"type", "string"}, {"enum", {"区划", "县", "乡镇", "村"}}}},
       {"monitored", object_schema(split_props(), split_required)},
       {"areas", array_of(object_schema(std::move(area), area_required))},
       {"months", array_of(object_schema({{"month", text()}, {"new", integer()}, {"eliminated", integer()},
                                          {"rolled_back", integer()}},
                                         {"month", "new", "eliminated", "rolled_back"}))},
       {"due", object_schema({{"within_days", integer()}, {"overdue", integer()}, {"due_soon", integer()},
                              {"items", array_of(due_row)}},
                             {"within_days", "overdue", "due_soon", "items"})},
       {"quality", array_of(object_schema({{"flag", {{"type", "string"}, {"enum", {"不及时", "不精准", "成效不明显"}}}},
                                           {"found", integer()}, {"rectified", integer()}},
                                          {"flag", "found", "rectified"}))},
       {"warnings", array_of(object_schema({{"grade", {{"type", "string"}, {"enum", {"红", "橙", "黄"}}}},
                                            {"open", integer()}},
                                           {"grade", "open"}))}},
      {"region", "region_name", "as_of", "child_level", "monitored", "areas", "months", "due", "quality", "warnings"});
}

}  // namespace

std::vector<RouteSpec> dashboard_routes() {
  return {
      {.method = "GET", .path = "/api/v1/dashboard", .operation_id = "getDashboard",
       .summary = "工作台：监测对象按类型、风险、下级区划；逐月新增/消除/回退；到期超期；帮扶质量；未核实预警",
       .access = permit(Action::ReadDashboard), .scope = ScopeCheck::RegionFilter,
       .params = {region_filter_param(),
                  query_text("as_of", "截至日期 YYYY-MM-DD（默认今天，北京时间）"),
                  query_int("months", "逐月统计的月数（截至 as_of 所在月）", 1, 120, 12)},
       .response = {"application/json", dashboard_schema()},
       .errors = {400, 401, 403}, .handler = get_dashboard},
  };
}

}  // namespace fangpin::server::detail
