// The OpenAPI 3.1 document, generated from the same route table dispatch() uses.
#include <algorithm>
#include <map>

#include "server/routes.h"

namespace fangpin::server::detail {

namespace {

json error_schema() {
  return json{{"type", "object"},
              {"required", {"error"}},
              {"properties",
               {{"error",
                 {{"type", "object"},
                  {"required", {"code", "message", "field"}},
                  {"properties",
                   {{"code", {{"type", "string"}}},
                    {"message", {{"type", "string"}}},
                    {"field", {{"type", {"string", "null"}}}}}}}}}}};
}

std::string_view type_name(Type t) {
  switch (t) {
    case Type::String: return "string";
    case Type::Integer: return "integer";
    case Type::Boolean: return "boolean";
  }
  return "string";
}

std::string_view scope_name(ScopeCheck s) {
  switch (s) {
    case ScopeCheck::None: return "none";
    case ScopeCheck::Household: return "household";
    case ScopeCheck::RegionFilter: return "region_filter";
    case ScopeCheck::ImportRows: return "import_rows";
    case ScopeCheck::Case: return "case";
    case ScopeCheck::Department: return "department";
    case ScopeCheck::Warning: return "warning";
    case ScopeCheck::ScreeningRun: return "screening_run";
    case ScopeCheck::Document: return "document";
    case ScopeCheck::Clue: return "clue";
  }
  return "none";
}

}  // namespace

std::string build_openapi(const std::vector<Route>& routes) {
  json doc;
  doc["openapi"] = "3.1.0";
  doc["info"] = json{{"title", "fangpin 防止返贫动态监测 API"}, {"version", "1"}};
  json comps;
  comps["securitySchemes"] = json{{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
                                  {"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie}}}};
  comps["schemas"] = json{{"Error", error_schema()}};
  doc["components"] = std::move(comps);
  static const std::map<int, std::string_view> kReasons{
      {400, "参数或请求体错误"}, {401, "未登录或会话过期"},       {403, "角色无权访问或 CSRF 校验失败"},
      {404, "不存在或不在管辖范围内"}, {409, "冲突"},             {413, "请求体过大"},
      {422, "有行超出管辖范围，未写入"}, {429, "登录失败次数过多"}, {503, "不可用"}};
  json paths = json::object();
  for (const Route& r : routes) {
    json op;
    op["operationId"] = r.info.operation_id;
    op["summary"] = r.spec.summary;
    std::string roles;
    for (Role role : kAllRoles)
      if (r.info.roles.has(role)) roles += (roles.empty() ? "" : "、") + std::string(label(role));
    op["x-roles"] = json::array();
    for (Role role : kAllRoles)
      if (r.info.roles.has(role)) op["x-roles"].push_back(label(role));
    op["description"] = r.info.authenticated ? "允许角色：" + roles : std::string("无需登录");
    if (r.info.authenticated)
      op["security"] = json::array({json{{"bearer", json::array()}}, json{{"cookie", json::array()}}});
    else
      op["security"] = json::array();
    if (r.info.access.kind == Access::Kind::Permission) {
      const Permission& perm = permission(r.info.access.action);
      op["x-permission"] = perm.name;
    }
    op["x-scope"] = scope_name(r.info.scope);
    auto params = json::array();
    for (const auto& p : r.spec.params) {
      json schema{{"type", type_name(p.type)}};
      if (p.type == Type::Integer) {
        schema["minimum"] = p.min;
        schema["maximum"] = p.max;
        if (p.dflt) schema["default"] = *p.dflt;
      }
      params.push_back(json{{"name", p.name}, {"in", p.in == In::Path ? "path" : "query"}, {"required", p.required},
                            {"description", p.description}, {"schema", std::move(schema)}});
    }
    if (r.info.authenticated && r.spec.csrf && r.info.method != "GET")
      params.push_back(json{{"name", kCsrfHeader}, {"in", "header"}, {"required", false},
                            {"description", "Cookie 会话时必填（值为 fp_csrf Cookie）"}, {"schema", {{"type", "string"}}}});
    if (!params.empty()) op["parameters"] = std::move(params);
    if (!r.spec.body.media_type.empty())
      op["requestBody"] = json{{"required", true},
                               {"content", {{r.spec.body.media_type, {{"schema", r.spec.body.schema}}}}}};
    json responses;
    const std::string ok = std::to_string(r.spec.success);
    responses[ok] = json{{"description", "成功"}};
    if (!r.spec.response.media_type.empty())
      responses[ok]["content"] = json{{r.spec.response.media_type, {{"schema", r.spec.response.schema}}}};
    for (int e : r.spec.errors)
      responses[std::to_string(e)] = json{{"description", kReasons.count(e) ? kReasons.at(e) : "错误"},
                                          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    responses["default"] = json{{"description", "错误"},
                                {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    op["responses"] = std::move(responses);
    std::string m = r.info.method;
    std::transform(m.begin(), m.end(), m.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    paths[r.info.path][m] = std::move(op);
  }
  doc["paths"] = std::move(paths);
  return dump(doc);
}

}  // namespace fangpin::server::detail
