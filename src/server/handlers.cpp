// The route table, its handlers and the OpenAPI document generated from it.
#include <charconv>
#include <filesystem>
#include <fstream>

#include "app/assessment_format.h"
#include "app/import_service.h"
#include "domain/assessment.h"
#include "domain/region.h"
#include "domain/resident_id.h"
#include "io/registry_format.h"
#include "io/table.h"
#include "server/internal.h"

namespace fs = std::filesystem;

namespace fangpin::server::detail {

namespace {

// --- helpers for handlers ----------------------------------------------------------------
std::optional<long> int_param(Call& c, const char* name, long lo, long hi, std::optional<long> dflt) {
  const std::string v = c.req.get_param_value(name);
  if (v.empty()) {
    if (!dflt) send_error(c.res, 400, "invalid", fmt::format("缺少参数 {}", name), name);
    return dflt;
  }
  long n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < lo || n > hi) {
    send_error(c.res, 400, "invalid", fmt::format("参数 {} 应为 {}–{} 的整数", name, lo, hi), name);
    return std::nullopt;
  }
  return n;
}

// true/false/1/0; nullopt (and a 400 already sent) when malformed; `unset` when absent.
enum class Tri { Unset, True, False, Bad };
Tri bool_param(Call& c, const char* name) {
  const std::string v = c.req.get_param_value(name);
  if (v.empty()) return Tri::Unset;
  if (v == "1" || v == "true") return Tri::True;
  if (v == "0" || v == "false") return Tri::False;
  send_error(c.res, 400, "invalid", fmt::format("参数 {} 应为 true/false", name), name);
  return Tri::Bad;
}

// A region filter (validated) intersected with the caller's scope; nullopt when disjoint.
bool region_param(Call& c, std::optional<std::string>& effective) {
  const std::string region = c.req.get_param_value("region");
  if (!region.empty() && !is_region_prefix(region)) {
    send_error(c.res, 400, "invalid", "region 应为区划代码前缀（1–12 位数字）", "region");
    return false;
  }
  effective = intersect_scope(region, c.user->scope);
  return true;
}

json user_json(const Principal& p) {
  return json{{"username", p.username},
              {"role", label(p.role)},
              {"region_scope", p.scope},
              {"department", p.department.empty() ? json(nullptr) : json(p.department)}};
}

std::string cookie(std::string_view name, std::string_view value, long max_age, bool http_only, bool secure) {
  return fmt::format("{}={}; Path=/; Max-Age={}; SameSite=Strict{}{}", name, value, max_age,
                     http_only ? "; HttpOnly" : "", secure ? "; Secure" : "");
}

// --- handlers --------------------------------------------------------------------------
void h_healthz(ApiServer::Impl&, Call& c) {
  const int v = c.conn.registry->schema_version();
  send_json(c.res, v > 0 ? 200 : 503, json{{"status", v > 0 ? "ok" : "no_schema"}, {"schema_version", v}});
}

void h_openapi(ApiServer::Impl& s, Call& c) { c.res.set_content(s.openapi, "application/json; charset=utf-8"); }

void h_metrics(ApiServer::Impl& s, Call& c) {
  const auto st = s.pool->stats();
  std::vector<Metrics::Gauge> g{
      {"fangpin_db_connections_open", "SQLite connection pairs opened by the pool.", "gauge", double(st.open)},
      {"fangpin_db_connections_in_use", "Connection pairs leased by requests right now.", "gauge", double(st.in_use)},
      {"fangpin_db_connection_acquires_total", "Connection leases since start.", "counter", double(st.acquires)},
      {"fangpin_http_inflight_requests", "Requests being handled.", "gauge", double(s.inflight.load())},
  };
  c.res.set_content(s.metrics.render(g), "text/plain; version=0.0.4; charset=utf-8");
}

void h_login(ApiServer::Impl& s, Call& c) {
  auto body = nlohmann::json::parse(c.req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return send_error(c.res, 400, "invalid_json", "请求体不是合法的 JSON 对象");
  for (const char* f : {"username", "password"})
    if (!body.contains(f) || !body[f].is_string() || body[f].get_ref<const std::string&>().empty())
      return send_error(c.res, 400, "invalid", fmt::format("缺少字段 {}", f), f);
  const std::string username = body["username"].get<std::string>();
  const std::string password = body["password"].get<std::string>();
  auto& acc = *c.conn.accounts;
  const auto now = s.now();
  const std::string since = iso(now - s.opt.throttle_window);
  const std::string user_key = "user:" + username, addr_key = "addr:" + c.req.remote_addr;
  auto uf = acc.login_failures_since(user_key, since);
  auto af = acc.login_failures_since(addr_key, since);
  if (!uf) return send_error(c.res, uf.error());
  if (!af) return send_error(c.res, af.error());
  if (*uf >= s.opt.max_failures_per_user || *af >= s.opt.max_failures_per_address) {
    // Checked before the password: a throttled client gets no answer about it at all.
    c.res.set_header("Retry-After", std::to_string(s.opt.throttle_window.count()));
    spdlog::warn("request_id={} login throttled", c.request_id);
    return send_error(c.res, 429, "too_many_attempts", "登录失败次数过多，请稍后再试");
  }
  auto u = acc.find_user(username);
  if (!u) return send_error(c.res, u.error());
  // Unknown users still cost one hash verification so timing does not reveal them.
  static const std::string kDummy = hash_password("not-a-password-000", HashStrength::Interactive).value();
  bool ok = false;
  {
    s.password_checks.acquire();
    struct Release {
      std::counting_semaphore<>& sem;
      ~Release() { sem.release(); }
    } release{s.password_checks};
    ok = u->has_value() ? verify_password((*u)->password_hash, password) : (verify_password(kDummy, password), false);
  }
  if (!ok || (*u)->disabled) {
    (void)acc.record_login_failure(user_key, iso(now));
    (void)acc.record_login_failure(addr_key, iso(now));
    spdlog::info("request_id={} login failed", c.request_id);
    return send_error(c.res, 401, "invalid_credentials", "用户名或密码错误，或账号已停用");
  }
  (void)acc.clear_login_failures(user_key);
  if (auto st = acc.purge(iso(now), since); !st) spdlog::warn("request_id={} purge failed: {}", c.request_id, st.error().message);
  const std::string token = random_hex(32), csrf = random_hex(32);
  const auto expires = now + s.opt.session_ttl;
  if (auto st = acc.create_session(token_hash(token), username, csrf, iso(now), iso(expires)); !st)
    return send_error(c.res, st.error());
  auto role = parse_role((*u)->role);
  Principal p{username, role.value_or(Role::Supervisor), (*u)->region_scope, (*u)->department, csrf, false, {}};
  const long ttl = static_cast<long>(s.opt.session_ttl.count());
  c.res.set_header("Set-Cookie", cookie(kSessionCookie, token, ttl, true, s.opt.secure_cookies));
  c.res.set_header("Set-Cookie", cookie(kCsrfCookie, csrf, ttl, false, s.opt.secure_cookies));
  spdlog::info("request_id={} login user={}", c.request_id, username);
  send_json(c.res, 200,
            json{{"token", token}, {"token_type", "Bearer"}, {"expires_at", iso(expires)}, {"csrf_token", csrf},
                 {"user", user_json(p)}});
}

void h_logout(ApiServer::Impl& s, Call& c) {
  if (auto st = c.conn.accounts->delete_session(c.user->token_hash); !st) return send_error(c.res, st.error());
  c.res.set_header("Set-Cookie", cookie(kSessionCookie, "", 0, true, s.opt.secure_cookies));
  c.res.set_header("Set-Cookie", cookie(kCsrfCookie, "", 0, false, s.opt.secure_cookies));
  send_json(c.res, 200, json{{"logged_out", true}});
}

void h_me(ApiServer::Impl&, Call& c) { send_json(c.res, 200, user_json(*c.user)); }

void h_users(ApiServer::Impl&, Call& c) {
  auto users = c.conn.accounts->list_users();
  if (!users) return send_error(c.res, users.error());
  auto items = json::array();
  for (const auto& u : *users) {
    if (!u.region_scope.starts_with(c.user->scope)) continue;
    items.push_back(json{{"username", u.username},
                         {"role", u.role},
                         {"region_scope", u.region_scope},
                         {"department", u.department.empty() ? json(nullptr) : json(u.department)},
                         {"disabled", u.disabled},
                         {"created_at", u.created_at},
                         {"created_by", u.created_by}});
  }
  send_json(c.res, 200, json{{"items", std::move(items)}});
}

json assessment_summary(const Assessment& a) {
  auto reasons = json::array();
  for (RiskReason r : a.reasons_in_order()) reasons.push_back(label(r));
  return json{{"year", a.year},
              {"candidate", a.candidate},
              {"type", a.type ? json(label(*a.type)) : json(nullptr)},
              {"primary_reason", a.primary_reason ? json(label(*a.primary_reason)) : json(nullptr)},
              {"risk_reasons", std::move(reasons)},
              {"excluded", a.excluded}};
}

void h_households(ApiServer::Impl& s, Call& c) {
  std::optional<std::string> scope;
  if (!region_param(c, scope)) return;
  std::optional<MonitoredType> type;
  if (auto t = c.req.get_param_value("type"); !t.empty()) {
    type = parse_monitored_type(t);
    if (!type) return send_error(c.res, 400, "invalid", "type 应为 脱贫不稳定户|边缘易致贫户|突发严重困难户", "type");
  }
  std::optional<RiskReason> reason;
  if (auto r = c.req.get_param_value("reason"); !r.empty()) {
    reason = parse_risk_reason(r);
    if (!reason) return send_error(c.res, 400, "invalid", "reason 不是已知的风险类型", "reason");
  }
  const Tri candidate = bool_param(c, "candidate");
  if (candidate == Tri::Bad) return;
  const std::string q = c.req.get_param_value("q");
  auto limit = int_param(c, "limit", 1, 500, 50);
  if (!limit) return;
  auto offset = int_param(c, "offset", 0, 100'000'000, 0);
  if (!offset) return;
  const bool has_year = c.req.has_param("year");
  std::optional<long> year;
  if (has_year && !(year = int_param(c, "year", 1900, 2200, std::nullopt))) return;

  std::shared_ptr<const Loaded> loaded;
  std::shared_ptr<const YearAssessed> assessed;
  int y = static_cast<int>(year.value_or(0));
  if (has_year || reason || candidate != Tri::Unset) {
    if (!has_year) {
      auto l = s.cache.registry(*c.conn.registry);
      if (!l) return send_error(c.res, l.error());
      y = (*l)->latest_year;
    }
    auto a = s.cache.assessed(*c.conn.registry, s.policy, y);
    if (!a) {
      Error e = a.error();
      if (e.kind != ErrorKind::Internal) {  // e.g. no poverty line configured for the year
      e.kind = ErrorKind::Invalid;
      e.field = "year";
    }
      return send_error(c.res, e);
    }
    assessed = *a;
    loaded = assessed->source;
  } else {
    auto l = s.cache.registry(*c.conn.registry);
    if (!l) return send_error(c.res, l.error());
    loaded = *l;
  }

  auto items = json::array();
  std::size_t total = 0;
  const auto& hh = loaded->reg.households;
  for (std::size_t i = 0; scope && i < hh.size(); ++i) {
    const Household& h = hh[i];
    if (!in_scope(h.region_code, *scope)) continue;
    if (type && h.monitored_type != type) continue;
    if (!q.empty() && h.head_name.find(q) == std::string::npos) continue;
    const Assessment* a = nullptr;
    if (assessed && assessed->of_household[i] >= 0) a = &assessed->result.records[assessed->of_household[i]];
    if (reason && !(a && a->risk_reasons.has(*reason))) continue;
    if (candidate == Tri::True && !(a && a->candidate)) continue;
    if (candidate == Tri::False && (a && a->candidate)) continue;
    ++total;
    if (total <= static_cast<std::size_t>(*offset) || items.size() >= static_cast<std::size_t>(*limit)) continue;
    json it{{"household_id", h.household_id},
            {"region_code", h.region_code},
            {"head_name", h.head_name},
            {"phone", mask_phone(h.phone)},
            {"formerly_poor", h.formerly_poor},
            {"monitored_type", h.monitored_type ? json(label(*h.monitored_type)) : json(nullptr)},
            {"members", loaded->reg.members_of(i).size()}};
    if (assessed) it["assessment"] = a ? assessment_summary(*a) : json(nullptr);
    items.push_back(std::move(it));
  }
  json out{{"total", total}, {"limit", *limit}, {"offset", *offset}};
  if (assessed) out["year"] = y;
  out["items"] = std::move(items);
  send_json(c.res, 200, out);
}

void h_household(ApiServer::Impl& s, Call& c) {
  const std::string id = c.req.matches[1];
  auto d = c.conn.registry->find_household(id);
  if (!d) return send_error(c.res, d.error());
  // Outside the scope looks exactly like a missing household: existence must not leak.
  if (!d->has_value() || !in_scope((*d)->household.region_code, c.user->scope))
    return send_error(c.res, 404, "not_found", "户不存在或不在管辖范围内", "household_id");
  const bool unmask = c.req.get_param_value("unmask") == "1" && kUnmaskRoles.has(c.user->role);
  if (unmask) {
    if (auto st = c.conn.accounts->record_access({c.user->username, s.now_iso(), "unmask", id}); !st)
      return send_error(c.res, st.error());
    spdlog::info("request_id={} unmasked read user={} household={}", c.request_id, c.user->username, id);
  }
  auto j = app::household_json(**d, unmask);
  j["masked"] = !unmask;
  send_json(c.res, 200, j);
}

void h_assessments(ApiServer::Impl& s, Call& c) {
  auto year = int_param(c, "year", 1900, 2200, std::nullopt);
  if (!year) return;
  std::optional<std::string> scope;
  if (!region_param(c, scope)) return;
  const Tri all = bool_param(c, "all");
  if (all == Tri::Bad) return;
  auto limit = int_param(c, "limit", 1, 100'000, 1000);
  if (!limit) return;
  auto offset = int_param(c, "offset", 0, 100'000'000, 0);
  if (!offset) return;
  auto a = s.cache.assessed(*c.conn.registry, s.policy, static_cast<int>(*year));
  if (!a) {
    Error e = a.error();
    if (e.kind != ErrorKind::Internal) {  // e.g. no poverty line configured for the year
      e.kind = ErrorKind::Invalid;
      e.field = "year";
    }
    return send_error(c.res, e);
  }
  const Loaded* loaded = (*a)->source.get();
  auto items = json::array();
  std::size_t total = 0, unassessable = 0;
  for (const Assessment& r : (*a)->result.records) {
    if (!scope) break;
    auto it = loaded->by_id.find(r.household_id);
    if (it == loaded->by_id.end() || !in_scope(loaded->reg.households[it->second].region_code, *scope)) continue;
    if (all != Tri::True && !r.candidate && !r.excluded) continue;
    ++total;
    if (total <= static_cast<std::size_t>(*offset) || items.size() >= static_cast<std::size_t>(*limit)) continue;
    items.push_back(app::assessment_json(r));
  }
  for (const auto& u : (*a)->result.unassessable) {
    auto it = loaded->by_id.find(u.household_id);
    if (scope && it != loaded->by_id.end() && in_scope(loaded->reg.households[it->second].region_code, *scope))
      ++unassessable;
  }
  send_json(c.res, 200,
            json{{"year", *year}, {"region", scope ? json(*scope) : json(nullptr)}, {"total", total},
                 {"limit", *limit}, {"offset", *offset}, {"unassessable", unassessable}, {"items", std::move(items)}});
}

json report_json(const app::ImportReport& r) {
  auto errors = json::array();
  for (const auto& e : r.errors) errors.push_back(json{{"row", e.row}, {"column", e.column}, {"reason", e.reason}});
  return json{{"imported", r.imported},
              {"rejected", r.rejected},
              {"errors", std::move(errors)},
              {"warnings", r.warnings},
              {"encoding", r.encoding},
              {"written",
               json{{"inserted", r.written.inserted}, {"updated", r.written.updated}, {"unchanged", r.written.unchanged}}}};
}

// Rows of an upload that touch households outside the caller's scope. Members and finances
// of unknown households are reported the same way, so a probe cannot tell them apart.
Result<std::vector<io::RowError>> scope_violations(io::RegistryTable table, const std::string& path,
                                                   std::string_view scope, const Loaded& loaded, int* rows_out) {
  auto opened = io::open_table(path);
  if (!opened) return opened.error();
  io::HeaderMap header = io::map_header(table, (*opened)->header());
  int id_col = -1, region_col = -1;
  const auto cols = io::columns_of(table);
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (cols[i].key == "household_id") id_col = header.index[i];
    if (cols[i].key == "region_code") region_col = header.index[i];
  }
  std::vector<io::RowError> out;
  std::vector<std::size_t> bad;
  io::TableRow row;
  auto cell = [&](int col) { return col >= 0 && static_cast<std::size_t>(col) < row.cells.size() ? trim(row.cells[col]) : std::string(); };
  while (true) {
    auto more = (*opened)->next(row);
    if (!more) return more.error();
    if (!*more) break;
    const std::string id = cell(id_col);
    auto known = loaded.by_id.find(id);
    const bool known_in_scope =
        known != loaded.by_id.end() && in_scope(loaded.reg.households[known->second].region_code, scope);
    if (table == io::RegistryTable::Households) {
      const std::string region = cell(region_col);
      if (!region.empty() && !in_scope(region, scope)) {
        out.push_back({row.row_number, "区划代码", "不在账号管辖范围内"});
        continue;
      }
      if (known != loaded.by_id.end() && !known_in_scope)
        out.push_back({row.row_number, "户编号", "户编号不存在或不在账号管辖范围内"});
    } else if (!id.empty() && !known_in_scope) {
      out.push_back({row.row_number, "户编号", "户编号不存在或不在账号管辖范围内"});
    }
  }
  for (const auto& e : out) bad.push_back(e.row);
  *rows_out = static_cast<int>(bad.size());
  return out;
}

void h_import(ApiServer::Impl& s, Call& c) {
  auto table = io::parse_registry_table(c.req.matches[1].str());
  if (!table) return send_error(c.res, 404, "not_found", "未知的导入类型（households|members|finances）", "table");
  if (!c.req.is_multipart_form_data() || !c.req.has_file("file"))
    return send_error(c.res, 400, "invalid", "需要 multipart/form-data 上传，文件字段名为 file", "file");
  const auto file = c.req.get_file_value("file");
  std::string name = fs::path(file.filename).filename().string();
  std::string ext = fs::path(name).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (ext != ".csv" && ext != ".xlsx") return send_error(c.res, 400, "invalid", "只接受 .csv 或 .xlsx 文件", "file");
  if (name.empty() || name.front() == '.') name = "upload" + ext;
  const Tri strict = bool_param(c, "strict");
  if (strict == Tri::Bad) return;

  // The importer reads files; the upload goes to a private temp dir removed afterwards.
  struct TempDir {
    fs::path path;
    ~TempDir() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  } dir{fs::temp_directory_path() / ("fangpin-upload-" + random_hex(12))};
  std::error_code ec;
  fs::create_directories(dir.path, ec);
  fs::permissions(dir.path, fs::perms::owner_all, ec);
  const std::string path = (dir.path / name).string();
  {
    std::ofstream out(path, std::ios::binary);
    out.write(file.content.data(), static_cast<std::streamsize>(file.content.size()));
    if (!out) return send_error(c.res, 500, "internal", "无法保存上传文件");
  }
  const std::string now = s.now_iso();
  std::shared_ptr<const Loaded> before;
  if (!c.user->scope.empty()) {
    s.cache.invalidate();  // check against the current registry
    auto loaded = s.cache.registry(*c.conn.registry);
    if (!loaded) return send_error(c.res, loaded.error());
    before = *loaded;
    int rows = 0;
    auto v = scope_violations(*table, path, c.user->scope, **loaded, &rows);
    if (!v) return send_error(c.res, v.error());
    if (!v->empty()) {
      store::ImportRun run{std::string(io::table_name(*table)), "upload:" + name, c.user->username, now, 0, rows};
      (void)c.conn.registry->record_import(run);
      app::ImportReport rep;
      rep.rejected = rows;
      rep.errors = std::move(*v);
      rep.encoding = "";
      auto j = report_json(rep);
      j["stored"] = false;
      j["error"] = json{{"code", "out_of_scope"},
                        {"message", fmt::format("{} 行超出账号管辖范围，未写入任何数据", rows)},
                        {"field", "file"}};
      return send_json(c.res, 422, j);
    }
  }
  app::ImportRequest req{*table, path, strict == Tri::True, c.user->username, now, "upload:" + name};
  auto report = app::import_registry_file(*c.conn.registry, s.policy, req);
  s.cache.invalidate();
  if (!report) {
    Error e = report.error();
    if (e.kind != ErrorKind::Internal) e.field = "file";
    return send_error(c.res, e);
  }
  if (before) {
    // The importer names the household a duplicate resident ID belongs to; outside the
    // scope that household must stay anonymous.
    static const std::regex kOtherHousehold("已登记在户 ([^（]+)（");
    for (auto& e : report->errors) {
      std::smatch m;
      if (!std::regex_search(e.reason, m, kOtherHousehold)) continue;
      auto it = before->by_id.find(m[1].str());
      if (it == before->by_id.end() || !in_scope(before->reg.households[it->second].region_code, c.user->scope))
        e.reason = std::string(m.prefix()) + "已登记在管辖范围外的户（" + std::string(m.suffix());
    }
  }
  spdlog::info("request_id={} import table={} user={} imported={} rejected={}", c.request_id,
               io::table_name(*table), c.user->username, report->imported, report->rejected);
  auto j = report_json(*report);
  j["stored"] = !(strict == Tri::True && report->rejected > 0);
  send_json(c.res, 200, j);
}

}  // namespace

// --- the route table -----------------------------------------------------------------------
constexpr RoleSet kReaders{Role::Village, Role::Township, Role::County, Role::Caseworker, Role::Supervisor, Role::Admin};
constexpr RoleSet kAssessors{Role::Village, Role::Township, Role::County, Role::Supervisor, Role::Admin};
constexpr RoleSet kImporters{Role::Village, Role::Township, Role::County, Role::Admin};

std::vector<Route> make_routes() {
  const ParamDoc p_region{"region", "query", "string", false, "区划代码前缀（与账号管辖范围取交集）"};
  const ParamDoc p_limit{"limit", "query", "integer", false, "每页条数"};
  const ParamDoc p_offset{"offset", "query", "integer", false, "跳过条数"};
  std::vector<Route> r;
  auto add = [&](std::string method, std::string path, std::string op, bool auth, RoleSet roles, ScopeRule scope,
                 bool writes, std::string_view summary, std::vector<ParamDoc> params, Body body, std::vector<int> errors,
                 HandlerFn h) {
    Route x;
    x.info = RouteInfo{std::move(method), std::move(path), std::move(op), auth, roles, scope, writes};
    x.summary = summary;
    x.params = std::move(params);
    x.body = body;
    x.errors = std::move(errors);
    x.handler = h;
    x.pattern = std::regex(path_regex(x.info.path));
    r.push_back(std::move(x));
  };
  add("GET", "/healthz", "healthz", false, {}, ScopeRule::None, false, "存活检查", {}, Body::None, {503}, h_healthz);
  add("GET", "/metrics", "metrics", false, {}, ScopeRule::None, false, "Prometheus 指标", {}, Body::None, {}, h_metrics);
  add("GET", "/api/openapi.json", "openapi", false, {}, ScopeRule::None, false, "本接口文档（OpenAPI 3.1）", {},
      Body::None, {}, h_openapi);
  add("POST", "/api/v1/auth/login", "login", false, {}, ScopeRule::None, false,
      "登录：返回 Bearer 令牌，并设置 HttpOnly 会话 Cookie 与 CSRF 令牌", {}, Body::LoginJson, {400, 401, 429}, h_login);
  add("POST", "/api/v1/auth/logout", "logout", true, RoleSet::all(), ScopeRule::None, false, "退出登录（使会话失效）", {},
      Body::None, {401, 403}, h_logout);
  add("GET", "/api/v1/auth/me", "me", true, RoleSet::all(), ScopeRule::None, false, "当前用户", {}, Body::None, {401},
      h_me);
  add("GET", "/api/v1/users", "listUsers", true, {Role::Admin}, ScopeRule::RegionFilter, false,
      "用户列表（管辖范围内）", {}, Body::None, {401, 403}, h_users);
  add("GET", "/api/v1/households", "listHouseholds", true, kReaders, ScopeRule::RegionFilter, false,
      "户列表（筛选、分页；联系电话脱敏）",
      {p_region,
       {"type", "query", "string", false, "监测对象类型：脱贫不稳定户|边缘易致贫户|突发严重困难户"},
       {"reason", "query", "string", false, "风险类型（按 year 年度评估）"},
       {"candidate", "query", "boolean", false, "是否纳入监测候选（按 year 年度评估）"},
       {"year", "query", "integer", false, "评估年度（默认最近有收支数据的年度）"},
       {"q", "query", "string", false, "户主姓名包含"},
       p_limit,
       p_offset},
      Body::None, {400, 401, 403}, h_households);
  add("GET", "/api/v1/households/{id}", "getHousehold", true, kReaders, ScopeRule::Household, false,
      "一户详情：成员（证件号码脱敏）、年度收支及历史",
      {{"id", "path", "string", true, "户编号"},
       {"unmask", "query", "string", false, "1 = 显示完整证件号码与电话（仅县级、系统管理员；记入访问日志）"}},
      Body::None, {401, 403, 404}, h_household);
  add("GET", "/api/v1/assessments", "listAssessments", true, kAssessors, ScopeRule::RegionFilter, false,
      "按 SPEC §4a 评估（字段同 CLI jsonl）",
      {{"year", "query", "integer", true, "评估年度"},
       p_region,
       {"all", "query", "boolean", false, "输出每一户（默认只输出纳入候选或排除的户）"},
       p_limit,
       p_offset},
      Body::None, {400, 401, 403}, h_assessments);
  add("POST", "/api/v1/imports/{table}", "importRegistry", true, kImporters, ScopeRule::ImportRows, true,
      "上传导入户/家庭成员/年度收支（CSV 或 xlsx），返回逐行报告",
      {{"table", "path", "string", true, "households|members|finances"},
       {"strict", "query", "boolean", false, "任何一行有错则不写入"}},
      Body::Multipart, {400, 401, 403, 404, 413, 422}, h_import);
  return r;
}

static json error_schema() {
  return json{{"type", "object"},
              {"required", {"error"}},
              {"properties",
               {{"error",
                 {{"type", "object"},
                  {"required", {"code", "message", "field"}},
                  {"properties",
                   {{"code", {{"type", "string"}}},
                    {"message", {{"type", "string"}}},
                    {"field", {{"type", {"string", "null"}}}}}}}}}}};
}

std::string build_openapi(const std::vector<Route>& routes) {
  json doc;
  doc["openapi"] = "3.1.0";
  doc["info"] = json{{"title", "fangpin 防止返贫动态监测 API"}, {"version", "1"}};
  json comps;
  comps["securitySchemes"] = json{{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
                                  {"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie}}}};
  comps["schemas"] = json{{"Error", error_schema()}};
  doc["components"] = std::move(comps);
  static const std::map<int, std::string_view> kReasons{
      {400, "参数或请求体错误"}, {401, "未登录或会话过期"},       {403, "角色无权访问或 CSRF 校验失败"},
      {404, "不存在或不在管辖范围内"}, {409, "冲突"},             {413, "请求体过大"},
      {422, "有行超出管辖范围，未写入"}, {429, "登录失败次数过多"}, {503, "不可用"}};
  json paths = json::object();
  for (const Route& r : routes) {
    json op;
    op["operationId"] = r.info.operation_id;
    op["summary"] = r.summary;
    std::string roles;
    for (Role role : kAllRoles)
      if (r.info.roles.has(role)) roles += (roles.empty() ? "" : "、") + std::string(label(role));
    op["x-roles"] = json::array();
    for (Role role : kAllRoles)
      if (r.info.roles.has(role)) op["x-roles"].push_back(label(role));
    op["description"] = r.info.authenticated ? "允许角色：" + roles : std::string("无需登录");
    if (r.info.authenticated)
      op["security"] = json::array({json{{"bearer", json::array()}}, json{{"cookie", json::array()}}});
    else
      op["security"] = json::array();
    auto params = json::array();
    for (const auto& p : r.params)
      params.push_back(json{{"name", p.name}, {"in", p.in}, {"required", p.required}, {"description", p.description},
                            {"schema", {{"type", p.type}}}});
    if (r.info.authenticated && r.info.method != "GET")
      params.push_back(json{{"name", kCsrfHeader}, {"in", "header"}, {"required", false},
                            {"description", "Cookie 会话时必填（值为 fp_csrf Cookie）"}, {"schema", {{"type", "string"}}}});
    if (!params.empty()) op["parameters"] = std::move(params);
    if (r.body == Body::LoginJson)
      op["requestBody"] = json{{"required", true},
                               {"content",
                                {{"application/json",
                                  {{"schema",
                                    {{"type", "object"},
                                     {"required", {"username", "password"}},
                                     {"properties", {{"username", {{"type", "string"}}}, {"password", {{"type", "string"}}}}}}}}}}}};
    if (r.body == Body::Multipart)
      op["requestBody"] = json{{"required", true},
                               {"content",
                                {{"multipart/form-data",
                                  {{"schema",
                                    {{"type", "object"},
                                     {"required", {"file"}},
                                     {"properties", {{"file", {{"type", "string"}, {"contentMediaType", "application/octet-stream"}}}}}}}}}}}};
    json responses;
    responses["200"] = json{{"description", "成功"}};
    for (int e : r.errors)
      responses[std::to_string(e)] = json{{"description", kReasons.count(e) ? kReasons.at(e) : "错误"},
                                          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    responses["default"] = json{{"description", "错误"},
                                {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    op["responses"] = std::move(responses);
    std::string m = r.info.method;
    std::transform(m.begin(), m.end(), m.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    paths[r.info.path][m] = std::move(op);
  }
  doc["paths"] = std::move(paths);
  return dump(doc);
}


}  // namespace fangpin::server::detail
