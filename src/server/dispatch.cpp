// Every request goes through dispatch(): authentication, the route's access (roles from the
// permission table), CSRF, the declared parameters and the route's scope check, then the
// handler; errors are rendered in one place (server/http.cpp).
#include <arpa/inet.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <variant>

#include "app/clues.h"
#include "app/credentials.h"
#include "app/screening_use_cases.h"
#include "app/documents.h"
#include "server/impl.h"

namespace fangpin::server {

using namespace detail;

RoleSet Access::roles() const {
  switch (kind) {
    case Kind::Public: return {};
    case Kind::AnyUser: return RoleSet::all();
    case Kind::Permission: return permission(action).roles;
  }
  return {};
}

namespace detail {

std::optional<long> Call::integer(std::string_view name) const {
  auto it = ints.find(name);
  return it == ints.end() ? std::nullopt : std::optional<long>(it->second);
}

app::WorkflowEnv Call::workflow_env(const ApiServer::Impl& s) const {
  return app::WorkflowEnv{db.registry(), db.cases(), s.policy, s.workflow_params, s.calendar, s.now_iso()};
}

workflow::Actor Call::actor() const {
  if (!user) return {};
  return workflow::Actor{user->username, user->role, user->scope.digits()};
}

std::optional<bool> Call::flag(std::string_view name) const {
  auto it = flags.find(name);
  return it == flags.end() ? std::nullopt : std::optional<bool>(it->second);
}

namespace {

Status validate_params(const RouteSpec& spec, Call& c) {
  for (const ParamDoc& p : spec.params) {
    if (p.in != In::Query || p.type == Type::String) continue;
    const std::string name(p.name);
    const std::string v = c.req.get_param_value(name);
    if (p.type == Type::Boolean) {
      if (v.empty()) continue;
      if (v == "1" || v == "true") c.flags[p.name] = true;
      else if (v == "0" || v == "false") c.flags[p.name] = false;
      else return invalid(fmt::format("参数 {} 应为 true/false", name), name);
      continue;
    }
    if (v.empty()) {
      if (p.dflt) c.ints[p.name] = *p.dflt;
      else if (p.required || c.req.has_param(name)) return invalid(fmt::format("缺少参数 {}", name), name);
      continue;
    }
    long n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n < p.min || n > p.max)
      return invalid(fmt::format("参数 {} 应为 {}–{} 的整数", name, p.min, p.max), name);
    c.ints[p.name] = n;
  }
  return Ok{};
}

bool declares(const RouteSpec& spec, std::string_view param) {
  for (const ParamDoc& p : spec.params)
    if (p.name == param) return true;
  return false;
}

// The {id} path parameter as a positive integer.
Result<std::int64_t> positive_path_id(const Call& c, std::string_view message) {
  const std::string text = c.req.matches[1];
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return invalid(std::string(message), "id");
  return id;
}

// The route's ScopeCheck. An answer ends the request before the handler.
Result<std::optional<Reply>> check_scope(ApiServer::Impl& s, const RouteSpec& spec, Call& c) {
  switch (spec.scope) {
    case ScopeCheck::None: return std::optional<Reply>();
    case ScopeCheck::RegionFilter: {
      RegionPrefix filter;
      if (declares(spec, "region")) {
        auto parsed = RegionPrefix::parse(c.text("region"));
        if (!parsed) return invalid("region 应为区划代码前缀（1–12 位数字）", "region");
        filter = *parsed;
      }
      c.region = filter.intersect(c.user->scope);
      return std::optional<Reply>();
    }
    case ScopeCheck::Household: {
      const std::string id = c.req.matches[1];
      auto d = c.db.registry().find_household(id);
      if (!d) return d.error();
      // Outside the scope looks exactly like a missing household: existence must not leak.
      if (!d->has_value() || !c.user->scope.contains((*d)->household.region_code))
        return not_found("户不存在或不在管辖范围内", "household_id");
      c.household = std::move(**d);
      return std::optional<Reply>();
    }
    case ScopeCheck::ImportRows: return stage_and_check_upload(s, c);
    case ScopeCheck::Case: {
      auto id = positive_path_id(c, "案件编号应为正整数");
      if (!id) return id.error();
      auto env = c.workflow_env(s);
      auto r = app::load_case(env, *id);
      if (!r) {
        if (r.error().kind == ErrorKind::NotFound) return not_found("案件不存在或不在管辖范围内", "case_id");
        return r.error();
      }
      // Outside the scope, or (帮扶责任人) not the caller's case, looks exactly like a missing case.
      if (!c.user->scope.contains(r->c.region_code) ||
          (c.user->role == Role::Caseworker && r->c.caseworker != c.user->username))
        return not_found("案件不存在或不在管辖范围内", "case_id");
      c.case_record = std::move(*r);
      return std::optional<Reply>();
    }
    case ScopeCheck::Department: {
      // Name or key in the path (医保 = medical), the account's name or its agency (民政局).
      auto department = app::feed_department(c.req.matches[1].str());
      if (!department) return not_found("未知部门", "department");
      if (c.user->role == Role::DeptData && app::feed_department(c.user->department) != department)
        return permission_denied(fmt::format("部门数据员只能办理本部门（{}）的数据", c.user->department));
      return std::optional<Reply>();
    }
    case ScopeCheck::Warning: {
      auto id = positive_path_id(c, "预警编号应为正整数");
      if (!id) return id.error();
      auto w = c.db.screening().find_warning(*id);
      if (!w) return w.error();
      // Outside the scope looks exactly like a missing warning.
      if (!w->has_value() || !c.user->scope.contains((*w)->region_code))
        return not_found("预警不存在或不在管辖范围内", "warning_id");
      c.warning = std::move(**w);
      return std::optional<Reply>();
    }
    case ScopeCheck::ScreeningRun: {
      auto id = positive_path_id(c, "批次编号应为正整数");
      if (!id) return id.error();
      std::optional<std::string> only;
      if (c.user->role == Role::DeptData) only = app::account_department_label(c.user->department);
      auto run = app::find_screening_run(c.db.screening(), *id, only);
      if (!run) return run.error();
      c.run = std::move(*run);
      return std::optional<Reply>();
    }
    case ScopeCheck::Document: {
      const std::string sha = c.req.matches[1];
      if (auto st = app::check_document_visible(c.db, sha, app::Viewer{c.user->username, c.user->role, c.user->scope});
          !st)
        return st.error();
      return std::optional<Reply>();
    }
    case ScopeCheck::Clue: {
      auto id = positive_path_id(c, "线索编号应为正整数");
      if (!id) return id.error();
      auto r = app::find_clue(c.db.clues(), c.actor(), *id);  // outside the scope: NotFound
      if (!r) return r.error();
      c.clue = std::move(*r);
      return std::optional<Reply>();
    }
  }
  return internal_error("unknown scope check");
}

}  // namespace

// Idempotency-Key (README "Write safety"): the first answer to a key is kept for a day and
// given again to a retry of the same request; the key with another request is refused.
Result<std::variant<Reply, IdempotencyClaim>> claim_idempotency(ApiServer::Impl& s, Call& c) {
  const std::string key = c.req.get_header_value(kIdempotencyHeader);
  const bool printable = std::all_of(key.begin(), key.end(), [](char ch) { return ch > 0x20 && ch < 0x7f; });
  if (key.empty() || key.size() > 255 || !printable)
    return invalid("Idempotency-Key 应为 1–255 个可见 ASCII 字符", kIdempotencyHeader);
  // The request's content, not its bytes: a retried multipart upload gets a new boundary.
  std::string fingerprint = c.req.method + "\n" + c.req.target + "\n";
  if (c.req.is_multipart_form_data()) {
    for (const auto& [name, part] : c.req.files)  // a multimap: in name order
      fingerprint += fmt::format("{}\n{}\n{}\n{}\n", name, part.filename, part.content.size(), part.content);
  } else {
    fingerprint += c.req.body;
  }
  IdempotencyClaim claim{c.user ? "user:" + c.user->username : "addr:" + c.req.remote_addr, key,
                         app::token_hash(fingerprint)};
  const auto now = s.now();
  auto found = c.db.accounts().claim_idempotency_key(claim.owner, claim.key, claim.request_hash, iso(now),
                                                     iso(now - std::chrono::minutes(2)));
  if (!found) return found.error();
  if (!*found) return std::variant<Reply, IdempotencyClaim>(std::move(claim));
  const store::IdempotentAnswer& first = **found;
  if (first.request_hash != claim.request_hash)
    return std::variant<Reply, IdempotencyClaim>(
        Reply::error(422, "idempotency_key_reused", "此 Idempotency-Key 已用于另一个请求", kIdempotencyHeader));
  if (first.status == 0)
    return std::variant<Reply, IdempotencyClaim>(Reply::error(
        409, "idempotency_in_progress", "相同 Idempotency-Key 的请求正在处理，请稍后重试", kIdempotencyHeader));
  c.res.set_header("Idempotent-Replayed", "true");
  Reply replay = Reply::raw(first.body, first.content_type);
  replay.status = first.status;
  return std::variant<Reply, IdempotencyClaim>(std::move(replay));
}

void settle_idempotency(Call& c, const IdempotencyClaim& claim) {
  auto& acc = c.db.accounts();
  // A fault inside the server is not an answer to keep: the retry runs again.
  const Status st = c.res.status >= 500 ? acc.release_idempotency_key(claim.owner, claim.key)
                                        : acc.complete_idempotency_key(claim.owner, claim.key, c.res.status,
                                                                       c.res.get_header_value("Content-Type"),
                                                                       c.res.body);
  if (!st) spdlog::error("request_id={} idempotency key not settled: {}", c.request_id, st.error().message);
}

}  // namespace detail

std::optional<Principal> ApiServer::Impl::authenticate(Call& c) { return authenticate(c.db, c.req); }

std::optional<Principal> ApiServer::Impl::authenticate(store::Database& db, const httplib::Request& req) {
  std::string token;
  bool via_cookie = false;
  const std::string authz = req.get_header_value("Authorization");
  if (authz.starts_with("Bearer ")) {
    token = trim(std::string_view(authz).substr(7));
  } else if (auto cookie = cookie_value(req, kSessionCookie)) {
    token = *cookie;
    via_cookie = true;
  }
  if (token.empty() || token.size() > 256) return std::nullopt;
  const std::string hash = app::token_hash(token);
  auto s = db.accounts().find_session(hash, now_iso());
  if (!s) {
    spdlog::error("session lookup failed: {}", s.error().message);
    return std::nullopt;
  }
  if (!s->has_value()) return std::nullopt;
  auto role = parse_role((*s)->role);
  auto scope = RegionPrefix::parse((*s)->region_scope);
  if (!role || !scope) return std::nullopt;  // a damaged account row grants nothing
  return Principal{(*s)->username, *role, *scope, (*s)->department, (*s)->csrf_token, via_cookie, hash};
}

namespace {

std::string lower(std::string_view v) {
  std::string out(v);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

bool is_ip(const std::string& text) {
  unsigned char buf[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, text.c_str(), buf) == 1 || ::inet_pton(AF_INET6, text.c_str(), buf) == 1;
}

// RFC 9112 §7.1 chunked coding: the data within `limit` bytes (413 beyond, without reading
// further); chunk extensions and trailers are read and dropped.
Result<std::string> read_chunked(ConnStream& in, std::size_t limit, int* status) {
  auto malformed = [&] {
    *status = 400;
    return invalid("分块（chunked）请求体格式错误或不完整", "Transfer-Encoding");
  };
  std::string line;
  auto getline = [&]() {
    line.clear();
    char ch = 0;
    for (;;) {
      if (in.read(&ch, 1) != 1) return false;
      if (ch == '\n') break;
      line += ch;
      if (line.size() > 4096) return false;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  };
  std::string out;
  for (;;) {
    if (!getline()) return malformed();
    std::string_view size = std::string_view(line).substr(0, line.find(';'));
    while (!size.empty() && (size.back() == ' ' || size.back() == '\t')) size.remove_suffix(1);
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), n, 16);
    if (size.empty() || ec != std::errc() || end != size.data() + size.size()) return malformed();
    if (n == 0) break;
    if (n > limit - out.size()) {
      *status = 413;
      return invalid(fmt::format("请求体超过上限 {} 字节", limit));
    }
    std::size_t have = out.size();
    out.resize(have + n);
    while (have < out.size()) {
      const ssize_t got = in.read(out.data() + have, out.size() - have);
      if (got <= 0) return malformed();
      have += static_cast<std::size_t>(got);
    }
    if (!getline() || !line.empty()) return malformed();
  }
  for (int trailers = 0;; ++trailers) {
    if (!getline() || trailers > 64) return malformed();
    if (line.empty()) break;
  }
  return out;
}

}  // namespace

const Route* ApiServer::Impl::find_route(const httplib::Request& req) const {
  for (const Route& r : routes)
    if (r.info.method == req.method && std::regex_match(req.path, r.pattern)) return &r;
  return nullptr;
}

void ApiServer::Impl::prepare(httplib::Request& req) {
  RequestGate& g = t_gate;
  // The client behind a trusted reverse proxy: X-Forwarded-For read from the right, past
  // the trusted hops (entries further left are whatever the client wrote).
  auto trusted = [&](const std::string& a) {
    return std::find(opt.trusted_proxies.begin(), opt.trusted_proxies.end(), a) != opt.trusted_proxies.end();
  };
  if (trusted(req.remote_addr) && req.has_header("X-Forwarded-For")) {
    std::vector<std::string> hops;
    auto [first, last] = req.headers.equal_range("X-Forwarded-For");
    for (auto it = first; it != last; ++it)
      for (std::size_t pos = 0; pos <= it->second.size();) {
        const std::size_t comma = std::min(it->second.find(',', pos), it->second.size());
        hops.push_back(trim(std::string_view(it->second).substr(pos, comma - pos)));
        pos = comma + 1;
      }
    std::string client = req.remote_addr;
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
      if (!is_ip(*it)) break;
      client = *it;
      if (!trusted(*it)) break;
    }
    req.remote_addr = client;
  }

  auto refuse = [&](int status, std::string code, std::string message, std::string field = {}) {
    g.status = status;
    g.code = std::move(code);
    g.message = std::move(message);
    g.field = std::move(field);
    g.close = true;  // the body is not read: the connection cannot carry another request
    for (const char* h : {"Expect", "Transfer-Encoding", "Content-Encoding", "Content-Length", "Connection"})
      req.headers.erase(h);
    req.set_header("Content-Length", "0");
    req.set_header("Connection", "close");
  };
  const Route* route = find_route(req);
  g.route = route ? route->info.path : "unmatched";

  const std::string te = req.get_header_value("Transfer-Encoding");
  const bool chunked = lower(trim(te)) == "chunked";
  if (!te.empty() && !chunked)
    return refuse(400, "bad_request", "只支持 Transfer-Encoding: chunked", "Transfer-Encoding");
  if (chunked && req.has_header("Content-Length"))
    return refuse(400, "bad_request", "Content-Length 与 Transfer-Encoding 不能同时出现", "Content-Length");
  const std::string ce = trim(req.get_header_value("Content-Encoding"));
  if (!ce.empty() && lower(ce) != "identity")
    return refuse(415, "unsupported_content_encoding", "请求体不接受压缩（Content-Encoding），请发送原始内容",
                  "Content-Encoding");
  std::uint64_t length = 0;
  if (!chunked) {
    if (req.get_header_value_count("Content-Length") > 1)
      return refuse(400, "bad_request", "Content-Length 只能出现一次", "Content-Length");
    const std::string cl = req.get_header_value("Content-Length");
    if (cl.empty()) {
      // RFC 9112 §6.3: a request without Content-Length or Transfer-Encoding has no body
      // (httplib would otherwise wait for the connection to close).
      req.headers.erase("Content-Length");
      req.set_header("Content-Length", "0");
    } else {
      auto [end, ec] = std::from_chars(cl.data(), cl.data() + cl.size(), length);
      if (ec != std::errc() || end != cl.data() + cl.size())
        return refuse(400, "bad_request", "Content-Length 应为非负整数", "Content-Length");
    }
  }
  std::size_t limit = opt.payload_limit;
  if (!route || route->info.operation_id == "login") limit = opt.login_body_limit;
  else if (route->info.operation_id == "submitApplication") limit = opt.application_body_limit;
  else if (!route->spec.access.authenticated()) limit = std::min<std::size_t>(opt.payload_limit, 64u << 10);
  if (!chunked && length > limit)
    return refuse(413, "payload_too_large", fmt::format("请求体超过上限 {} 字节", limit));
  if (!chunked && length <= listener->prebuffer_body()) return;  // already read with the head

  // A large (or chunked) body: who sends it is checked before any of it is read.
  if (route && route->spec.access.authenticated()) {
    auto lease = pool->acquire();
    if (!lease) return refuse(503, "unavailable", "数据库暂不可用");
    auto p = authenticate(**lease, req);
    if (!p) return refuse(401, "unauthenticated", "未登录或会话已过期");
    if (!route->info.roles.has(p->role))
      return refuse(403, "forbidden", fmt::format("角色“{}”无权访问此接口", label(p->role)));
  }
  if (!listener->take_streaming_slot())
    return refuse(503, "unavailable", "同时上传的请求过多，请稍后重试");
  g.streaming = true;
  if (chunked) {
    int status = 0;
    auto body = read_chunked(*g.stream, limit, &status);
    if (!body) return refuse(status, status == 413 ? "payload_too_large" : "bad_request", body.error().message,
                             body.error().field);
    req.headers.erase("Transfer-Encoding");
    req.set_header("Content-Length", std::to_string(body->size()));
    g.stream->unread(std::move(*body));
  }
}

bool ApiServer::Impl::answer_gate(const httplib::Request& req, httplib::Response& res) {
  const RequestGate& g = t_gate;
  if (g.status == 0) return false;
  const std::string rid = request_id();
  res.set_header("X-Request-Id", rid);
  add_security_headers(res);
  if (g.status == 401) res.set_header("WWW-Authenticate", "Bearer");
  if (g.status == 503) res.set_header("Retry-After", "1");
  send_error(res, g.status, g.code, g.message, g.field);
  metrics.observe(g.route, req.method, g.status, 0.0);
  spdlog::info("request_id={} method={} route={} status={} refused before the body", rid,
               Metrics::method_label(req.method), g.route, g.status);
  return true;
}

void ApiServer::Impl::dispatch(const Route& r, const httplib::Request& req, httplib::Response& res) {
  const auto t0 = std::chrono::steady_clock::now();
  ++inflight;
  const std::string rid = request_id();
  t_request_id = rid;
  res.set_header("X-Request-Id", rid);
  std::string user = "-";
  const RouteSpec& spec = r.spec;
  try {
    auto lease = pool->acquire();
    if (!lease) {
      spdlog::error("request_id={} database unavailable: {}", rid, lease.error().message);
      send_error(res, 503, "unavailable", "数据库暂不可用");
    } else {
      Call c{.req = req, .res = res, .db = **lease, .request_id = rid};
      std::optional<IdempotencyClaim> claim;
      auto answer = [&]() -> Result<Reply> {
        if (spec.access.authenticated()) {
          auto p = authenticate(c);
          if (!p) {
            res.set_header("WWW-Authenticate", "Bearer");
            return Reply::error(401, "unauthenticated", "未登录或会话已过期");
          }
          user = p->username;
          if (!r.info.roles.has(p->role))
            return permission_denied(fmt::format("角色“{}”无权访问此接口", label(p->role)));
          if (spec.csrf && p->via_cookie && req.method != "GET" &&
              !app::constant_time_equal(req.get_header_value(kCsrfHeader), p->csrf_token)) {
            // Double submit: a cross-site form can send the cookie but cannot read fp_csrf.
            return Reply::error(403, "csrf", "缺少或错误的 X-CSRF-Token", kCsrfHeader);
          }
          c.user = std::move(p);
        }
        // A file name becomes a file on disk (staging, 四级档案): longer than a file system
        // takes is the caller's error, not a fault.
        for (const auto& [name, part] : req.files)
          if (part.filename.size() > kMaxFileNameBytes)
            return invalid(fmt::format("上传文件名超过上限 {} 字节", kMaxFileNameBytes), name);
        if (req.method == "POST" && spec.replayable && req.has_header(kIdempotencyHeader)) {
          auto first = claim_idempotency(*this, c);
          if (!first) return first.error();
          if (std::holds_alternative<Reply>(*first)) return std::get<Reply>(std::move(*first));
          claim = std::get<IdempotencyClaim>(std::move(*first));
        }
        if (auto st = validate_params(spec, c); !st) return st.error();
        auto stop = check_scope(*this, spec, c);
        if (!stop) return stop.error();
        if (*stop) return std::move(**stop);
        return spec.handler(*this, c);
      }();
      if (answer) send(res, *answer);
      else send_error(res, answer.error());
      if (claim) settle_idempotency(c, *claim);
    }
  } catch (const std::exception& e) {
    spdlog::error("request_id={} unhandled exception: {}", rid, e.what());
    send_error(res, 500, "internal", "服务器内部错误");
  }
  add_security_headers(res);  // after the handler: one of each, whatever it set
  --inflight;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  metrics.observe(r.info.path, r.info.method, res.status, secs);
  // Route template only: concrete ids and query strings (names in q=) stay out of logs.
  spdlog::info("request_id={} method={} route={} status={} user={} duration_ms={:.2f}", rid,
               Metrics::method_label(req.method),
               r.info.path, res.status, user, secs * 1000.0);
}

httplib::Server::HandlerResponse ApiServer::Impl::on_error(const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // a handler's JSON error
  const std::string rid = request_id();
  res.set_header("X-Request-Id", rid);
  add_security_headers(res);
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
  spdlog::info("request_id={} method={} route=unmatched status={}", rid, Metrics::method_label(req.method),
               res.status);
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace fangpin::server
