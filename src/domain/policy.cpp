#include "domain/policy.h"

#include <algorithm>

namespace fangpin {

namespace {
Error missing_year(int year) {
  return not_found("政策未配置 " + std::to_string(year) + " 年的监测范围（监测线）；请在政策文件 [monitoring_line] 中设置该年度",
                   "year");
}
}  // namespace

Result<Fen> Policy::line_for(int year, std::string_view region_code) const {
  const LineOverride* best = nullptr;
  for (const auto& o : line_overrides) {
    if (o.year != year || region_code.substr(0, o.region_prefix.size()) != o.region_prefix) continue;
    if (!best || o.region_prefix.size() > best->region_prefix.size()) best = &o;
  }
  if (best) return best->line;
  auto it = national_lines.find(year);
  if (it == national_lines.end()) return missing_year(year);
  return it->second;
}

Status Policy::require_year(int year) const {
  if (national_lines.contains(year)) return Ok{};
  for (const auto& o : line_overrides)
    if (o.year == year) return Ok{};
  return missing_year(year);
}

bool Policy::excludes(std::string_view kind) const {
  return std::find(negative_list_kinds.begin(), negative_list_kinds.end(), kind) != negative_list_kinds.end();
}

}  // namespace fangpin
