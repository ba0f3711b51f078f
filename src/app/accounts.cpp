#include "app/accounts.h"

#include <cctype>

#include <fmt/format.h>

#include "domain/role.h"

namespace fangpin::app {

Status check_password_rules(std::string_view password) {
  if (password.size() < 10) return invalid("密码至少 10 个字符", "password");
  if (password.size() > 256) return invalid("密码最多 256 个字符", "password");
  return Ok{};
}

Status check_username(std::string_view username) {
  if (username.empty() || username.size() > 64) return invalid("用户名应为 1–64 个字符", "username");
  for (unsigned char c : username)
    if (!(std::isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80))
      return invalid("用户名只能包含字母、数字、汉字和 _ - .", "username");
  return Ok{};
}

Status add_user(store::AccountStore& accounts, const NewUser& u, std::string_view by, std::string_view at,
                HashStrength strength) {
  if (auto s = check_username(u.username); !s) return s;
  auto role = parse_role(u.role);
  if (!role) return invalid("未知角色：" + u.role + "（村级|乡级|县级|部门数据员|帮扶责任人|督导|系统管理员）", "role");
  if (u.region_scope.empty() ? *role != Role::Admin : !is_region_prefix(u.region_scope))
    return invalid("管辖范围应为区划代码前缀（1–12 位数字；只有系统管理员可留空表示全部）", "scope");
  if (*role == Role::DeptData && u.department.empty()) return invalid("部门数据员必须指定部门", "department");
  if (*role != Role::DeptData && !u.department.empty()) return invalid("只有部门数据员可指定部门", "department");
  if (auto s = check_password_rules(u.password); !s) return s;
  auto hash = hash_password(u.password, strength);
  if (!hash) return hash.error();
  store::UserRecord rec;
  rec.username = u.username;
  rec.role = std::string(label(*role));
  rec.region_scope = u.region_scope;
  rec.department = u.department;
  rec.password_hash = std::move(*hash);
  rec.created_at = rec.updated_at = std::string(at);
  rec.created_by = rec.updated_by = std::string(by);
  if (auto s = accounts.add_user(rec); !s) return s;
  // Account changes are kept as events (SPEC §14), beside the current row.
  return accounts.record_access({std::string(by), std::string(at), "user.add",
                                 fmt::format("{} {} {}", rec.username, rec.role, rec.region_scope)});
}

Status change_password(store::AccountStore& accounts, std::string_view username, std::string_view password,
                       std::string_view by, std::string_view at, HashStrength strength) {
  if (auto s = check_password_rules(password); !s) return s;
  auto hash = hash_password(password, strength);
  if (!hash) return hash.error();
  if (auto s = accounts.set_password(username, *hash, by, at); !s) return s;
  return accounts.record_access({std::string(by), std::string(at), "user.passwd", std::string(username)});
}

Status set_user_disabled(store::AccountStore& accounts, std::string_view username, bool disabled,
                         std::string_view by, std::string_view at) {
  if (auto s = accounts.set_disabled(username, disabled, by, at); !s) return s;
  return accounts.record_access(
      {std::string(by), std::string(at), disabled ? "user.disable" : "user.enable", std::string(username)});
}

Result<std::vector<store::UserRecord>> list_users(store::AccountStore& accounts, const RegionPrefix& within) {
  auto users = accounts.list_users();
  if (!users) return users.error();
  std::erase_if(*users, [&](const store::UserRecord& u) { return !within.contains(u.region_scope); });
  return std::move(*users);
}

}  // namespace fangpin::app
