// 统计用区划代码: 12 digits = 2 province, 2 city, 2 county, 3 township, 3 village (SPEC §1).
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>

namespace fangpin {

enum class RegionLevel { Province, City, County, Township, Village };

// Digits of the code that identify each level: 2, 4, 6, 9, 12.
constexpr int prefix_length(RegionLevel level) {
  switch (level) {
    case RegionLevel::Province: return 2;
    case RegionLevel::City: return 4;
    case RegionLevel::County: return 6;
    case RegionLevel::Township: return 9;
    case RegionLevel::Village: return 12;
  }
  return 12;
}

bool is_region_code_format(std::string_view code);  // exactly 12 ASCII digits
// A scope/filter prefix: 1-12 digits.
bool is_region_prefix(std::string_view prefix);
bool region_within(std::string_view code, std::string_view prefix);
std::string_view region_prefix(std::string_view code12, RegionLevel level);

// Known regions (NBS list down to township, plus villages a deployment loads).
class RegionDirectory {
 public:
  void add(std::string code, std::string name);  // code of 2/4/6/9/12 digits
  bool contains(std::string_view code) const;
  // Name of the exact code, or empty.
  std::string name(std::string_view code) const;
  // A 12-digit village code is acceptable when its township (9 digits) is known and the
  // village part is not 000. Returns an empty string if fine, else the reason.
  std::string check_village_code(std::string_view code12) const;
  std::size_t size() const { return names_.size(); }

 private:
  std::unordered_map<std::string, std::string> names_;
};

}  // namespace fangpin
