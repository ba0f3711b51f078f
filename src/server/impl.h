// The server's state shared by dispatch, the lifecycle and the route handlers. Internal to
// src/server.
#pragma once
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <semaphore>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/documents.h"
#include "app/registry_view.h"
#include "domain/policy.h"
#include "domain/screening_params.h"
#include "domain/workflow/calendar.h"
#include "store/file_store.h"
#include "server/conn_pool.h"
#include "server/http.h"
#include "server/listener.h"
#include "server/metrics.h"
#include "server/routes.h"
#include "server/server.h"

namespace fangpin::server {

struct ApiServer::Impl {
  ServerOptions opt;
  Policy policy;
  workflow::WorkflowParams workflow_params;
  screening::ScreeningParams screening_params;
  workflow::WorkCalendar calendar;
  std::unique_ptr<store::FileStore> files;  // 四级档案
  app::DocumentSweeper document_sweeper;    // expiry of unreferenced uploads (bind, then uploads)
  detail::HttpEngine http;
  std::unique_ptr<detail::Listener> listener;
  Metrics metrics;
  std::unique_ptr<detail::ConnPool> pool;
  app::RegistryView registry_view;
  std::vector<detail::Route> routes;
  std::string openapi;
  std::atomic<std::uint64_t> next_id{0};
  std::string id_prefix;
  std::atomic<int> inflight{0};
  // Each Argon2id verification takes 64 MiB for ~0.1 s: a burst of logins must not take
  // every worker and gigabytes of memory at once.
  std::counting_semaphore<> password_checks{2};
  int port = -1;

  std::chrono::system_clock::time_point now() const {
    return opt.clock ? opt.clock() : std::chrono::system_clock::now();
  }
  std::string now_iso() const { return detail::iso(now()); }

  std::string request_id() { return fmt::format("{}-{:06x}", id_prefix, next_id.fetch_add(1)); }

  // The session behind a Bearer token or the fp_session cookie, if live.
  std::optional<detail::Principal> authenticate(detail::Call& c);
  std::optional<detail::Principal> authenticate(store::Database& db, const httplib::Request& req);
  // The route a request goes to, if any.
  const detail::Route* find_route(const httplib::Request& req) const;
  // Every request after its head is read and before its body is: the client address behind a
  // trusted proxy, the body's framing and size limit, authentication before a large body,
  // chunked bodies decoded within the limit. A refusal goes to detail::t_gate.
  void prepare(httplib::Request& req);
  // Answers a refusal prepare() left in t_gate (httplib's pre-routing handler).
  bool answer_gate(const httplib::Request& req, httplib::Response& res);
  // Authentication, access, CSRF, parameters and scope checks, the handler, metrics and
  // the log line.
  void dispatch(const detail::Route& r, const httplib::Request& req, httplib::Response& res);
  // JSON for httplib's own errors: unknown route (404/405), oversize body (413), bad request.
  // GET of the web front end (opt.web_root): files, SPA fallback, caching, CSP.
  void serve_static(const httplib::Request& req, httplib::Response& res);
  httplib::Server::HandlerResponse on_error(const httplib::Request& req, httplib::Response& res);
};

}  // namespace fangpin::server
