// Credentials of the accounts (README "HTTP API server"): Argon2id password hashes
// (libsodium crypto_pwhash_str), opaque random tokens and their stored hashes. Shared by the
// account use cases (app/accounts.h) and the server's login.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "domain/result.h"

namespace fangpin::app {

// Argon2id cost. Production logins use Interactive (≈64 MiB); FastForTestsOnly uses the
// libsodium minimum and exists so test suites can create many accounts quickly — the CLI
// never offers it.
enum class HashStrength { Interactive, Moderate, FastForTestsOnly };
Result<std::string> hash_password(std::string_view password, HashStrength strength);
bool verify_password(std::string_view encoded_hash, std::string_view password);

// `bytes` of crypto randomness, hex-encoded.
std::string random_hex(std::size_t bytes);
// BLAKE2b-256 of a session token, hex: what the database stores instead of the token.
std::string token_hash(std::string_view token);
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace fangpin::app
