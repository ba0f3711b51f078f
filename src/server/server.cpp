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
#include "server/thread_pool.h"

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
  const std::size_t threads = static_cast<std::size_t>(std::max(1, s.opt.threads));
  const std::size_t queued = s.opt.max_queued;
  http.new_task_queue = [threads, queued] { return new BoundedThreadPool(threads, queued); };
  http.set_tcp_nodelay(true);
  http.set_payload_max_length(s.opt.payload_limit);
  http.set_read_timeout(s.opt.read_timeout_s, 0);
  http.set_write_timeout(s.opt.write_timeout_s, 0);
  http.set_keep_alive_timeout(s.opt.keep_alive_timeout_s);
  http.set_keep_alive_max_count(1000);
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
    send_error(res, 500, "internal", "服务器内部错误");
  });
  if (s.opt.port == 0) {
    s.port = http.bind_to_any_port(s.opt.host);
  } else {
    s.port = http.bind_to_port(s.opt.host, s.opt.port) ? s.opt.port : -1;
  }
  if (s.port < 0) return failed_precondition(fmt::format("无法监听 {}:{}", s.opt.host, s.opt.port), "listen");
  return Ok{};
}

int ApiServer::port() const { return impl_->port; }

Status ApiServer::serve() {
  spdlog::info("listening on http://{}:{}", impl_->opt.host, impl_->port);
  impl_->serving = true;
  const bool ok = impl_->http.listen_after_bind();
  impl_->done = true;
  if (!ok) return Error{ErrorKind::Internal, "HTTP 服务异常退出", {}};
  spdlog::info("server stopped");
  return Ok{};
}

void ApiServer::stop() {
  if (!impl_) return;
  // serve() may be between its start and httplib's running flag: wait for one or the other.
  while (impl_->serving && !impl_->done && !impl_->http.is_running()) std::this_thread::yield();
  if (impl_->http.is_running()) impl_->http.stop();
}

}  // namespace fangpin::server
