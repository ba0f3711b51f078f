// The optional 信息采集表 fields (FORMATS.md "Optional registry columns", SPEC §2): labels,
// the bank-account mask, merge of a partial re-import, and the 基本医疗保障 shortfall
// derived from the members' 基本医保 (SPEC §4a shortfalls; FORMATS: "a member without
// 基本医保 fails 基本医疗保障").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/assessment.h"
#include "domain/household.h"
#include "domain/policy.h"
#include "domain/resident_id.h"

namespace fangpin {
namespace {

constexpr int kYear = 2023;
constexpr Fen kLine = yuan(7100);

Member person(const std::string& household_id, const std::string& birth8, int seq) {
  std::string first17 = "532901" + birth8 + std::to_string(100 + seq);
  Member m;
  m.household_id = household_id;
  m.id_number = first17 + gb11643_check_char(first17);
  m.birth = parse_resident_id(m.id_number)->birth;
  m.name = "成员" + std::to_string(seq);
  return m;
}

// SPEC §4a's worked family: head and spouse working, a child at school; net income well
// above the line (not a candidate), every 三保障 item answered 是 on the household row.
class MedicalShortfall : public ::testing::Test {
 protected:
  MedicalShortfall() {
    h.household_id = "H001";
    h.region_code = "532901100001";
    h.head_name = "户主";
    members = {person("H001", "19780301", 1), person("H001", "19800501", 2), person("H001", "20120901", 3)};
    members[2].labour = Labour::None;
    members[2].schooling = Schooling::Primary;
    fin.household_id = "H001";
    fin.year = kYear;
    fin.wage_income = yuan(60000);
    policy.national_lines = {{2022, yuan(6600)}, {2023, yuan(7100)}};
  }
  Assessment run() {
    HouseholdFacts f;
    f.household = &h;
    f.members = members;
    f.finance = &fin;
    auto a = assess(f, kYear, kLine, policy);
    EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().message);
    return a.ok() ? *a : Assessment{};
  }
  Household h;
  std::vector<Member> members;
  Finance fin;
  Policy policy;
};

TEST_F(MedicalShortfall, AMemberWithout基本医保FailsItEvenWhenTheHouseholdRowSaysYes) {
  members[0].profile.medical_insured = true;
  members[1].profile.medical_insured = true;
  members[2].profile.medical_insured = false;  // the child is not insured
  ASSERT_TRUE(h.medical_ok);
  const Assessment a = run();
  EXPECT_FALSE(a.candidate);  // listed whether or not the household is a candidate
  EXPECT_EQ(a.shortfalls_in_order(), std::vector<Shortfall>{Shortfall::Medical});
}

TEST_F(MedicalShortfall, EveryMemberInsuredNoShortfall) {
  for (Member& m : members) m.profile.medical_insured = true;
  EXPECT_TRUE(run().shortfalls_in_order().empty());
}

TEST_F(MedicalShortfall, UnknownInsuranceLeavesTheHouseholdAnswer) {
  // No 基本医保 column ever imported: nothing changes against the household row.
  EXPECT_TRUE(run().shortfalls_in_order().empty());
  h.medical_ok = false;
  EXPECT_EQ(run().shortfalls_in_order(), std::vector<Shortfall>{Shortfall::Medical});
  // Insured members do not hide the household's own 否 (the cadre's finding stands).
  for (Member& m : members) m.profile.medical_insured = true;
  EXPECT_EQ(run().shortfalls_in_order(), std::vector<Shortfall>{Shortfall::Medical});
}

TEST_F(MedicalShortfall, OnlyMembersInTheHouseholdAtYearEndCount) {
  for (Member& m : members) m.profile.medical_insured = true;
  Member gone = person("H001", "19500101", 4);
  gone.profile.medical_insured = false;
  gone.status = MemberStatus::Dead;
  gone.status_date = Date{2023, 6, 1};
  members.push_back(gone);
  EXPECT_TRUE(run().shortfalls_in_order().empty());
  members.back().status_date = Date{2024, 1, 1};  // still there on 2023-12-31
  EXPECT_EQ(run().shortfalls_in_order(), std::vector<Shortfall>{Shortfall::Medical});
}

TEST(ProfileLabels, AssistanceAndEducationLevelRoundTrip) {
  for (auto v : {Assistance::None, Assistance::Dibao, Assistance::Tekun})
    EXPECT_EQ(parse_assistance(label(v)), v);
  EXPECT_EQ(label(Assistance::Dibao), "低保");
  EXPECT_EQ(parse_assistance("特困供养"), Assistance::Tekun);
  EXPECT_EQ(parse_assistance("贫困户"), std::nullopt);
  const std::vector<std::string> levels{"文盲或半文盲", "小学", "初中", "高中", "大专及以上"};
  for (std::size_t i = 0; i < levels.size(); ++i) {
    EXPECT_EQ(label(static_cast<EducationLevel>(i)), levels[i]);
    EXPECT_EQ(parse_education_level(levels[i]), static_cast<EducationLevel>(i));
  }
  EXPECT_EQ(parse_education_level("博士"), std::nullopt);
}

TEST(ProfileMask, BankAccountFirst4Stars4Last4) {
  EXPECT_EQ(mask_bank_account("6222021234567890123"), "6222****0123");
  EXPECT_EQ(mask_bank_account("123456789"), "1234****6789");
  EXPECT_EQ(mask_bank_account("12345678"), "********");  // too short to show any of it
  EXPECT_EQ(mask_bank_account(""), "");
}

TEST(ProfileMask, BankAccountsTypedIntoFreeTextAreMasked) {
  EXPECT_EQ(mask_personal_numbers("补贴打到 6222021234567890123 账户"), "补贴打到 6222****0123 账户");
  EXPECT_EQ(mask_personal_numbers("卡号6222021234567890"), "卡号6222****7890");
  // Shorter numbers (amounts, years, 15-digit counts) and mixed runs stay as written.
  EXPECT_EQ(mask_personal_numbers("2023 年 123456789012345 元"), "2023 年 123456789012345 元");
  EXPECT_EQ(mask_personal_numbers("a6222021234567890123"), "a6222021234567890123");
}

TEST(ProfileMerge, GivenFieldsReplaceAbsentOnesStay) {
  HouseholdProfile stored;
  stored.farmland_centimu = 350;
  stored.electricity = true;
  stored.bank_account = "6222021234567890123";
  HouseholdProfile newer;
  newer.electricity = false;
  newer.toilet = true;
  stored.merge(newer);
  EXPECT_EQ(stored.farmland_centimu, 350);
  EXPECT_EQ(stored.electricity, false);
  EXPECT_EQ(stored.toilet, true);
  EXPECT_EQ(stored.road, std::nullopt);  // never given: unknown, not 否
  EXPECT_EQ(stored.bank_account, "6222021234567890123");

  MemberProfile m;
  EXPECT_FALSE(m.any());
  MemberProfile n;
  n.work_months = std::int8_t{0};  // 0 months is a value, not "unknown"
  EXPECT_TRUE(n.any());
  m.merge(n);
  EXPECT_EQ(m.work_months, 0);
  EXPECT_EQ(m.medical_insured, std::nullopt);
}

}  // namespace
}  // namespace fangpin
