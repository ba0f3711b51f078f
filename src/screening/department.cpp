#include "screening/department.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace fangpin::screening {

namespace {

struct DeptInfo {
  std::string_view label;
  std::string_view key;
};

constexpr std::array<DeptInfo, kDepartmentCount> kDepts{{
    {"医保", "medical"},
    {"残联", "disability"},
    {"教育", "education"},
    {"住建", "housing"},
    {"水务", "water"},
    {"应急", "disaster"},
    {"人社", "employment"},
    {"民政", "civil_affairs"},
    {"农业农村", "agriculture"},
    {"公安", "public_security"},
    {"公职人员库", "public_employees"},
    {"车辆登记", "vehicles"},
    {"市场主体", "businesses"},
    {"不动产", "real_estate"},
}};

#define FP_COMMON(id_required)                                                      \
  FeedColumn{"证件号码", "id_number", id_required}, FeedColumn{"日期", "date", true}, \
      FeedColumn{"区划代码", "region_code", false}

constexpr FeedColumn kMedical[] = {FP_COMMON(true), {"医疗总费用", "total_cost", true},
                                   {"合规自付费用", "selfpay", true}, {"是否大病", "serious_illness", true},
                                   {"是否参保", "insured", false}};
constexpr FeedColumn kDisability[] = {FP_COMMON(true), {"残疾类别", "disability_category", true},
                                      {"残疾等级", "disability_grade", true}};
constexpr FeedColumn kEducation[] = {FP_COMMON(true), {"学段", "stage", true}, {"在读状态", "study_status", true},
                                     {"是否受资助", "aided", false}};
constexpr FeedColumn kHousing[] = {FP_COMMON(true), {"房屋鉴定等级", "house_grade", true}};
constexpr FeedColumn kWater[] = {FP_COMMON(true), {"问题类型", "problem", true}};
// 应急: a row names a person (证件号码) or an area (区划代码); the row check enforces one of them.
constexpr FeedColumn kDisaster[] = {FP_COMMON(false), {"灾种", "disaster_kind", true}, {"损失金额", "loss", false}};
constexpr FeedColumn kEmployment[] = {FP_COMMON(true), {"就业状态", "employment_status", true}};
constexpr FeedColumn kCivil[] = {FP_COMMON(true), {"事项", "matter", true}};
constexpr FeedColumn kAgriculture[] = {FP_COMMON(true), {"事项", "matter", true}, {"损失金额", "loss", false}};
constexpr FeedColumn kPublicSecurity[] = {FP_COMMON(true), {"事项", "matter", true}};
constexpr FeedColumn kPublicEmployees[] = {FP_COMMON(true), {"单位", "employer", true}};
constexpr FeedColumn kVehicles[] = {FP_COMMON(true), {"车辆类型", "vehicle_type", true},
                                    {"是否营运/农用", "commercial_or_farm", true}};
constexpr FeedColumn kBusinesses[] = {FP_COMMON(true), {"主体名称", "entity_name", true}, {"类型", "entity_type", true}};
constexpr FeedColumn kRealEstate[] = {FP_COMMON(true), {"类型", "property_type", true}};
#undef FP_COMMON

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

}  // namespace

std::string_view label(Department d) { return kDepts[static_cast<std::size_t>(d)].label; }
std::string_view key(Department d) { return kDepts[static_cast<std::size_t>(d)].key; }

std::optional<Department> parse_department(std::string_view s) {
  const std::string l = lower(s);
  for (std::size_t i = 0; i < kDepts.size(); ++i)
    if (kDepts[i].label == s || kDepts[i].key == l) return static_cast<Department>(i);
  // Common longer names a data officer may type.
  if (s == "医保局" || s == "医疗保障") return Department::Medical;
  if (s == "应急管理" || s == "应急管理局") return Department::Disaster;
  if (s == "车辆") return Department::Vehicles;
  return std::nullopt;
}

bool is_negative_list(Department d) {
  return d == Department::PublicEmployees || d == Department::Vehicles || d == Department::Businesses ||
         d == Department::RealEstate;
}

std::span<const FeedColumn> feed_columns(Department d) {
  switch (d) {
    case Department::Medical: return kMedical;
    case Department::Disability: return kDisability;
    case Department::Education: return kEducation;
    case Department::Housing: return kHousing;
    case Department::Water: return kWater;
    case Department::Disaster: return kDisaster;
    case Department::Employment: return kEmployment;
    case Department::CivilAffairs: return kCivil;
    case Department::Agriculture: return kAgriculture;
    case Department::PublicSecurity: return kPublicSecurity;
    case Department::PublicEmployees: return kPublicEmployees;
    case Department::Vehicles: return kVehicles;
    case Department::Businesses: return kBusinesses;
    case Department::RealEstate: return kRealEstate;
  }
  return kMedical;
}

}  // namespace fangpin::screening
