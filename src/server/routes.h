// The declarative route table: what each route is (method, path, operation, access,
// scope check, parameters, body, documented errors) and the handler that answers it.
// dispatch() (server/dispatch.cpp) authenticates, enforces the access and the scope check
// and validates the declared parameters for every route before the handler runs, so
// handlers only do their work. Internal to src/server.
#pragma once
#include <httplib.h>

#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/registry_upload.h"
#include "app/workflow/workflow_service.h"
#include "domain/region.h"
#include "server/http.h"
#include "server/server.h"
#include "store/database.h"
#include "store/screening_store.h"

namespace fangpin::server::detail {

struct Principal {
  std::string username;
  Role role = Role::Supervisor;
  RegionPrefix scope;
  std::string department;
  std::string csrf_token;
  bool via_cookie = false;
  std::string token_hash;
};

// --- parameters ------------------------------------------------------------------------
enum class In { Path, Query };
enum class Type { String, Integer, Boolean };

struct ParamDoc {
  std::string_view name;
  In in = In::Query;
  Type type = Type::String;
  bool required = false;
  std::string_view description;
  long min = 0, max = 0;           // integers: the accepted range
  std::optional<long> dflt = {};   // integers: the value when absent
};
inline ParamDoc path_param(std::string_view name, std::string_view description) {
  return {.name = name, .in = In::Path, .required = true, .description = description};
}
inline ParamDoc query_text(std::string_view name, std::string_view description) {
  return {.name = name, .description = description};
}
inline ParamDoc query_bool(std::string_view name, std::string_view description) {
  return {.name = name, .type = Type::Boolean, .description = description};
}
inline ParamDoc query_int(std::string_view name, std::string_view description, long min, long max,
                          std::optional<long> dflt = {}, bool required = false) {
  return {.name = name, .type = Type::Integer, .required = required, .description = description,
          .min = min, .max = max, .dflt = dflt};
}

// The parameters every list shares.
inline ParamDoc region_filter_param() { return query_text("region", "区划代码前缀（与账号管辖范围取交集）"); }
inline ParamDoc limit_param(long max = 500, long dflt = 50) { return query_int("limit", "每页条数", 1, max, dflt); }
inline ParamDoc offset_param() { return query_int("offset", "跳过条数", 0, 100'000'000, 0); }

// A request or response body for OpenAPI: media type and JSON Schema (2020-12, as OpenAPI
// 3.1 takes it). An empty media type = no body / undocumented.
struct BodyDoc {
  std::string_view media_type;
  json schema = nullptr;
};
// {"type":"object","required":[…],"properties":{…}}
json object_schema(json properties, std::vector<std::string> required = {});
json array_of(json items);
// A page of a list: {"total","limit","offset", …extra, "items":[item]}.
json page_schema(json item, json extra_properties = json::object(), std::vector<std::string> extra_required = {});
inline json type_schema(std::string_view type) { return json{{"type", type}}; }

// --- a request being handled -------------------------------------------------------------
// A staged upload (ScopeCheck::ImportRows): an unlinked temp file (no name on disk, so a
// crash leaves nothing behind), read through `path` = /proc/self/fd/N, closed with it.
struct Upload {
  io::RegistryTable table = io::RegistryTable::Households;
  std::string name;  // the client's file name (base name only)
  std::string path;  // where it is staged
  int fd = -1;
  std::string at;    // when it arrived (ISO): the import run's time
  app::UploadScope checked;
  Upload() = default;
  Upload(const Upload&) = delete;
  Upload& operator=(const Upload&) = delete;
  ~Upload();
};

struct Call {
  const httplib::Request& req;
  httplib::Response& res;  // handlers only add headers here (cookies, Retry-After)
  store::Database& db;
  std::optional<Principal> user = {};  // set for authenticated routes
  std::string request_id;

  // Validated by dispatch from the route's ParamDoc list.
  std::map<std::string_view, long> ints = {};
  std::map<std::string_view, bool> flags = {};
  std::optional<long> integer(std::string_view name) const;
  std::optional<bool> flag(std::string_view name) const;
  std::string text(std::string_view name) const { return req.get_param_value(std::string(name)); }

  // Filled by the route's scope check.
  std::optional<RegionPrefix> region = {};          // RegionFilter: effective filter; nullopt = disjoint
  std::optional<store::HouseholdDetail> household = {};  // Household: the household, inside the scope
  std::unique_ptr<Upload> upload = {};                 // ImportRows: the staged upload, inside the scope
  std::optional<app::CaseRecord> case_record = {};     // Case: the case, visible to the caller
  std::optional<store::WarningRecord> warning = {};    // Warning: the warning, inside the scope
  std::optional<store::ScreeningRunRecord> run = {};   // ScreeningRun: the run, visible to the caller
  std::optional<store::ClueRecord> clue = {};          // Clue: the clue, inside the scope

  // The workflow use cases' environment on this request's database (audit time = now).
  app::WorkflowEnv workflow_env(const ApiServer::Impl& s) const;
  // The caller as the workflow rules see them.
  workflow::Actor actor() const;
};

using Handler = Result<Reply> (*)(ApiServer::Impl&, Call&);

struct RouteSpec {
  std::string_view method;  // GET | POST
  std::string_view path;    // OpenAPI template
  std::string_view operation_id;
  std::string_view summary;
  Access access;
  ScopeCheck scope = ScopeCheck::None;
  bool writes = false;  // changes stored data (督导 may never have such a route)
  bool csrf = true;     // cookie sessions must echo the CSRF token on non-GET requests
  // false: the answer holds a secret (a session token), so it is never kept for an
  // Idempotency-Key replay; the header is ignored.
  bool replayable = true;
  std::vector<ParamDoc> params = {};
  BodyDoc body = {};             // request body (dispatch does not parse it; the handler does)
  BodyDoc response = {};         // the success answer
  int success = 200;             // its status (201 for a created resource)
  std::vector<int> errors = {};  // documented error statuses
  Handler handler = nullptr;
};

struct Route {
  RouteSpec spec;
  RouteInfo info;
  std::regex pattern;
};

// One list per resource (server/<resource>.cpp).
std::vector<RouteSpec> health_routes();
std::vector<RouteSpec> auth_routes();
std::vector<RouteSpec> user_routes();
std::vector<RouteSpec> household_routes();
std::vector<RouteSpec> assessment_routes();
std::vector<RouteSpec> import_routes();
std::vector<RouteSpec> case_routes();         // resources/cases.cpp
std::vector<RouteSpec> report_routes();       // resources/reports.cpp
std::vector<RouteSpec> document_routes();     // resources/documents.cpp
std::vector<RouteSpec> screening_routes();    // resources/screening.cpp
std::vector<RouteSpec> application_routes();  // resources/applications.cpp
std::vector<RouteSpec> finding_routes();      // resources/findings.cpp
std::vector<RouteSpec> dashboard_routes();    // resources/dashboard.cpp

// Every route, with its RouteInfo and path pattern.
std::vector<Route> make_routes();
std::string path_regex(std::string_view path);
// OpenAPI 3.1 document of the route table.
std::string build_openapi(const std::vector<Route>& routes);

inline constexpr const char* kIdempotencyHeader = "Idempotency-Key";
struct IdempotencyClaim {
  std::string owner;  // user:NAME, or addr:IP on public routes
  std::string key;
  std::string request_hash;
};
// A POST with an Idempotency-Key: the stored first answer (replay, or 409/422), or this
// request's claim, to settle once it is answered.
Result<std::variant<Reply, IdempotencyClaim>> claim_idempotency(ApiServer::Impl& s, Call& c);
void settle_idempotency(Call& c, const IdempotencyClaim& claim);

// ScopeCheck::ImportRows, run by dispatch: stages the upload to the {table} path parameter
// and checks its rows against the caller's scope. An answer (404 unknown table, 400 no
// file, 422 rows outside the scope) ends the request; nullopt lets the handler run.
Result<std::optional<Reply>> stage_and_check_upload(ApiServer::Impl& s, Call& c);
// Writes `bytes` to a file in the temp dir that has no name (O_TMPFILE, else created and
// unlinked at once); the fd, readable as /proc/self/fd/N. Internal on I/O failure.
Result<int> stage_unlinked(std::string_view bytes);

}  // namespace fangpin::server::detail
