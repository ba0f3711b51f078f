#include "io/workflow_policy.h"

#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "io/policy_loader.h"
#include "io/policy_sections.h"

namespace fangpin::io {

namespace embedded {
std::string_view calendar_csv();
}  // namespace embedded

namespace {

std::string line_of(std::string_view origin, const toml::node& n) {
  return fmt::format("{}:{}", origin, n.source().begin.line);
}

Result<std::string> read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("无法读取文件: " + path, "file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status read_rule(const toml::node& n, std::string_view origin, const std::string& key, workflow::DeadlineRule& out) {
  const auto* t = n.as_table();
  if (t == nullptr)
    return invalid(fmt::format("{}: deadlines.{} 应为 {{ days = N, basis = \"自然日\"|\"工作日\" }}", line_of(origin, n), key), key);
  for (const auto& [k, v] : *t) {
    if (k.str() != "days" && k.str() != "basis")
      return invalid(fmt::format("{}: 未知的政策参数 deadlines.{}.{}", line_of(origin, v), key, k.str()), key);
  }
  const auto days = (*t)["days"].value<std::int64_t>();
  if (!days || *days < 0 || *days > 3660)
    return invalid(fmt::format("{}: deadlines.{}.days 应为 0–3660 的整数", line_of(origin, n), key), key);
  const auto basis = (*t)["basis"].value<std::string>();
  auto parsed = basis ? workflow::parse_day_basis(*basis) : std::optional<workflow::DayBasis>{};
  if (!parsed) return invalid(fmt::format("{}: deadlines.{}.basis 应为 自然日 或 工作日", line_of(origin, n), key), key);
  out.days = static_cast<int>(*days);
  out.basis = *parsed;
  return Ok{};
}

}  // namespace

Result<workflow::WorkflowParams> parse_workflow_params(std::string_view text, std::string_view origin) {
  auto root = parse_toml(text, origin);
  if (!root) return root.error();
  return workflow_section(*root, origin);
}

Result<workflow::WorkflowParams> workflow_section(const toml::table& root, std::string_view origin) {
  workflow::WorkflowParams p;
  if (const auto* e = root["elimination"].as_table()) {
    for (const auto& [k, v] : *e) {
      const std::string key(k.str());
      if (key != "income_years_above_line")
        return invalid(fmt::format("{}: 未知的政策参数 elimination.{}", line_of(origin, v), key), key);
      const auto n = v.value<std::int64_t>();
      if (!v.is_integer() || !n || *n < 1 || *n > 5)
        return invalid(fmt::format("{}: elimination.{} 应为 1–5 的整数（年）", line_of(origin, v), key), key);
      p.income_years_above_line = static_cast<int>(*n);
    }
  }
  const auto* d = root["deadlines"].as_table();
  if (d == nullptr) return p;
  struct RuleKey {
    const char* key;
    workflow::DeadlineRule* rule;
  };
  const RuleKey rules[] = {
      {"identification", &p.identification},
      {"measures_from_clue", &p.measures_from_clue},
      {"plan_after_approval", &p.plan_after_approval},
      {"measures_after_approval", &p.measures_after_approval},
      {"caseworker_after_approval", &p.caseworker_after_approval},
      {"warning_verification", &p.warning_verification},
      {"own_verification", &p.own_verification},
      {"other_verification", &p.other_verification},
      {"notice_min", &p.notice_min},
  };
  struct MonthKey {
    const char* key;
    int* value;
  };
  const MonthKey months[] = {
      {"stable_months", &p.stable_months},
      {"ineffective_months", &p.ineffective_months},
      {"backcheck_interval_months", &p.backcheck_interval_months},
  };
  for (const auto& [k, v] : *d) {
    const std::string key(k.str());
    bool known = false;
    for (const auto& r : rules) {
      if (key != r.key) continue;
      known = true;
      if (auto s = read_rule(v, origin, key, *r.rule); !s) return s.error();
    }
    for (const auto& m : months) {
      if (key != m.key) continue;
      known = true;
      const auto n = v.value<std::int64_t>();
      if (!v.is_integer() || !n || *n < 0 || *n > 120)
        return invalid(fmt::format("{}: deadlines.{} 应为 0–120 的整数（月）", line_of(origin, v), key), key);
      *m.value = static_cast<int>(*n);
    }
    if (key == "business_date_max_days_ahead") {  // issue 15 defect 9
      known = true;
      const auto n = v.value<std::int64_t>();
      if (!v.is_integer() || !n || *n < 0 || *n > 366)
        return invalid(fmt::format("{}: deadlines.{} 应为 0–366 的整数（天）", line_of(origin, v), key), key);
      p.business_date_max_days_ahead = static_cast<int>(*n);
    }
    if (!known) return invalid(fmt::format("{}: 未知的政策参数 deadlines.{}", line_of(origin, v), key), key);
  }
  return p;
}

Result<workflow::WorkflowParams> load_workflow_params(const std::string& path) {
  auto bundle = load_policy_bundle(path);
  if (!bundle) return bundle.error();
  return std::move(bundle->workflow);
}

std::string_view default_calendar_text() { return embedded::calendar_csv(); }

Result<workflow::WorkCalendar> parse_calendar(std::string_view text, std::string_view origin) {
  workflow::WorkCalendar cal;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  int row = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++row;
    if (row == 1 || line.empty() || line.starts_with('#')) continue;  // header
    std::vector<std::string_view> cells;
    for (std::size_t start = 0;;) {
      const auto comma = line.find(',', start);
      cells.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    auto bad = [&](std::string_view why) {
      return failed_precondition(fmt::format("{} 第 {} 行：{}", origin, row, why), "calendar");
    };
    if (cells.size() < 4) return bad("应有 开始,结束,类型,节日 四列");
    auto from = Date::parse(cells[0]);
    auto to = Date::parse(cells[1]);
    if (!from || !to || *to < *from) return bad("开始/结束日期无效");
    if ((to->to_days() - from->to_days()).count() > 15) return bad("一行的日期范围超过 15 天");
    workflow::DayKind kind;
    if (cells[2] == "休") kind = workflow::DayKind::Holiday;
    else if (cells[2] == "班") kind = workflow::DayKind::MakeUpWorkday;
    else return bad("类型应为 休 或 班");
    for (Date d = *from; d <= *to; d = d.plus_days(1)) {
      if (auto s = cal.add(d, kind, cells[3]); !s) return bad(s.error().message);
    }
  }
  if (cal.years().empty()) return failed_precondition(fmt::format("{}：没有任何节假日安排", origin), "calendar");
  return cal;
}

Result<workflow::WorkCalendar> load_calendar(const std::string& path) {
  if (path.empty()) return parse_calendar(default_calendar_text(), "cn_holidays.csv（内置）");
  auto text = read_all(path);
  if (!text) return text.error();
  return parse_calendar(*text, path);
}

}  // namespace fangpin::io
