#include "server/body.h"

#include <charconv>

#include <fmt/format.h>

namespace fangpin::server::detail {

Result<JsonBody> JsonBody::parse(const httplib::Request& req) {
  // nlohmann rejects strings that are not UTF-8, so one parse checks both.
  auto j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return invalid("请求体应为 UTF-8 编码的 JSON 对象", "body");
  return JsonBody(std::move(j));
}

bool JsonBody::has(std::string_view field) const {
  auto it = j_.find(field);
  return it != j_.end() && !it->is_null();
}

Result<std::optional<std::string>> JsonBody::optional_text(std::string_view field, std::size_t max_chars) const {
  if (!has(field)) return std::optional<std::string>();
  const json& v = j_.at(std::string(field));
  if (!v.is_string()) return invalid(fmt::format("字段 {} 应为文本", field), std::string(field));
  std::string t = trim(v.get_ref<const std::string&>());
  std::size_t chars = 0;  // UTF-8 code points: continuation bytes do not start one
  for (unsigned char ch : t) chars += (ch & 0xC0) != 0x80;
  if (chars > max_chars) return invalid(fmt::format("字段 {} 超过 {} 个字符", field, max_chars), std::string(field));
  if (t.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(t));
}

Result<std::string> JsonBody::text(std::string_view field, bool required, std::size_t max_chars) const {
  auto t = optional_text(field, max_chars);
  if (!t) return t.error();
  if (!*t) {
    if (required) return invalid(fmt::format("缺少字段 {}", field), std::string(field));
    return std::string();
  }
  return std::move(**t);
}

Result<Date> parse_business_date(std::string_view text, std::string_view field) {
  auto d = Date::parse(text);
  if (!d) return invalid(fmt::format("{} 应为真实存在的日期 YYYY-MM-DD：{}", field, text), std::string(field));
  if (d->year < kMinBusinessYear || d->year > kMaxBusinessYear)
    return invalid(fmt::format("{} 的年份应在 {}–{} 之间：{}", field, kMinBusinessYear, kMaxBusinessYear, text), std::string(field));
  return *d;
}

Result<std::optional<Date>> JsonBody::optional_date(std::string_view field) const {
  auto t = optional_text(field, 10);
  if (!t) return invalid(fmt::format("{} 应为日期 YYYY-MM-DD", field), std::string(field));
  if (!*t) return std::optional<Date>();
  auto d = parse_business_date(**t, field);
  if (!d) return d.error();
  return std::optional<Date>(*d);
}

Result<Date> JsonBody::date(std::string_view field) const {
  auto d = optional_date(field);
  if (!d) return d.error();
  if (!*d) return invalid(fmt::format("缺少字段 {}（YYYY-MM-DD）", field), std::string(field));
  return **d;
}

Result<std::optional<std::int64_t>> JsonBody::integer(std::string_view field, std::int64_t min,
                                                      std::int64_t max) const {
  if (!has(field)) return std::optional<std::int64_t>();
  const json& v = j_.at(std::string(field));
  if (!v.is_number_integer() || v.get<std::int64_t>() < min || v.get<std::int64_t>() > max)
    return invalid(fmt::format("字段 {} 应为 {}–{} 的整数", field, min, max), std::string(field));
  return std::optional<std::int64_t>(v.get<std::int64_t>());
}

Result<std::optional<bool>> JsonBody::boolean(std::string_view field) const {
  if (!has(field)) return std::optional<bool>();
  const json& v = j_.at(std::string(field));
  if (!v.is_boolean()) return invalid(fmt::format("字段 {} 应为 true/false", field), std::string(field));
  return std::optional<bool>(v.get<bool>());
}

Result<std::vector<std::string>> JsonBody::text_list(std::string_view field, std::size_t max_items,
                                                     std::size_t max_chars) const {
  std::vector<std::string> out;
  if (!has(field)) return out;
  const json& v = j_.at(std::string(field));
  if (!v.is_array() || v.size() > max_items)
    return invalid(fmt::format("字段 {} 应为不超过 {} 项的文本数组", field, max_items), std::string(field));
  for (const json& item : v) {
    if (!item.is_string() || item.get_ref<const std::string&>().size() > max_chars * 4)
      return invalid(fmt::format("字段 {} 的每一项应为文本", field), std::string(field));
    out.push_back(trim(item.get_ref<const std::string&>()));
  }
  return out;
}

namespace {
std::optional<std::int64_t> positive(std::string_view t) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
  if (ec != std::errc() || end != t.data() + t.size() || n <= 0) return std::nullopt;
  return n;
}
}  // namespace

Result<std::optional<std::int64_t>> expected_version(const httplib::Request& req, const JsonBody* body) {
  std::optional<std::int64_t> from_header, from_body;
  if (req.has_header("If-Match")) {
    std::string t = trim(req.get_header_value("If-Match"));
    if (t.starts_with("W/")) t = t.substr(2);
    if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
    from_header = positive(t);
    if (!from_header) return invalid("If-Match 应为案件版本号，如 \"3\"", "If-Match");
  }
  if (body) {
    auto v = body->integer("expect_version", 1, INT64_MAX);
    if (!v) return v.error();
    from_body = *v;
  }
  if (from_header && from_body && *from_header != *from_body)
    return invalid("If-Match 与 expect_version 不一致", "expect_version");
  return from_header ? from_header : from_body;
}

}  // namespace fangpin::server::detail
