#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <map>
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

// Writes a zip with the given entries (name -> content).
void write_zip(const std::string& path, const std::map<std::string, std::string>& entries,
               bool store = false) {
  std::filesystem::remove(path);
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  ASSERT_NE(z, nullptr);
  for (const auto& [name, data] : entries) {
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    ASSERT_NE(src, nullptr);
    zip_int64_t idx = zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8);
    ASSERT_GE(idx, 0);
    if (store) zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
  }
  ASSERT_EQ(zip_close(z), 0) << zip_strerror(z);
}

// Reads one entry of a zip ("" if absent).
std::string zip_entry(const std::string& path, const std::string& name) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (!z) return {};
  std::string out;
  if (zip_file_t* f = zip_fopen(z, name.c_str(), 0)) {
    char buf[4096];
    zip_int64_t n;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    zip_fclose(f);
  }
  zip_discard(z);
  return out;
}

const char* kNs = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
                  R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";

std::string sheet_xml(const std::string& sheet_data) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet )") +
         kNs + "><dimension ref=\"A1:E9\"/><sheetData>" + sheet_data + "</sheetData></worksheet>";
}

// A hand-made workbook whose FIRST sheet ("数据") is xl/worksheets/data.xml (rId7), listed
// before a second sheet that lives at sheet1.xml — so the reader must follow the rels.
std::map<std::string, std::string> handmade_workbook(const std::string& first_sheet_data) {
  std::map<std::string, std::string> e;
  e["[Content_Types].xml"] =
      R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>)";
  e["_rels/.rels"] =
      R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";
  e["xl/workbook.xml"] = std::string(R"(<?xml version="1.0" encoding="UTF-8"?><workbook )") +
                         kNs +
                         R"(><sheets><sheet name="数据" sheetId="3" r:id="rId7"/><sheet name="Other" sheetId="1" r:id="rId1"/></sheets></workbook>)";
  e["xl/_rels/workbook.xml.rels"] =
      R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
      R"(<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/>)"
      R"(<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
      R"(<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)"
      R"(</Relationships>)";
  e["xl/sharedStrings.xml"] =
      R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">)"
      R"(<si><t>户主姓名</t></si>)"                                          // 0
      R"(<si><t xml:space="preserve"> 身份证号 </t></si>)"                    // 1
      R"(<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三 </t></r>)"
      R"(<rPh sb="0" eb="1"><t>ZHANG</t></rPh></si>)"                          // 2 rich text
      R"(<si><t>110101199003071234</t></si>)"                                // 3
      R"(<si><t>a_x000D__x000A_b_x005F_x0041_</t></si>)"                     // 4 escapes
      R"(<si><t>&lt;&amp;&gt;</t></si>)"                                     // 5
      R"(</sst>)";
  e["xl/styles.xml"] =
      R"(<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<numFmts count="3"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>)"
      R"(<numFmt numFmtId="164" formatCode="General"/>)"
      R"X(<numFmt numFmtId="177" formatCode="#,##0.00_);[Red]\(#,##0.00\)"/></numFmts>)X"
      R"(<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>)"
      R"(<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>)"
      R"(<xf numFmtId="176" applyNumberFormat="1"/><xf numFmtId="177" applyNumberFormat="1"/>)"
      R"(<xf numFmtId="164"/></cellXfs>)"
      R"(</styleSheet>)";
  e["xl/worksheets/data.xml"] = sheet_xml(first_sheet_data);
  e["xl/worksheets/sheet1.xml"] =
      sheet_xml(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>WRONG SHEET</t></is></c></row>)");
  return e;
}

TEST(XlsxRoundTrip, ChineseIdsEmptyCellsAndSpecialCharacters) {
  TempDir dir;
  const auto path = dir.file("rt.xlsx");
  const std::vector<Cells> rows = {
      {"户主姓名", "身份证号", "家庭人口", "备注", "金额"},
      {"张三", "110101199003071234", "4", "<b>粗体</b> & \"引号\" 'single'", "5000.50"},
      {"李四", "", "", "", "0012"},  // empty middle cells; leading zeros stay
      {"", "", "", "", ""},           // all empty: skipped on read
      {" 前后空格 ", "11010119900307123X", "", "多行\n文本\r\nCRLF", ""},
      {"_x0041_ 字面", "1.5E+3", "=SUM(A1)", "\t制表", "😀"},
  };
  write_table(path, rows);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  EXPECT_FALSE(std::filesystem::exists(path + ".sheet.tmp"));

  auto all = read_all(path);
  EXPECT_EQ(all.encoding, "xlsx");
  EXPECT_EQ(all.header, rows[0]);
  ASSERT_EQ(all.rows.size(), 4u);
  EXPECT_EQ(all.rows[0].row_number, 2u);
  EXPECT_EQ(all.rows[0].cells, rows[1]);
  EXPECT_EQ(all.rows[1].row_number, 3u);
  EXPECT_EQ(all.rows[1].cells, (Cells{"李四", "", "", "", "0012"}));
  EXPECT_EQ(all.rows[2].row_number, 5u);  // row 4 was all empty
  // Trailing empty cells are not materialised (rows may be shorter than the header).
  EXPECT_EQ(all.rows[2].cells,
            (Cells{" 前后空格 ", "11010119900307123X", "", "多行\n文本\r\nCRLF"}));
  EXPECT_EQ(all.rows[3].cells, rows[5]);

  // The 18-digit ID is stored as text, not as a number.
  const std::string sheet = zip_entry(path, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find(R"(<c r="B2" t="inlineStr"><is><t>110101199003071234</t></is></c>)"),
            std::string::npos)
      << sheet.substr(0, 2000);
  EXPECT_NE(sheet.find(R"(<c r="A1" s="1" t="inlineStr">)"), std::string::npos);  // bold header
  EXPECT_NE(zip_entry(path, "[Content_Types].xml").find("spreadsheetml.sheet.main+xml"),
            std::string::npos);
  EXPECT_NE(zip_entry(path, "xl/workbook.xml").find(R"(name="Sheet1")"), std::string::npos);
  EXPECT_FALSE(zip_entry(path, "xl/styles.xml").empty());
  EXPECT_FALSE(zip_entry(path, "xl/_rels/workbook.xml.rels").empty());
  EXPECT_FALSE(zip_entry(path, "_rels/.rels").empty());
}

TEST(XlsxWrite, StripsCharactersInvalidInXml) {
  TempDir dir;
  const auto path = dir.file("ctl.xlsx");
  write_table(path, {{"h"}, {std::string("a\x01" "b\x1F" "c\xEF\xBF\xBF" "d\xFF" "e")}});
  auto all = read_all(path);
  ASSERT_EQ(all.rows.size(), 1u);
  EXPECT_EQ(all.rows[0].cells, (Cells{"abcde"}));
}

TEST(XlsxWrite, SheetNameSanitisedAndEscaped) {
  TempDir dir;
  const auto path = dir.file("name.xlsx");
  auto w = create_table(path, CsvEncoding::Utf8Bom, "监测对象/2024 <&> 名单名单名单名单名单名单名单名单名单");
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->write_row(Cells{"x"}).ok());
  ASSERT_TRUE((*w)->close().ok());
  const std::string wb = zip_entry(path, "xl/workbook.xml");
  EXPECT_NE(wb.find(R"(name="监测对象_2024 &lt;&amp;&gt; 名单名单名单名单名单名单名)"), std::string::npos) << wb;
  EXPECT_EQ(read_all(path).header, Cells{"x"});
}

TEST(XlsxWrite, NoFileWithoutClose) {
  TempDir dir;
  const auto path = dir.file("partial.xlsx");
  {
    auto w = create_table(path);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->write_row(Cells{"a", "b"}).ok());
    EXPECT_FALSE(std::filesystem::exists(path));
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(XlsxWrite, ManyRowsStreamThroughTempFile) {
  TempDir dir;
  const auto path = dir.file("big.xlsx");
  auto w = create_table(path);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->write_row(Cells{"序号", "身份证号", "姓名"}).ok());
  for (int i = 0; i < 30000; ++i) {
    ASSERT_TRUE((*w)->write_row(Cells{std::to_string(i), "1101011990030" + std::to_string(10000 + i), "张三"}).ok());
  }
  EXPECT_GT(std::filesystem::file_size(path + ".sheet.tmp"), 1000000u);  // flushed as it goes
  ASSERT_TRUE((*w)->close().ok());
  auto reader = open_table(path);
  ASSERT_TRUE(reader.ok());
  TableRow row;
  std::size_t n = 0;
  while (true) {
    auto r = (*reader)->next(row);
    ASSERT_TRUE(r.ok()) << r.error().message;
    if (!*r) break;
    ASSERT_EQ(row.cells.size(), 3u);
    ASSERT_EQ(row.cells[0], std::to_string(n));
    ASSERT_EQ(row.row_number, n + 2);
    ++n;
  }
  EXPECT_EQ(n, 30000u);
}

TEST(XlsxRead, HandmadeSkipsRefsSharedStringsRichTextAndTypes) {
  TempDir dir;
  const auto path = dir.file("hand.xlsx");
  const std::string data =
      // Header: shared strings, the second with surrounding spaces (trimmed in the header).
      R"(<row r="1" spans="1:5"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
      R"(<c r="C1" t="inlineStr"><is><t>金额</t></is></c><c r="D1" t="inlineStr"><is><t>日期</t></is></c>)"
      R"(<c r="E1" t="inlineStr"><is><t>其他</t></is></c></row>)"
      // Row 2 absent. Row 3: rich text, ID as shared string, numbers, a date-styled number.
      R"(<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>3</v></c>)"
      R"(<c r="C3" s="4"><v>4.0</v></c><c r="D3" s="1"><v>45292</v></c><c r="E3" s="3"><v>1234.5</v></c></row>)"
      // Row 5: cells skip columns A and C; booleans, errors, formula strings.
      R"(<row r="5"><c r="B5" t="b"><v>1</v></c><c r="D5" s="2"><v>45351.5</v></c>)"
      R"(<c r="E5" t="str"><f>A1&amp;"x"</f><v>公式结果</v></c></row>)"
      // Row 6: only empty values / errors -> skipped entirely.
      R"(<row r="6"><c r="A6" t="e"><v>#N/A</v></c><c r="B6"/><c r="C6" t="inlineStr"><is><t></t></is></c></row>)"
      // Row 6b: whitespace only -> skipped.
      R"(<row r="6"><c r="A6" t="inlineStr"><is><t xml:space="preserve">  </t></is></c></row>)"
      // Row 7: no r attributes on cells (positional), float noise, exponent kept.
      R"(<row><c t="b"><v>0</v></c><c><v>0.30000000000000004</v></c><c><v>1.23456789012346E+17</v></c>)"
      R"(<c t="s"><v>4</v></c><c t="s"><v>5</v></c></row>)"
      // Row 9: inline rich text, -0.0, date-typed cell, 1900 serial 60 left as number.
      R"(<row r="9"><c r="A9" t="inlineStr"><is><r><t>甲</t></r><r><t>乙</t></r></is></c>)"
      R"(<c r="B9"><v>-0.0</v></c><c r="C9" t="d"><v>2024-03-05T00:00:00</v></c><c r="D9" s="1"><v>60</v></c></row>)";
  write_zip(path, handmade_workbook(data));
  auto all = read_all(path);
  EXPECT_EQ(all.header, (Cells{"户主姓名", "身份证号", "金额", "日期", "其他"}));
  ASSERT_EQ(all.rows.size(), 4u);
  EXPECT_EQ(all.rows[0].row_number, 3u);
  EXPECT_EQ(all.rows[0].cells, (Cells{"张三 ", "110101199003071234", "4", "2024-01-01", "1234.5"}));
  EXPECT_EQ(all.rows[1].row_number, 5u);
  EXPECT_EQ(all.rows[1].cells, (Cells{"", "TRUE", "", "2024-02-29", "公式结果"}));
  EXPECT_EQ(all.rows[2].row_number, 7u);
  EXPECT_EQ(all.rows[2].cells,
            (Cells{"FALSE", "0.3", "1.23456789012346E+17", "a\r\nb_x0041_", "<&>"}));
  EXPECT_EQ(all.rows[3].row_number, 9u);
  EXPECT_EQ(all.rows[3].cells, (Cells{"甲乙", "0", "2024-03-05", "60"}));
}

TEST(XlsxRead, FallsBackToSheet1WithoutRelsAndHandlesPrefixes) {
  TempDir dir;
  const auto path = dir.file("prefixed.xlsx");
  std::map<std::string, std::string> e;
  e["xl/workbook.xml"] =
      R"(<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:workbookPr date1904="1"/><x:sheets><x:sheet name="S" sheetId="1"/></x:sheets></x:workbook>)";
  e["xl/styles.xml"] =
      R"(<x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:cellXfs><x:xf numFmtId="0"/><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>)";
  e["xl/worksheets/sheet1.xml"] =
      R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)"
      R"(<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>日期</x:t></x:is></x:c></x:row>)"
      R"(<x:row r="2"><x:c r="A2" s="1"><x:v>0</x:v></x:c></x:row>)"
      R"(</x:sheetData></x:worksheet>)";
  write_zip(path, e);
  auto all = read_all(path);
  EXPECT_EQ(all.header, Cells{"日期"});
  ASSERT_EQ(all.rows.size(), 1u);
  EXPECT_EQ(all.rows[0].cells, Cells{"1904-01-01"});  // 1904 date system
}

TEST(XlsxRead, MalformedSheetXmlNamesRow) {
  TempDir dir;
  const auto path = dir.file("bad.xlsx");
  const std::string data =
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>名</t></is></c></row>)"
      R"(<row r="2"><c r="A2"><v>1</v></c></row>)"
      R"(<row r="3"><c r="A3"><v>2</v></c></row>)"
      R"(<row r="4"><c r="A4"><v>3</v></c></broken>)";
  write_zip(path, handmade_workbook(data));
  auto reader = open_table(path);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  TableRow row;
  ASSERT_TRUE((*reader)->next(row).ok());
  ASSERT_TRUE((*reader)->next(row).ok());
  EXPECT_EQ(row.row_number, 3u);
  auto r = (*reader)->next(row);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("第 4 行"), std::string::npos) << r.error().message;
}

TEST(XlsxRead, BadSharedStringIndexAndBadRefs) {
  TempDir dir;
  const auto p1 = dir.file("sst.xlsx");
  write_zip(p1, handmade_workbook(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)"
                                  R"(<row r="2"><c r="A2" t="s"><v>99</v></c></row>)"));
  auto r1 = open_table(p1);
  ASSERT_TRUE(r1.ok());
  std::string err = testing::drain(**r1);
  EXPECT_NE(err.find("共享字符串"), std::string::npos) << err;
  EXPECT_NE(err.find("第 2 行"), std::string::npos) << err;

  const auto p2 = dir.file("ref.xlsx");
  write_zip(p2, handmade_workbook(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)"
                                  R"(<row r="2"><c r="ZZZZ2"><v>1</v></c></row>)"));
  auto r2 = open_table(p2);
  ASSERT_TRUE(r2.ok());
  EXPECT_FALSE(testing::drain(**r2).empty());

  const auto p3 = dir.file("rownum.xlsx");
  write_zip(p3, handmade_workbook(R"(<row r="-1"><c r="A1" t="s"><v>0</v></c></row>)"));
  EXPECT_FALSE(open_table(p3).ok());
}

TEST(XlsxOpen, Errors) {
  TempDir dir;
  auto missing = open_table(dir.file("none.xlsx"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::NotFound);
  EXPECT_NE(missing.error().message.find("none.xlsx"), std::string::npos);

  write_bytes(dir.file("text.xlsx"), "this is not a zip file at all");
  auto notzip = open_table(dir.file("text.xlsx"));
  ASSERT_FALSE(notzip.ok());
  EXPECT_NE(notzip.error().message.find("xlsx"), std::string::npos);

  write_bytes(dir.file("zero.xlsx"), "");
  EXPECT_FALSE(open_table(dir.file("zero.xlsx")).ok());

  write_zip(dir.file("nowb.xlsx"), {{"hello.txt", "hi"}});
  auto nowb = open_table(dir.file("nowb.xlsx"));
  ASSERT_FALSE(nowb.ok());
  EXPECT_NE(nowb.error().message.find("workbook"), std::string::npos) << nowb.error().message;

  write_zip(dir.file("empty.xlsx"), handmade_workbook(""));
  auto empty = open_table(dir.file("empty.xlsx"));
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("没有表头"), std::string::npos);

  write_bytes(dir.file("old.xls"), "\xD0\xCF\x11\xE0");
  auto xls = open_table(dir.file("old.xls"));
  ASSERT_FALSE(xls.ok());
  EXPECT_EQ(xls.error().kind, ErrorKind::Unsupported);
}

TEST(XlsxFuzz, TruncatedAndCorruptedArchivesReturnErrors) {
  TempDir dir;
  const auto good = dir.file("good.xlsx");
  std::vector<Cells> rows = {{"姓名", "身份证号"}};
  for (int i = 0; i < 300; ++i) rows.push_back({"张三" + std::to_string(i), "110101199003071234"});
  write_table(good, rows);
  const std::string bytes = read_bytes(good);
  ASSERT_GT(bytes.size(), 1000u);

  // Truncations: no central directory -> not a zip.
  for (std::size_t cut : {std::size_t{0}, std::size_t{10}, bytes.size() / 3, bytes.size() / 2,
                          bytes.size() - 30}) {
    const auto p = dir.file("trunc.xlsx");
    write_bytes(p, bytes.substr(0, cut));
    EXPECT_FALSE(open_table(p).ok()) << "cut at " << cut;
  }

  // Random garbage.
  std::mt19937 rng(777);
  for (int i = 0; i < 50; ++i) {
    std::string junk(rng() % 3000, '\0');
    for (auto& c : junk) c = static_cast<char>(rng() & 0xFF);
    if (i % 5 == 0 && junk.size() > 4) junk.replace(0, 4, "PK\x03\x04");
    const auto p = dir.file("junk.xlsx");
    write_bytes(p, junk);
    EXPECT_FALSE(open_table(p).ok());
  }

  // Byte flips inside a valid (stored, uncompressed) archive: must not crash; the compressed
  // variant must report CRC/inflate errors rather than crash either.
  std::map<std::string, std::string> e = handmade_workbook(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>45292</v></c></row>)");
  int failures = 0;
  for (bool store : {true, false}) {
    const auto base = dir.file(store ? "stored.xlsx" : "deflated.xlsx");
    write_zip(base, e, store);
    const std::string orig = read_bytes(base);
    for (int i = 0; i < 300; ++i) {
      std::string mutated = orig;
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < flips; ++k) {
        mutated[rng() % mutated.size()] = static_cast<char>(rng() & 0xFF);
      }
      const auto p = dir.file("mut.xlsx");
      write_bytes(p, mutated);
      auto reader = open_table(p);
      if (!reader.ok()) {
        ++failures;
        continue;
      }
      if (!testing::drain(**reader).empty()) ++failures;
    }
  }
  EXPECT_GT(failures, 0);
}

TEST(XlsxFuzz, MutatedSheetXmlInValidArchive) {
  TempDir dir;
  const std::string data =
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>45292</v></c>)"
      R"(<c r="C2" t="inlineStr"><is><r><t>x</t></r></is></c></row>)"
      R"(<row r="3"><c r="A3" t="b"><v>1</v></c><c r="D3"><v>4.0</v></c></row>)";
  const std::string sheet = sheet_xml(data);
  std::mt19937 rng(4242);
  const std::string pieces[] = {"<", ">", "/", "\"", "&", "r=\"", "<row>", "</c>", "<c r=\"A0\">",
                                "<v>", "t=\"s\"", "\xFF", "<is>", "99999999", "XFD"};
  int ok = 0, failed = 0;
  for (int i = 0; i < 400; ++i) {
    std::string s = sheet;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits; ++k) {
      const std::size_t pos = rng() % s.size();
      switch (rng() % 3) {
        case 0: s.erase(pos, 1 + rng() % 8); break;
        case 1: s.insert(pos, pieces[rng() % std::size(pieces)]); break;
        default: s[pos] = static_cast<char>(rng() & 0xFF); break;
      }
    }
    auto e = handmade_workbook("");
    e["xl/worksheets/data.xml"] = s;
    const auto p = dir.file("m.xlsx");
    write_zip(p, e);
    auto reader = open_table(p);
    if (!reader.ok()) {
      EXPECT_FALSE(reader.error().message.empty());
      ++failed;
      continue;
    }
    (testing::drain(**reader).empty() ? ok : failed)++;
  }
  EXPECT_GT(ok, 0);
  EXPECT_GT(failed, 0);
}

}  // namespace
}  // namespace fangpin::io
