// Operations routes: liveness, Prometheus metrics and the OpenAPI document.
#include "server/impl.h"

namespace fangpin::server::detail {

namespace {

Result<Reply> healthz(ApiServer::Impl&, Call& c) {
  auto version = c.db.schema_version();
  const int v = version ? *version : 0;
  return Reply(v > 0 ? 200 : 503, json{{"status", v > 0 ? "ok" : "no_schema"}, {"schema_version", v}});
}

Result<Reply> openapi(ApiServer::Impl& s, Call&) { return Reply::raw(s.openapi, "application/json; charset=utf-8"); }

Result<Reply> metrics(ApiServer::Impl& s, Call&) {
  const auto st = s.pool->stats();
  std::vector<Metrics::Gauge> g{
      {"fangpin_db_connections_open", "Database connections opened by the pool.", "gauge", double(st.open)},
      {"fangpin_db_connections_in_use", "Database connections leased by requests right now.", "gauge", double(st.in_use)},
      {"fangpin_db_connection_acquires_total", "Connection leases since start.", "counter", double(st.acquires)},
      {"fangpin_http_inflight_requests", "Requests being handled.", "gauge", double(s.inflight.load())},
  };
  return Reply::raw(s.metrics.render(g), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

std::vector<RouteSpec> health_routes() {
  return {
      {.method = "GET", .path = "/healthz", .operation_id = "healthz", .summary = "存活检查", .access = kPublic,
       .response = {"application/json",
                    object_schema({{"status", type_schema("string")}, {"schema_version", type_schema("integer")}},
                                  {"status", "schema_version"})},
       .errors = {503}, .handler = healthz},
      {.method = "GET", .path = "/metrics", .operation_id = "metrics", .summary = "Prometheus 指标", .access = kPublic,
       .response = {"text/plain", type_schema("string")}, .handler = metrics},
      {.method = "GET", .path = "/api/openapi.json", .operation_id = "openapi", .summary = "本接口文档（OpenAPI 3.1）",
       .access = kPublic, .response = {"application/json", type_schema("object")}, .handler = openapi},
  };
}

}  // namespace fangpin::server::detail
