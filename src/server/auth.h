// Accounts for the HTTP API: roles, region scopes, Argon2id password hashes (libsodium),
// opaque session tokens and the user-management use cases shared by the CLI and server.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "store/account_store.h"

namespace fangpin::server {

// The roles of SPEC §14 (Chinese labels are what users type and see).
enum class Role : std::uint8_t { Village, Township, County, DeptData, Helper, Supervisor, Admin };
inline constexpr int kRoleCount = 7;
inline constexpr Role kAllRoles[kRoleCount] = {Role::Village, Role::Township,   Role::County, Role::DeptData,
                                               Role::Helper,  Role::Supervisor, Role::Admin};
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
  static constexpr RoleSet all() {
    RoleSet s;
    s.bits = (1u << kRoleCount) - 1;
    return s;
  }
};

// Region scope = a region code prefix; "" (系统管理员 only) = everywhere.
bool in_scope(std::string_view region_code, std::string_view scope);
// The part of `filter` (a prefix, "" = all) the scope lets the user see: the longer of the
// two when one contains the other, nullopt when they are disjoint.
std::optional<std::string> intersect_scope(std::string_view filter, std::string_view scope);

// Argon2id cost. Production logins use Interactive (≈64 MiB); FastForTestsOnly uses the
// libsodium minimum and exists so test suites can create many accounts quickly — the CLI
// never offers it.
enum class HashStrength { Interactive, Moderate, FastForTestsOnly };
Result<std::string> hash_password(std::string_view password, HashStrength strength);
bool verify_password(std::string_view encoded_hash, std::string_view password);
// A password rule failure names the field "password".
Status check_password_rules(std::string_view password);

// `bytes` of crypto randomness, hex-encoded.
std::string random_hex(std::size_t bytes);
// BLAKE2b-256 of a session token, hex: what the database stores instead of the token.
std::string token_hash(std::string_view token);
bool constant_time_equal(std::string_view a, std::string_view b);

struct NewUser {
  std::string username;
  std::string role;          // label or key
  std::string region_scope;
  std::string department;
  std::string password;
};
// Validates (username charset, role, scope, department only and always for 部门数据员,
// password rules), hashes and stores; `by`/`at` record who created it (SPEC §14).
Status add_user(store::AccountStore& accounts, const NewUser& user, std::string_view by, std::string_view at,
                HashStrength strength = HashStrength::Interactive);
Status change_password(store::AccountStore& accounts, std::string_view username, std::string_view password,
                       std::string_view by, std::string_view at, HashStrength strength = HashStrength::Interactive);
// Disabling ends every session of the user at once. Each of these records an event.
Status set_user_disabled(store::AccountStore& accounts, std::string_view username, bool disabled,
                         std::string_view by, std::string_view at);

}  // namespace fangpin::server
