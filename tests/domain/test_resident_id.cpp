// 公民身份号码 (GB 11643-1999), SPEC §2: 18-digit resident ID with check digit, masked on
// display as first 6 + ******** + last 4.
#include <gtest/gtest.h>

#include <string>

#include "domain/resident_id.h"

namespace fangpin {
namespace {

// 17 digits + computed check character.
std::string with_check(const std::string& first17) { return first17 + gb11643_check_char(first17); }

TEST(ResidentIdCheckChar, KnownExamples) {
  // The example from the GB 11643 standard and other published samples.
  EXPECT_EQ(gb11643_check_char("11010519491231002"), 'X');
  EXPECT_EQ(gb11643_check_char("44052418800101001"), '4');
  EXPECT_EQ(gb11643_check_char("11010119900307123"), '3');
  EXPECT_EQ(gb11643_check_char("53290119850615031"), '1');
}

TEST(ResidentIdParse, ValidIdWithXCheckDigit) {
  auto r = parse_resident_id("11010519491231002X");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->number, "11010519491231002X");
  EXPECT_EQ(r->birth, (Date{1949, 12, 31}));
  EXPECT_EQ(r->sex, Sex::Female);  // 17th digit 2 is even
}

TEST(ResidentIdParse, LowerCaseXIsNormalised) {
  auto r = parse_resident_id("11010519491231002x");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->number, "11010519491231002X");
}

TEST(ResidentIdParse, ValidNumericCheckDigitAndBirthDate) {
  auto r = parse_resident_id("440524188001010014");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->number, "440524188001010014");
  EXPECT_EQ(r->birth, (Date{1880, 1, 1}));
  EXPECT_EQ(r->sex, Sex::Male);  // 17th digit 1 is odd
}

TEST(ResidentIdParse, BirthDateInTheMiddleOfTheYear) {
  auto r = parse_resident_id("532901198506150311");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->birth, (Date{1985, 6, 15}));
}

TEST(ResidentIdParse, LeapDayBirthIsValid) {
  const std::string id = with_check("53290120000229001");
  auto r = parse_resident_id(id);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->birth, (Date{2000, 2, 29}));
}

TEST(ResidentIdParse, SexFromSeventeenthDigit) {
  for (char d = '0'; d <= '9'; ++d) {
    std::string first17 = "5329011990010100";
    first17 += d;
    auto r = parse_resident_id(with_check(first17));
    ASSERT_TRUE(r.ok()) << first17 << ": " << r.error().message;
    EXPECT_EQ(r->sex, ((d - '0') % 2 == 1) ? Sex::Male : Sex::Female) << "17th digit " << d;
  }
}

TEST(ResidentIdParse, WrongCheckDigitRejected) {
  // Correct is 3.
  auto r = parse_resident_id("110101199003071234");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_FALSE(r.error().message.empty());
  // X where a digit is expected.
  EXPECT_FALSE(parse_resident_id("44052418800101001X").ok());
  // A digit where X is expected.
  EXPECT_FALSE(parse_resident_id("110105194912310020").ok());
}

TEST(ResidentIdParse, WrongLengthRejected) {
  EXPECT_FALSE(parse_resident_id("").ok());
  EXPECT_FALSE(parse_resident_id("11010519491231002").ok());     // 17
  EXPECT_FALSE(parse_resident_id("11010519491231002XX").ok());   // 19
  EXPECT_FALSE(parse_resident_id("110105491231002").ok());       // old 15-digit form
}

TEST(ResidentIdParse, NonDigitsRejected) {
  // Letters among the first 17 characters.
  EXPECT_FALSE(parse_resident_id("1101051949123100AX").ok());
  EXPECT_FALSE(parse_resident_id("X1010519491231002X").ok());
  // A check character that is neither digit nor X.
  EXPECT_FALSE(parse_resident_id("11010519491231002Y").ok());
  // Full-width or separator characters.
  EXPECT_FALSE(parse_resident_id("110105-1949123100X").ok());
}

TEST(ResidentIdParse, ImpossibleBirthDateRejectedEvenWithCorrectCheckDigit) {
  const std::string feb30 = with_check("53290120230230001");
  ASSERT_EQ(feb30.size(), 18u);
  EXPECT_FALSE(parse_resident_id(feb30).ok());
  const std::string feb29_non_leap = with_check("53290120230229001");
  EXPECT_FALSE(parse_resident_id(feb29_non_leap).ok());
  const std::string month13 = with_check("53290120231301001");
  EXPECT_FALSE(parse_resident_id(month13).ok());
  const std::string day00 = with_check("53290120230100001");
  EXPECT_FALSE(parse_resident_id(day00).ok());
}

TEST(ResidentIdMask, FirstSixAndLastFour) {
  EXPECT_EQ(mask_resident_id("110101199003071234"), "110101********1234");
  EXPECT_EQ(mask_resident_id("11010519491231002X"), "110105********002X");
}

TEST(ResidentIdMask, NotEighteenCharsIsFullyMasked) {
  EXPECT_EQ(mask_resident_id("12345"), "*****");
  EXPECT_EQ(mask_resident_id(""), "");
}

TEST(PhoneMask, MobileKeepsPrefixAndLastFour) {
  EXPECT_EQ(mask_phone("13812345678"), "138****5678");
}

TEST(PhoneMask, ShortNumbersKeepLastFour) {
  EXPECT_EQ(mask_phone("6212345"), "***2345");
  EXPECT_EQ(mask_phone("1234"), "****");
  EXPECT_EQ(mask_phone(""), "");
}

}  // namespace
}  // namespace fangpin
