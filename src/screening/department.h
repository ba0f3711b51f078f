// Line departments that send monthly feeds (部门预警数据, FORMATS.md "Department feeds") and
// the columns each one sends beyond 证件号码 and 日期.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace fangpin::screening {

enum class Department : std::uint8_t {
  Medical,          // 医保
  Disability,       // 残联
  Education,        // 教育
  Housing,          // 住建
  Water,            // 水务
  Disaster,         // 应急
  Employment,       // 人社
  CivilAffairs,     // 民政
  Agriculture,      // 农业农村
  PublicSecurity,   // 公安
  PublicEmployees,  // 公职人员库
  Vehicles,         // 车辆登记
  Businesses,       // 市场主体
  RealEstate,       // 不动产
};
inline constexpr int kDepartmentCount = 14;

std::string_view label(Department d);  // Chinese name as in FORMATS.md
std::string_view key(Department d);    // English key (medical, disability, ...)
// Accepts the Chinese name or the English key (case-insensitive).
std::optional<Department> parse_department(std::string_view s);
// True for the departments whose rows are negative-list facts (SPEC §5), not risk signals.
bool is_negative_list(Department d);

// One feed column: Chinese header, English key, required.
struct FeedColumn {
  std::string_view header;
  std::string_view key;
  bool required;
};

// Column slots every department shares; department columns follow from kFirstOwnColumn.
enum CommonColumn : int { kColId = 0, kColDate = 1, kColRegion = 2, kFirstOwnColumn = 3 };
inline constexpr int kMaxFeedColumns = 7;

// The department's columns in slot order: 证件号码, 日期, 区划代码 (only 应急 accepts it; other
// departments never see it), then the department's own (FORMATS.md order).
std::span<const FeedColumn> feed_columns(Department d);

}  // namespace fangpin::screening
