// SPEC §1 region codes, FORMATS.md labels and yes/no cells, SPEC §2/§4a natural changes.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "domain/household.h"
#include "domain/region.h"

namespace fangpin {
namespace {

// ---- region codes -----------------------------------------------------------------------

TEST(RegionCode, TwelveDigitsIsTheFormat) {
  EXPECT_TRUE(is_region_code_format("532901100001"));
  EXPECT_FALSE(is_region_code_format("53290110000"));    // 11
  EXPECT_FALSE(is_region_code_format("5329011000011"));  // 13
  EXPECT_FALSE(is_region_code_format("53290110000A"));
  EXPECT_FALSE(is_region_code_format("5329011 0001"));
  EXPECT_FALSE(is_region_code_format(""));
}

TEST(RegionCode, PrefixIsOneToTwelveDigits) {
  EXPECT_TRUE(is_region_prefix("5"));
  EXPECT_TRUE(is_region_prefix("53"));
  EXPECT_TRUE(is_region_prefix("532901100001"));
  EXPECT_FALSE(is_region_prefix(""));
  EXPECT_FALSE(is_region_prefix("5329011000011"));
  EXPECT_FALSE(is_region_prefix("53a"));
}

TEST(RegionCode, Within) {
  EXPECT_TRUE(region_within("532901100001", "53"));
  EXPECT_TRUE(region_within("532901100001", "5329"));
  EXPECT_TRUE(region_within("532901100001", "532901100"));
  EXPECT_TRUE(region_within("532901100001", "532901100001"));
  EXPECT_FALSE(region_within("532901100001", "5330"));
  EXPECT_FALSE(region_within("532901100001", "532901100002"));
  EXPECT_FALSE(region_within("5329", "532901"));  // a prefix longer than the code
  EXPECT_FALSE(region_within("532901100001", "3"));
}

TEST(RegionCode, PrefixByLevel) {
  const std::string code = "532901100001";
  EXPECT_EQ(region_prefix(code, RegionLevel::Province), "53");
  EXPECT_EQ(region_prefix(code, RegionLevel::City), "5329");
  EXPECT_EQ(region_prefix(code, RegionLevel::County), "532901");
  EXPECT_EQ(region_prefix(code, RegionLevel::Township), "532901100");
  EXPECT_EQ(region_prefix(code, RegionLevel::Village), "532901100001");
  EXPECT_EQ(prefix_length(RegionLevel::Township), 9);
}

class RegionDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir.add("53", "云南省");
    dir.add("5329", "大理白族自治州");
    dir.add("532901", "大理市");
    dir.add("532901100", "下关镇");
  }
  RegionDirectory dir;
};

TEST_F(RegionDirectoryTest, ContainsAndName) {
  EXPECT_EQ(dir.size(), 4u);
  EXPECT_TRUE(dir.contains("532901100"));
  EXPECT_FALSE(dir.contains("532901101"));
  EXPECT_EQ(dir.name("5329"), "大理白族自治州");
  EXPECT_EQ(dir.name("5330"), "");
}

TEST_F(RegionDirectoryTest, VillageUnderKnownTownshipAccepted) {
  EXPECT_EQ(dir.check_village_code("532901100001"), "");
  EXPECT_EQ(dir.check_village_code("532901100217"), "");
}

TEST_F(RegionDirectoryTest, UnknownTownshipRejectedNamingIt) {
  const std::string why = dir.check_village_code("532901200001");
  EXPECT_FALSE(why.empty());
  EXPECT_NE(why.find("532901200"), std::string::npos) << why;
}

TEST_F(RegionDirectoryTest, VillagePart000Rejected) {
  // The township code itself padded with 000 is not a village.
  EXPECT_FALSE(dir.check_village_code("532901100000").empty());
}

TEST_F(RegionDirectoryTest, NonTwelveDigitRejected) {
  EXPECT_FALSE(dir.check_village_code("53290110000").empty());
  EXPECT_FALSE(dir.check_village_code("5329011000011").empty());
  EXPECT_FALSE(dir.check_village_code("53290110000X").empty());
  EXPECT_FALSE(dir.check_village_code("532901100").empty());
  EXPECT_FALSE(dir.check_village_code("").empty());
}

// ---- labels (FORMATS.md) ----------------------------------------------------------------

TEST(Labels, MonitoredType) {
  EXPECT_EQ(label(MonitoredType::Unstable), "脱贫不稳定户");
  EXPECT_EQ(label(MonitoredType::Marginal), "边缘易致贫户");
  EXPECT_EQ(label(MonitoredType::SuddenHardship), "突发严重困难户");
  for (auto v : {MonitoredType::Unstable, MonitoredType::Marginal, MonitoredType::SuddenHardship})
    EXPECT_EQ(parse_monitored_type(label(v)), v) << label(v);
}

TEST(Labels, Relation) {
  EXPECT_EQ(label(Relation::Head), "户主");
  EXPECT_EQ(label(Relation::Spouse), "配偶");
  EXPECT_EQ(label(Relation::Son), "子");
  EXPECT_EQ(label(Relation::Daughter), "女");
  EXPECT_EQ(label(Relation::Parent), "父母");
  EXPECT_EQ(label(Relation::Grandchild), "孙子女");
  EXPECT_EQ(label(Relation::Other), "其他");
  for (auto v : {Relation::Head, Relation::Spouse, Relation::Son, Relation::Daughter, Relation::Parent,
                 Relation::Grandchild, Relation::Other})
    EXPECT_EQ(parse_relation(label(v)), v) << label(v);
}

TEST(Labels, Health) {
  EXPECT_EQ(label(Health::Healthy), "健康");
  EXPECT_EQ(label(Health::ChronicIllness), "长期慢性病");
  EXPECT_EQ(label(Health::SeriousIllness), "患有大病");
  EXPECT_EQ(label(Health::Disabled), "残疾");
  for (auto v : {Health::Healthy, Health::ChronicIllness, Health::SeriousIllness, Health::Disabled})
    EXPECT_EQ(parse_health(label(v)), v) << label(v);
}

TEST(Labels, Labour) {
  EXPECT_EQ(label(Labour::Ordinary), "普通劳动力");
  EXPECT_EQ(label(Labour::Skilled), "技能劳动力");
  EXPECT_EQ(label(Labour::Weak), "弱劳动力或半劳动力");
  EXPECT_EQ(label(Labour::Lost), "丧失劳动力");
  EXPECT_EQ(label(Labour::None), "无劳动力");
  for (auto v : {Labour::Ordinary, Labour::Skilled, Labour::Weak, Labour::Lost, Labour::None})
    EXPECT_EQ(parse_labour(label(v)), v) << label(v);
}

TEST(Labels, Schooling) {
  EXPECT_EQ(label(Schooling::NotInSchool), "非在校生");
  EXPECT_EQ(label(Schooling::Preschool), "学前");
  EXPECT_EQ(label(Schooling::Primary), "小学");
  EXPECT_EQ(label(Schooling::JuniorHigh), "初中");
  EXPECT_EQ(label(Schooling::SeniorHigh), "高中");
  EXPECT_EQ(label(Schooling::SecondaryVocational), "中职");
  EXPECT_EQ(label(Schooling::HigherVocational), "高职");
  EXPECT_EQ(label(Schooling::BachelorOrAbove), "本科及以上");
  EXPECT_EQ(label(Schooling::Dropout), "辍学");
  for (auto v : {Schooling::NotInSchool, Schooling::Preschool, Schooling::Primary, Schooling::JuniorHigh,
                 Schooling::SeniorHigh, Schooling::SecondaryVocational, Schooling::HigherVocational,
                 Schooling::BachelorOrAbove, Schooling::Dropout})
    EXPECT_EQ(parse_schooling(label(v)), v) << label(v);
}

TEST(Labels, Employment) {
  EXPECT_EQ(label(Employment::OutOfProvince), "省外务工");
  EXPECT_EQ(label(Employment::InProvinceOutOfCounty), "省内县外务工");
  EXPECT_EQ(label(Employment::InCounty), "县内务工");
  EXPECT_EQ(label(Employment::PublicWelfareJob), "公益岗位");
  EXPECT_EQ(label(Employment::NotWorking), "未务工");
  for (auto v : {Employment::OutOfProvince, Employment::InProvinceOutOfCounty, Employment::InCounty,
                 Employment::PublicWelfareJob, Employment::NotWorking})
    EXPECT_EQ(parse_employment(label(v)), v) << label(v);
  // An empty cell is "not given", not a value.
  EXPECT_EQ(parse_employment(""), std::nullopt);
}

TEST(Labels, MemberStatus) {
  EXPECT_EQ(label(MemberStatus::Present), "在户");
  EXPECT_EQ(label(MemberStatus::Dead), "死亡");
  EXPECT_EQ(label(MemberStatus::MovedOut), "迁出");
  EXPECT_EQ(label(MemberStatus::MarriedOut), "婚出");
  for (auto v : {MemberStatus::Present, MemberStatus::Dead, MemberStatus::MovedOut, MemberStatus::MarriedOut})
    EXPECT_EQ(parse_member_status(label(v)), v) << label(v);
}

TEST(Labels, ParsersTrimWhitespace) {
  EXPECT_EQ(parse_health(" 残疾 "), Health::Disabled);
  EXPECT_EQ(parse_labour("丧失劳动力\r"), Labour::Lost);
  EXPECT_EQ(parse_monitored_type("\t边缘易致贫户"), MonitoredType::Marginal);
}

TEST(Labels, ParsersRejectUnknownText) {
  EXPECT_EQ(parse_health("良好"), std::nullopt);
  EXPECT_EQ(parse_labour("劳动力"), std::nullopt);
  EXPECT_EQ(parse_schooling("大学"), std::nullopt);
  EXPECT_EQ(parse_monitored_type("脱贫户"), std::nullopt);
  EXPECT_EQ(parse_member_status("失踪"), std::nullopt);
  EXPECT_EQ(parse_relation("邻居"), std::nullopt);
  EXPECT_EQ(parse_employment("务工"), std::nullopt);
}

TEST(Labels, RelationSynonyms) {
  EXPECT_EQ(parse_relation("儿子"), Relation::Son);
  EXPECT_EQ(parse_relation("女儿"), Relation::Daughter);
  EXPECT_EQ(parse_relation("父亲"), Relation::Parent);
  EXPECT_EQ(parse_relation("母亲"), Relation::Parent);
  EXPECT_EQ(parse_relation("孙女"), Relation::Grandchild);
}

// ---- yes/no cells (FORMATS.md: 是/否, Y/N, 1/0, true/false) -------------------------------

TEST(YesNo, AcceptedTrueForms) {
  for (const char* s : {"是", "Y", "y", "1", "true", "TRUE", "True"})
    EXPECT_EQ(parse_yes_no(s), std::optional<bool>(true)) << s;
}

TEST(YesNo, AcceptedFalseForms) {
  for (const char* s : {"否", "N", "n", "0", "false", "FALSE", "False"})
    EXPECT_EQ(parse_yes_no(s), std::optional<bool>(false)) << s;
}

TEST(YesNo, TrimmedInput) {
  EXPECT_EQ(parse_yes_no(" 是 "), std::optional<bool>(true));
  EXPECT_EQ(parse_yes_no("否\r"), std::optional<bool>(false));
}

TEST(YesNo, RejectsAnythingElse) {
  for (const char* s : {"maybe", "", "2", "-1", "是的", "不", "t", "f", "truee"})
    EXPECT_EQ(parse_yes_no(s), std::nullopt) << s;
}

TEST(YesNo, Label) {
  EXPECT_EQ(yes_no_label(true), "是");
  EXPECT_EQ(yes_no_label(false), "否");
  EXPECT_EQ(parse_yes_no(yes_no_label(true)), std::optional<bool>(true));
  EXPECT_EQ(parse_yes_no(yes_no_label(false)), std::optional<bool>(false));
}

// ---- Member::present_on -----------------------------------------------------------------

Member born(Date birth) {
  Member m;
  m.birth = birth;
  return m;
}

const Date kYearEnd{2023, 12, 31};

TEST(MemberPresentOn, PresentMemberBornEarlier) {
  EXPECT_TRUE(born(Date{1980, 5, 1}).present_on(kYearEnd));
}

TEST(MemberPresentOn, BornOnTheDayCounts) {
  EXPECT_TRUE(born(Date{2023, 12, 31}).present_on(kYearEnd));
}

TEST(MemberPresentOn, BornAfterTheDayDoesNotCount) {
  EXPECT_FALSE(born(Date{2024, 1, 1}).present_on(kYearEnd));
}

TEST(MemberPresentOn, DeathBeforeYearEndNotCounted) {
  Member m = born(Date{1940, 1, 1});
  m.status = MemberStatus::Dead;
  m.status_date = Date{2023, 6, 1};
  EXPECT_FALSE(m.present_on(kYearEnd));
  // ... but counted on a day before the death.
  EXPECT_TRUE(m.present_on(Date{2023, 5, 31}));
}

TEST(MemberPresentOn, DeathAfterYearEndStillCounted) {
  Member m = born(Date{1940, 1, 1});
  m.status = MemberStatus::Dead;
  m.status_date = Date{2024, 1, 1};
  EXPECT_TRUE(m.present_on(kYearEnd));
}

TEST(MemberPresentOn, LeavingOnTheDayItselfNotCounted) {
  // Lead's contract: counted only if status_date is after Y-12-31.
  Member m = born(Date{1990, 1, 1});
  m.status = MemberStatus::MovedOut;
  m.status_date = Date{2023, 12, 31};
  EXPECT_FALSE(m.present_on(kYearEnd));
}

TEST(MemberPresentOn, MarriedOutAfterYearEndCounted) {
  Member m = born(Date{1998, 3, 3});
  m.status = MemberStatus::MarriedOut;
  m.status_date = Date{2024, 2, 1};
  EXPECT_TRUE(m.present_on(kYearEnd));
  m.status_date = Date{2023, 2, 1};
  EXPECT_FALSE(m.present_on(kYearEnd));
}

TEST(MemberPresentOn, LeavingStatusWithoutDateNotCounted) {
  Member m = born(Date{1990, 1, 1});
  m.status = MemberStatus::Dead;
  m.status_date = std::nullopt;
  EXPECT_FALSE(m.present_on(kYearEnd));
}

TEST(MemberPresentOn, PresentStatusIgnoresStatusDate) {
  Member m = born(Date{1990, 1, 1});
  m.status = MemberStatus::Present;
  m.status_date = Date{2023, 1, 1};
  EXPECT_TRUE(m.present_on(kYearEnd));
}

TEST(ParseRelation, SynonymsAreTrimmedToo) {
  EXPECT_EQ(parse_relation(" 儿子"), Relation::Son);
  EXPECT_EQ(parse_relation("女儿\t"), Relation::Daughter);
}

}  // namespace
}  // namespace fangpin
