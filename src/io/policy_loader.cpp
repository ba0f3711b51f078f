#include "io/policy_loader.h"

#include <cmath>
#include <set>

#include <toml++/toml.h>

#include "io/policy_sections.h"

namespace fangpin::io {

namespace embedded {
std::string_view policy_toml();
std::string_view provinces_csv();
std::string_view cities_csv();
std::string_view areas_csv();
std::string_view streets_csv();
}  // namespace embedded

namespace {

std::string where(std::string_view origin, const toml::source_region& src) {
  return std::string(origin) + ":" + std::to_string(src.begin.line);
}

// Money in 元 (integer or float with ≤ 2 decimals) -> fen.
Result<Fen> money_of(const toml::node& n, std::string_view origin, const std::string& key) {
  if (auto i = n.value<std::int64_t>(); i && n.is_integer()) return yuan(*i);
  if (auto d = n.value<double>()) {
    double fen = std::round(*d * 100.0);
    if (std::fabs(fen - *d * 100.0) > 1e-6) return invalid(where(origin, n.source()) + ": " + key + " 最多两位小数", key);
    return static_cast<Fen>(fen);
  }
  return invalid(where(origin, n.source()) + ": " + key + " 应为金额（元）", key);
}

Result<int> int_of(const toml::node& n, std::string_view origin, const std::string& key) {
  if (auto i = n.value<std::int64_t>(); i && n.is_integer()) return static_cast<int>(*i);
  return invalid(where(origin, n.source()) + ": " + key + " 应为整数", key);
}

Status unknown_keys(const toml::table& t, const std::set<std::string>& allowed, std::string_view origin,
                    const std::string& section) {
  for (const auto& [k, v] : t) {
    if (!allowed.count(std::string(k.str())))
      return invalid(where(origin, v.source()) + ": 未知的政策参数 " + section + "." + std::string(k.str()),
                     std::string(k.str()));
  }
  return Ok{};
}

}  // namespace

std::string_view default_policy_text() { return embedded::policy_toml(); }

Result<toml::table> parse_toml(std::string_view text, std::string_view origin) {
  try {
    return toml::parse(text, std::string_view(origin));
  } catch (const toml::parse_error& e) {
    return invalid(std::string(origin) + ":" + std::to_string(e.source().begin.line) + ": TOML 语法错误: " +
                   std::string(e.description()));
  }
}

Result<Policy> parse_policy(std::string_view text, std::string_view origin) {
  auto root = parse_toml(text, origin);
  if (!root) return root.error();
  return policy_section(*root, origin);
}

Result<Policy> policy_section(const toml::table& root, std::string_view origin) {
  if (auto s = unknown_keys(root, {"monitoring_line", "assessment", "negative_list", "regions", "deadlines", "elimination", "screening"},
                            origin, "");
      !s)
    return s.error();

  Policy p;
  const toml::table* lines = root["monitoring_line"].as_table();
  if (!lines) return invalid(std::string(origin) + ": 缺少 [monitoring_line] 监测线配置", "monitoring_line");
  for (const auto& [k, v] : *lines) {
    std::string key(k.str());
    if (key == "override") {
      const toml::array* arr = v.as_array();
      if (!arr) return invalid(where(origin, v.source()) + ": monitoring_line.override 应为表数组", key);
      for (const auto& item : *arr) {
        const toml::table* t = item.as_table();
        if (!t) return invalid(where(origin, item.source()) + ": override 项应为表", key);
        if (auto s = unknown_keys(*t, {"region", "year", "line"}, origin, "monitoring_line.override"); !s) return s.error();
        LineOverride o;
        auto region = (*t)["region"].value<std::string>();
        if (!region || !is_region_prefix(*region) || region->empty())
          return invalid(where(origin, t->source()) + ": override.region 应为区划代码前缀（数字）", "region");
        o.region_prefix = *region;
        if (!(*t)["year"] || !(*t)["line"]) return invalid(where(origin, t->source()) + ": override 需要 year 和 line", key);
        auto y = int_of(*(*t)["year"].node(), origin, "year");
        if (!y) return y.error();
        auto l = money_of(*(*t)["line"].node(), origin, "line");
        if (!l) return l.error();
        o.year = *y;
        o.line = *l;
        p.line_overrides.push_back(std::move(o));
      }
      continue;
    }
    int year = 0;
    for (char c : key) {
      if (c < '0' || c > '9' || key.size() != 4) return invalid(where(origin, v.source()) + ": 监测线的键应为四位年度，而不是 " + key, key);
      year = year * 10 + (c - '0');
    }
    auto l = money_of(v, origin, key);
    if (!l) return l.error();
    if (*l <= 0) return invalid(where(origin, v.source()) + ": " + key + " 年监测线必须大于0", key);
    p.national_lines[year] = *l;
  }

  if (const toml::table* a = root["assessment"].as_table()) {
    if (auto s = unknown_keys(*a,
                              {"chronic_illness_selfpay_min", "severe_disability_max_grade", "disabled_labour_age_min",
                               "disabled_labour_age_max", "college_students_min", "education_expense_min",
                               "compulsory_education_age_min", "compulsory_education_age_max", "wage_drop_ratio"},
                              origin, "assessment");
        !s)
      return s.error();
    auto& ap = p.assessment;
    struct IntKey { const char* key; int* target; };
    for (IntKey ik : {IntKey{"severe_disability_max_grade", &ap.severe_disability_max_grade},
                      IntKey{"disabled_labour_age_min", &ap.working_age_min},
                      IntKey{"disabled_labour_age_max", &ap.working_age_max},
                      IntKey{"college_students_min", &ap.college_students_min},
                      IntKey{"compulsory_education_age_min", &ap.compulsory_age_min},
                      IntKey{"compulsory_education_age_max", &ap.compulsory_age_max}}) {
      if (const toml::node* n = (*a)[ik.key].node()) {
        auto v = int_of(*n, origin, ik.key);
        if (!v) return v.error();
        *ik.target = *v;
      }
    }
    struct MoneyKey { const char* key; Fen* target; };
    for (MoneyKey mk : {MoneyKey{"chronic_illness_selfpay_min", &ap.chronic_selfpay_min},
                        MoneyKey{"education_expense_min", &ap.education_expense_min}}) {
      if (const toml::node* n = (*a)[mk.key].node()) {
        auto v = money_of(*n, origin, mk.key);
        if (!v) return v.error();
        *mk.target = *v;
      }
    }
    if (const toml::node* n = (*a)["wage_drop_ratio"].node()) {
      auto d = n->value<double>();
      if (!d || *d <= 0 || *d > 1) return invalid(where(origin, n->source()) + ": wage_drop_ratio 应在 (0, 1] 之间", "wage_drop_ratio");
      ap.wage_drop_basis_points = static_cast<int>(std::lround(*d * 10000));
    }
  }

  if (const toml::table* n = root["negative_list"].as_table()) {
    if (auto s = unknown_keys(*n, {"kinds"}, origin, "negative_list"); !s) return s.error();
    if (const toml::array* kinds = (*n)["kinds"].as_array()) {
      for (const auto& k : *kinds) {
        auto s = k.value<std::string>();
        if (!s) return invalid(where(origin, k.source()) + ": negative_list.kinds 应为字符串列表", "kinds");
        p.negative_list_kinds.push_back(*s);
      }
    }
  } else {
    p.negative_list_kinds = {"公职人员"};
  }

  if (const toml::table* r = root["regions"].as_table()) {
    if (auto s = unknown_keys(*r, {"validate_against_nbs"}, origin, "regions"); !s) return s.error();
    if (auto b = (*r)["validate_against_nbs"].value<bool>()) p.validate_regions = *b;
  }
  return p;
}

Result<Policy> load_policy(const std::string& path) {
  auto bundle = load_policy_bundle(path);
  if (!bundle) return bundle.error();
  return std::move(bundle->policy);
}

namespace {
// Lines of the shipped NBS CSVs: code,"name",... (names never contain commas or quotes).
void load_region_csv(std::string_view csv, RegionDirectory& dir) {
  bool header = true;
  while (!csv.empty()) {
    auto nl = csv.find('\n');
    std::string_view line = csv.substr(0, nl);
    csv = nl == std::string_view::npos ? std::string_view{} : csv.substr(nl + 1);
    if (header) { header = false; continue; }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto c1 = line.find(',');
    if (c1 == std::string_view::npos) continue;
    std::string_view code = line.substr(0, c1);
    std::string_view rest = line.substr(c1 + 1);
    auto c2 = rest.find(',');
    std::string_view name = rest.substr(0, c2);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    dir.add(std::string(code), std::string(name));
  }
}
}  // namespace

const RegionDirectory& nbs_regions() {
  static const RegionDirectory dir = [] {
    RegionDirectory d;
    load_region_csv(embedded::provinces_csv(), d);
    load_region_csv(embedded::cities_csv(), d);
    load_region_csv(embedded::areas_csv(), d);
    load_region_csv(embedded::streets_csv(), d);
    return d;
  }();
  return dir;
}

}  // namespace fangpin::io

namespace fangpin::io {
std::vector<NamedRegion> nbs_townships(std::string_view county_code) {
  std::vector<NamedRegion> out;
  if (county_code.size() != 6) return out;
  std::string_view csv = embedded::streets_csv();
  while (!csv.empty()) {
    auto nl = csv.find('\n');
    std::string_view line = csv.substr(0, nl);
    csv = nl == std::string_view::npos ? std::string_view{} : csv.substr(nl + 1);
    if (line.substr(0, 6) != county_code || line.size() < 10 || line[9] != ',') continue;
    std::string_view rest = line.substr(10);
    std::string_view name = rest.substr(0, rest.find(','));
    if (name.size() >= 2 && name.front() == '"') name = name.substr(1, name.size() - 2);
    out.push_back({std::string(line.substr(0, 9)), std::string(name)});
  }
  return out;
}
}  // namespace fangpin::io
