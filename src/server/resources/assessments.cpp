// SPEC §4a assessments over HTTP: the CLI's jsonl records of one year, inside the scope.
#include "app/assessment_format.h"
#include "server/impl.h"

namespace fangpin::server::detail {

namespace {

// The record with its `explain` (the same evaluation, run again for this one household).
json explained_item(ApiServer::Impl& s, const app::LoadedRegistry& loaded, const Assessment& r) {
  auto it = loaded.by_id.find(r.household_id);
  if (it != loaded.by_id.end())
    if (auto e = app::assess_explained(loaded.reg, s.policy, it->second, r.year))
      return app::assessment_json(e->assessment, e->explain);
  return app::assessment_json(r);  // not reached: the record came from this snapshot
}

Result<Reply> list_assessments(ApiServer::Impl& s, Call& c) {
  const long year = *c.integer("year"), limit = *c.integer("limit"), offset = *c.integer("offset");
  const bool all = c.flag("all") == true;
  auto a = s.registry_view.assessed(c.db.registry(), s.policy, static_cast<int>(year));
  if (!a) return as_param_error(a.error(), "year");  // e.g. no poverty line for the year
  const app::LoadedRegistry& loaded = *(*a)->source;
  const auto& scope = c.region;  // nullopt: the filter and the scope are disjoint
  auto inside = [&](const std::string& household_id) {
    const std::string* region = loaded.region_of(household_id);
    return scope && region && scope->contains(*region);
  };
  auto items = json::array();
  std::size_t total = 0, unassessable = 0;
  for (const Assessment& r : (*a)->result.records) {
    if (!scope) break;
    if (!inside(r.household_id)) continue;
    if (!all && !r.candidate && !r.excluded) continue;
    ++total;
    if (total <= static_cast<std::size_t>(offset) || items.size() >= static_cast<std::size_t>(limit)) continue;
    items.push_back(explained_item(s, loaded, r));
  }
  for (const auto& u : (*a)->result.unassessable)
    if (inside(u.household_id)) ++unassessable;
  return Reply(json{{"year", year}, {"region", scope ? json(scope->digits()) : json(nullptr)}, {"total", total},
                    {"limit", limit}, {"offset", offset}, {"unassessable", unassessable}, {"items", std::move(items)}});
}

json text() { return type_schema("string"); }
json number() { return type_schema("number"); }
json nullable_text() { return {{"type", {"string", "null"}}}; }

// One CLI jsonl record plus `explain` (README "HTTP API server": assessments).
json assessment_schema() {
  auto vs_line = [](bool rigid) {
    json p{{"per_capita", number()}, {"line", number()}, {"below", type_schema("boolean")}, {"text", text()}};
    std::vector<std::string> req{"per_capita", "line", "below", "text"};
    if (rigid) {
      p["rigid_expenditure"] = number();
      req.push_back("rigid_expenditure");
    }
    return object_schema(std::move(p), std::move(req));
  };
  json explain = object_schema(
      {{"income", vs_line(false)},
       {"adjusted", vs_line(true)},
       {"decision", text()},
       {"reasons", array_of(object_schema({{"reason", text()},
                                           {"parameter", nullable_text()},
                                           {"rule", text()},
                                           {"figures", text()},
                                           {"primary", type_schema("boolean")}},
                                          {"reason", "parameter", "rule", "figures", "primary"}))},
       {"primary", nullable_text()},
       {"shortfalls", array_of(object_schema({{"item", text()}, {"fact", text()}}, {"item", "fact"}))},
       {"exclusions", array_of(object_schema({{"kind", text()}, {"fact", text()}}, {"kind", "fact"}))}},
      {"income", "adjusted", "decision", "reasons", "primary", "shortfalls", "exclusions"});
  return object_schema({{"household_id", text()},
                        {"year", type_schema("integer")},
                        {"people", type_schema("integer")},
                        {"net_income", number()},
                        {"income_per_capita", number()},
                        {"rigid_expenditure", number()},
                        {"adjusted_income_per_capita", number()},
                        {"line", number()},
                        {"candidate", type_schema("boolean")},
                        {"type", nullable_text()},
                        {"risk_reasons", array_of(text())},
                        {"primary_reason", nullable_text()},
                        {"excluded", type_schema("boolean")},
                        {"exclusion_reasons", array_of(text())},
                        {"shortfalls", array_of(text())},
                        {"wrong_type", type_schema("boolean")},
                        {"explain", std::move(explain)}},
                       {"household_id", "year", "candidate", "explain"});
}

}  // namespace

std::vector<RouteSpec> assessment_routes() {
  return {
      {.method = "GET", .path = "/api/v1/assessments", .operation_id = "listAssessments",
       .summary = "按 SPEC §4a 评估（字段同 CLI jsonl，另加 explain 说明）", .access = permit(Action::ReadAssessments),
       .scope = ScopeCheck::RegionFilter,
       .params = {query_int("year", "评估年度", 1900, 2200, std::nullopt, true),
                  region_filter_param(),
                  query_bool("all", "输出每一户（默认只输出纳入候选或排除的户）"),
                  limit_param(100'000, 1000),
                  offset_param()},
       .response = {"application/json",
                    object_schema({{"year", type_schema("integer")},
                                   {"region", {{"type", {"string", "null"}}}},
                                   {"total", type_schema("integer")},
                                   {"limit", type_schema("integer")},
                                   {"offset", type_schema("integer")},
                                   {"unassessable", type_schema("integer")},
                                   {"items", array_of(assessment_schema())}},
                                  {"year", "region", "total", "limit", "offset", "unassessable", "items"})},
       .errors = {400, 401, 403}, .handler = list_assessments},
  };
}

}  // namespace fangpin::server::detail
