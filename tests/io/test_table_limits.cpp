// Issue 15 defect 1: hostile spreadsheets (xlsx bombs) are refused with an error naming the
// limit, before memory follows what the file declares. The files are built here with libzip.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zip.h>

#include <map>
#include <string>

#include "io/registry_format.h"
#include "io/table.h"
#include "io_test_util.h"

namespace fangpin::io {
namespace {

using testing::read_bytes;
using testing::TempDir;
using testing::write_bytes;

void write_zip(const std::string& path, const std::map<std::string, std::string>& entries) {
  std::filesystem::remove(path);
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  ASSERT_NE(z, nullptr);
  for (const auto& [name, data] : entries) {
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    ASSERT_NE(src, nullptr);
    zip_int64_t idx = zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8);
    ASSERT_GE(idx, 0);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, 9);
  }
  ASSERT_EQ(zip_close(z), 0) << zip_strerror(z);
}

const char* kNs = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";

// A minimal workbook: default part names, optional shared strings.
void write_xlsx(const std::string& path, const std::string& sheet_data, const std::string& shared = {}) {
  std::map<std::string, std::string> e;
  e["xl/workbook.xml"] = std::string("<workbook ") + kNs + "><sheets><sheet name=\"S\" sheetId=\"1\"/></sheets></workbook>";
  e["xl/worksheets/sheet1.xml"] = std::string("<worksheet ") + kNs + "><sheetData>" + sheet_data + "</sheetData></worksheet>";
  if (!shared.empty()) e["xl/sharedStrings.xml"] = std::string("<sst ") + kNs + ">" + shared + "</sst>";
  write_zip(path, e);
}

std::string header_row() { return R"(<row r="1"><c r="A1" t="inlineStr"><is><t>户编号</t></is></c></row>)"; }

std::string num_rows(std::size_t from, std::size_t to) {
  std::string s;
  for (std::size_t r = from; r <= to; ++r) s += "<row r=\"" + std::to_string(r) + "\"><c><v>" + std::to_string(r) + "</v></c></row>";
  return s;
}

// Reads every row; the first error, or nullopt when the file is read to its end.
std::optional<Error> read_through(const std::string& path, const TableLimits& limits = {}) {
  auto t = open_table(path, limits);
  if (!t) return t.error();
  TableRow row;
  while (true) {
    auto r = (*t)->next(row);
    if (!r) return r.error();
    if (!*r) return std::nullopt;
  }
}

void expect_limit(const std::optional<Error>& e, const std::string& names) {
  ASSERT_TRUE(e.has_value()) << "expected a limit error naming " << names;
  EXPECT_EQ(e->kind, ErrorKind::Invalid) << e->message;
  EXPECT_NE(e->message.find("超出限制"), std::string::npos) << e->message;
  EXPECT_NE(e->message.find(names), std::string::npos) << e->message;
}

// Peak resident memory of this process so far (kB).
long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

TEST(XlsxLimits, RowNumberBeyondExcelMaximumIsRefused) {
  // The probe's file: a sheet that says it has 40 million rows.
  TempDir d;
  write_xlsx(d.file("rows.xlsx"), header_row() + R"(<row r="40000000"><c><v>1</v></c></row>)");
  expect_limit(read_through(d.file("rows.xlsx")), "行数");
}

TEST(XlsxLimits, TooManyRowsIsRefusedAtTheLimitNotAtTheEnd) {
  TempDir d;
  write_xlsx(d.file("many.xlsx"), header_row() + num_rows(2, 500));
  TableLimits l;
  l.max_rows = 100;
  auto e = read_through(d.file("many.xlsx"), l);
  expect_limit(e, "行数");
  EXPECT_NE(e->message.find("100"), std::string::npos);
  EXPECT_FALSE(read_through(d.file("many.xlsx")).has_value());  // default limits: fine
}

TEST(XlsxLimits, HugeSharedStringIsRefusedWhileInflating) {
  // One 64 MiB shared string (the probe used 2 GiB): refused at the cell limit, without
  // holding the string, and in well under a second.
  TempDir d;
  const std::string big(64u << 20, 'a');
  write_xlsx(d.file("sst.xlsx"), header_row() + R"(<row r="2"><c t="s"><v>0</v></c></row>)",
             "<si><t>" + big + "</t></si>");
  const long before = peak_rss_kb();
  auto e = read_through(d.file("sst.xlsx"));
  expect_limit(e, "共享字符串");
  EXPECT_NE(e->message.find("131072"), std::string::npos) << e->message;
  EXPECT_LT(peak_rss_kb() - before, 32 * 1024) << "memory grew with the string";
}

TEST(XlsxLimits, SharedStringCountAndTotalBytes) {
  TempDir d;
  std::string sst;
  for (int i = 0; i < 50; ++i) sst += "<si><t>s" + std::to_string(i) + "</t></si>";
  write_xlsx(d.file("count.xlsx"), header_row(), sst);
  TableLimits l;
  l.max_shared_strings = 10;
  expect_limit(read_through(d.file("count.xlsx"), l), "共享字符串个数");
  l = {};
  l.max_shared_bytes = 20;
  expect_limit(read_through(d.file("count.xlsx"), l), "共享字符串总长度");
}

TEST(XlsxLimits, LongInlineCellIsRefused) {
  TempDir d;
  write_xlsx(d.file("cell.xlsx"),
             header_row() + R"(<row r="2"><c t="inlineStr"><is><t>)" + std::string(200000, 'x') + "</t></is></c></row>");
  auto e = read_through(d.file("cell.xlsx"));
  expect_limit(e, "单元格的长度");
  EXPECT_NE(e->message.find("第 2 行"), std::string::npos) << e->message;
}

TEST(XlsxLimits, CompressionRatioBombIsRefused) {
  // 40 MiB of whitespace inside a row deflates about 1000:1.
  TempDir d;
  write_xlsx(d.file("ratio.xlsx"), header_row() + "<row r=\"2\">" + std::string(40u << 20, ' ') + "<c><v>1</v></c></row>");
  expect_limit(read_through(d.file("ratio.xlsx")), "压缩比");
}

TEST(XlsxLimits, DecompressedBytesOfAPartAreBounded) {
  TempDir d;
  write_xlsx(d.file("abs.xlsx"), header_row() + num_rows(2, 3000));
  TableLimits l;
  l.max_part_bytes = 16 * 1024;
  expect_limit(read_through(d.file("abs.xlsx"), l), "解压后的大小");
  l = {};
  l.max_meta_bytes = 10;  // the workbook part itself
  expect_limit(read_through(d.file("abs.xlsx"), l), "解压后的大小");
}

TEST(XlsxLimits, CellsColumnsAndTextPerSheet) {
  TempDir d;
  std::string wide = "<row r=\"2\">";
  for (int c = 0; c < 30; ++c) wide += "<c><v>1</v></c>";
  wide += "</row>";
  write_xlsx(d.file("wide.xlsx"), header_row() + wide + num_rows(3, 40));
  TableLimits l;
  l.max_columns = 20;
  expect_limit(read_through(d.file("wide.xlsx"), l), "列数");
  l = {};
  l.max_cells = 25;
  expect_limit(read_through(d.file("wide.xlsx"), l), "单元格个数");
  l = {};
  l.max_text_bytes = 40;
  expect_limit(read_through(d.file("wide.xlsx"), l), "文本总量");
}

TEST(CsvLimits, LongCellAndTooManyColumns) {
  TempDir d;
  write_bytes(d.file("long.csv"), "户编号,姓名\nH1," + std::string(200000, 'x') + "\n");
  auto e = read_through(d.file("long.csv"));
  expect_limit(e, "单元格的长度");
  EXPECT_NE(e->message.find("CSV 第 2 行"), std::string::npos) << e->message;
  write_bytes(d.file("wide.csv"), "a\n" + std::string(20000, ',') + "\n");
  expect_limit(read_through(d.file("wide.csv")), "列数");
}

TEST(UnnamedFiles, AnUnlinkedUploadIsReadByContent) {
  // Uploads are staged as unlinked files (defect 11) and read through /proc/self/fd/N.
  TempDir d;
  write_xlsx(d.file("a.xlsx"), header_row() + num_rows(2, 3));
  write_bytes(d.file("a.csv"), "户编号\nH1\n");
  for (const char* name : {"a.xlsx", "a.csv"}) {
    const int fd = ::open(d.file(name).c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::unlink(d.file(name).c_str()), 0);
    auto t = open_table("/proc/self/fd/" + std::to_string(fd));
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ((*t)->header(), std::vector<std::string>{"户编号"});
    EXPECT_EQ((*t)->source_encoding(), std::string(name) == "a.xlsx" ? "xlsx" : "UTF-8");
    ::close(fd);
  }
}

// --- issue 15 defect 5: formula injection -------------------------------------------------

TEST(FormulaInjection, CsvExportWritesFormulaLikeTextAsText) {
  // The probe's 户编号 and names, as `assess --format csv` exported them.
  std::string line;
  const std::vector<std::string> cells{"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx",
                                       "-12.5", "+3", "-", "王五", "a=b", ""};
  append_csv_record(line, cells);
  EXPECT_EQ(line, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+1+1,'-2+3,'@SUM(A1),'\tx,\"'\rx\",-12.5,+3,'-,王五,a=b,");
  EXPECT_TRUE(looks_like_formula("=1"));
  EXPECT_FALSE(looks_like_formula("-0.5"));
  EXPECT_FALSE(looks_like_formula("5329231010010001"));
  // whitespace only: nothing to run, and a blank cell must stay blank when the file is read back
  EXPECT_FALSE(looks_like_formula("\t"));
  EXPECT_FALSE(looks_like_formula("\t \r\n"));
  EXPECT_TRUE(looks_like_formula("\t =1"));
  EXPECT_EQ(formula_safe("@cmd"), "'@cmd");
  EXPECT_EQ(formula_safe("7100"), "7100");
}

TEST(FormulaInjection, EveryCsvFileExportGoesThroughTheSameRule) {
  TempDir d;
  auto w = create_table(d.file("out.csv"), CsvEncoding::Utf8);
  ASSERT_TRUE(w);
  ASSERT_TRUE((*w)->write_row(std::vector<std::string>{"行号", "列", "原因"}));
  ASSERT_TRUE((*w)->write_row(std::vector<std::string>{"2", "=cmd|'/c calc'!A1", "-1"}));
  ASSERT_TRUE((*w)->close());
  EXPECT_EQ(read_bytes(d.file("out.csv")), "行号,列,原因\r\n2,'=cmd|'/c calc'!A1,-1\r\n");
}

TEST(FormulaInjection, XlsxExportHoldsTextAsInlineStringsNeverFormulas) {
  TempDir d;
  auto w = create_table(d.file("out.xlsx"));
  ASSERT_TRUE(w);
  ASSERT_TRUE((*w)->write_row(std::vector<std::string>{"户编号"}));
  ASSERT_TRUE((*w)->write_row(std::vector<std::string>{"=1+1"}));
  ASSERT_TRUE((*w)->close());
  int err = 0;
  zip_t* z = zip_open(d.file("out.xlsx").c_str(), ZIP_RDONLY, &err);
  ASSERT_NE(z, nullptr);
  zip_file_t* f = zip_fopen(z, "xl/worksheets/sheet1.xml", 0);
  ASSERT_NE(f, nullptr);
  std::string sheet;
  char buf[4096];
  for (zip_int64_t n; (n = zip_fread(f, buf, sizeof buf)) > 0;) sheet.append(buf, static_cast<std::size_t>(n));
  zip_fclose(f);
  zip_discard(z);
  EXPECT_NE(sheet.find("t=\"inlineStr\"><is><t>=1+1</t>"), std::string::npos) << sheet;
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);
  // Read back: the text itself, unchanged.
  auto t = open_table(d.file("out.xlsx"));
  ASSERT_TRUE(t);
  TableRow row;
  ASSERT_TRUE(*(*t)->next(row));
  EXPECT_EQ(row.cells.at(0), "=1+1");
}

TEST(FormulaInjection, ImportRefusesAHouseholdIdThatIsNotAnId) {
  const auto header = map_header(RegistryTable::Households, {"户编号", "区划代码", "户主姓名"});
  for (const char* bad : {"=1+1", "@SUM(A1)", "-H1", "H1\nforged", "户1", "H1;DROP"}) {
    TableRow row{2, {bad, "532923101001", "王五"}};
    std::vector<RowError> errors;
    auto h = parse_household_row(header, row, nullptr, errors);
    ASSERT_FALSE(errors.empty()) << bad;
    EXPECT_EQ(errors.front().column, "户编号") << bad;
  }
  for (const char* good : {"HA0002", "5329231010010001", "H-1_a"}) {
    TableRow row{2, {good, "532923101001", "王五"}};
    std::vector<RowError> errors;
    auto h = parse_household_row(header, row, nullptr, errors);
    for (const auto& e : errors) EXPECT_NE(e.column, "户编号") << good << ": " << e.reason;
  }
}

}  // namespace
}  // namespace fangpin::io
