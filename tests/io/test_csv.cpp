#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "io/table.h"
#include "io_test_util.h"

namespace fangpin::io {
namespace {

using testing::read_all;
using testing::read_bytes;
using testing::TempDir;
using testing::write_bytes;
using testing::write_table;
using Cells = std::vector<std::string>;

TEST(CsvRead, QuotingRules) {
  TempDir dir;
  const auto path = dir.file("q.csv");
  write_bytes(path,
              "姓名,备注,金额\r\n"
              "\"张三, 李四\",\"他说\"\"你好\"\"\",5000\r\n"
              "\"多行\r\n文本\nLF\",,\"\"\r\n"
              "王五,\"\"\"\",12\r\n");
  auto all = read_all(path);
  EXPECT_EQ(all.encoding, "UTF-8");
  EXPECT_EQ(all.header, (Cells{"姓名", "备注", "金额"}));
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_EQ(all.rows[0].cells, (Cells{"张三, 李四", "他说\"你好\"", "5000"}));
  EXPECT_EQ(all.rows[0].row_number, 2u);
  EXPECT_EQ(all.rows[1].cells, (Cells{"多行\r\n文本\nLF", "", ""}));
  EXPECT_EQ(all.rows[1].row_number, 3u);
  // The multi-line record above is a single spreadsheet row.
  EXPECT_EQ(all.rows[2].cells, (Cells{"王五", "\"", "12"}));
  EXPECT_EQ(all.rows[2].row_number, 4u);
}

TEST(CsvRead, LineEndingsBlankLinesAndTrailingNewline) {
  TempDir dir;
  const auto path = dir.file("le.csv");
  // LF, CRLF, lone CR; a blank line (counts as a row, skipped); ",," (all empty, skipped);
  // one trailing newline (no extra row).
  write_bytes(path, "a,b\nx,1\r\n\ny,2\r,,\nz,3\n");
  auto all = read_all(path);
  EXPECT_EQ(all.header, (Cells{"a", "b"}));
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_EQ(all.rows[0].cells, (Cells{"x", "1"}));
  EXPECT_EQ(all.rows[0].row_number, 2u);
  EXPECT_EQ(all.rows[1].cells, (Cells{"y", "2"}));
  EXPECT_EQ(all.rows[1].row_number, 4u);
  EXPECT_EQ(all.rows[2].cells, (Cells{"z", "3"}));
  EXPECT_EQ(all.rows[2].row_number, 6u);
}

TEST(CsvRead, WhitespaceOnlyRowsSkipped) {
  TempDir dir;
  const auto path = dir.file("ws.csv");
  write_bytes(path, "a,b\n   \n \t, \nx, \n");
  auto all = read_all(path);
  ASSERT_EQ(all.rows.size(), 1u);
  EXPECT_EQ(all.rows[0].cells, (Cells{"x", " "}));
  EXPECT_EQ(all.rows[0].row_number, 4u);
}

TEST(CsvRead, NoTrailingNewlineAndTrailingComma) {
  TempDir dir;
  const auto path = dir.file("t.csv");
  write_bytes(path, "a,b,c\n1,,\n2,x,");
  auto all = read_all(path);
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.rows[0].cells, (Cells{"1", "", ""}));
  EXPECT_EQ(all.rows[1].cells, (Cells{"2", "x", ""}));
}

TEST(CsvRead, ShortAndLongRowsAndWhitespaceKept) {
  TempDir dir;
  const auto path = dir.file("w.csv");
  write_bytes(path, "  姓名 ,\t年龄\t\n 张三 \n李四,30,多余\n");
  auto all = read_all(path);
  EXPECT_EQ(all.header, (Cells{"姓名", "年龄"}));  // header trimmed
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.rows[0].cells, (Cells{" 张三 "}));  // data whitespace kept, short row
  EXPECT_EQ(all.rows[1].cells, (Cells{"李四", "30", "多余"}));
}

TEST(CsvRead, LenientQuotes) {
  TempDir dir;
  const auto path = dir.file("l.csv");
  write_bytes(path, "a,b\nab\"c,\"x\"y\n");
  auto all = read_all(path);
  ASSERT_EQ(all.rows.size(), 1u);
  EXPECT_EQ(all.rows[0].cells, (Cells{"ab\"c", "xy"}));
}

TEST(CsvRead, UnterminatedQuoteNamesRow) {
  TempDir dir;
  const auto path = dir.file("u.csv");
  write_bytes(path, "a,b\n1,2\n\"3,4\n5,6\n7,8\n");
  auto reader = open_table(path);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  TableRow row;
  auto r = (*reader)->next(row);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(*r);
  EXPECT_EQ(row.row_number, 2u);
  r = (*reader)->next(row);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("第 3 行"), std::string::npos) << r.error().message;
  // After an error the reader stops.
  r = (*reader)->next(row);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(*r);
}

TEST(CsvRead, UnterminatedQuoteInHeader) {
  TempDir dir;
  const auto path = dir.file("uh.csv");
  write_bytes(path, "\"a,b\n1,2\n");
  auto reader = open_table(path);
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.error().message.find("第 1 行"), std::string::npos);
}

TEST(CsvRead, Utf8Bom) {
  TempDir dir;
  const auto path = dir.file("bom.csv");
  write_bytes(path, "\xEF\xBB\xBF户主姓名,身份证号\n张三,110101199003071234\n");
  auto all = read_all(path);
  EXPECT_EQ(all.encoding, "UTF-8 BOM");
  EXPECT_EQ(all.header, (Cells{"户主姓名", "身份证号"}));
  ASSERT_EQ(all.rows.size(), 1u);
  EXPECT_EQ(all.rows[0].cells, (Cells{"张三", "110101199003071234"}));
}

TEST(CsvRead, HeaderCellBomAndIdeographicSpaceTrimmed) {
  TempDir dir;
  const auto path = dir.file("h.csv");
  // A BOM in front of a quoted first cell (after decoding strips only the leading BOM,
  // a second, doubled BOM must still be trimmed from the header cell).
  write_bytes(path, "\xEF\xBB\xBF\xEF\xBB\xBF姓名,\xE3\x80\x80年龄\xE3\x80\x80\n张三,30\n");
  auto all = read_all(path);
  EXPECT_EQ(all.header, (Cells{"姓名", "年龄"}));
}

TEST(CsvRead, Gb18030Detected) {
  TempDir dir;
  const auto path = dir.file("gbk.csv");
  // "姓名,村\r\n张三,王家村\r\n" in GB18030.
  write_bytes(path, "\xD0\xD5\xC3\xFB,\xB4\xE5\r\n\xD5\xC5\xC8\xFD,\xCD\xF5\xBC\xD2\xB4\xE5\r\n");
  auto all = read_all(path);
  EXPECT_EQ(all.encoding, "GB18030");
  EXPECT_EQ(all.header, (Cells{"姓名", "村"}));
  ASSERT_EQ(all.rows.size(), 1u);
  EXPECT_EQ(all.rows[0].cells, (Cells{"张三", "王家村"}));
}

TEST(CsvRead, ReusesRowObject) {
  TempDir dir;
  const auto path = dir.file("r.csv");
  write_bytes(path, "a,b,c\n1,2,3\n4\n5,6\n");
  auto reader = open_table(path);
  ASSERT_TRUE(reader.ok());
  TableRow row;
  std::vector<Cells> got;
  while (true) {
    auto r = (*reader)->next(row);
    ASSERT_TRUE(r.ok());
    if (!*r) break;
    got.push_back(row.cells);
  }
  EXPECT_EQ(got, (std::vector<Cells>{{"1", "2", "3"}, {"4"}, {"5", "6"}}));
}

TEST(CsvOpen, Errors) {
  TempDir dir;
  auto missing = open_table(dir.file("nope.csv"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::NotFound);
  EXPECT_NE(missing.error().message.find("文件不存在"), std::string::npos);
  EXPECT_NE(missing.error().message.find("nope.csv"), std::string::npos);

  write_bytes(dir.file("data.txt"), "a,b\n");
  auto ext = open_table(dir.file("data.txt"));
  ASSERT_FALSE(ext.ok());
  EXPECT_EQ(ext.error().kind, ErrorKind::Unsupported);
  EXPECT_NE(ext.error().message.find(".txt"), std::string::npos);

  write_bytes(dir.file("empty.csv"), "");
  auto empty = open_table(dir.file("empty.csv"));
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("没有表头"), std::string::npos);

  write_bytes(dir.file("blank.CSV"), "\xEF\xBB\xBF\r\n\r\n,,\n");
  auto blank = open_table(dir.file("blank.CSV"));  // extension is case-insensitive
  ASSERT_FALSE(blank.ok());
  EXPECT_NE(blank.error().message.find("没有表头"), std::string::npos);

  auto directory = open_table(dir.file(""));
  EXPECT_FALSE(directory.ok());
}

TEST(CsvOpen, HeaderOnlyFile) {
  TempDir dir;
  write_bytes(dir.file("h.csv"), "a,b\n");
  auto all = read_all(dir.file("h.csv"));
  EXPECT_EQ(all.header, (Cells{"a", "b"}));
  EXPECT_TRUE(all.rows.empty());
}

TEST(CsvWrite, QuotesOnlyWhenNeededWithCrlf) {
  TempDir dir;
  const auto path = dir.file("out.csv");
  write_table(path,
              {{"姓名", "备注"},
               {"张三", "a,b"},
               {"say \"hi\"", "line1\nline2"},
               {" spaced ", "cr\rx"},
               {"", "only second"}},
              CsvEncoding::Utf8);
  EXPECT_EQ(read_bytes(path),
            "姓名,备注\r\n"
            "张三,\"a,b\"\r\n"
            "\"say \"\"hi\"\"\",\"line1\nline2\"\r\n"
            " spaced ,\"cr\rx\"\r\n"
            ",only second\r\n");
}

TEST(CsvWrite, DefaultIsUtf8BomAndRoundTrips) {
  TempDir dir;
  const auto path = dir.file("rt.csv");
  const std::vector<Cells> rows = {{"户主姓名", "身份证号", "备注"},
                                   {"张三", "110101199003071234", "有\"引号\", 逗号"},
                                   {"李四", "11010119900307123X", "多行\n文本"},
                                   {"王五", "", ""}};
  write_table(path, rows);
  const std::string bytes = read_bytes(path);
  ASSERT_GE(bytes.size(), 3u);
  EXPECT_EQ(bytes.substr(0, 3), "\xEF\xBB\xBF");
  auto all = read_all(path);
  EXPECT_EQ(all.encoding, "UTF-8 BOM");
  EXPECT_EQ(all.header, rows[0]);
  ASSERT_EQ(all.rows.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(all.rows[i].cells, rows[i + 1]);
    EXPECT_EQ(all.rows[i].row_number, i + 2);
  }
}

TEST(CsvWrite, Gb18030RoundTrip) {
  TempDir dir;
  const auto path = dir.file("gb.csv");
  const std::vector<Cells> rows = {{"姓名", "村名", "致贫原因"},
                                   {"张三", "王家村", "因病"},
                                   {"𠀀生僻字", "A,\"B\"", "缺劳力\r\n缺技术"}};
  write_table(path, rows, CsvEncoding::Gb18030);
  const std::string bytes = read_bytes(path);
  EXPECT_FALSE(is_valid_utf8(bytes));
  EXPECT_EQ(bytes.substr(0, 4), "\xD0\xD5\xC3\xFB");  // 姓名
  EXPECT_NE(bytes.find("\x95\x32\x82\x36"), std::string::npos);  // U+20000, 4-byte form
  auto all = read_all(path);
  EXPECT_EQ(all.encoding, "GB18030");
  EXPECT_EQ(all.header, rows[0]);
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.rows[0].cells, rows[1]);
  EXPECT_EQ(all.rows[1].cells, rows[2]);
}

TEST(CsvWrite, AtomicAndNoFileWithoutClose) {
  TempDir dir;
  const auto path = dir.file("atomic.csv");
  {
    auto w = create_table(path);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->write_row(Cells{"a", "b"}).ok());
    EXPECT_FALSE(std::filesystem::exists(path));  // only the .tmp exists until close()
  }
  EXPECT_TRUE(dir.entries().empty());  // destroyed without close: nothing left behind

  write_bytes(path, "old content");
  {
    auto w = create_table(path);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->write_row(Cells{"new"}).ok());
    EXPECT_EQ(read_bytes(path), "old content");
    ASSERT_TRUE((*w)->close().ok());
    EXPECT_FALSE((*w)->close().ok());  // only once
    EXPECT_FALSE((*w)->write_row(Cells{"late"}).ok());
  }
  EXPECT_EQ(read_bytes(path), "\xEF\xBB\xBFnew\r\n");
  EXPECT_EQ(dir.entries().size(), 1u);
}

TEST(CsvWrite, RejectsInvalidUtf8AndUnknownExtension) {
  TempDir dir;
  auto w = create_table(dir.file("x.csv"), CsvEncoding::Gb18030);
  ASSERT_TRUE(w.ok());
  auto s = (*w)->write_row(Cells{"ok", "\xFF\xFE"});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("第 2 列"), std::string::npos) << s.error().message;
  EXPECT_FALSE(create_table(dir.file("x.ods")).ok());
  EXPECT_FALSE(create_table(dir.file("no_such_dir/x.csv")).ok());
}

TEST(CsvFuzz, GarbageNeverCrashes) {
  TempDir dir;
  const auto path = dir.file("fuzz.csv");
  std::mt19937 rng(12345);
  const std::string alphabet = "a,\"\r\n\xD5\xC5\xEF\xBB\xBF\xFF\x80 ";
  int errors = 0, successes = 0;
  for (int iter = 0; iter < 400; ++iter) {
    std::string bytes;
    const std::size_t len = rng() % 200;
    for (std::size_t i = 0; i < len; ++i) {
      bytes.push_back(iter % 2 ? static_cast<char>(rng() & 0xFF)
                               : alphabet[rng() % alphabet.size()]);
    }
    write_bytes(path, bytes);
    auto reader = open_table(path);
    if (!reader.ok()) {
      EXPECT_FALSE(reader.error().message.empty());
      ++errors;
      continue;
    }
    std::string err = testing::drain(**reader);
    (err.empty() ? successes : errors)++;
  }
  // Both outcomes must have happened for the fuzzing to mean anything.
  EXPECT_GT(errors, 0);
  EXPECT_GT(successes, 0);
}

}  // namespace
}  // namespace fangpin::io
