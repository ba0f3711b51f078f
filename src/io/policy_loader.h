// Loads policy TOML (config/policy.toml is the shipped default, compiled in).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "domain/policy.h"
#include "domain/region.h"
#include "domain/result.h"

namespace fangpin::io {

// Parses policy TOML text. Unknown keys are errors (a typo must not silently fall back to
// a default); `origin` names the file in messages.
Result<Policy> parse_policy(std::string_view toml_text, std::string_view origin = "policy");
// Loads a policy file; an empty path gives the shipped default.
Result<Policy> load_policy(const std::string& path);
std::string_view default_policy_text();

// The NBS region list (province … township) shipped with the program.
const RegionDirectory& nbs_regions();

}  // namespace fangpin::io

namespace fangpin::io {
struct NamedRegion {
  std::string code;
  std::string name;
};
// Townships (9-digit codes) of a 6-digit county from the shipped NBS list, in code order.
std::vector<NamedRegion> nbs_townships(std::string_view county_code);
}  // namespace fangpin::io
