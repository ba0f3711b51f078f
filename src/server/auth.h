// Accounts for the HTTP API: roles, region scopes, Argon2id password hashes (libsodium),
// opaque session tokens and the user-management use cases shared by the CLI and server.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/role.h"
#include "store/account_store.h"

namespace fangpin::server {

// Roles are the domain's (domain/role.h).
using fangpin::Role;
using fangpin::RoleSet;
using fangpin::kAllRoles;
using fangpin::kRoleCount;
using fangpin::label;
using fangpin::key;
using fangpin::parse_role;

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
