// Request bodies: a JSON object read once, and typed field getters whose errors name the
// field (400 with {"error":{"field":…}}). Every handler that takes a JSON body reads it
// through here, so bad JSON, non-UTF-8 text, wrong types, impossible dates (2023-02-30) and
// absurd years are refused the same way everywhere. Internal to src/server.
#pragma once
#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/result.h"
#include "server/http.h"

namespace fangpin::server::detail {

// Business dates outside these years are typing mistakes, not history or plans.
inline constexpr int kMinBusinessYear = 2000;
inline constexpr int kMaxBusinessYear = 2100;

class JsonBody {
 public:
  // The body as a JSON object. Invalid (field "body") if it is not one, including text
  // that is not UTF-8.
  static Result<JsonBody> parse(const httplib::Request& req);
  explicit JsonBody(json j) : j_(std::move(j)) {}

  bool has(std::string_view field) const;
  // Text: trimmed; required and absent/empty → Invalid; longer than max_chars → Invalid.
  Result<std::string> text(std::string_view field, bool required, std::size_t max_chars = 2000) const;
  Result<std::optional<std::string>> optional_text(std::string_view field, std::size_t max_chars = 2000) const;
  // YYYY-MM-DD, a real calendar day, year within [kMinBusinessYear, kMaxBusinessYear].
  Result<Date> date(std::string_view field) const;
  Result<std::optional<Date>> optional_date(std::string_view field) const;
  Result<std::optional<std::int64_t>> integer(std::string_view field, std::int64_t min, std::int64_t max) const;
  Result<std::optional<bool>> boolean(std::string_view field) const;
  // An array of strings (absent = empty).
  Result<std::vector<std::string>> text_list(std::string_view field, std::size_t max_items = 100,
                                             std::size_t max_chars = 2000) const;
  const json& raw() const { return j_; }

 private:
  json j_;
};

// The same date rule for query and path parameters and multipart fields.
Result<Date> parse_business_date(std::string_view text, std::string_view field);

// The version the client saw, from `If-Match: "N"` (or N) or the body's `expect_version`;
// nullopt when neither was sent. Invalid when malformed or when both disagree.
Result<std::optional<std::int64_t>> expected_version(const httplib::Request& req, const JsonBody* body);

}  // namespace fangpin::server::detail
