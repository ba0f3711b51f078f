// store/row_numbers.h: LEB128-gap encoding of ascending row numbers — round trips, exact bytes, damaged input.
#include "store/row_numbers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace fangpin::store {
namespace {

using Rows = std::vector<std::int64_t>;

void expect_round_trip(const Rows& rows) {
  const std::string bytes = encode_row_numbers(rows);
  const auto back = decode_row_numbers(bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, rows);
}

TEST(RowNumbers, EmptyIsNoBytes) {
  EXPECT_EQ(encode_row_numbers({}), "");
  const auto back = decode_row_numbers("");
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->empty());
}

TEST(RowNumbers, OneRowAndExactBytes) {
  EXPECT_EQ(encode_row_numbers({5}), std::string("\x05", 1));
  EXPECT_EQ(encode_row_numbers({127}), std::string("\x7F", 1));
  EXPECT_EQ(encode_row_numbers({128}), std::string("\x80\x01", 2));
  EXPECT_EQ(encode_row_numbers({300}), std::string("\xAC\x02", 2));
  // Gaps, not absolute values: 2, 3 (+1), 303 (+300).
  EXPECT_EQ(encode_row_numbers({2, 3, 303}), std::string("\x02\x01\xAC\x02", 4));
  expect_round_trip({1});
  expect_round_trip({0});
  expect_round_trip({2, 3, 303});
}

TEST(RowNumbers, EqualNeighboursAreKept) {
  EXPECT_EQ(encode_row_numbers({3, 3, 3}), std::string("\x03\x00\x00", 3));
  expect_round_trip({3, 3, 3});
  expect_round_trip({2, 2, 5, 5, 5, 1000, 1000});
}

TEST(RowNumbers, LargeGapsUpTo2To40) {
  const std::int64_t big = std::int64_t{1} << 40;
  const Rows rows{1, big, big + 1, big + 129, 2 * big, 2 * big};
  const std::string bytes = encode_row_numbers(rows);
  // Gaps 1, 2^40-1 (40 bits: 6 bytes), 1, 128 (2 bytes), 2^40-129 (6 bytes), 0.
  EXPECT_EQ(bytes.size(), 1u + 6u + 1u + 2u + 6u + 1u);
  expect_round_trip(rows);
  expect_round_trip({big});
  expect_round_trip({std::int64_t{1} << 62});  // a 9-byte varint: the longest a row gap needs
}

TEST(RowNumbers, HundredThousandRandomAscendingRows) {
  std::mt19937_64 rng(20240517);
  std::uniform_int_distribution<std::int64_t> gap_small(0, 50);
  std::uniform_int_distribution<std::int64_t> gap_big(0, std::int64_t{1} << 30);
  Rows rows;
  rows.reserve(100000);
  std::int64_t r = 1;
  for (int i = 0; i < 100000; ++i) {
    r += (i % 97 == 0) ? gap_big(rng) : gap_small(rng);
    rows.push_back(r);
  }
  ASSERT_TRUE(std::is_sorted(rows.begin(), rows.end()));
  const std::string bytes = encode_row_numbers(rows);
  EXPECT_LT(bytes.size(), rows.size() * 2);  // compact: small gaps take one byte
  const auto back = decode_row_numbers(bytes);
  ASSERT_TRUE(back.has_value());
  ASSERT_EQ(back->size(), rows.size());
  EXPECT_EQ(*back, rows);
}

TEST(RowNumbers, TruncatedVarintIsRejected) {
  EXPECT_EQ(decode_row_numbers(std::string("\xAC", 1)), std::nullopt);
  EXPECT_EQ(decode_row_numbers(std::string("\x05\x80", 2)), std::nullopt);
  // Every prefix of a valid encoding: valid exactly when it ends on a varint's last byte.
  const Rows rows{7, 300, 70000, std::int64_t{1} << 40};
  const std::string bytes = encode_row_numbers(rows);
  std::size_t complete = 0;
  for (std::size_t n = 0; n <= bytes.size(); ++n) {
    const auto back = decode_row_numbers(std::string_view(bytes).substr(0, n));
    if (n > 0 && (static_cast<unsigned char>(bytes[n - 1]) & 0x80) == 0) ++complete;
    if (n == 0 || (static_cast<unsigned char>(bytes[n - 1]) & 0x80) == 0) {
      ASSERT_TRUE(back.has_value()) << n;
      EXPECT_EQ(*back, Rows(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(complete))) << n;
    } else {
      EXPECT_EQ(back, std::nullopt) << n;
    }
  }
  EXPECT_EQ(complete, rows.size());
}

TEST(RowNumbers, OverlongVarintIsRejected) {
  // Ten bytes (70 bits) cannot be a row gap.
  EXPECT_EQ(decode_row_numbers(std::string(9, '\x80') + std::string("\x01", 1)), std::nullopt);
  // Nine bytes are accepted: eight empty continuation groups, then 1 × 2^56.
  const auto nine = decode_row_numbers(std::string(8, '\x80') + std::string("\x01", 1));
  ASSERT_TRUE(nine.has_value());
  EXPECT_EQ(*nine, (Rows{std::int64_t{1} << 56}));
}

// Random bytes never crash; the answer is nullopt exactly when the bytes end inside a varint
// or hold a varint longer than 9 bytes, and otherwise one row per terminating byte.
TEST(RowNumbers, GapsBeyondTheLargestRowAreRejected) {
  const std::string huge = "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F";  // 2^63 - 1
  EXPECT_EQ(decode_row_numbers(huge + huge), std::nullopt);  // the sum would overflow
  auto one = decode_row_numbers(huge);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(*one, (std::vector<std::int64_t>{INT64_MAX}));
}

TEST(RowNumbers, RandomBytesNeverCrash) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> len(0, 40);
  std::uniform_int_distribution<int> byte(0, 255);
  std::bernoulli_distribution high(0.6);
  int accepted = 0, rejected = 0;
  for (int iter = 0; iter < 5000; ++iter) {
    std::string s(static_cast<std::size_t>(len(rng)), '\0');
    for (char& c : s) {
      // Many continuations; 4 payload bits per byte keep the sum of at most four 9-byte gaps
      // below 2^62 (no int64 overflow).
      const int v = byte(rng) & 0x0F;
      c = static_cast<char>(high(rng) ? (v | 0x80) : v);
    }
    bool valid = true;
    std::size_t run = 0, terminators = 0;
    for (char c : s) {
      if (static_cast<unsigned char>(c) & 0x80) {
        ++run;
      } else {
        if (run + 1 > 9) valid = false;
        run = 0;
        ++terminators;
      }
    }
    if (run != 0) valid = false;
    const auto back = decode_row_numbers(s);
    ASSERT_EQ(back.has_value(), valid) << "iteration " << iter;
    if (back) {
      EXPECT_EQ(back->size(), terminators);
      ++accepted;
    } else {
      ++rejected;
    }
  }
  EXPECT_GT(accepted, 100);
  EXPECT_GT(rejected, 100);
}

}  // namespace
}  // namespace fangpin::store
