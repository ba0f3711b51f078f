#include "domain/resident_id.h"

#include <algorithm>
#include <array>

namespace fangpin {

char gb11643_check_char(std::string_view first17) {
  static constexpr std::array<int, 17> kWeights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kMap[] = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < 17 && i < first17.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
  return kMap[sum % 11];
}

Result<ResidentId> parse_resident_id(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.size() != 18)
    return invalid("证件号码应为18位，实际为" + std::to_string(text.size()) + "位", "证件号码");
  std::string number(text);
  for (std::size_t i = 0; i < 17; ++i)
    if (number[i] < '0' || number[i] > '9') return invalid("证件号码前17位必须是数字", "证件号码");
  if (number[17] == 'x') number[17] = 'X';
  if (!(number[17] == 'X' || (number[17] >= '0' && number[17] <= '9')))
    return invalid("证件号码校验位必须是数字或X", "证件号码");
  auto digits = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + (number[i] - '0');
    return v;
  };
  auto birth = Date::from_ymd(digits(6, 4), digits(10, 2), digits(12, 2));
  if (!birth || birth->year < 1880) return invalid("证件号码中的出生日期无效", "证件号码");
  char expected = gb11643_check_char(number);
  if (number[17] != expected)
    return invalid(std::string("证件号码校验位错误（GB 11643），应为") + expected, "证件号码");
  Sex sex = ((number[16] - '0') % 2 == 1) ? Sex::Male : Sex::Female;
  return ResidentId{std::move(number), *birth, sex};
}

std::string mask_resident_id(std::string_view id) {
  if (id.size() != 18) return std::string(id.size(), '*');
  return std::string(id.substr(0, 6)) + "********" + std::string(id.substr(14, 4));
}

std::string mask_phone(std::string_view phone) {
  if (phone.size() <= 4) return std::string(phone.size(), '*');
  if (phone.size() >= 11) {
    // Mobile numbers: keep the 3-digit prefix and last 4.
    return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
           std::string(phone.substr(phone.size() - 4));
  }
  return std::string(phone.size() - 4, '*') + std::string(phone.substr(phone.size() - 4));
}

std::string mask_bank_account(std::string_view account) {
  if (account.size() <= 8) return std::string(account.size(), '*');
  return std::string(account.substr(0, 4)) + "****" + std::string(account.substr(account.size() - 4));
}

std::optional<std::uint64_t> pack_resident_id(std::string_view id) {
  if (id.size() < 17) return std::nullopt;
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const char c = id[i];
    if (c < '0' || c > '9') return std::nullopt;
    k = k * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return k;
}

std::string unpack_resident_id(std::uint64_t key) {
  std::string s(17, '0');
  for (int i = 16; i >= 0; --i) {
    s[static_cast<std::size_t>(i)] = static_cast<char>('0' + key % 10);
    key /= 10;
  }
  s.push_back(gb11643_check_char(s));
  return s;
}

namespace {
bool is_ascii_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
}  // namespace

std::string mask_personal_numbers(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_ascii_alnum(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_ascii_alnum(text[j])) ++j;
    const std::string_view run = text.substr(i, j - i);
    bool digits17 = run.size() == 18;
    for (std::size_t k = 0; digits17 && k < 17; ++k) digits17 = run[k] >= '0' && run[k] <= '9';
    const char last = run.empty() ? ' ' : run.back();
    bool phone = run.size() == 11 && run[0] == '1';
    for (char ch : run) phone = phone && ch >= '0' && ch <= '9';
    if (digits17 && ((last >= '0' && last <= '9') || last == 'X' || last == 'x'))
      out += mask_resident_id(run);
    else if (phone)
      out += mask_phone(run);
    else if (run.size() >= 16 && run.size() <= 30 &&
             std::all_of(run.begin(), run.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      out += mask_bank_account(run);  // a bank card/account number (16–19 digits for cards)
    else
      out += run;
    i = j;
  }
  return out;
}

}  // namespace fangpin
