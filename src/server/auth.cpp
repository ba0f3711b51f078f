#include "server/auth.h"

#include <sodium.h>

#include <array>
#include <cctype>
#include <stdexcept>

#include <fmt/format.h>

#include "domain/region.h"

namespace fangpin::server {

namespace {

void ensure_sodium() {
  // sodium_init is idempotent and thread-safe; failure means no secure randomness at all.
  static const int rc = sodium_init();
  if (rc < 0) throw std::runtime_error("libsodium 初始化失败");
}

std::string to_hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

}  // namespace

bool in_scope(std::string_view region_code, std::string_view scope) { return region_code.starts_with(scope); }

std::optional<std::string> intersect_scope(std::string_view filter, std::string_view scope) {
  if (filter.starts_with(scope)) return std::string(filter);
  if (scope.starts_with(filter)) return std::string(scope);
  return std::nullopt;
}

Result<std::string> hash_password(std::string_view password, HashStrength strength) {
  ensure_sodium();
  unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  std::size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (strength == HashStrength::Moderate) {
    ops = crypto_pwhash_OPSLIMIT_MODERATE;
    mem = crypto_pwhash_MEMLIMIT_MODERATE;
  } else if (strength == HashStrength::FastForTestsOnly) {
    ops = crypto_pwhash_OPSLIMIT_MIN;
    mem = crypto_pwhash_MEMLIMIT_MIN;
  }
  std::array<char, crypto_pwhash_STRBYTES> out{};
  // crypto_pwhash_str uses Argon2id (crypto_pwhash_ALG_DEFAULT) in libsodium ≥ 1.0.15.
  if (crypto_pwhash_str(out.data(), password.data(), password.size(), ops, mem) != 0)
    return Error{ErrorKind::Internal, "密码哈希失败（内存不足）", "password"};
  return std::string(out.data());
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
  ensure_sodium();
  const std::string h(encoded_hash);  // needs a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

Status check_password_rules(std::string_view password) {
  if (password.size() < 10) return invalid("密码至少 10 个字符", "password");
  if (password.size() > 256) return invalid("密码最多 256 个字符", "password");
  return Ok{};
}

std::string random_hex(std::size_t bytes) {
  ensure_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  std::array<unsigned char, 32> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  return to_hex(out.data(), out.size());
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  ensure_sodium();
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Status add_user(store::AccountStore& accounts, const NewUser& u, std::string_view by, std::string_view at,
                HashStrength strength) {
  if (u.username.empty() || u.username.size() > 64) return invalid("用户名应为 1–64 个字符", "username");
  for (unsigned char c : u.username)
    if (!(std::isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80))
      return invalid("用户名只能包含字母、数字、汉字和 _ - .", "username");
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

}  // namespace fangpin::server
