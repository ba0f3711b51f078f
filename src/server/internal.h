// Internals of the HTTP server shared by server.cpp (lifecycle, dispatch) and handlers.cpp
// (route table, handlers, OpenAPI). Not part of the public interface.
#pragma once
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <semaphore>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/assess_service.h"
#include "domain/policy.h"
#include "domain/registry.h"
#include "server/auth.h"
#include "server/metrics.h"
#include "server/server.h"
#include "store/account_store.h"
#include "store/store.h"

namespace fangpin::server::detail {

using json = nlohmann::ordered_json;

inline constexpr const char* kSessionCookie = "fp_session";
inline constexpr const char* kCsrfCookie = "fp_csrf";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";
// Sensitive reads (unmasked IDs and phones) are allowed to these roles, on request, logged.
inline constexpr RoleSet kUnmaskRoles{Role::County, Role::Admin};

inline std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

inline void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(dump(body), "application/json; charset=utf-8");
}

inline void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message,
                std::string_view field = {}) {
  json e;
  e["code"] = code;
  e["message"] = message;
  e["field"] = field.empty() ? json(nullptr) : json(field);
  send_json(res, status, json{{"error", std::move(e)}});
}

inline int status_of(const Error& e) {
  switch (e.kind) {
    case ErrorKind::Invalid: return 400;
    case ErrorKind::NotFound: return 404;
    case ErrorKind::Conflict: return 409;
    case ErrorKind::PermissionDenied: return 403;
    case ErrorKind::Refused: return 422;
    case ErrorKind::FailedPrecondition: return 409;
    case ErrorKind::Unsupported: return 400;
    case ErrorKind::Internal: return 500;
  }
  return 500;
}

// The request being handled on this worker, for fault logs deep in handlers.
inline thread_local std::string t_request_id;

inline void send_error(httplib::Response& res, const Error& e) {
  const int status = status_of(e);
  if (status >= 500) {
    spdlog::error("request_id={} internal error: {}", t_request_id, e.message);
    send_error(res, status, "internal", "服务器内部错误");
    return;
  }
  static constexpr std::string_view kCodes[] = {"invalid", "not_found", "conflict", "forbidden", "refused",
                                                "failed_precondition", "unsupported", "internal"};
  send_error(res, status, kCodes[static_cast<int>(e.kind)], e.message, e.field);
}

inline std::string iso(std::chrono::system_clock::time_point t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

inline std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// --- bounded worker pool ---------------------------------------------------------------
// httplib's ThreadPool queues without limit; this one makes the accept loop wait when
// max_queued connections are already waiting (back-pressure into the kernel backlog).
class BoundedThreadPool final : public httplib::TaskQueue {
 public:
  BoundedThreadPool(std::size_t threads, std::size_t max_queued) : max_queued_(std::max<std::size_t>(1, max_queued)) {
    for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return jobs_.size() < max_queued_ || shutdown_; });
    jobs_.push_back(std::move(fn));
    not_empty_.notify_one();
  }
  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      shutdown_ = true;
    }
    not_empty_.notify_all();
    not_full_.notify_all();
    for (auto& t : workers_) t.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
        if (jobs_.empty()) return;  // shutdown and drained: queued connections are still served
        fn = std::move(jobs_.front());
        jobs_.pop_front();
        not_full_.notify_one();
      }
      fn();
    }
  }
  std::size_t max_queued_;
  std::vector<std::thread> workers_;
  std::deque<std::function<void()>> jobs_;
  bool shutdown_ = false;
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
};

// --- connections -----------------------------------------------------------------------
// A SqliteDb connection is single-threaded; each request leases one pair (registry +
// accounts) for its duration. The pool grows to the number of concurrent workers.
struct Conn {
  std::unique_ptr<store::Store> registry;
  std::unique_ptr<store::AccountStore> accounts;
};

class ConnPool {
 public:
  explicit ConnPool(std::string path) : path_(std::move(path)) {}

  class Lease {
   public:
    Lease(ConnPool* pool, std::unique_ptr<Conn> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), conn_(std::move(o.conn_)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->release(std::move(conn_));
    }
    Conn* operator->() const { return conn_.get(); }
    Conn& operator*() const { return *conn_; }

   private:
    ConnPool* pool_;
    std::unique_ptr<Conn> conn_;
  };

  Result<Lease> acquire() {
    {
      std::lock_guard lock(mutex_);
      ++acquires_;
      if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        ++in_use_;
        return Lease(this, std::move(c));
      }
    }
    auto c = std::make_unique<Conn>();
    auto r = store::open_sqlite(path_);
    if (!r) return r.error();
    c->registry = std::move(*r);
    auto a = store::open_sqlite_accounts(path_);
    if (!a) return a.error();
    c->accounts = std::move(*a);
    std::lock_guard lock(mutex_);
    ++open_;
    ++in_use_;
    return Lease(this, std::move(c));
  }

  struct Stats {
    std::size_t open = 0, in_use = 0;
    std::uint64_t acquires = 0;
  };
  Stats stats() const {
    std::lock_guard lock(mutex_);
    return {open_, in_use_, acquires_};
  }

 private:
  void release(std::unique_ptr<Conn> c) {
    std::lock_guard lock(mutex_);
    --in_use_;
    idle_.push_back(std::move(c));
  }
  std::string path_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Conn>> idle_;
  std::size_t open_ = 0, in_use_ = 0;
  std::uint64_t acquires_ = 0;
};

// --- registry snapshot for lists and assessments -----------------------------------------
struct Loaded {
  RegistrySnapshot reg;
  std::unordered_map<std::string, std::size_t> by_id;
  int latest_year = 0;
};
struct YearAssessed {
  std::shared_ptr<const Loaded> source;  // the snapshot the indices below refer to
  app::AssessResult result;
  std::vector<int> of_household;  // per snapshot household: index into result.records or -1
};

// Lists filter on assessment results, so the registry is held in memory and assessed once
// per year. Imports through the API invalidate it; changes made by other processes (CLI
// imports) are picked up after kMaxAge. A refresh is loaded by one request while the others
// keep answering from the previous snapshot (only the very first load makes them wait).
class RegistryCache {
 public:
  static constexpr auto kMaxAge = std::chrono::seconds(60);

  Result<std::shared_ptr<const Loaded>> registry(store::Store& st) {
    std::unique_lock lock(mutex_);
    return load(st, lock);
  }

  Result<std::shared_ptr<const YearAssessed>> assessed(store::Store& st, const Policy& policy, int year) {
    std::unique_lock lock(mutex_);
    auto loaded = load(st, lock);
    if (!loaded) return loaded.error();
    if (auto it = years_.find(year); it != years_.end() && it->second->source == *loaded) return it->second;
    auto r = app::assess_registry((*loaded)->reg, policy, app::AssessRequest{year, "", true});
    if (!r) return r.error();
    auto ya = std::make_shared<YearAssessed>();
    ya->source = *loaded;
    ya->result = std::move(*r);
    ya->of_household.assign((*loaded)->reg.households.size(), -1);
    for (std::size_t i = 0; i < ya->result.records.size(); ++i) {
      auto it = (*loaded)->by_id.find(ya->result.records[i].household_id);
      if (it != (*loaded)->by_id.end()) ya->of_household[it->second] = static_cast<int>(i);
    }
    if (ya->source == loaded_) years_[year] = ya;
    return std::shared_ptr<const YearAssessed>(ya);
  }

  void invalidate() {
    std::lock_guard lock(mutex_);
    ++generation_;
    loaded_.reset();
    years_.clear();
  }

 private:
  Result<std::shared_ptr<const Loaded>> load(store::Store& st, std::unique_lock<std::mutex>& lock) {
    const auto now = std::chrono::steady_clock::now();
    while (!loaded_ && refreshing_) refreshed_.wait(lock);
    if (loaded_ && (now - loaded_at_ < kMaxAge || refreshing_)) return loaded_;
    refreshing_ = true;
    const std::uint64_t generation = generation_;
    lock.unlock();
    auto fresh = build(st);
    lock.lock();
    refreshing_ = false;
    refreshed_.notify_all();
    if (!fresh) return fresh.error();
    if (generation == generation_) {  // not invalidated meanwhile (an import may postdate the read)
      loaded_ = *fresh;
      loaded_at_ = now;
      years_.clear();
    }
    return *fresh;
  }

  static Result<std::shared_ptr<const Loaded>> build(store::Store& st) {
    auto reg = st.load_registry(store::RegistryQuery{});
    if (!reg) return reg.error();
    auto l = std::make_shared<Loaded>();
    l->reg = std::move(*reg);
    l->by_id.reserve(l->reg.households.size());
    for (std::size_t i = 0; i < l->reg.households.size(); ++i) l->by_id.emplace(l->reg.households[i].household_id, i);
    for (const auto& f : l->reg.finances) l->latest_year = std::max(l->latest_year, f.year);
    return std::shared_ptr<const Loaded>(std::move(l));
  }

  std::mutex mutex_;
  std::condition_variable refreshed_;
  bool refreshing_ = false;
  std::uint64_t generation_ = 0;
  std::shared_ptr<const Loaded> loaded_;
  std::chrono::steady_clock::time_point loaded_at_;
  std::map<int, std::shared_ptr<const YearAssessed>> years_;
};

// --- request context -------------------------------------------------------------------
struct Principal {
  std::string username;
  Role role = Role::Supervisor;
  std::string scope;
  std::string department;
  std::string csrf_token;
  bool via_cookie = false;
  std::string token_hash;
};

struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  Conn& conn;
  std::optional<Principal> user;
  std::string request_id;
};

struct ParamDoc {
  std::string_view name;
  std::string_view in;  // path / query
  std::string_view type;  // string / integer / boolean
  bool required;
  std::string_view description;
};

enum class Body { None, LoginJson, Multipart };

using HandlerFn = void (*)(ApiServer::Impl&, Call&);

struct Route {
  RouteInfo info;
  std::string_view summary;
  std::vector<ParamDoc> params;
  Body body = Body::None;
  std::vector<int> errors;  // documented error statuses
  HandlerFn handler = nullptr;
  std::regex pattern;
};

inline std::string path_regex(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '{') {
      i = path.find('}', i);
      out += "([^/]+)";
    } else if (std::string_view(".+*?^$()[]|\\").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<Route> make_routes();
// OpenAPI 3.1 document of the route table.
std::string build_openapi(const std::vector<Route>& routes);

}  // namespace fangpin::server::detail

namespace fangpin::server {

using namespace detail;  // NOLINT: internal header, included only by the server's own files

struct ApiServer::Impl {
  ServerOptions opt;
  Policy policy;
  httplib::Server http;
  Metrics metrics;
  std::unique_ptr<ConnPool> pool;
  RegistryCache cache;
  std::vector<Route> routes;
  std::string openapi;
  std::atomic<std::uint64_t> next_id{0};
  std::string id_prefix;
  std::atomic<int> inflight{0};
  std::atomic<bool> serving{false}, done{false};
  // Each Argon2id verification takes 64 MiB for ~0.1 s: a burst of logins must not take
  // every worker and gigabytes of memory at once.
  std::counting_semaphore<> password_checks{2};
  int port = -1;

  std::chrono::system_clock::time_point now() const {
    return opt.clock ? opt.clock() : std::chrono::system_clock::now();
  }
  std::string now_iso() const { return iso(now()); }

  std::string request_id() { return fmt::format("{}-{:06x}", id_prefix, next_id.fetch_add(1)); }

  // The session behind a Bearer token or the fp_session cookie, if live.
  std::optional<Principal> authenticate(Call& c);
  static std::optional<std::string> cookie_value(const httplib::Request& req, std::string_view name);
  // Authentication, role and CSRF checks, the handler, metrics and the log line.
  void dispatch(const Route& r, const httplib::Request& req, httplib::Response& res);
  // JSON for httplib's own errors: unknown route (404/405), oversize body (413), bad request.
  httplib::Server::HandlerResponse on_error(const httplib::Request& req, httplib::Response& res);
};

}  // namespace fangpin::server
