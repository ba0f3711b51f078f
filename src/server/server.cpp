// The server's lifecycle: bind (policy, database pool, routes), serve, stop. Requests go
// through dispatch() (server/dispatch.cpp) to the route table (server/routes.cpp).
#include "server/server.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <thread>

#include "app/credentials.h"
#include "io/policy_loader.h"
#include "io/workflow_policy.h"
#include "server/impl.h"

namespace fangpin::server {

using namespace detail;

ApiServer::ApiServer(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(options);
  impl_->routes = make_routes();
  impl_->openapi = build_openapi(impl_->routes);
  impl_->id_prefix = app::random_hex(4);
}

ApiServer::~ApiServer() {
  stop();
}

std::vector<RouteInfo> ApiServer::routes() {
  std::vector<RouteInfo> out;
  for (auto& r : make_routes()) out.push_back(r.info);
  return out;
}

Status ApiServer::bind() {
  Impl& s = *impl_;
  auto policy = io::load_policy_bundle(s.opt.policy_path);
  if (!policy) return policy.error();
  s.policy = std::move(policy->policy);
  s.workflow_params = policy->workflow;
  s.screening_params = std::move(policy->screening);
  auto calendar = io::load_calendar(s.opt.calendar_path);
  if (!calendar) return calendar.error();
  s.calendar = std::move(*calendar);
  if (!s.opt.web_root.empty() && !std::filesystem::is_regular_file(std::filesystem::path(s.opt.web_root) / "index.html"))
    return failed_precondition(fmt::format("网页目录 {} 中没有 index.html（先运行 scripts/web-build.sh）", s.opt.web_root),
                               "web");
  s.files = std::make_unique<store::FileStore>(s.opt.files_dir.empty() ? s.opt.db_path + ".files" : s.opt.files_dir);
  s.pool = std::make_unique<ConnPool>(s.opt.db_path);
  {
    auto probe = s.pool->acquire();  // fail early on a missing/locked database
    if (!probe) return probe.error();
    auto version = (*probe)->schema_version();
    if (!version) return version.error();
    if (*version == 0) return failed_precondition("数据库尚未初始化: " + s.opt.db_path, "db");
    // Uploads no case referenced within the TTL go at start (and then at most hourly).
    s.document_sweeper.configure(app::DocumentPolicy{s.opt.unreferenced_document_ttl, std::chrono::hours(1)});
    auto swept = s.document_sweeper.run_if_due(**probe, *s.files, s.now(), true);
    if (!swept) spdlog::error("document sweep failed: {}", swept.error().message);
    else if (*swept) spdlog::info("document sweep: {} removed, {} cases indexed", (*swept)->removed.size(), (*swept)->indexed_cases);
  }
  auto& http = s.http;
  // httplib parses and routes; the connections are ours (server/listener.h).
  http.set_payload_max_length(s.opt.payload_limit);
  http.set_keep_alive_timeout(s.opt.keep_alive_timeout_s);
  http.set_keep_alive_max_count(1000);
  http.set_pre_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) {
        return impl_->answer_gate(req, res) ? httplib::Server::HandlerResponse::Handled
                                            : httplib::Server::HandlerResponse::Unhandled;
      });
  for (const Route& r : s.routes) {
    const Route* rp = &r;
    auto h = [this, rp](const httplib::Request& req, httplib::Response& res) { impl_->dispatch(*rp, req, res); };
    const std::string re = path_regex(r.spec.path);
    if (r.info.method == "GET")
      http.Get(re, h);
    else
      http.Post(re, h);
  }
  if (!s.opt.web_root.empty()) {
    // After the API routes (httplib tries handlers in order); never /api/, /healthz, /metrics.
    http.Get(R"(/(?!api/|api$|healthz$|metrics$).*)",
             [this](const httplib::Request& req, httplib::Response& res) { impl_->serve_static(req, res); });
  }
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) { return impl_->on_error(req, res); }));
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    add_security_headers(res);
    send_error(res, 500, "internal", "服务器内部错误");
  });
  ConnectionLimits limits;
  limits.max_head_bytes = s.opt.max_header_bytes;
  limits.head_timeout = std::chrono::seconds(std::max(1, s.opt.read_timeout_s));
  limits.idle_timeout = std::chrono::seconds(std::max(1, s.opt.keep_alive_timeout_s));
  limits.body_timeout = std::chrono::seconds(std::max(1, s.opt.body_timeout_s));
  limits.write_timeout = std::chrono::seconds(std::max(1, s.opt.write_timeout_s));
  limits.shutdown_grace = std::chrono::seconds(std::max(0, s.opt.shutdown_grace_s));
  limits.max_connections = std::max<std::size_t>(1, s.opt.max_connections);
  limits.backlog = std::max(1, s.opt.listen_backlog);
  s.listener = std::make_unique<Listener>(http, limits, [this](httplib::Request& req) { impl_->prepare(req); });
  if (auto st = s.listener->bind(s.opt.host, s.opt.port); !st) return st;
  s.port = s.listener->port();
  return Ok{};
}

int ApiServer::port() const { return impl_->port; }

Status ApiServer::serve() {
  if (!impl_->listener) return failed_precondition("服务尚未绑定端口", "listen");
  spdlog::info("listening on http://{}:{}", impl_->opt.host, impl_->port);
  const std::size_t threads = static_cast<std::size_t>(std::max(1, impl_->opt.threads));
  impl_->listener->run(threads, impl_->opt.max_queued);
  spdlog::info("server stopped");
  return Ok{};
}

void ApiServer::stop() {
  if (impl_ && impl_->listener) impl_->listener->stop();
}

}  // namespace fangpin::server
