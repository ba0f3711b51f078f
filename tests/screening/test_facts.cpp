// screening/facts.h: each department's Chinese line, encoding round trips, legacy text, "另有 N 条", damaged bytes.
#include "screening/facts.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace fangpin::screening {
namespace {

using Lines = std::vector<std::string>;
const std::string kDamaged = "（事实记录损坏，其余从略）";
const std::string kControlText("a\x00" "b\x01" "c\nd", 7);  // NUL, the fact tag and a line break

Fact fact(Department d, int date, Fen a1, Fen a2, std::string t1, std::string t2 = {}, bool flag = false) {
  Fact f;
  f.department = d;
  f.date = date;
  f.a1 = a1;
  f.a2 = a2;
  f.t1 = std::move(t1);
  f.t2 = std::move(t2);
  f.flag = flag;
  return f;
}

std::string encode_all(const std::vector<Fact>& facts) {
  std::string out;
  for (const auto& f : facts) encode_fact(f, out);
  return out;
}

Lines describe_all(const std::vector<Fact>& facts) {
  Lines out;
  for (const auto& f : facts) out.push_back(describe(f));
  return out;
}

TEST(FactDescribe, Medical) {
  EXPECT_EQ(describe(fact(Department::Medical, 20230316, 11166511, 6279738, "", "", true)),
            "医保 2023-03-16：医疗总费用 111665.11 元，合规自付费用 62797.38 元，大病");
  EXPECT_EQ(describe(fact(Department::Medical, 20230301, 600000, 500000, "")),
            "医保 2023-03-01：医疗总费用 6000.00 元，合规自付费用 5000.00 元");
  EXPECT_EQ(describe(fact(Department::Medical, 20231231, 5, 0, "")),
            "医保 2023-12-31：医疗总费用 0.05 元，合规自付费用 0.00 元");
}

TEST(FactDescribe, MedicalUninsured) {
  EXPECT_EQ(describe(fact(Department::Medical, 20230316, 0, 0, "未参保")), "医保 2023-03-16：成员未参加基本医疗保险");
  EXPECT_EQ(describe(fact(Department::Medical, 20230316, 600000, 500000, "未参保", "", true)),
            "医保 2023-03-16：成员未参加基本医疗保险，医疗总费用 6000.00 元，合规自付费用 5000.00 元，大病");
}

TEST(FactDescribe, Disability) {
  EXPECT_EQ(describe(fact(Department::Disability, 20230102, 2, 0, "肢体", "", true)),
            "残联 2023-01-02：肢体残疾 2 级（主要劳动力）");
  EXPECT_EQ(describe(fact(Department::Disability, 20230102, 4, 0, "视力")), "残联 2023-01-02：视力残疾 4 级");
}

TEST(FactDescribe, Education) {
  EXPECT_EQ(describe(fact(Department::Education, 20230905, 0, 14, "初中", "辍学", true)),
            "教育 2023-09-05：初中 辍学（14 岁），已受资助");
  EXPECT_EQ(describe(fact(Department::Education, 20230905, 0, 17, "高中", "休学")),
            "教育 2023-09-05：高中 休学（17 岁）");
}

TEST(FactDescribe, HousingAndWater) {
  EXPECT_EQ(describe(fact(Department::Housing, 20230301, 0, 0, "D")), "住建 2023-03-01：房屋鉴定等级 D 级（危房）");
  EXPECT_EQ(describe(fact(Department::Water, 20230301, 0, 0, "水量不足")), "水务 2023-03-01：饮水问题 水量不足");
}

TEST(FactDescribe, DisasterPersonAndArea) {
  EXPECT_EQ(describe(fact(Department::Disaster, 20230707, 1234567, 0, "洪涝")),
            "应急 2023-07-07：洪涝，损失 12345.67 元");
  Fact area = fact(Department::Disaster, 0, 2023, 0, "地震", "532923");
  area.area = true;
  EXPECT_EQ(describe(area), "应急 区域灾害事件：地震（区划 532923，2023 年）");
}

TEST(FactDescribe, EmploymentAgriculturePublicSecurity) {
  EXPECT_EQ(describe(fact(Department::Employment, 20230401, 0, 0, "失业")), "人社 2023-04-01：失业");
  EXPECT_EQ(describe(fact(Department::Employment, 20230401, 0, 0, "")), "人社 2023-04-01");
  EXPECT_EQ(describe(fact(Department::Agriculture, 20230510, 1200050, 0, "种养损失")),
            "农业农村 2023-05-10：种养损失，损失 12000.50 元");
  EXPECT_EQ(describe(fact(Department::PublicSecurity, 20230611, 0, 0, "死亡")),
            "公安 2023-06-11：成员死亡，户内无其他劳动力");
}

std::vector<Fact> sample_facts() {
  std::vector<Fact> v;
  v.push_back(fact(Department::Medical, 20230316, 11166511, 6279738, "", "", true));
  v.push_back(fact(Department::Disaster, 20230707, -123456, -1, "负数"));           // negative amounts
  v.push_back(fact(Department::Agriculture, 20230510, std::numeric_limits<Fen>::max(), 0, "种养损失"));
  v.push_back(fact(Department::Medical, 20230101, 999'999'999'999'99, 1, ""));  // large, empty texts
  v.push_back(fact(Department::Water, 20230301, 0, 0, kControlText, std::string("\x01", 1)));
  v.push_back(fact(Department::Education, 20230905, 0, 14, "初中", "辍学", true));
  v.push_back(fact(Department::Disability, 20230102, 2, 0, std::string(4096, 'x'), "", true));  // longest kept text
  Fact area = fact(Department::Disaster, 0, 2023, 0, "地震", "5329");
  area.area = true;
  v.push_back(area);
  return v;
}

TEST(FactEncoding, RoundTripsBackToBack) {
  const auto facts = sample_facts();
  const std::string enc = encode_all(facts);
  EXPECT_EQ(enc.front(), '\x01');
  EXPECT_EQ(describe_facts(enc), describe_all(facts));
  // Spot-check the odd ones literally.
  const Lines lines = describe_facts(enc);
  ASSERT_EQ(lines.size(), facts.size());
  EXPECT_EQ(lines[1], "应急 2023-07-07：负数，损失 -1234.56 元");
  EXPECT_EQ(lines[2], "农业农村 2023-05-10：种养损失，损失 92233720368547758.07 元");
  EXPECT_EQ(lines[3], "医保 2023-01-01：医疗总费用 999999999999.99 元，合规自付费用 0.01 元");
  EXPECT_EQ(lines[4], "水务 2023-03-01：饮水问题 " + kControlText);
  EXPECT_EQ(lines[6].size(), std::string("残联 2023-01-02：").size() + 4096 + std::string("残疾 2 级（主要劳动力）").size());
}

TEST(FactEncoding, ExactBytesOfOneFact) {
  // tag, department, bits (flag=2), date 20230316 varint, zigzag(-1)=1, zigzag(2)=4, t1 "A", t2 "".
  std::string enc;
  encode_fact(fact(Department::Water, 20230316, -1, 2, "A", "", true), enc);
  std::string expect("\x01\x04\x02", 3);
  expect += std::string("\xAC\xE1\xD2\x09", 4);  // 20230316 = 0x134B0AC
  expect += std::string("\x01\x04\x01" "A" "\x00", 5);
  EXPECT_EQ(enc, expect);
}

TEST(FactEncoding, TextsLongerThan4096BytesAreCut) {
  std::string enc;
  encode_fact(fact(Department::Water, 20230301, 0, 0, std::string(5000, 'y')), enc);
  EXPECT_EQ(describe_facts(enc), (Lines{"水务 2023-03-01：饮水问题 " + std::string(4096, 'y')}));
}

TEST(FactEncoding, LongTextIsCutAtACharacterBoundary) {
  std::string text;
  for (int i = 0; i < 1400; ++i) text += "中";  // 4,200 bytes; 4,096 would split a character
  std::string enc;
  encode_fact(fact(Department::Water, 20230301, 0, 0, text), enc);
  std::string kept;
  for (int i = 0; i < 1365; ++i) kept += "中";  // 4,095 bytes
  EXPECT_EQ(describe_facts(enc), (Lines{"水务 2023-03-01：饮水问题 " + kept}));
}

TEST(FactEncoding, LegacyTextThenEncodedFacts) {
  const std::vector<Fact> facts{fact(Department::Housing, 20230301, 0, 0, "C"),
                                fact(Department::Employment, 20230401, 0, 0, "返乡")};
  const std::string enc = "旧格式第一行\n\n旧格式第二行\n" + encode_all(facts);
  EXPECT_EQ(describe_facts(enc), (Lines{"旧格式第一行", "旧格式第二行", "住建 2023-03-01：房屋鉴定等级 C 级（危房）",
                                        "人社 2023-04-01：返乡"}));
  // Legacy text alone (no 0x01): its lines, no trailing empty line, no "另有" line.
  EXPECT_EQ(describe_facts("甲\n乙", 10), (Lines{"甲", "乙"}));
  EXPECT_EQ(describe_facts("甲\n", 0), (Lines{"甲"}));
  EXPECT_TRUE(describe_facts("").empty());
  EXPECT_TRUE(describe_facts("", 5).empty());
}

TEST(FactEncoding, MoreSignalsThanFactsKept) {
  const std::vector<Fact> facts{fact(Department::Water, 20230301, 0, 0, "水质"),
                                fact(Department::Water, 20230302, 0, 0, "水量")};
  const std::string enc = encode_all(facts);
  EXPECT_EQ(describe_facts(enc, 5), (Lines{"水务 2023-03-01：饮水问题 水质", "水务 2023-03-02：饮水问题 水量",
                                           "…另有 3 条同类信息"}));
  EXPECT_EQ(describe_facts(enc, 2), describe_all(facts));
  EXPECT_EQ(describe_facts(enc, 1), describe_all(facts));
  EXPECT_EQ(describe_facts(enc, 0), describe_all(facts));
  // Legacy lines count as kept facts.
  EXPECT_EQ(describe_facts("旧\n" + enc, 5).back(), "…另有 2 条同类信息");
}

// Every strict prefix that cuts a fact ends with the note after the whole facts before it.
TEST(FactEncoding, EveryPrefixIsSafe) {
  const auto facts = sample_facts();
  std::vector<std::size_t> ends;  // byte offset after each fact
  std::string enc;
  for (const auto& f : facts) {
    encode_fact(f, enc);
    ends.push_back(enc.size());
  }
  const Lines all = describe_all(facts);
  for (std::size_t n = 0; n <= enc.size(); ++n) {
    std::size_t whole = 0;
    while (whole < ends.size() && ends[whole] <= n) ++whole;
    Lines expect(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(whole));
    const bool at_boundary = n == 0 || (whole > 0 && ends[whole - 1] == n);
    if (!at_boundary) expect.push_back(kDamaged);
    // A clean prefix (whole facts only) also gets the "另有" line for the 100 signals.
    if (at_boundary && whole > 0) expect.push_back("…另有 " + std::to_string(100 - whole) + " 条同类信息");
    ASSERT_EQ(describe_facts(std::string_view(enc).substr(0, n), 100), expect) << "prefix " << n;
  }
}

TEST(FactEncoding, SpecificCorruptions) {
  std::string one;
  encode_fact(fact(Department::Housing, 20230301, 0, 0, "D"), one);
  const std::string line = "住建 2023-03-01：房屋鉴定等级 D 级（危房）";
  // Unknown department (14).
  std::string bad_dept = one;
  bad_dept[1] = 14;
  EXPECT_EQ(describe_facts(bad_dept), (Lines{kDamaged}));
  // A byte other than the tag where the next fact should start.
  EXPECT_EQ(describe_facts(one + "x" + one), (Lines{line, kDamaged}));
  // Text length beyond the end.
  std::string long_len = one;
  long_len[long_len.size() - 3] = 0x7F;  // t1's length byte ("D" is 1 byte, then t2 length 0)
  EXPECT_EQ(describe_facts(long_len), (Lines{kDamaged}));
  // A varint that never ends within 64 bits.
  EXPECT_EQ(describe_facts(std::string("\x01\x00\x00", 3) + std::string(12, '\xFF') + "\x01"), (Lines{kDamaged}));
  // Nothing after the note: later valid facts are dropped, no "另有" line.
  EXPECT_EQ(describe_facts(one + bad_dept + one, 50), (Lines{line, kDamaged}));
}

// Random bytes (fixed seed): no crash; the note, when present, is the last line and appears once.
TEST(FactEncoding, RandomBytesNeverCrash) {
  std::mt19937 rng(4242);
  std::uniform_int_distribution<int> len(0, 64);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> small(0, 15);
  int damaged = 0, clean = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string s(static_cast<std::size_t>(len(rng)), '\0');
    // Half the inputs are biased to look like facts (tag and small bytes) so parsing gets deep.
    const bool biased = iter % 2 == 0;
    for (char& c : s) c = static_cast<char>(biased ? small(rng) : byte(rng));
    if (biased && !s.empty()) s[0] = '\x01';
    const Lines lines = describe_facts(s, iter % 7);
    std::size_t notes = 0;
    for (const auto& l : lines) notes += l == kDamaged;
    ASSERT_LE(notes, 1u) << iter;
    if (notes == 1) {
      EXPECT_EQ(lines.back(), kDamaged) << iter;
      ++damaged;
    } else {
      ++clean;
    }
  }
  EXPECT_GT(damaged, 1000);
  EXPECT_GT(clean, 1000);
}

}  // namespace
}  // namespace fangpin::screening
