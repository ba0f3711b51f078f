// The roles of SPEC §14, one set for the whole system: the workflow rules, the CLI and the
// HTTP routes all read this. Chinese labels are what users type and see; keys are the
// ASCII names used in URLs, JSON and configuration.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace fangpin {

enum class Role : std::uint8_t { Village, Township, County, DeptData, Caseworker, Supervisor, Admin };
inline constexpr int kRoleCount = 7;
inline constexpr Role kAllRoles[kRoleCount] = {Role::Village,    Role::Township,   Role::County, Role::DeptData,
                                               Role::Caseworker, Role::Supervisor, Role::Admin};

std::string_view label(Role r);  // 村级 乡级 县级 部门数据员 帮扶责任人 督导 系统管理员
std::string_view key(Role r);    // village township county dept_data helper supervisor admin
std::optional<Role> parse_role(std::string_view s);  // label or key

struct RoleSet {
  std::uint32_t bits = 0;
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits |= 1u << static_cast<unsigned>(r);
  }
  constexpr bool has(Role r) const { return (bits >> static_cast<unsigned>(r)) & 1u; }
  constexpr bool empty() const { return bits == 0; }
  static constexpr RoleSet all() {
    RoleSet s;
    s.bits = (1u << kRoleCount) - 1;
    return s;
  }
};

}  // namespace fangpin
