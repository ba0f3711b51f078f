#include <toml++/toml.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "io/policy_loader.h"
#include "io/policy_sections.h"

namespace fangpin::io {

using screening::ScreeningParams;

namespace {

Error bad(std::string_view origin, std::string_view key, std::string_view what) {
  return invalid(std::string(origin) + ": screening." + std::string(key) + " " + std::string(what),
                 "screening." + std::string(key));
}

Status read_int(const toml::node& v, std::string_view origin, std::string_view key, int lo, int hi, int& out) {
  auto i = v.value<std::int64_t>();
  if (!i || !v.is_integer() || *i < lo || *i > hi)
    return bad(origin, key, "应为 " + std::to_string(lo) + "–" + std::to_string(hi) + " 的整数");
  out = static_cast<int>(*i);
  return Ok{};
}

Status read_ratio(const toml::node& v, std::string_view origin, std::string_view key, int& out) {
  auto d = v.value<double>();
  if (!d || !(v.is_floating_point() || v.is_integer()) || *d <= 0 || *d > 10) return bad(origin, key, "应为 0–10 的倍数");
  out = static_cast<int>(std::llround(*d * 10000.0));
  return Ok{};
}

}  // namespace

Result<ScreeningParams> screening_section(const toml::table& root, std::string_view origin,
                                          workflow::DeadlineRule verification) {
  ScreeningParams p;
  p.verification = verification;
  const toml::node* sec = root.get("screening");
  if (sec == nullptr) return p;
  const toml::table* t = sec->as_table();
  if (t == nullptr) return invalid(std::string(origin) + ": [screening] 应为表", "screening");
  for (const auto& [k, v] : *t) {
    const std::string key(k.str());
    Status s = Ok{};
    if (key == "red_line_ratio") s = read_ratio(v, origin, key, p.red_line_basis_points);
    else if (key == "orange_line_ratio") s = read_ratio(v, origin, key, p.orange_line_basis_points);
    else if (key == "main_labourer_disability_max_grade") s = read_int(v, origin, key, 1, 4, p.main_labourer_disability_max_grade);
    else if (key == "main_labourer_age_min") s = read_int(v, origin, key, 0, 120, p.main_labourer_age_min);
    else if (key == "main_labourer_age_max") s = read_int(v, origin, key, 0, 120, p.main_labourer_age_max);
    else if (key == "compulsory_age_min") s = read_int(v, origin, key, 0, 30, p.compulsory_age_min);
    else if (key == "compulsory_age_max") s = read_int(v, origin, key, 0, 30, p.compulsory_age_max);
    else if (key == "selfpay_yellow_min") {
      auto i = v.value<double>();
      if (!i || *i < 0) s = bad(origin, key, "应为非负金额（元）");
      else p.selfpay_yellow_min = static_cast<Fen>(std::llround(*i * 100.0));
    } else if (key == "dangerous_house_grades") {
      const toml::array* a = v.as_array();
      if (a == nullptr) {
        s = bad(origin, key, "应为字符串数组");
      } else {
        p.dangerous_house_grades.clear();
        for (const auto& e : *a) {
          auto str = e.value<std::string>();
          if (!str) { s = bad(origin, key, "应为字符串数组"); break; }
          p.dangerous_house_grades.push_back(*str);
        }
      }
    } else if (key == "prefecture_to_county_days") s = read_int(v, origin, key, 0, 60, p.prefecture_to_county_days);
    else if (key == "county_to_village_days") s = read_int(v, origin, key, 0, 60, p.county_to_village_days);
    else if (key == "verification_days")
      s = bad(origin, key, "已移至 [deadlines] warning_verification（部门预警核实时限只设一处，案件流程同用）");
    else s = bad(origin, key, "是未知的配置项");
    if (!s) return s.error();
  }
  if (p.orange_line_basis_points < p.red_line_basis_points)
    return bad(origin, "orange_line_ratio", "不应小于 red_line_ratio");
  if (p.compulsory_age_min > p.compulsory_age_max) return bad(origin, "compulsory_age_min", "不应大于 compulsory_age_max");
  if (p.main_labourer_age_min > p.main_labourer_age_max)
    return bad(origin, "main_labourer_age_min", "不应大于 main_labourer_age_max");
  return p;
}

Result<ScreeningParams> parse_screening_params(std::string_view text, std::string_view origin) {
  auto root = parse_toml(text, origin);
  if (!root) return root.error();
  auto deadlines = workflow_section(*root, origin);
  if (!deadlines) return deadlines.error();
  return screening_section(*root, origin, deadlines->warning_verification);
}

Result<PolicyBundle> parse_policy_bundle(std::string_view text, std::string_view origin) {
  auto root = parse_toml(text, origin);
  if (!root) return root.error();
  PolicyBundle b;
  auto policy = policy_section(*root, origin);
  if (!policy) return policy.error();
  b.policy = std::move(*policy);
  auto workflow = workflow_section(*root, origin);
  if (!workflow) return workflow.error();
  b.workflow = *workflow;
  auto screening = screening_section(*root, origin, b.workflow.warning_verification);
  if (!screening) return screening.error();
  b.screening = std::move(*screening);
  return b;
}

Result<PolicyBundle> load_policy_bundle(const std::string& path) {
  std::string text;
  if (path.empty()) {
    text = default_policy_text();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return not_found("无法读取政策文件: " + path, "policy");
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  auto b = parse_policy_bundle(text, path.empty() ? std::string_view("config/policy.toml(内置)") : path);
  // Parsing reports bad text as Invalid; a bad policy file is a precondition of every
  // command, not bad input to the command that loads it.
  if (b || b.error().kind != ErrorKind::Invalid) return b;
  Error e = b.error();
  e.kind = ErrorKind::FailedPrecondition;
  return e;
}

}  // namespace fangpin::io
