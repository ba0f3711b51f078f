// Issue 15 defect 6: user-typed values cannot split or fake a log line.
#include <gtest/gtest.h>

#include "domain/log_text.h"

namespace fangpin {
namespace {

TEST(LogEscape, LineBreaksAndControlCharactersBecomeVisibleEscapes) {
  // The probe's household id: a newline followed by a forged entry.
  const std::string forged = "H1\n2026-12-03T10:00:00.000 info request_id=x login user=admin";
  const std::string e = log_escape(forged);
  EXPECT_EQ(e.find('\n'), std::string::npos);
  EXPECT_EQ(e, "H1\\n2026-12-03T10:00:00.000 info request_id=x login user=admin");
  EXPECT_EQ(log_escape("a\rb\tc\x1b[31md\x7f"), "a\\rb\\tc\\x1b[31md\\x7f");
  EXPECT_EQ(log_escape("x\xe2\x80\xa8y\xe2\x80\xa9z"), "x\\u2028y\\u2029z");
}

TEST(LogEscape, BackslashIsDoubledSoEscapesCannotBeFaked) {
  EXPECT_EQ(log_escape("a\\nb"), "a\\\\nb");
  EXPECT_NE(log_escape("a\\nb"), log_escape("a\nb"));
}

TEST(LogEscape, OrdinaryTextIsUnchanged) {
  EXPECT_EQ(log_escape("5329231010010001"), "5329231010010001");
  EXPECT_EQ(log_escape("王五 上传 户.xlsx"), "王五 上传 户.xlsx");
  EXPECT_EQ(log_escape(""), "");
}

}  // namespace
}  // namespace fangpin
