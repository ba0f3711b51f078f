// 统计用区划代码: 12 digits = 2 province, 2 city, 2 county, 3 township, 3 village (SPEC §1).
#pragma once
#include <optional>
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

// A region-code prefix: what a user's scope and a region filter are. 1–12 ASCII digits, or
// empty for everywhere (系统管理员's scope, "no filter"). Every scope check and region filter
// goes through this type (and store's region_range SQL helper), never ad-hoc starts_with/LIKE.
class RegionPrefix {
 public:
  RegionPrefix() = default;  // everywhere
  // nullopt unless empty or 1–12 ASCII digits.
  static std::optional<RegionPrefix> parse(std::string_view digits);

  const std::string& digits() const { return digits_; }
  bool everywhere() const { return digits_.empty(); }
  bool contains(std::string_view region_code) const { return region_code.starts_with(digits_); }
  // The region both cover: the longer prefix when one contains the other; nullopt when disjoint.
  std::optional<RegionPrefix> intersect(const RegionPrefix& other) const;
  // Codes with this prefix are exactly those in [lower(), upper()) in byte order (an index
  // range scan; ':' follows '9' in ASCII). Both empty when everywhere.
  std::string lower() const { return digits_; }
  std::string upper() const { return digits_.empty() ? std::string() : digits_ + ":"; }

  friend bool operator==(const RegionPrefix&, const RegionPrefix&) = default;

 private:
  explicit RegionPrefix(std::string digits) : digits_(std::move(digits)) {}
  std::string digits_;
};

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
