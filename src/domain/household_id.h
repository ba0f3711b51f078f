// 户编号 shape (FORMATS.md households): 1–40 ASCII letters, digits, '-' or '_', starting
// with a letter or digit. Numeric codes from the national system ("5329231010010001") and
// local ones ("HA0002") fit; text a spreadsheet would run as a formula ("=1+1", "@cmd")
// and stray whitespace or line breaks (log forging) do not.
#pragma once
#include <string_view>

namespace fangpin {

inline constexpr std::size_t kHouseholdIdMaxLength = 40;

constexpr bool is_household_id(std::string_view id) {
  if (id.empty() || id.size() > kHouseholdIdMaxLength) return false;
  auto alnum = [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (!alnum(id.front())) return false;
  for (char c : id) {
    if (!alnum(c) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace fangpin
