#include "server/http.h"

#include "app/clock.h"

#include <spdlog/spdlog.h>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace fangpin::server::detail {

thread_local std::string t_request_id;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

const std::vector<std::pair<std::string_view, std::string_view>>& security_headers() {
  static const std::vector<std::pair<std::string_view, std::string_view>> kHeaders{
      {"X-Content-Type-Options", "nosniff"},
      {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Cache-Control", "no-store"},
  };
  return kHeaders;
}

void add_security_headers(httplib::Response& res) {
  for (const auto& [name, value] : security_headers()) {
    res.headers.erase(std::string(name));
    res.set_header(std::string(name), std::string(value));
  }
}

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(dump(body), "application/json; charset=utf-8");
}

namespace {
json error_body(std::string_view code, std::string_view message, std::string_view field) {
  json e;
  e["code"] = code;
  e["message"] = message;
  e["field"] = field.empty() ? json(nullptr) : json(field);
  return json{{"error", std::move(e)}};
}
}  // namespace

std::string without_server_paths(std::string_view m) {
  auto path_char = [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-' || ch == '/';
  };
  std::string out;
  for (std::size_t i = 0; i < m.size();) {
    const bool starts = m[i] == '/' && (i == 0 || !path_char(m[i - 1]));
    if (!starts) {
      out += m[i++];
      continue;
    }
    std::size_t end = i;
    while (end < m.size() && path_char(m[end])) ++end;
    const std::string_view path = m.substr(i, end - i);
    // Two or more components and not one of our own URLs: a file system path.
    const bool fs_path = path.find('/', 1) != std::string_view::npos && !path.starts_with("/api/");
    if (fs_path) {
      std::string_view base = path;
      while (base.ends_with('/')) base.remove_suffix(1);
      out += base.substr(base.rfind('/') + 1);
    } else {
      out += path;
    }
    i = end;
  }
  return out;
}

void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message,
                std::string_view field) {
  send_json(res, status, error_body(code, without_server_paths(message), field));
}

int status_of(const Error& e) {
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

void send_error(httplib::Response& res, const Error& e) {
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

Error as_param_error(Error e, std::string_view field) {
  if (e.kind != ErrorKind::Internal) {
    e.kind = ErrorKind::Invalid;
    e.field = std::string(field);
  }
  return e;
}

Reply Reply::raw(std::string text, std::string content_type) {
  Reply r{json()};
  r.text = std::move(text);
  r.content_type = std::move(content_type);
  return r;
}

Reply Reply::error(int status, std::string_view code, std::string_view message, std::string_view field) {
  return Reply(status, error_body(code, message, field));
}

void send(httplib::Response& res, const Reply& reply) {
  if (reply.content_type.empty()) return send_json(res, reply.status, reply.body);
  res.status = reply.status;
  res.set_content(reply.text, reply.content_type);
}

std::string iso(std::chrono::system_clock::time_point t) { return app::iso_utc(t); }

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

std::string cookie(std::string_view name, std::string_view value, long max_age, bool http_only, bool secure) {
  return fmt::format("{}={}; Path=/; Max-Age={}; SameSite=Strict{}{}", name, value, max_age,
                     http_only ? "; HttpOnly" : "", secure ? "; Secure" : "");
}

std::optional<std::string> cookie_value(const httplib::Request& req, std::string_view name) {
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

}  // namespace fangpin::server::detail
