// SPEC §4a assessments over HTTP: the CLI's jsonl records of one year, inside the scope.
#include "app/assessment_format.h"
#include "server/impl.h"

namespace fangpin::server::detail {

namespace {

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
    items.push_back(app::assessment_json(r));
  }
  for (const auto& u : (*a)->result.unassessable)
    if (inside(u.household_id)) ++unassessable;
  return Reply(json{{"year", year}, {"region", scope ? json(scope->digits()) : json(nullptr)}, {"total", total},
                    {"limit", limit}, {"offset", offset}, {"unassessable", unassessable}, {"items", std::move(items)}});
}

}  // namespace

std::vector<RouteSpec> assessment_routes() {
  return {
      {.method = "GET", .path = "/api/v1/assessments", .operation_id = "listAssessments",
       .summary = "按 SPEC §4a 评估（字段同 CLI jsonl）", .access = permit(Action::ReadAssessments),
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
                                   {"items", array_of(type_schema("object"))}},  // each one CLI jsonl line
                                  {"year", "region", "total", "limit", "offset", "unassessable", "items"})},
       .errors = {400, 401, 403}, .handler = list_assessments},
  };
}

}  // namespace fangpin::server::detail
