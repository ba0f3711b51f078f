#include "domain/region.h"

namespace fangpin {

namespace {
bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}
}  // namespace

bool is_region_code_format(std::string_view code) { return code.size() == 12 && all_digits(code); }

bool is_region_prefix(std::string_view prefix) { return prefix.size() <= 12 && all_digits(prefix); }

bool region_within(std::string_view code, std::string_view prefix) {
  return code.substr(0, prefix.size()) == prefix && code.size() >= prefix.size();
}

std::string_view region_prefix(std::string_view code12, RegionLevel level) {
  return code12.substr(0, static_cast<std::size_t>(prefix_length(level)));
}

void RegionDirectory::add(std::string code, std::string name) { names_[std::move(code)] = std::move(name); }

bool RegionDirectory::contains(std::string_view code) const { return names_.count(std::string(code)) > 0; }

std::string RegionDirectory::name(std::string_view code) const {
  auto it = names_.find(std::string(code));
  return it == names_.end() ? std::string() : it->second;
}

std::string RegionDirectory::check_village_code(std::string_view code) const {
  if (!is_region_code_format(code)) return "区划代码应为12位数字";
  if (code.substr(9) == "000") return "区划代码应为村级（后3位不能为000）";
  if (!contains(code.substr(0, 9)))
    return "区划代码所属乡镇 " + std::string(code.substr(0, 9)) + " 不在统计用区划代码中";
  return {};
}

std::optional<RegionPrefix> RegionPrefix::parse(std::string_view digits) {
  if (!digits.empty() && !is_region_prefix(digits)) return std::nullopt;
  return RegionPrefix(std::string(digits));
}

std::optional<RegionPrefix> RegionPrefix::intersect(const RegionPrefix& other) const {
  if (other.digits_.starts_with(digits_)) return other;
  if (digits_.starts_with(other.digits_)) return *this;
  return std::nullopt;
}

}  // namespace fangpin
