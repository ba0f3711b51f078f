// Account management use cases (README "HTTP API server", SPEC §14): the CLI's `user
// add|list|disable|passwd` and the server call these; they validate, hash and store, and
// record every change as an access_log event beside the current row.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "app/credentials.h"
#include "domain/region.h"
#include "domain/result.h"
#include "store/account_store.h"

namespace fangpin::app {

// A password rule failure names the field "password".
Status check_password_rules(std::string_view password);
// 1–64 characters: letters, digits, CJK (any non-ASCII byte) and _ - . ; field "username".
Status check_username(std::string_view username);

struct NewUser {
  std::string username;
  std::string role;          // label or key
  std::string region_scope;  // a region-code prefix; "" only for 系统管理员 (everywhere)
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
// The users whose scope lies inside `within` (everyone for the everywhere prefix), in the
// store's order.
Result<std::vector<store::UserRecord>> list_users(store::AccountStore& accounts, const RegionPrefix& within);

}  // namespace fangpin::app
