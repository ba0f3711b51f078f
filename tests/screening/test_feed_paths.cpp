// screen_feed: identical outcome via the mapped CSV path, the general reader (quoted/GB18030/xlsx) and a mid-file fallback.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../app/fixtures.h"
#include "domain/resident_id.h"
#include "io/mapped_csv.h"
#include "io/policy_loader.h"
#include "io/table.h"
#include "screening/engine.h"
#include "screening/params.h"
#include "screening/registry_index.h"

namespace fangpin::screening {
namespace {

using Rows = std::vector<std::vector<std::string>>;

using fangpin::testing::make_id;

// H1: A (labourer) and C, 2022 net 30,000 元 → line × people 14,200 元. H2: B, D (no finance).
const std::string A = make_id("532923", "19800101", 11);
const std::string C = make_id("532923", "20120601", 12);
const std::string B = make_id("532923", "19850505", 21);
const std::string D = make_id("532923", "19900101", 22);
const std::string OUTSIDER = make_id("110101", "19900101", 99);

const std::vector<std::string> kHeader{"证件号码", "日期", "医疗总费用", "合规自付费用", "是否大病", "备注"};

// Every kind of row, with its spreadsheet row number (header = 1) in the comment.
Rows medical_rows() {
  return {
      kHeader,
      {A, "2023-03-01", "6000", "5000", "否", "门诊"},        // 2: 黄 (self-pay ≥ 5,000)
      {},                                                       // 3: blank line
      {B, "2023-03-02", "30000", "20000", "否", "住院"},      // 4: 黄 (no finance)
      {OUTSIDER, "2023-03-01", "100", "50", "否", ""},          // 5: unmatched
      {A, "2023-13-01", "100", "50", "否", ""},                 // 6: bad date
      {"5329231980", "2023-03-01", "100", "50", "否"},          // 7: bad ID (too short)
      {"", "", "", "", "", ""},                                 // 8: all-blank record
      {A, "2023-03-01", "-5", "0", "否"},                       // 9: negative amount
      {A, "2023-03-01", "100", "200", "否"},                    // 10: self-pay > total
      {A, "2023-03-01", "100", "50", "也许"},                   // 11: not 是/否
      {"", "2023-03-01", "1", "1", "否"},                       // 12: ID empty
      {A, "2023-03-01", "20000", "15800.01", "否", "大额"},   // 13: 红
      {"  " + C + "\xE3\x80\x80", "2023-03-05", "200", "100", "是", "重症"},  // 14: 橙 (大病), trimmed ID
      {D, "2023-03-01", "1000", "0", "否"},                     // 15: matched, no signal
      {A, "2023-03-01"},                                        // 16: short row → 医疗总费用 empty
      {" ", "\t", "", " "},                                     // 17: whitespace only
      {B, "2023-03-31", "111665.11", "62797.38", "是", "慢病"},  // 18: 橙
  };
}

std::string join(const std::vector<std::string>& cells, bool quoted) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) line += ',';
    line += quoted ? "\"" + cells[i] + "\"" : cells[i];
  }
  return line;
}

std::string csv_text(const Rows& rows, bool quoted, const std::string& eol) {
  std::string text;
  for (const auto& r : rows) text += join(r, quoted) + eol;
  return text;
}

// Everything a FeedOutcome says, flattened to comparable text (encoding excepted).
struct Flat {
  std::size_t rows = 0, matched = 0, unmatched = 0, rejected = 0;
  std::vector<std::string> warnings, issues, signals, facts, events;
  bool operator==(const Flat&) const = default;
};

Flat flatten(const FeedOutcome& o) {
  Flat f{o.rows, o.matched, o.unmatched, o.rejected, o.warnings, {}, {}, {}, {}};
  for (const auto& i : issues_in_row_order(o.issues, o.unmatched_rows))
    f.issues.push_back(std::to_string(i.row) + "|" + (i.unmatched ? "unmatched" : "rejected") + "|" + i.column + "|" +
                       issue_reason(i));
  for (const auto& s : o.signals)
    f.signals.push_back(std::to_string(s.household) + "|" + std::to_string(static_cast<int>(s.reason)) + "|" +
                        std::string(label(s.grade)) + "|" + std::to_string(s.member) + "|" + std::to_string(s.row) +
                        "|" + describe(s.fact));
  for (const auto& n : o.negative_facts) f.facts.push_back(std::to_string(n.household) + "|" + n.kind + "|" + n.detail);
  for (const auto& e : o.area_events) f.events.push_back(e.region_prefix + "|" + std::to_string(e.year) + "|" + e.kind);
  return f;
}

void expect_same(const Flat& got, const Flat& want, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(got.rows, want.rows);
  EXPECT_EQ(got.matched, want.matched);
  EXPECT_EQ(got.unmatched, want.unmatched);
  EXPECT_EQ(got.rejected, want.rejected);
  EXPECT_EQ(got.warnings, want.warnings);
  EXPECT_EQ(got.issues, want.issues);
  EXPECT_EQ(got.signals, want.signals);
  EXPECT_EQ(got.facts, want.facts);
  EXPECT_EQ(got.events, want.events);
}

// Which reader screen_feed will use for `path` (engine.cpp reads 4 MiB chunks): "mapped", "mapped, then
// general" (a chunk after the first is refused) or "general".
std::string reader_path(const std::string& path) {
  auto m = io::MappedCsv::open(path);
  if (!m.ok() || !m->has_value()) return "general";
  int chunks = 0;
  for (auto c = (*m)->next_chunk(4u << 20); !c.text.empty(); c = (*m)->next_chunk(4u << 20), ++chunks)
    if (!io::MappedCsv::for_each_row(c, [](std::size_t, std::span<const std::string_view>) {}))
      return chunks == 0 ? "general" : "mapped, then general";
  return "mapped";
}

class FeedPaths : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fangpin-feedpaths-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    RegistryIndex::Builder b;
    b.add_household("H1", "532923101001", 2022, yuan(30000), 0);
    b.add_household("H2", "532923102001", 0, 0, 0);
    b.add_member(A, "H1", true, true);
    b.add_member(C, "H1", true, false);
    b.add_member(B, "H2", true, true);
    b.add_member(D, "H2", true, false);
    index_ = b.finish(1);
    auto p = io::load_policy("");
    ASSERT_TRUE(p.ok());
    policy_ = *p;
    auto sp = io::load_policy_bundle("");
    ASSERT_TRUE(sp.ok()) << sp.error().message;
    params_ = sp->screening;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string write_bytes(const std::string& name, const std::string& bytes) {
    const auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::string write_table(const std::string& name, const Rows& rows, io::CsvEncoding enc) {
    const auto path = (dir_ / name).string();
    auto w = io::create_table(path, enc);
    EXPECT_TRUE(w.ok()) << w.error().message;
    for (const auto& r : rows) EXPECT_TRUE((*w)->write_row(r).ok());
    EXPECT_TRUE((*w)->close().ok());
    return path;
  }

  FeedOutcome screen(const std::string& path) {
    auto r = screen_feed(FeedRequest{Department::Medical, 2023, 3, path}, index_, policy_, params_);
    EXPECT_TRUE(r.ok()) << path << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? std::move(*r) : FeedOutcome{};
  }

  std::filesystem::path dir_;
  RegistryIndex index_;
  Policy policy_;
  ScreeningParams params_;
  static inline int counter_ = 0;
};

TEST_F(FeedPaths, PlainQuotedGb18030AndXlsxAgree) {
  const Rows rows = medical_rows();
  const std::string plain_path = write_bytes("plain.csv", csv_text(rows, false, "\n"));
  ASSERT_EQ(reader_path(plain_path), "mapped");
  const FeedOutcome plain = screen(plain_path);
  EXPECT_EQ(plain.encoding, "UTF-8");
  const Flat want = flatten(plain);

  // The plain answer, spelled out.
  EXPECT_EQ(want.rows, 14u);  // 17 lines after the header, 3 blank
  EXPECT_EQ(want.matched, 6u);
  EXPECT_EQ(want.unmatched, 1u);
  EXPECT_EQ(want.rejected, 7u);
  EXPECT_EQ(want.warnings, (std::vector<std::string>{"忽略未知列“备注”"}));
  ASSERT_EQ(want.issues.size(), 8u);
  EXPECT_EQ(want.issues[0], "5|unmatched|证件号码|证件号码 " + mask_resident_id(OUTSIDER) + " 不在户籍登记中");
  EXPECT_EQ(want.issues[1], "6|rejected|日期|日期无效“2023-13-01”（应为 YYYY-MM-DD）");
  EXPECT_TRUE(want.issues[2].starts_with("7|rejected|证件号码|证件号码 ")) << want.issues[2];
  EXPECT_EQ(want.issues[3], "9|rejected|医疗总费用|金额无效“-5”（元，最多两位小数，不可为负）");
  EXPECT_EQ(want.issues[4], "10|rejected|合规自付费用|合规自付费用大于医疗总费用");
  EXPECT_EQ(want.issues[5], "11|rejected|是否大病|应为 是/否，实际为“也许”");
  EXPECT_EQ(want.issues[6], "12|rejected|证件号码|必填项为空");
  EXPECT_EQ(want.issues[7], "16|rejected|医疗总费用|必填项为空");
  std::vector<std::pair<std::size_t, std::string>> grades;
  for (const auto& s : plain.signals) grades.emplace_back(s.row, std::string(label(s.grade)));
  EXPECT_EQ(grades, (std::vector<std::pair<std::size_t, std::string>>{
                        {2, "黄"}, {4, "黄"}, {13, "红"}, {14, "橙"}, {18, "橙"}}));
  ASSERT_EQ(plain.signals.size(), 5u);
  EXPECT_EQ(plain.signals[3].member, *pack_resident_id(C));
  EXPECT_EQ(describe(plain.signals[4].fact),
            "医保 2023-03-31：医疗总费用 111665.11 元，合规自付费用 62797.38 元，大病");

  // CRLF plain, every cell quoted (LF and CRLF), GB18030, xlsx: the same outcome.
  const std::string crlf_path = write_bytes("crlf.csv", "\xEF\xBB\xBF" + csv_text(rows, false, "\r\n"));
  ASSERT_EQ(reader_path(crlf_path), "mapped");
  const FeedOutcome crlf = screen(crlf_path);
  EXPECT_EQ(crlf.encoding, "UTF-8 BOM");
  expect_same(flatten(crlf), want, "plain CRLF + BOM");

  const std::string quoted_path = write_bytes("quoted.csv", csv_text(rows, true, "\n"));
  ASSERT_EQ(reader_path(quoted_path), "general");
  const FeedOutcome quoted = screen(quoted_path);
  EXPECT_EQ(quoted.encoding, "UTF-8");
  expect_same(flatten(quoted), want, "quoted");
  expect_same(flatten(screen(write_bytes("quoted_crlf.csv", csv_text(rows, true, "\r\n")))), want, "quoted CRLF");

  const std::string gb_path = write_table("gb.csv", rows, io::CsvEncoding::Gb18030);
  ASSERT_EQ(reader_path(gb_path), "general");
  const FeedOutcome gb = screen(gb_path);
  EXPECT_EQ(gb.encoding, "GB18030");
  expect_same(flatten(gb), want, "GB18030");

  const FeedOutcome xlsx = screen(write_table("feed.xlsx", rows, io::CsvEncoding::Utf8Bom));
  EXPECT_EQ(xlsx.encoding, "xlsx");
  expect_same(flatten(xlsx), want, "xlsx");
}

// One plain file of 200k rows (several 4 MiB chunks) read three ways: all plain (mapped), with a quoted
// cell near the end (mapped, then the general reader from the start), and with a quoted header
// (general reader only). A quoted "20000" reads as 20000, so all three must agree exactly.
TEST_F(FeedPaths, LargePlainFileWithAQuoteNearTheEndFallsBackCleanly) {
  constexpr int kRows = 200000;
  constexpr int kQuoted = kRows - 10;  // index of the data row that gets a quoted cell
  std::string head = "证件号码,日期,医疗总费用,合规自付费用,是否大病,备注\n";
  std::string body_plain, body_quoted;
  body_plain.reserve(std::size_t{kRows} * 80);
  std::vector<std::string> ids{A, B, C, D, OUTSIDER};
  for (int i = 0; i < kRows; ++i) {
    if (i % 5000 == 0) {  // blank lines and malformed rows scattered through
      body_plain += "\n";
      body_quoted += "\n";
    }
    std::string line;
    if (i % 9973 == 0) {
      line = A + ",2023-02-30,100,50,否,日期错";
    } else {
      const std::string& id = ids[static_cast<std::size_t>(i) % ids.size()];
      const int selfpay = (i * 37) % 16000;
      line = id + ",2023-03-" + std::to_string(10 + i % 19) + ",20000," + std::to_string(selfpay) + "," +
             (i % 11 == 0 ? "是" : "否") + ",第" + std::to_string(i) + "行";
    }
    body_plain += line + "\n";
    if (i == kQuoted) {
      const auto p = line.find(",20000,");
      ASSERT_NE(p, std::string::npos);
      line.replace(p, 7, ",\"20000\",");
    }
    body_quoted += line + "\n";
  }
  ASSERT_GT(head.size() + body_plain.size(), std::size_t{8} << 20);  // the quote sits past the first chunks

  const std::string plain_path = write_bytes("plain.csv", head + body_plain);
  const std::string fallback_path = write_bytes("fallback.csv", head + body_quoted);
  const std::string general_path = write_bytes("general.csv", "\"证件号码\"" + head.substr(12) + body_plain);
  ASSERT_EQ(reader_path(plain_path), "mapped");
  ASSERT_EQ(reader_path(fallback_path), "mapped, then general");
  ASSERT_EQ(reader_path(general_path), "general");
  const FeedOutcome all_plain = screen(plain_path);
  const FeedOutcome fallback = screen(fallback_path);
  const FeedOutcome general = screen(general_path);

  const Flat want = flatten(general);
  EXPECT_EQ(want.rows, std::size_t{kRows});
  EXPECT_EQ(want.warnings, (std::vector<std::string>{"忽略未知列“备注”"}));  // once, not once per attempt
  EXPECT_EQ(want.unmatched, std::size_t{kRows / 5} - 4);  // every 5th row is OUTSIDER, minus the date-error rows among them
  EXPECT_EQ(want.rejected, 21u);                          // i = 0, 9973, ..., 199460
  EXPECT_EQ(want.rows, want.matched + want.unmatched + want.rejected);
  ASSERT_FALSE(all_plain.signals.empty());
  // Row numbers: the header is row 1, and a blank line precedes every 5,000th data row.
  const auto quoted_row = static_cast<std::size_t>(2 + kQuoted + kQuoted / 5000 + 1);
  bool found = false;
  for (const auto& s : fallback.signals) found |= s.row == quoted_row;
  const int q_selfpay = (kQuoted * 37) % 16000;
  const bool q_signals = ids[static_cast<std::size_t>(kQuoted) % ids.size()] != OUTSIDER && (q_selfpay >= 5000 || kQuoted % 11 == 0);
  EXPECT_EQ(found, q_signals);

  expect_same(flatten(all_plain), want, "all plain (mapped)");
  expect_same(flatten(fallback), want, "quote near the end (mapped, then fallback)");
  EXPECT_EQ(all_plain.encoding, "UTF-8");
  EXPECT_EQ(fallback.encoding, "UTF-8");
}

}  // namespace
}  // namespace fangpin::screening
