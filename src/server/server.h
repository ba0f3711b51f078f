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
