#include "app/credentials.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace fangpin::app {

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
    return internal_error("密码哈希失败（内存不足）", "password");
  return std::string(out.data());
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
  ensure_sodium();
  const std::string h(encoded_hash);  // needs a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
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

}  // namespace fangpin::app
