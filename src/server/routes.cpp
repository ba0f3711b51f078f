// The route table: every resource's routes, in the order OpenAPI lists them.
#include "server/routes.h"

namespace fangpin::server::detail {

std::string path_regex(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '{') {
      i = path.find('}', i);
      out += "([^/]+)";
    } else if (std::string_view(".+*?^$()[]|\\").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

json object_schema(json properties, std::vector<std::string> required) {
  json o{{"type", "object"}};
  if (!required.empty()) o["required"] = std::move(required);
  o["properties"] = std::move(properties);
  return o;
}

json array_of(json items) { return json{{"type", "array"}, {"items", std::move(items)}}; }

json page_schema(json item, json extra_properties, std::vector<std::string> extra_required) {
  json props{{"total", type_schema("integer")}, {"limit", type_schema("integer")}, {"offset", type_schema("integer")}};
  for (auto& [k, v] : extra_properties.items()) props[k] = v;
  props["items"] = array_of(std::move(item));
  std::vector<std::string> required{"total", "limit", "offset"};
  required.insert(required.end(), extra_required.begin(), extra_required.end());
  required.push_back("items");
  return object_schema(std::move(props), std::move(required));
}

std::vector<Route> make_routes() {
  std::vector<Route> out;
  for (auto group : {health_routes, auth_routes, user_routes, household_routes, assessment_routes, import_routes,
                     case_routes, report_routes, document_routes, screening_routes, application_routes, finding_routes,
                     dashboard_routes}) {
    for (RouteSpec& spec : group()) {
      Route r;
      r.info = RouteInfo{std::string(spec.method),       std::string(spec.path), std::string(spec.operation_id),
                         spec.access,                     spec.access.authenticated(),
                         spec.access.roles(),             spec.scope,
                         spec.writes};
      r.pattern = std::regex(path_regex(spec.path));
      r.spec = std::move(spec);
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace fangpin::server::detail
