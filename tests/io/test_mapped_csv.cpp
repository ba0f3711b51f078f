// io::MappedCsv: same header, rows, cells and row numbers as open_table at any chunk size; refused chunks and non-candidates.
#include "io/mapped_csv.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "io/table.h"
#include "io_test_util.h"

namespace fangpin::io {
namespace {

using testing::TempDir;
using testing::write_bytes;
using Cells = std::vector<std::string>;
using Row = std::pair<std::size_t, Cells>;  // row number, cells

constexpr std::size_t kChunkSizes[] = {1, 7, 64, 1u << 20};

struct Read {
  Cells header;
  std::string encoding;
  std::vector<Row> rows;
};

// Everything MappedCsv gives, chunk by chunk; fails the test if it is not a candidate or a chunk is refused.
Read read_mapped(const std::string& path, std::size_t chunk_bytes) {
  Read out;
  auto m = MappedCsv::open(path);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  if (!m.ok()) return out;
  EXPECT_TRUE(m->has_value()) << "not a candidate: " << path;
  if (!m->has_value()) return out;
  MappedCsv& csv = **m;
  out.header = csv.header();
  out.encoding = csv.encoding();
  for (int guard = 0; guard < 10'000'000; ++guard) {
    const MappedCsv::Chunk chunk = csv.next_chunk(chunk_bytes);
    if (chunk.text.empty()) break;
    const bool ok = MappedCsv::for_each_row(chunk, [&](std::size_t row, std::span<const std::string_view> cells) {
      out.rows.emplace_back(row, Cells(cells.begin(), cells.end()));
    });
    EXPECT_TRUE(ok) << "chunk at row " << chunk.first_row << " refused";
    if (!ok) break;
  }
  EXPECT_TRUE(csv.next_chunk(chunk_bytes).text.empty());  // stays at the end
  return out;
}

Read read_general(const std::string& path) {
  const auto all = testing::read_all(path);
  Read out{all.header, all.encoding, {}};
  for (const auto& r : all.rows) out.rows.emplace_back(r.row_number, r.cells);
  return out;
}

void expect_same(const std::string& path, const std::string& what) {
  const Read want = read_general(path);
  for (std::size_t bytes : kChunkSizes) {
    SCOPED_TRACE(what + ", chunk " + std::to_string(bytes));
    const Read got = read_mapped(path, bytes);
    EXPECT_EQ(got.header, want.header);
    EXPECT_EQ(got.encoding, want.encoding);
    ASSERT_EQ(got.rows.size(), want.rows.size());
    for (std::size_t i = 0; i < want.rows.size(); ++i) {
      EXPECT_EQ(got.rows[i].first, want.rows[i].first) << "row #" << i;
      EXPECT_EQ(got.rows[i].second, want.rows[i].second) << "row #" << i;
    }
  }
}

// A few cases spelled out, so the differential below is anchored to known answers.
TEST(MappedCsv, KnownAnswers) {
  TempDir dir;
  const auto path = dir.file("k.csv");
  write_bytes(path, "\xEF\xBB\xBF\r\n\xE3\x80\x80姓名 ,证件号码\r\n张三,1\r\n\r\n ,\t\r\n李四,\r\n王五");
  const Read r = read_mapped(path, 7);
  EXPECT_EQ(r.encoding, "UTF-8 BOM");
  EXPECT_EQ(r.header, (Cells{"姓名", "证件号码"}));
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0], (Row{3, {"张三", "1"}}));
  EXPECT_EQ(r.rows[1], (Row{6, {"李四", ""}}));
  EXPECT_EQ(r.rows[2], (Row{7, {"王五"}}));
  expect_same(path, "known");
}

TEST(MappedCsv, SameAsGeneralReaderOnPlainFiles) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"lf", "a,b,c\nx,1,2\ny,3,4\n"},
      {"crlf", "a,b,c\r\nx,1,2\r\ny,3,4\r\n"},
      {"bom_crlf", "\xEF\xBB\xBF" "a,b,c\r\nx,1,2\r\ny,3,4\r\n"},
      {"bom_lf_blank_first", "\xEF\xBB\xBF\n\n  \na,b\n1,2\n"},
      {"blank_before_header", "\n\r\n \t \n,,\na,b\n1,2\n"},
      {"blank_between", "a,b\n\n1,2\n\r\n\n3,4\n\n"},
      {"all_blank_records", "a,b,c\n,,,\n , \n\t,\f\n1,,\n,,\n2,x,y\n"},
      {"no_final_newline", "a,b\n1,2\n3,4"},
      {"no_final_newline_crlf", "a,b\r\n1,2\r\n3,4"},
      {"trailing_empty_cells", "a,b,\n1,,\n2,x,\n,3,\n"},
      {"short_and_long_rows", "a,b,c\n1\n1,2,3,4,5\n,\n,,,,,,x\n"},
      {"chinese", "证件号码,姓名,备注\r\n532923198001010011,张三,住院 治疗\r\n532923198505050021,李四,无\r\n"},
      {"ideographic_space_header", "\xE3\x80\x80证件号码\xE3\x80\x80, 日期 ,\xC2\xA0金额\xC2\xA0\n1,2,3\n"},
      {"ideographic_space_cell", "a,b\n\xE3\x80\x80,x\n\xE3\x80\x80,\n"},  // U+3000 is not blank for rows
      {"spaces_kept", "a,b\n  x , y  \n"},
      {"header_only", "a,b,c"},
      {"header_only_newline", "a,b,c\r\n"},
      {"header_then_blanks", "a\r\n\r\n\r\n"},
      {"single_column", "名称\n甲\n\n乙\n"},
      {"empty_header_cells", ",a,\n1,2,3\n"},
      {"bom_in_header_cell", "a,\xEF\xBB\xBF" "b\n1,2\n"},
      {"long_line", "a,b\n" + std::string(5000, 'x') + "," + std::string(3000, '9') + "\n1,2\n"},
      {"four_byte_utf8", "a,b\n\xF0\x9F\x98\x80,\xF0\xA0\x80\x80\n"},
      {"nul_byte", std::string("a,b\nx\0y,1\n", 11)},
  };
  TempDir dir;
  for (const auto& [name, text] : files) {
    const auto path = dir.file(name + ".csv");
    write_bytes(path, text);
    expect_same(path, name);
  }
}

TEST(MappedCsv, SameAsGeneralReaderOnAFileOfSeveralMegabytes) {
  TempDir dir;
  const auto path = dir.file("big.csv");
  std::string text = "\xEF\xBB\xBF证件号码,日期,金额\r\n";
  std::mt19937 rng(7);
  for (int i = 0; i < 120000; ++i) {
    if (i % 1000 == 0) text += "\r\n";
    if (i % 777 == 0) text += " , ,\r\n";
    text += "5329231980" + std::to_string(1000000 + i) + ",2023-03-01," + std::to_string(rng() % 100000) + ".5\r\n";
  }
  write_bytes(path, text);
  ASSERT_GT(text.size(), 3u << 20);
  const Read want = read_general(path);
  ASSERT_EQ(want.rows.size(), 120000u);
  for (std::size_t bytes : {std::size_t{1} << 20, std::size_t{65536}, std::size_t{4} << 20}) {
    const Read got = read_mapped(path, bytes);
    EXPECT_EQ(got.header, want.header);
    EXPECT_EQ(got.rows, want.rows) << "chunk " << bytes;
  }
}

TEST(MappedCsv, ChunksAreWholeLinesWithTheirFirstRow) {
  TempDir dir;
  const auto path = dir.file("c.csv");
  write_bytes(path, "h\n\n1\n22\n333\n\n4444\n55555");
  auto m = MappedCsv::open(path);
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(m->has_value());
  std::vector<std::pair<std::string, std::size_t>> chunks;
  for (auto c = (*m)->next_chunk(3); !c.text.empty(); c = (*m)->next_chunk(3)) chunks.emplace_back(c.text, c.first_row);
  // Header is row 1. Every chunk is whole lines (ends with '\n' unless it is the last), at least
  // 3 bytes unless the file ends, and its first_row continues the count of the chunks before it.
  std::size_t row = 2;
  std::string joined;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const auto& [text, first] = chunks[i];
    EXPECT_EQ(first, row) << i;
    if (i + 1 < chunks.size()) {
      EXPECT_EQ(text.back(), '\n') << i;
    }
    EXPECT_GE(text.size(), 3u) << i;
    for (char ch : text) row += ch == '\n';
    if (i + 1 == chunks.size() && text.back() != '\n') ++row;
    joined += text;
  }
  EXPECT_EQ(joined, "\n1\n22\n333\n\n4444\n55555");
  EXPECT_EQ(row, 9u);  // the last line, 55555, is row 8
  EXPECT_GE(chunks.size(), 3u);
  EXPECT_EQ(chunks.back().first.back(), '5');
}

TEST(MappedCsv, ForEachRowRefusesChunksThatBreakTheRules) {
  int calls = 0;
  auto count = [&](std::size_t, std::span<const std::string_view>) { ++calls; };
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"quote", "x,1\ny,\"2\"\n"},
      {"lone quote", "x,1\ny,a\"b\n"},
      {"lone CR", "x,1\ry,2\n"},
      {"CR at end", "x,1\ny,2\r"},
      {"CR CR LF", "x,1\r\r\n"},
      {"GB18030", "x,\xD5\xC5\xC8\xFD\n"},  // 张三
      {"truncated UTF-8", "x,\xE4\xB8\n"},
      {"overlong", "x,\xC0\xAF\n"},
      {"surrogate", "x,\xED\xA0\x80\n"},
      {"beyond U+10FFFF", "x,\xF4\x90\x80\x80\n"},
  };
  for (const auto& [what, text] : bad) {
    calls = 0;
    EXPECT_FALSE(MappedCsv::for_each_row(MappedCsv::Chunk{text, 2}, count)) << what;
    EXPECT_EQ(calls, 0) << what;  // refused before any row
  }
  // The same rows without the offending byte are read.
  std::vector<Row> rows;
  EXPECT_TRUE(MappedCsv::for_each_row(MappedCsv::Chunk{"x,1\r\n\r\ny,张三\n", 5},
                                      [&](std::size_t r, std::span<const std::string_view> cells) {
                                        rows.emplace_back(r, Cells(cells.begin(), cells.end()));
                                      }));
  EXPECT_EQ(rows, (std::vector<Row>{{5, {"x", "1"}}, {7, {"y", "张三"}}}));
}

TEST(MappedCsv, QuoteAfterTheHeaderIsFoundInItsChunk) {
  TempDir dir;
  const auto path = dir.file("q.csv");
  write_bytes(path, "a,b\n1,2\n3,4\n5,\"6\"\n7,8\n");
  auto m = MappedCsv::open(path);
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(m->has_value());
  std::vector<bool> ok;
  for (auto c = (*m)->next_chunk(1); !c.text.empty(); c = (*m)->next_chunk(1))
    ok.push_back(MappedCsv::for_each_row(c, [](std::size_t, std::span<const std::string_view>) {}));
  EXPECT_EQ(ok, (std::vector<bool>{true, true, false, true}));
}

TEST(MappedCsv, OpenAnswersNulloptForNonCandidates) {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> files = {
      {"gb.csv", "\xD6\xA4\xBC\xFE\xBA\xC5\xC2\xEB,\xC8\xD5\xC6\xDA\n1,2\n"},  // 证件号码,日期 in GB18030
      {"empty.csv", ""},
      {"bom_only.csv", "\xEF\xBB\xBF"},
      {"blank_only.csv", "\n\r\n , \n"},
      {"quoted_header.csv", "\"a\",b\n1,2\n"},
      {"quote_in_blank_line.csv", "\"\"\na,b\n"},
      {"lone_cr_header.csv", "a\rb,c\n1,2\n"},
      {"table.xlsx", "a,b\n1,2\n"},  // by extension, whatever the bytes
      {"notes.txt", "a,b\n1,2\n"},
  };
  for (const auto& [name, text] : files) {
    const auto path = dir.file(name);
    write_bytes(path, text);
    auto m = MappedCsv::open(path);
    ASSERT_TRUE(m.ok()) << name << ": " << m.error().message;
    EXPECT_FALSE(m->has_value()) << name;
  }
  // A real xlsx, too.
  const auto xlsx = dir.file("real.xlsx");
  testing::write_table(xlsx, {{"a", "b"}, {"1", "2"}});
  auto mx = MappedCsv::open(xlsx);
  ASSERT_TRUE(mx.ok());
  EXPECT_FALSE(mx->has_value());
  // A directory named like a CSV.
  std::filesystem::create_directories(dir.file("dir.csv"));
  auto md = MappedCsv::open(dir.file("dir.csv"));
  ASSERT_TRUE(md.ok());
  EXPECT_FALSE(md->has_value());
  // Upper-case extension is a candidate.
  const auto upper = dir.file("UP.CSV");
  write_bytes(upper, "a,b\n1,2\n");
  auto mu = MappedCsv::open(upper);
  ASSERT_TRUE(mu.ok());
  ASSERT_TRUE(mu->has_value());
  EXPECT_EQ((*mu)->header(), (Cells{"a", "b"}));
}

TEST(MappedCsv, MissingFileIsNotFound) {
  TempDir dir;
  auto m = MappedCsv::open(dir.file("missing.csv"));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::NotFound);
  auto g = open_table(dir.file("missing.csv"));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().kind, ErrorKind::NotFound);
}

TEST(MappedCsv, MovedFromKeepsWorking) {
  TempDir dir;
  const auto path = dir.file("m.csv");
  write_bytes(path, "a\n1\n2\n");
  auto m = MappedCsv::open(path);
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(m->has_value());
  MappedCsv moved = std::move(**m);
  auto m2 = MappedCsv::open(path);
  ASSERT_TRUE(m2.ok() && m2->has_value());
  moved = std::move(**m2);  // releases the first mapping
  const auto c = moved.next_chunk(100);
  EXPECT_EQ(c.text, "1\n2\n");
  EXPECT_EQ(c.first_row, 2u);
}

// Random small plain files (fixed seed): MappedCsv and open_table agree, including on which files
// have no header at all.
TEST(MappedCsv, RandomPlainFilesMatchGeneralReader) {
  const std::vector<std::string> alphabet = {",", ",", "\n", "\n", "\r\n", " ", "\t", "中", "0", "1", "7", "9", "x"};
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> len(0, 40);
  const std::size_t sizes[] = {1, 2, 3, 7, 64, 1u << 20};
  std::uniform_int_distribution<std::size_t> pick_size(0, std::size(sizes) - 1);
  TempDir dir;
  int compared = 0, headerless = 0;
  for (int iter = 0; iter < 400; ++iter) {
    std::string text = iter % 5 == 0 ? "\xEF\xBB\xBF" : "";
    const int n = len(rng);
    for (int i = 0; i < n; ++i) text += alphabet[pick(rng)];
    const auto path = dir.file("r" + std::to_string(iter) + ".csv");
    write_bytes(path, text);
    SCOPED_TRACE("iteration " + std::to_string(iter));
    auto general = open_table(path);
    auto m = MappedCsv::open(path);
    ASSERT_TRUE(m.ok());
    if (!general.ok()) {
      // Only a file without a header line may be refused, and then MappedCsv leaves it alone too.
      EXPECT_FALSE(m->has_value());
      ++headerless;
      continue;
    }
    ASSERT_TRUE(m->has_value());
    const Read want = read_general(path);
    const Read got = read_mapped(path, sizes[pick_size(rng)]);
    EXPECT_EQ(got.header, want.header);
    EXPECT_EQ(got.encoding, want.encoding);
    EXPECT_EQ(got.rows, want.rows);
    ++compared;
  }
  EXPECT_GT(compared, 250);
  EXPECT_GT(headerless, 5);
}

}  // namespace
}  // namespace fangpin::io
