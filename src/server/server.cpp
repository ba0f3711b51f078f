#include "server/server.h"

#include "io/policy_loader.h"
#include "server/internal.h"

namespace fangpin::server {

std::optional<Principal> ApiServer::Impl::authenticate(Call& c) {
  std::string token;
  bool via_cookie = false;
  const std::string authz = c.req.get_header_value("Authorization");
  if (authz.starts_with("Bearer ")) {
    token = trim(std::string_view(authz).substr(7));
  } else if (auto cookie = cookie_value(c.req, kSessionCookie)) {
    token = *cookie;
    via_cookie = true;
  }
  if (token.empty() || token.size() > 256) return std::nullopt;
  const std::string hash = token_hash(token);
  auto s = c.conn.accounts->find_session(hash, now_iso());
  if (!s) {
    spdlog::error("session lookup failed: {}", s.error().message);
    return std::nullopt;
  }
  if (!s->has_value()) return std::nullopt;
  auto role = parse_role((*s)->role);
  if (!role) return std::nullopt;
  return Principal{(*s)->username, *role, (*s)->region_scope, (*s)->department, (*s)->csrf_token, via_cookie, hash};
}

std::optional<std::string> ApiServer::Impl::cookie_value(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  std::string_view rest(header);
  while (!rest.empty()) {
    std::size_t semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const std::size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
  }
  return std::nullopt;
}

void ApiServer::Impl::dispatch(const Route& r, const httplib::Request& req, httplib::Response& res) {
  const auto t0 = std::chrono::steady_clock::now();
  ++inflight;
  const std::string rid = request_id();
  t_request_id = rid;
  res.set_header("X-Request-Id", rid);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "no-store");
  std::string user = "-";
  try {
    auto lease = pool->acquire();
    if (!lease) {
      spdlog::error("request_id={} database unavailable: {}", rid, lease.error().message);
      send_error(res, 503, "unavailable", "数据库暂不可用");
    } else {
      Call c{req, res, **lease, std::nullopt, rid};
      bool allowed = true;
      if (r.info.authenticated) {
        auto p = authenticate(c);
        if (!p) {
          res.set_header("WWW-Authenticate", "Bearer");
          send_error(res, 401, "unauthenticated", "未登录或会话已过期");
          allowed = false;
        } else {
          user = p->username;
          if (!r.info.roles.has(p->role)) {
            send_error(res, 403, "forbidden", fmt::format("角色“{}”无权访问此接口", label(p->role)));
            allowed = false;
          } else if (p->via_cookie && req.method != "GET" &&
                     !constant_time_equal(req.get_header_value(kCsrfHeader), p->csrf_token)) {
            // Double submit: a cross-site form can send the cookie but cannot read fp_csrf.
            send_error(res, 403, "csrf", "缺少或错误的 X-CSRF-Token", kCsrfHeader);
            allowed = false;
          }
          c.user = std::move(p);
        }
      }
      if (allowed) r.handler(*this, c);
    }
  } catch (const std::exception& e) {
    spdlog::error("request_id={} unhandled exception: {}", rid, e.what());
    send_error(res, 500, "internal", "服务器内部错误");
  }
  --inflight;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  metrics.observe(r.info.path, r.info.method, res.status, secs);
  // Route template only: concrete ids and query strings (names in q=) stay out of logs.
  spdlog::info("request_id={} method={} route={} status={} user={} duration_ms={:.2f}", rid, req.method,
               r.info.path, res.status, user, secs * 1000.0);
}

httplib::Server::HandlerResponse ApiServer::Impl::on_error(const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // a handler's JSON error
  const std::string rid = request_id();
  res.set_header("X-Request-Id", rid);
  if (res.status == 404) {
    std::string allow;
    for (const auto& r : routes)
      if (std::regex_match(req.path, r.pattern)) allow += (allow.empty() ? "" : ", ") + r.info.method;
    if (!allow.empty()) {
      res.set_header("Allow", allow);
      send_error(res, 405, "method_not_allowed", "此接口不支持该请求方法");
    } else {
      send_error(res, 404, "not_found", "未知的接口");
    }
  } else if (res.status == 413) {
    send_error(res, 413, "payload_too_large", fmt::format("请求体超过上限 {} 字节", opt.payload_limit));
  } else if (res.status == 400) {
    send_error(res, 400, "bad_request", "请求格式错误");
  } else {
    send_error(res, res.status, "error", "请求无法处理");
  }
  metrics.observe("unmatched", req.method, res.status, 0.0);
  spdlog::info("request_id={} method={} route=unmatched status={}", rid, req.method, res.status);
  return httplib::Server::HandlerResponse::Handled;
}

// ---------------------------------------------------------------------------------------
ApiServer::ApiServer(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(options);
  impl_->routes = make_routes();
  impl_->openapi = build_openapi(impl_->routes);
  impl_->id_prefix = random_hex(4);
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
  s.pool = std::make_unique<ConnPool>(s.opt.db_path);
  {
    auto probe = s.pool->acquire();  // fail early on a missing/locked database
    if (!probe) return probe.error();
    if ((*probe)->registry->schema_version() == 0)
      return failed_precondition("数据库尚未初始化: " + s.opt.db_path, "db");
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
    const std::string re = path_regex(r.info.path);
    if (r.info.method == "GET")
      http.Get(re, h);
    else
      http.Post(re, h);
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
