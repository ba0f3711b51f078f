// 公民身份号码 (GB 11643-1999): 6 region + 8 birth date + 3 sequence + 1 check digit.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/result.h"

namespace fangpin {

enum class Sex { Male, Female };

struct ResidentId {
  std::string number;  // 18 chars, check digit upper-case X
  Date birth;
  Sex sex;             // 17th digit odd = male
};

// The check character for the first 17 digits ('0'-'9' or 'X').
char gb11643_check_char(std::string_view first17);

// Validates length, digits, birth date and check digit; lower-case x accepted and normalised.
Result<ResidentId> parse_resident_id(std::string_view text);

// "110101199003071234" -> "110101********1234". Anything not 18 chars is fully masked.
std::string mask_resident_id(std::string_view id);

// A resident ID as a number for compact indexes and storage: its first 17 digits (the
// check character is implied). nullopt if the first 17 characters are not all digits.
std::optional<std::uint64_t> pack_resident_id(std::string_view id);
// The 18-character ID again (check character recomputed).
std::string unpack_resident_id(std::uint64_t key);
// Birth date digits YYYYMMDD of a packed ID.
inline int packed_birth_ymd(std::uint64_t key) { return static_cast<int>((key / 1000) % 100000000); }

// Phone "13812345678" -> "138****5678"; bank account keeps the last 4.
std::string mask_phone(std::string_view phone);

// Bank account (银行账号, FORMATS.md) "6222021234567890123" -> "6222****0123": first 4 +
// **** + last 4; an account of 8 digits or fewer is fully masked.
std::string mask_bank_account(std::string_view account);

// Resident IDs (18 characters), mobile numbers (11 digits from 1) and bank account numbers
// (16–30 digits) standing alone in free text — notes typed by cadres, what an applicant
// wrote — masked as above.
std::string mask_personal_numbers(std::string_view text);

}  // namespace fangpin
