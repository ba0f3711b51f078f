// SHA-256 (libsodium crypto_hash_sha256) as lowercase hex: audit chain and file names.
#pragma once
#include <string>
#include <string_view>

namespace fangpin::workflow {

std::string sha256_hex(std::string_view bytes);

}  // namespace fangpin::workflow
