// Money is held in 分 (1/100 元) as int64 so that boundary comparisons against the
// monitoring line are exact (SPEC §4a: "pc exactly at the line" is not below it).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fangpin {

using Fen = std::int64_t;

constexpr Fen yuan(std::int64_t y) { return y * 100; }

// "1234.5" / "1234.50" / "1,234" / "-3" -> fen. Up to two decimals; nullopt if not a number.
std::optional<Fen> parse_yuan(std::string_view text);

// 123450 -> "1234.50"
std::string format_yuan(Fen fen);

// fen / divisor, as yuan rounded half away from zero to 2 decimals (for per-capita figures).
double per_capita_yuan(Fen total, int divisor);

}  // namespace fangpin
