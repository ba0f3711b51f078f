#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "io/table.h"

namespace fangpin::io {
namespace {

TEST(Utf8Validation, AcceptsWellFormed) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii, long enough for the 8-byte fast path"));
  EXPECT_TRUE(is_valid_utf8("户主姓名"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(Utf8Validation, RejectsMalformed) {
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));          // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\x80"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(is_valid_utf8("abc\xE6\x88"));       // truncated at end
  EXPECT_FALSE(is_valid_utf8("\x80"));              // lone continuation
  EXPECT_FALSE(is_valid_utf8("\xD5\xC5\xC8\xFD"));  // "张三" in GB18030
  EXPECT_FALSE(is_valid_utf8("0123456789abcdef\xFF"));
}

TEST(DecodeToUtf8, KeepsUtf8) {
  std::string enc;
  auto r = decode_to_utf8("姓名,身份证号", &enc);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "姓名,身份证号");
  EXPECT_EQ(enc, "UTF-8");
}

TEST(DecodeToUtf8, StripsBom) {
  std::string enc;
  auto r = decode_to_utf8("\xEF\xBB\xBF姓名", &enc);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "姓名");
  EXPECT_EQ(enc, "UTF-8 BOM");
}

TEST(DecodeToUtf8, DecodesGb18030) {
  std::string enc;
  // "张三,贫困户" in GB18030 / GBK.
  auto r = decode_to_utf8("\xD5\xC5\xC8\xFD,\xC6\xB6\xC0\xA7\xBB\xA7", &enc);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "张三,贫困户");
  EXPECT_EQ(enc, "GB18030");
}

TEST(DecodeToUtf8, DecodesGb18030FourByteSequences) {
  // U+20000 (CJK Ext. B) is 0x95 0x32 0x82 0x36 in GB18030.
  auto r = decode_to_utf8("\x95\x32\x82\x36");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "\xF0\xA0\x80\x80");
}

TEST(DecodeToUtf8, RejectsUndecodableBytes) {
  auto r = decode_to_utf8("ok\xFF\xFF\xFF");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("编码"), std::string::npos) << r.error().message;
  // Truncated multi-byte sequence at the end.
  EXPECT_FALSE(decode_to_utf8("\xD5\xC5\xC8").ok());
}

TEST(DecodeToUtf8, BomWithInvalidBodyIsAnError) {
  EXPECT_FALSE(decode_to_utf8("\xEF\xBB\xBF\xD5\xC5").ok());
}

TEST(ExcelSerialDate, KnownValues) {
  EXPECT_EQ(excel_serial_to_iso_date(1), "1900-01-01");
  EXPECT_EQ(excel_serial_to_iso_date(59), "1900-02-28");
  EXPECT_EQ(excel_serial_to_iso_date(61), "1900-03-01");
  EXPECT_EQ(excel_serial_to_iso_date(25569), "1970-01-01");
  EXPECT_EQ(excel_serial_to_iso_date(36526), "2000-01-01");
  EXPECT_EQ(excel_serial_to_iso_date(45292), "2024-01-01");
  EXPECT_EQ(excel_serial_to_iso_date(45351), "2024-02-29");
  EXPECT_EQ(excel_serial_to_iso_date(44927.75), "2023-01-01");  // time of day ignored
  EXPECT_EQ(excel_serial_to_iso_date(2958465), "9999-12-31");
}

TEST(ExcelSerialDate, OutOfRange) {
  EXPECT_EQ(excel_serial_to_iso_date(0), "");
  EXPECT_EQ(excel_serial_to_iso_date(-5), "");
  EXPECT_EQ(excel_serial_to_iso_date(60), "");  // Excel's fictitious 1900-02-29
  EXPECT_EQ(excel_serial_to_iso_date(2958466), "");
  EXPECT_EQ(excel_serial_to_iso_date(std::numeric_limits<double>::quiet_NaN()), "");
  EXPECT_EQ(excel_serial_to_iso_date(std::numeric_limits<double>::infinity()), "");
}

}  // namespace
}  // namespace fangpin::io
