// Money in 分 (FORMATS.md: "Money is 元 with up to two decimals") and ISO dates.
#include <gtest/gtest.h>

#include <limits>

#include <optional>

#include "domain/date.h"
#include "domain/money.h"

namespace fangpin {
namespace {

// ---- parse_yuan -------------------------------------------------------------------------

TEST(ParseYuan, OneDecimal) { EXPECT_EQ(parse_yuan("12.5"), std::optional<Fen>(1250)); }
TEST(ParseYuan, TwoDecimals) { EXPECT_EQ(parse_yuan("12.50"), std::optional<Fen>(1250)); }
TEST(ParseYuan, Integer) { EXPECT_EQ(parse_yuan("7100"), std::optional<Fen>(710000)); }
TEST(ParseYuan, ThousandsSeparator) { EXPECT_EQ(parse_yuan("1,234.56"), std::optional<Fen>(123456)); }
TEST(ParseYuan, Negative) { EXPECT_EQ(parse_yuan("-3"), std::optional<Fen>(-300)); }
TEST(ParseYuan, NegativeWithDecimals) { EXPECT_EQ(parse_yuan("-0.01"), std::optional<Fen>(-1)); }
TEST(ParseYuan, Zero) { EXPECT_EQ(parse_yuan("0"), std::optional<Fen>(0)); }
TEST(ParseYuan, SmallFraction) { EXPECT_EQ(parse_yuan("0.05"), std::optional<Fen>(5)); }
TEST(ParseYuan, SurroundingWhitespaceTrimmed) { EXPECT_EQ(parse_yuan(" 42.10\r"), std::optional<Fen>(4210)); }

TEST(ParseYuan, TrailingZerosBeyondTwoDecimalsAccepted) {
  EXPECT_EQ(parse_yuan("1.230"), std::optional<Fen>(123));
  EXPECT_EQ(parse_yuan("12.500"), std::optional<Fen>(1250));
}

TEST(ParseYuan, SubFenAmountRejected) {
  EXPECT_EQ(parse_yuan("1.234"), std::nullopt);
  EXPECT_EQ(parse_yuan("0.001"), std::nullopt);
}

TEST(ParseYuan, NotANumberRejected) {
  EXPECT_EQ(parse_yuan("abc"), std::nullopt);
  EXPECT_EQ(parse_yuan(""), std::nullopt);
  EXPECT_EQ(parse_yuan("   "), std::nullopt);
  EXPECT_EQ(parse_yuan("-"), std::nullopt);
  EXPECT_EQ(parse_yuan("."), std::nullopt);
  EXPECT_EQ(parse_yuan("12a"), std::nullopt);
  EXPECT_EQ(parse_yuan("1.2.3"), std::nullopt);
  EXPECT_EQ(parse_yuan("1.a"), std::nullopt);
  EXPECT_EQ(parse_yuan("--3"), std::nullopt);
  EXPECT_EQ(parse_yuan("1e3"), std::nullopt);
}

TEST(ParseYuan, AbsurdlyLongNumberRejectedRatherThanOverflowing) {
  EXPECT_EQ(parse_yuan("99999999999999999999"), std::nullopt);
}

// ---- format_yuan ------------------------------------------------------------------------

TEST(FormatYuan, TwoDecimals) {
  EXPECT_EQ(format_yuan(123450), "1234.50");
  EXPECT_EQ(format_yuan(710000), "7100.00");
  EXPECT_EQ(format_yuan(5), "0.05");
  EXPECT_EQ(format_yuan(0), "0.00");
}

TEST(FormatYuan, Negative) {
  EXPECT_EQ(format_yuan(std::numeric_limits<Fen>::min()), "-92233720368547758.08");  // no overflow
  EXPECT_EQ(format_yuan(-1), "-0.01");
  EXPECT_EQ(format_yuan(-123456), "-1234.56");
}

TEST(FormatYuan, RoundTripsThroughParse) {
  for (Fen f : {Fen{0}, Fen{1}, Fen{99}, Fen{100}, Fen{123456}, Fen{-500001}}) {
    auto back = parse_yuan(format_yuan(f));
    ASSERT_TRUE(back.has_value()) << f;
    EXPECT_EQ(*back, f);
  }
}

TEST(Yuan, ToFen) {
  EXPECT_EQ(yuan(7100), 710000);
  EXPECT_EQ(yuan(-3), -300);
}

// ---- per_capita_yuan --------------------------------------------------------------------

TEST(PerCapitaYuan, ExactDivision) { EXPECT_DOUBLE_EQ(per_capita_yuan(yuan(21300), 3), 7100.00); }

TEST(PerCapitaYuan, RoundsDownBelowHalf) {
  // 10000.00 / 3 = 3333.3333...
  EXPECT_DOUBLE_EQ(per_capita_yuan(yuan(10000), 3), 3333.33);
}

TEST(PerCapitaYuan, RoundsUpAboveHalf) {
  // 200.00 / 3 = 66.666...
  EXPECT_DOUBLE_EQ(per_capita_yuan(yuan(200), 3), 66.67);
}

TEST(PerCapitaYuan, HalfRoundsAwayFromZeroPositive) {
  // 0.01 / 2 = 0.005 -> 0.01; 10000.01 / 2 = 5000.005 -> 5000.01
  EXPECT_DOUBLE_EQ(per_capita_yuan(1, 2), 0.01);
  EXPECT_DOUBLE_EQ(per_capita_yuan(1000001, 2), 5000.01);
}

TEST(PerCapitaYuan, HalfRoundsAwayFromZeroNegative) {
  // -0.01 / 2 = -0.005 -> -0.01; -10000.01 / 2 -> -5000.01
  EXPECT_DOUBLE_EQ(per_capita_yuan(-1, 2), -0.01);
  EXPECT_DOUBLE_EQ(per_capita_yuan(-1000001, 2), -5000.01);
}

TEST(PerCapitaYuan, NegativeBelowHalfTowardsZero) {
  // -0.01 / 3 = -0.00333 -> 0 (well, -0.0)
  EXPECT_DOUBLE_EQ(per_capita_yuan(-1, 3), 0.0);
  // -2.00 / 3 = -0.6666 -> -0.67
  EXPECT_DOUBLE_EQ(per_capita_yuan(-200, 3), -0.67);
}

TEST(PerCapitaYuan, JustBelowLineDoesNotRoundToAboveLine) {
  // 21299.99 / 3 = 7099.9966... -> 7100.00 for display (the decision itself is exact, see
  // test_assessment).
  EXPECT_DOUBLE_EQ(per_capita_yuan(2129999, 3), 7100.00);
  // 21299.97 / 3 = 7099.99
  EXPECT_DOUBLE_EQ(per_capita_yuan(2129997, 3), 7099.99);
}

// ---- Date -------------------------------------------------------------------------------

TEST(DateParse, ValidIso) {
  auto d = Date::parse("2023-12-31");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, (Date{2023, 12, 31}));
  EXPECT_EQ(d->iso(), "2023-12-31");
}

TEST(DateParse, Strictness) {
  EXPECT_EQ(Date::parse("2023-1-01"), std::nullopt);
  EXPECT_EQ(Date::parse("2023-01-1"), std::nullopt);
  EXPECT_EQ(Date::parse("2023/01/01"), std::nullopt);
  EXPECT_EQ(Date::parse("20230101"), std::nullopt);
  EXPECT_EQ(Date::parse("2023-01-01T00:00"), std::nullopt);
  EXPECT_EQ(Date::parse(" 2023-01-01"), std::nullopt);
  EXPECT_EQ(Date::parse("2023-0a-01"), std::nullopt);
  EXPECT_EQ(Date::parse("2023-+1-01"), std::nullopt);
  EXPECT_EQ(Date::parse(""), std::nullopt);
  EXPECT_EQ(Date::parse("01-01-2023"), std::nullopt);
}

TEST(DateParse, ImpossibleDatesRejected) {
  EXPECT_EQ(Date::parse("2023-02-30"), std::nullopt);
  EXPECT_EQ(Date::parse("2023-13-01"), std::nullopt);
  EXPECT_EQ(Date::parse("2023-00-10"), std::nullopt);
  EXPECT_EQ(Date::parse("2023-04-31"), std::nullopt);
  EXPECT_EQ(Date::parse("2023-01-00"), std::nullopt);
  EXPECT_EQ(Date::parse("2023-01-32"), std::nullopt);
}

TEST(DateParse, LeapYears) {
  EXPECT_TRUE(Date::parse("2024-02-29").has_value());   // divisible by 4
  EXPECT_FALSE(Date::parse("2023-02-29").has_value());
  EXPECT_FALSE(Date::parse("1900-02-29").has_value());  // century, not by 400
  EXPECT_TRUE(Date::parse("2000-02-29").has_value());   // by 400
}

TEST(DateFromYmd, Validates) {
  EXPECT_EQ(Date::from_ymd(2024, 2, 29), (std::optional<Date>{Date{2024, 2, 29}}));
  EXPECT_EQ(Date::from_ymd(2023, 2, 29), std::nullopt);
  EXPECT_EQ(Date::from_ymd(2023, 0, 1), std::nullopt);
  EXPECT_EQ(Date::from_ymd(2023, 1, 0), std::nullopt);
}

TEST(DateOrder, Comparisons) {
  EXPECT_LT((Date{2023, 12, 31}), (Date{2024, 1, 1}));
  EXPECT_LT((Date{2023, 1, 31}), (Date{2023, 2, 1}));
  EXPECT_EQ((Date{2023, 5, 5}), (Date{2023, 5, 5}));
}

TEST(DateArithmetic, PlusDaysAcrossYearAndLeapDay) {
  EXPECT_EQ((Date{2023, 12, 31}).plus_days(1), (Date{2024, 1, 1}));
  EXPECT_EQ((Date{2024, 2, 28}).plus_days(1), (Date{2024, 2, 29}));
  EXPECT_EQ((Date{2023, 2, 28}).plus_days(1), (Date{2023, 3, 1}));
  EXPECT_EQ((Date{2024, 3, 1}).plus_days(-1), (Date{2024, 2, 29}));
}

TEST(AgeOn, BirthdayCountsOnTheDay) {
  EXPECT_EQ(age_on(Date{2008, 12, 31}, Date{2023, 12, 31}), 15);
  EXPECT_EQ(age_on(Date{2007, 12, 31}, Date{2023, 12, 31}), 16);
}

TEST(AgeOn, DayBeforeBirthday) {
  EXPECT_EQ(age_on(Date{2008, 1, 1}, Date{2023, 12, 31}), 15);
  EXPECT_EQ(age_on(Date{2000, 6, 15}, Date{2023, 6, 14}), 22);
  EXPECT_EQ(age_on(Date{2000, 6, 15}, Date{2023, 6, 15}), 23);
}

TEST(AgeOn, NewbornIsZero) {
  EXPECT_EQ(age_on(Date{2023, 12, 31}, Date{2023, 12, 31}), 0);
  EXPECT_EQ(age_on(Date{2023, 1, 1}, Date{2023, 12, 31}), 0);
}

TEST(AgeOn, LeapDayBirth) {
  // Born 2000-02-29: on 2023-02-28 not yet 23; on 2023-03-01 23.
  EXPECT_EQ(age_on(Date{2000, 2, 29}, Date{2023, 2, 28}), 22);
  EXPECT_EQ(age_on(Date{2000, 2, 29}, Date{2023, 3, 1}), 23);
  EXPECT_EQ(age_on(Date{2000, 2, 29}, Date{2024, 2, 29}), 24);
}

// Thousands separators only in groups of three: a decimal comma must not become 15 元.
TEST(ParseYuan, CommasOnlyAsThousandsSeparators) {
  EXPECT_EQ(parse_yuan("12,345,678"), Fen{1234567800});
  EXPECT_EQ(parse_yuan("1,234"), Fen{123400});
  EXPECT_EQ(parse_yuan("1,5"), std::nullopt);
  EXPECT_EQ(parse_yuan(",5"), std::nullopt);
  EXPECT_EQ(parse_yuan("1,,2"), std::nullopt);
  EXPECT_EQ(parse_yuan("1234,567"), std::nullopt);
  EXPECT_EQ(parse_yuan("1,234,56"), std::nullopt);
  EXPECT_EQ(parse_yuan("12,3,4"), std::nullopt);
}

}  // namespace
}  // namespace fangpin
