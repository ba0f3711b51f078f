// Ascending row numbers as a compact byte string (LEB128 varints of the gaps): how a
// screening run keeps its unmatched rows — millions in a province-size feed — in one value.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fangpin::store {

// `rows` must be ascending (equal neighbours are kept).
inline std::string encode_row_numbers(const std::vector<std::int64_t>& rows) {
  std::string out;
  out.reserve(rows.size() * 2);
  std::int64_t prev = 0;
  for (std::int64_t r : rows) {
    auto gap = static_cast<std::uint64_t>(r - prev);
    prev = r;
    while (gap >= 0x80) {
      out.push_back(static_cast<char>((gap & 0x7F) | 0x80));
      gap >>= 7;
    }
    out.push_back(static_cast<char>(gap));
  }
  return out;
}

// nullopt when the bytes are not such an encoding.
inline std::optional<std::vector<std::int64_t>> decode_row_numbers(std::string_view bytes) {
  std::vector<std::int64_t> rows;
  std::int64_t prev = 0;
  std::uint64_t gap = 0;
  int shift = 0;
  for (char ch : bytes) {
    const auto b = static_cast<std::uint8_t>(ch);
    if (shift > 56) return std::nullopt;
    gap |= static_cast<std::uint64_t>(b & 0x7F) << shift;
    if (b & 0x80) {
      shift += 7;
      continue;
    }
    if (gap > static_cast<std::uint64_t>(INT64_MAX - prev)) return std::nullopt;  // not row numbers
    prev += static_cast<std::int64_t>(gap);
    rows.push_back(prev);
    gap = 0;
    shift = 0;
  }
  if (shift != 0) return std::nullopt;
  return rows;
}

}  // namespace fangpin::store
