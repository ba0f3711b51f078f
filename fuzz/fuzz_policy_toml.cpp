// The policy file (config/policy.toml format): any text gives a bundle or an Error naming
// the line, never a crash.
#include <cstdint>
#include <string_view>

#include "io/policy_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto b = fangpin::io::parse_policy_bundle(text, "fuzz");
  (void)b;
  return 0;
}
