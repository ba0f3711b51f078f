#include "domain/role.h"

namespace fangpin {

namespace {

struct RoleName {
  Role role;
  std::string_view label;
  std::string_view key;
};
constexpr RoleName kRoleNames[kRoleCount] = {
    {Role::Village, "村级", "village"},          {Role::Township, "乡级", "township"},
    {Role::County, "县级", "county"},            {Role::DeptData, "部门数据员", "dept_data"},
    {Role::Caseworker, "帮扶责任人", "helper"},  {Role::Supervisor, "督导", "supervisor"},
    {Role::Admin, "系统管理员", "admin"},
};

}  // namespace

std::string_view label(Role r) { return kRoleNames[static_cast<int>(r)].label; }
std::string_view key(Role r) { return kRoleNames[static_cast<int>(r)].key; }

std::optional<Role> parse_role(std::string_view s) {
  for (const auto& n : kRoleNames)
    if (n.label == s || n.key == s) return n.role;
  return std::nullopt;
}

}  // namespace fangpin
