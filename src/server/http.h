// HTTP utilities of the server: JSON rendering, the one place errors become responses,
// timestamps and cookies. Internal to src/server.
#pragma once
#include <httplib.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/result.h"

namespace fangpin::server::detail {

using json = nlohmann::ordered_json;

inline constexpr const char* kSessionCookie = "fp_session";
inline constexpr const char* kCsrfCookie = "fp_csrf";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";
// Upload file names longer than this (bytes, as NAME_MAX) are refused with 400.
inline constexpr std::size_t kMaxFileNameBytes = 255;

// An error message as a client may see it: absolute server paths (a staged upload, the
// document store) shortened to their last component.
std::string without_server_paths(std::string_view message);

std::string dump(const json& j);
// Browser protections on every API answer (README "Security and limits"): no sniffing, no
// framing, no referrer, nothing cached, no active content. The web front end's files carry
// their own policy (server/static_files.cpp).
const std::vector<std::pair<std::string_view, std::string_view>>& security_headers();
void add_security_headers(httplib::Response& res);
void send_json(httplib::Response& res, int status, const json& body);
// {"error": {"code", "message", "field"}} — the only error shape the API answers.
void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message,
                std::string_view field = {});
// Status and code from the kind alone (README "Errors"); Internal is logged with the
// request id and answered without details.
int status_of(const Error& e);
void send_error(httplib::Response& res, const Error& e);
// A use case's refusal of a parameter's value (e.g. a year with no poverty line) is the
// caller's bad parameter: Invalid on `field`. Internal faults stay internal.
Error as_param_error(Error e, std::string_view field);

// What a handler answers: a JSON body (with its status), a non-JSON body, or an HTTP-level
// error whose code has no ErrorKind (401 invalid_credentials, 429, invalid_json). Domain
// errors are returned as Error and rendered by send_error above.
struct Reply {
  int status = 200;
  json body;
  std::string text;          // the body when content_type is set
  std::string content_type;  // empty = JSON

  Reply(json b) : body(std::move(b)) {}  // NOLINT(implicit): `return Reply(j)` reads as the answer
  Reply(int s, json b) : status(s), body(std::move(b)) {}
  static Reply raw(std::string text, std::string content_type);
  static Reply error(int status, std::string_view code, std::string_view message, std::string_view field = {});
};
void send(httplib::Response& res, const Reply& reply);

// The request being handled on this worker, for fault logs deep in handlers.
extern thread_local std::string t_request_id;

std::string iso(std::chrono::system_clock::time_point t);
std::string trim(std::string_view s);
std::string cookie(std::string_view name, std::string_view value, long max_age, bool http_only, bool secure);
std::optional<std::string> cookie_value(const httplib::Request& req, std::string_view name);

}  // namespace fangpin::server::detail
