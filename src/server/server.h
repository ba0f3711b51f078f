// The HTTP API (cpp-httplib): versioned routes under /api/v1, JSON errors, sessions, region
// scoped authorization, masking, OpenAPI and metrics. One route table drives dispatch, the
// OpenAPI document and the authorization policy.
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "server/auth.h"

namespace fangpin::server {

struct ServerOptions {
  std::string db_path;                 // an initialised (migrated) SQLite database
  std::string policy_path;             // "" = shipped policy
  std::string host = "127.0.0.1";
  int port = 8080;                     // 0 = any free port (see ApiServer::port())
  int threads = 32;                    // worker threads (one keep-alive connection each)
  std::size_t max_queued = 1024;       // accepted connections waiting for a worker
  std::size_t payload_limit = 32u << 20;  // request bodies (uploads) larger than this get 413
  int read_timeout_s = 10;
  int write_timeout_s = 30;
  int keep_alive_timeout_s = 2;
  std::chrono::seconds session_ttl{8 * 3600};
  // Failed logins within throttle_window beyond these counts answer 429.
  int max_failures_per_user = 5;
  int max_failures_per_address = 30;
  std::chrono::seconds throttle_window{15 * 60};
  bool secure_cookies = false;         // add the Secure attribute (behind TLS)
  // Injected clock (tests move it forward to expire sessions).
  std::function<std::chrono::system_clock::time_point()> clock;
};

enum class ScopeRule {
  None,          // no household data, or the caller's own session
  Household,     // one household by id: outside the scope answers 404
  RegionFilter,  // lists: the region filter is intersected with the scope
  ImportRows,    // uploads: every row must be inside the scope
};

// What the route table says about a route (for tests and documentation).
struct RouteInfo {
  std::string method;  // GET / POST
  std::string path;    // OpenAPI template, e.g. /api/v1/households/{id}
  std::string operation_id;
  bool authenticated = true;
  RoleSet roles;       // allowed roles when authenticated
  ScopeRule scope = ScopeRule::None;
  bool writes = false;
};

class ApiServer {
 public:
  explicit ApiServer(ServerOptions options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Opens the database and binds the port; the server is not serving yet.
  Status bind();
  int port() const;
  // Serves until stop(); in-flight requests finish before it returns.
  Status serve();
  // Thread-safe; safe to call before serve() starts waiting.
  void stop();

  static std::vector<RouteInfo> routes();

  struct Impl;  // opaque; public only so the handlers in server.cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace fangpin::server
