// The HTTP API (cpp-httplib): versioned routes under /api/v1, JSON errors, sessions, region
// scoped authorization, masking, OpenAPI and metrics. One route table drives dispatch, the
// OpenAPI document and the authorization policy.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/permission.h"
#include "domain/role.h"

namespace fangpin::server {

// Roles are the domain's (domain/role.h).
using fangpin::Role;
using fangpin::RoleSet;
using fangpin::kAllRoles;
using fangpin::kRoleCount;
using fangpin::label;
using fangpin::key;
using fangpin::parse_role;

struct ServerOptions {
  std::string db_path;                 // an initialised (migrated) database (store::open_database URL or path)
  std::string policy_path;             // "" = shipped policy
  std::string calendar_path;           // "" = shipped work calendar (2021–2026)
  std::string web_root;                // built web front end (web/dist) served at `/`; "" = none
  std::string files_dir;               // document store (四级档案); "" = DB path + ".files"
  // Uploads that no case references are deleted this long after their last upload.
  std::chrono::seconds unreferenced_document_ttl{24 * 3600};
  std::string host = "127.0.0.1";
  int port = 8080;                     // 0 = any free port (see ApiServer::port())
  // Connections and limits (README "Security and limits"). Request heads, small bodies and
  // idle keep-alive connections are read by one I/O thread; a worker is taken per request.
  int threads = 32;                    // worker threads (requests handled at once)
  std::size_t max_queued = 1024;       // complete requests waiting for a worker (beyond: 503)
  std::size_t payload_limit = 32u << 20;  // request bodies (uploads) larger than this get 413
  std::size_t login_body_limit = 4096;    // POST /api/v1/auth/login bodies larger than this get 413
  std::size_t max_header_bytes = 64u << 10;  // request line + headers (431 beyond)
  int read_timeout_s = 10;             // a request head (and a body up to 64 KiB) must arrive within this (408)
  int body_timeout_s = 120;            // a larger body must arrive within this after its head
  int write_timeout_s = 60;            // a response must be taken by the client within this
  int keep_alive_timeout_s = 5;        // an idle keep-alive connection is closed after this
  int shutdown_grace_s = 5;            // after stop(), reads/writes still in progress get this long
  std::size_t max_connections = 1000;  // open connections (beyond: 503 at accept; below the usual 1024 descriptors)
  int listen_backlog = 1024;
  // Addresses of reverse proxies whose X-Forwarded-For names the client (exact IPs); no other
  // peer's X-Forwarded-For is believed.
  std::vector<std::string> trusted_proxies;
  std::chrono::seconds session_ttl{8 * 3600};
  // Login throttling (per-user backoff, README "Security and limits"): after
  // max_failures_per_user failed passwords for one user from one address within
  // throttle_window, that address waits login_backoff_base × 2^(extra failures) (at most the
  // window) after its last failure. An address with max_failures_per_address failures in the
  // window may still log in users it has not failed for, so no one can lock everyone out.
  int max_failures_per_user = 5;
  int max_failures_per_address = 30;
  std::chrono::seconds throttle_window{15 * 60};
  std::chrono::seconds login_backoff_base{60};
  bool secure_cookies = false;         // add the Secure attribute (behind TLS)
  // 农户自主申报, the public form (app/clues.h): proof-of-work difficulty in bits, submissions
  // per client address per hour and per resident ID per day, body limit (413 beyond).
  int application_pow_bits = 18;
  int applications_per_address_hour = 5;
  int applications_per_id_day = 3;
  std::size_t application_body_limit = 5u << 20;
  // Injected clock (tests move it forward to expire sessions).
  std::function<std::chrono::system_clock::time_point()> clock;
};

// How dispatch() relates a route's data to the caller's region scope. The check runs for
// every route before its handler, which never checks again.
enum class ScopeCheck {
  None,          // no household data, or the caller's own session
  Household,     // one household by the {id} path parameter: outside the scope answers 404
  RegionFilter,  // lists: the `region` parameter (if the route has one) intersected with the scope
  ImportRows,    // uploads to the {table} path parameter: every row must be inside the scope (422)
  Case,          // one case by the {id} path parameter: its household region inside the scope and,
                 // for a 帮扶责任人, the caller is its caseworker; otherwise 404
  Department,    // the {department} path parameter: a 部门数据员 only its own department (403)
  Warning,       // one department warning by the {id} path parameter: its household region inside
                 // the scope; otherwise 404
  ScreeningRun,  // one screening run by the {id} path parameter: a 部门数据员 only its own
                 // department's runs; otherwise 404
  Document,      // the {sha256} path parameter: a document some case visible to the caller references
                 // (app::case_visible); otherwise 404 (400 for a malformed name)
  Clue,          // one clue (农户自主申报/舆情信访) by the {id} path parameter: outside the scope 404
};

// Who may call a route: anyone, any signed-in account, or the roles of one permission-table
// action (domain/permission.h).
struct Access {
  enum class Kind : std::uint8_t { Public, AnyUser, Permission };
  Kind kind = Kind::Public;
  Action action{};

  constexpr bool authenticated() const { return kind != Kind::Public; }
  RoleSet roles() const;  // none for Public, every role for AnyUser
};
inline constexpr Access kPublic{Access::Kind::Public, {}};
inline constexpr Access kAnyUser{Access::Kind::AnyUser, {}};
constexpr Access permit(Action a) { return Access{Access::Kind::Permission, a}; }

// What the route table says about a route (for tests and documentation).
struct RouteInfo {
  std::string method;  // GET / POST
  std::string path;    // OpenAPI template, e.g. /api/v1/households/{id}
  std::string operation_id;
  Access access;
  bool authenticated = true;  // = access.authenticated()
  RoleSet roles;              // = access.roles(): allowed roles when authenticated
  ScopeCheck scope = ScopeCheck::None;
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

  struct Impl;  // opaque; public only so the route handlers can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace fangpin::server
