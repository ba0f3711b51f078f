// Accounts for the HTTP API (SPEC §14): users with a role and a region scope, login
// sessions (only a hash of the token is stored), failed-login counters for throttling and
// an access log of sensitive reads. A separate interface from Store so the registry layer
// knows nothing about who uses it.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace fangpin::store {

struct UserRecord {
  std::string username;
  std::string role;           // Chinese role label (server/roles.h)
  std::string region_scope;   // region code prefix the user may see
  std::string department;     // 部门数据员 only; empty otherwise
  std::string password_hash;  // libsodium crypto_pwhash_str (Argon2id) encoded string
  bool disabled = false;
  std::string created_at, created_by;  // SPEC §14: who and when
  std::string updated_at, updated_by;
};

// The account behind a live session.
struct SessionUser {
  std::string username;
  std::string role;
  std::string region_scope;
  std::string department;
  std::string csrf_token;
  std::string expires_at;
};

struct AccessEvent {
  std::string username;
  std::string at;
  std::string action;  // e.g. unmask
  std::string target;  // e.g. household id (never a resident ID)
};

// The first answer to a request sent with an Idempotency-Key (HTTP API).
struct IdempotentAnswer {
  std::string request_hash;  // what the first request was (method, target, body)
  int status = 0;            // 0: the first request is still being answered
  std::string content_type;
  std::string body;
  std::string created_at;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Conflict if the username exists.
  virtual Status add_user(const UserRecord& user) = 0;
  virtual Result<std::optional<UserRecord>> find_user(std::string_view username) = 0;
  virtual Result<std::vector<UserRecord>> list_users() = 0;
  // NotFound for an unknown user. Disabling or changing the password ends every session.
  virtual Status set_disabled(std::string_view username, bool disabled, std::string_view by, std::string_view at) = 0;
  virtual Status set_password(std::string_view username, std::string_view password_hash, std::string_view by,
                              std::string_view at) = 0;

  virtual Status create_session(std::string_view token_hash, std::string_view username, std::string_view csrf_token,
                                std::string_view created_at, std::string_view expires_at) = 0;
  // The user of an unexpired session (expires_at > now) of an enabled account.
  virtual Result<std::optional<SessionUser>> find_session(std::string_view token_hash, std::string_view now) = 0;
  virtual Status delete_session(std::string_view token_hash) = 0;

  // Failed logins, keyed by e.g. "user:NAME" or "addr:IP".
  virtual Status record_login_failure(std::string_view key, std::string_view at) = 0;
  virtual Result<int> login_failures_since(std::string_view key, std::string_view since) = 0;
  virtual Status clear_login_failures(std::string_view key) = 0;
  // Housekeeping: drops sessions expired by `now` and failures older than `failures_before`.
  virtual Status purge(std::string_view now, std::string_view failures_before) = 0;

  // Claims `key` for `owner` (a user, or "addr:IP" for public routes): nullopt when this
  // request is the first with the key (the caller answers it, then complete or release);
  // otherwise the stored record. A claim still running after `stale_before` is taken over.
  virtual Result<std::optional<IdempotentAnswer>> claim_idempotency_key(std::string_view owner, std::string_view key,
                                                                        std::string_view request_hash,
                                                                        std::string_view at,
                                                                        std::string_view stale_before) = 0;
  virtual Status complete_idempotency_key(std::string_view owner, std::string_view key, int status,
                                          std::string_view content_type, std::string_view body) = 0;
  // Forgets a claim whose request failed inside the server, so a retry runs again.
  virtual Status release_idempotency_key(std::string_view owner, std::string_view key) = 0;
  virtual Status purge_idempotency_keys(std::string_view before) = 0;

  virtual Status record_access(const AccessEvent& event) = 0;
  virtual Result<std::vector<AccessEvent>> access_events() = 0;
};

}  // namespace fangpin::store
