#include <cstdint>
#include "domain/money.h"

#include <cmath>
#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

namespace fangpin {

std::optional<Fen> parse_yuan(std::string_view text) {
  // Trim ASCII whitespace.
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  Fen whole = 0;
  int digits = 0;
  std::size_t i = 0;
  // Thousands separators as Excel may export them ("1,234.50"): only between groups of
  // exactly three digits, so a locale decimal comma ("1,5") is rejected, not misread.
  const std::string_view head = text.substr(0, std::min(text.find('.'), text.size()));
  const std::size_t first_comma = head.find(',');
  if (first_comma != std::string_view::npos &&
      (first_comma == 0 || first_comma > 3 || (head.size() - first_comma) % 4 != 0))
    return std::nullopt;
  for (; i < text.size() && text[i] != '.'; ++i) {
    char c = text[i];
    if (c == ',') {
      if ((i - first_comma) % 4 != 0) return std::nullopt;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (++digits > 15) return std::nullopt;  // beyond any plausible amount; avoids overflow
    whole = whole * 10 + (c - '0');
  }
  Fen cents = 0;
  if (i < text.size()) {  // fractional part
    std::string_view frac = text.substr(i + 1);
    if (frac.size() > 2) {
      // Accept trailing zeros beyond 2 decimals ("12.500"), reject real sub-fen amounts.
      for (std::size_t k = 2; k < frac.size(); ++k)
        if (frac[k] != '0') return std::nullopt;
      frac = frac.substr(0, 2);
    }
    if (frac.empty() && digits == 0) return std::nullopt;
    for (std::size_t k = 0; k < 2; ++k) {
      cents *= 10;
      if (k < frac.size()) {
        if (frac[k] < '0' || frac[k] > '9') return std::nullopt;
        cents += frac[k] - '0';
      }
    }
  } else if (digits == 0) {
    return std::nullopt;
  }
  Fen v = whole * 100 + cents;
  return negative ? -v : v;
}

std::string format_yuan(Fen fen) {
  // The magnitude in unsigned arithmetic: -fen overflows for the most negative value.
  const std::uint64_t a = fen < 0 ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  return fmt::format("{}{}.{:02d}", fen < 0 ? "-" : "", a / 100, static_cast<int>(a % 100));
}

double per_capita_yuan(Fen total, int divisor) {
  if (divisor <= 0) return 0.0;
  // Round fen/divisor half away from zero to whole fen, then express in yuan.
  Fen q = total / divisor;
  Fen r = total % divisor;
  if (2 * (r < 0 ? -r : r) >= divisor) q += (total < 0 ? -1 : 1);
  return static_cast<double>(q) / 100.0;
}

}  // namespace fangpin
