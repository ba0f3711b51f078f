// The optional 信息采集表 columns (FORMATS.md "Optional registry columns") through the real
// import pipeline into SQLite: stored, validated with row/field errors, unknown when absent,
// left alone by a re-import without them, read back by load_registry/find_household, shown
// (bank account masked) by household show, and feeding the 基本医疗保障 shortfall.
#include <algorithm>
#include <sstream>

#include "app/assess_service.h"
#include "app/assessment_format.h"
#include "fixtures.h"
#include "io/table.h"

namespace fangpin::testing {
namespace {

using io::RegistryTable;

constexpr const char* kAccount = "6222021234567890123";

class ProfileImport : public TempDb {
 protected:
  static std::vector<std::string> profile_household_header() {
    auto h = household_header();
    for (const char* c : {"耕地面积", "林地面积", "通电", "入户路", "卫生厕所", "是否军烈属", "银行账号"}) h.push_back(c);
    return h;
  }
  static std::vector<std::string> with(std::vector<std::string> row, const std::vector<std::string>& extra) {
    row.insert(row.end(), extra.begin(), extra.end());
    return row;
  }
  static std::vector<std::string> profile_member_header() {
    auto h = member_header();
    for (const char* c : {"低保特困", "基本医保", "大病保险", "养老保险", "务工月数", "民族", "文化程度"}) h.push_back(c);
    return h;
  }
  Result<app::ImportReport> import_households(const Rows& rows) {
    return run_import(RegistryTable::Households, write_csv("h" + std::to_string(files_++) + ".csv", rows));
  }
  Result<app::ImportReport> import_members(const Rows& rows) {
    return run_import(RegistryTable::Members, write_csv("m" + std::to_string(files_++) + ".csv", rows));
  }
  store::HouseholdDetail detail(const std::string& id) {
    auto d = store_->find_household(id);
    EXPECT_TRUE(d.ok() && d->has_value());
    return d.ok() && d->has_value() ? **d : store::HouseholdDetail{};
  }
  const io::RowError* error_at(const app::ImportReport& r, std::size_t row, const std::string& column) {
    auto it = std::find_if(r.errors.begin(), r.errors.end(),
                           [&](const io::RowError& e) { return e.row == row && e.column == column; });
    return it == r.errors.end() ? nullptr : &*it;
  }
  int files_ = 0;
};

TEST_F(ProfileImport, HouseholdColumnsAreStoredAndReadBack) {
  auto r = import_households({profile_household_header(),
                              with(household("H1"), {"3.5", "12", "是", "否", "Y", "0", "6222 0212 3456 7890 123"})});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->rejected, 0) << (r->errors.empty() ? "" : r->errors[0].reason);
  const HouseholdProfile p = detail("H1").household.profile;
  EXPECT_EQ(p.farmland_centimu, 350);
  EXPECT_EQ(p.forest_centimu, 1200);
  EXPECT_EQ(p.electricity, true);
  EXPECT_EQ(p.road, false);
  EXPECT_EQ(p.toilet, true);
  EXPECT_EQ(p.military_family, false);
  EXPECT_EQ(p.bank_account, kAccount);  // spaces as typed are dropped
  auto snap = store_->load_registry({});
  ASSERT_TRUE(snap.ok());
  ASSERT_EQ(snap->households.size(), 1u);
  EXPECT_EQ(snap->households[0].profile, p);
}

TEST_F(ProfileImport, AbsentColumnsLeaveTheFieldsUnknownNotFalse) {
  auto r = import_households({household_header(), household("H1")});
  ASSERT_TRUE(r.ok());
  const HouseholdProfile p = detail("H1").household.profile;
  EXPECT_FALSE(p.any());
  EXPECT_EQ(p.electricity, std::nullopt);
  // A present column with an empty cell is unknown too.
  auto r2 = import_households({profile_household_header(), with(household("H2"), {"", "", "", "", "", "", ""})});
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->rejected, 0);
  EXPECT_FALSE(detail("H2").household.profile.any());
  auto h = app::household_json(detail("H2"), false);
  EXPECT_TRUE(h["electricity"].is_null());
  EXPECT_TRUE(h["bank_account"].is_null());
}

TEST_F(ProfileImport, ReimportWithoutTheColumnsKeepsThemAndIsIdempotent) {
  ASSERT_TRUE(import_households({profile_household_header(),
                                 with(household("H1"), {"3.5", "", "是", "", "", "", kAccount})})
                  .ok());
  // The base file again (no optional columns): nothing changes.
  auto again = import_households({household_header(), household("H1")});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->written.unchanged, 1);
  EXPECT_EQ(again->written.updated, 0);
  EXPECT_EQ(detail("H1").household.profile.farmland_centimu, 350);
  EXPECT_EQ(detail("H1").household.profile.bank_account, kAccount);
  // Only some optional columns, one changed: the household counts as updated, the rest stays.
  auto partial = import_households({with(household_header(), {"通电", "卫生厕所"}), with(household("H1"), {"否", "是"})});
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->written.updated, 1);
  const HouseholdProfile p = detail("H1").household.profile;
  EXPECT_EQ(p.electricity, false);
  EXPECT_EQ(p.toilet, true);
  EXPECT_EQ(p.farmland_centimu, 350);
  EXPECT_EQ(p.bank_account, kAccount);
  // The same partial file once more: unchanged.
  auto same = import_households({with(household_header(), {"通电", "卫生厕所"}), with(household("H1"), {"否", "是"})});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->written.unchanged, 1);
  EXPECT_EQ(same->written.updated, 0);
}

TEST_F(ProfileImport, BadHouseholdValuesAreRejectedWithRowAndColumn) {
  auto r = import_households({profile_household_header(),
                              with(household("H1"), {"-1", "1.234", "也许", "", "", "", ""}),
                              with(household("H2"), {"", "", "", "", "", "", "6.22202123456789E+18"}),
                              with(household("H3"), {"", "", "", "", "", "", "6222-0212-3456-78AB"}),
                              with(household("H4"), {"", "", "", "", "", "", "1234567"}),
                              with(household("H5"), {"2", "", "", "", "", "", ""})});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->imported, 1);
  EXPECT_EQ(r->rejected, 4);
  ASSERT_TRUE(error_at(*r, 2, "耕地面积"));
  EXPECT_NE(error_at(*r, 2, "耕地面积")->reason.find("0–1000000"), std::string::npos);
  ASSERT_TRUE(error_at(*r, 2, "林地面积"));
  EXPECT_NE(error_at(*r, 2, "林地面积")->reason.find("两位小数"), std::string::npos);
  ASSERT_TRUE(error_at(*r, 2, "通电"));
  ASSERT_TRUE(error_at(*r, 3, "银行账号"));
  EXPECT_NE(error_at(*r, 3, "银行账号")->reason.find("科学计数法"), std::string::npos);
  ASSERT_TRUE(error_at(*r, 4, "银行账号"));
  EXPECT_NE(error_at(*r, 4, "银行账号")->reason.find("只能包含数字"), std::string::npos);
  // The rejected account appears masked only.
  EXPECT_EQ(error_at(*r, 4, "银行账号")->reason.find("0212"), std::string::npos);
  ASSERT_TRUE(error_at(*r, 5, "银行账号"));
  EXPECT_NE(error_at(*r, 5, "银行账号")->reason.find("8–30"), std::string::npos);
  EXPECT_EQ(detail("H5").household.profile.farmland_centimu, 200);
}

TEST_F(ProfileImport, MemberColumnsValidatedStoredAndKeptOnReimport) {
  ASSERT_TRUE(import_households({household_header(), household("H1")}).ok());
  const std::string a = make_id("532923", "19800101", 11), b = make_id("532923", "20100505", 22),
                    c = make_id("532923", "19550505", 33);
  auto r = import_members({profile_member_header(),
                           with({"H1", "李四", a, "户主", "健康", "普通劳动力"}, {"低保", "是", "是", "否", "8", "彝族", "初中"}),
                           with({"H1", "李小", b, "子", "健康", "无劳动力"}, {"无", "否", "", "", "0", "", "小学"}),
                           with({"H1", "李老", c, "父母", "健康", "无劳动力"}, {"贫困", "也许", "", "", "13", "汉族1", "博士"})});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->imported, 2);
  EXPECT_EQ(r->rejected, 1);
  for (const char* col : {"低保特困", "基本医保", "务工月数", "民族", "文化程度"})
    EXPECT_TRUE(error_at(*r, 4, col)) << col;
  auto d = detail("H1");
  ASSERT_EQ(d.members.size(), 2u);
  const auto& head = d.members[0].id_number == a ? d.members[0] : d.members[1];
  const auto& child = d.members[0].id_number == a ? d.members[1] : d.members[0];
  EXPECT_EQ(head.profile.assistance, Assistance::Dibao);
  EXPECT_EQ(head.profile.medical_insured, true);
  EXPECT_EQ(head.profile.critical_insured, true);
  EXPECT_EQ(head.profile.pension_insured, false);
  EXPECT_EQ(head.profile.work_months, 8);
  EXPECT_EQ(head.profile.ethnicity, "彝族");
  EXPECT_EQ(head.profile.education_level, EducationLevel::JuniorHigh);
  EXPECT_EQ(child.profile.medical_insured, false);
  EXPECT_EQ(child.profile.critical_insured, std::nullopt);
  EXPECT_EQ(child.profile.work_months, 0);

  // The base members file again: the 信息采集表 fields stay.
  auto again = import_members({member_header(), {"H1", "李四", a, "户主", "健康", "普通劳动力"},
                               {"H1", "李小", b, "子", "健康", "无劳动力"}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->written.unchanged, 2);
  auto snap = store_->load_registry({});
  ASSERT_TRUE(snap.ok());
  ASSERT_EQ(snap->members.size(), 2u);
  for (const Member& m : snap->members) {
    if (m.id_number == a) {
      EXPECT_EQ(m.profile.ethnicity, "彝族");
    }
    if (m.id_number == b) {
      EXPECT_EQ(m.profile.medical_insured, false);
    }
  }
}

TEST_F(ProfileImport, XlsxWithProfileColumns) {
  const auto path = (dir_ / "households.xlsx").string();
  {
    auto w = io::create_table(path);
    ASSERT_TRUE(w.ok()) << w.error().message;
    auto header = profile_household_header();
    ASSERT_TRUE((*w)->write_row(header).ok());
    auto row = with(household("H1"), {"2.25", "0", "是", "是", "否", "是", kAccount});
    ASSERT_TRUE((*w)->write_row(row).ok());
    ASSERT_TRUE((*w)->close().ok());
  }
  auto r = run_import(RegistryTable::Households, path);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->rejected, 0) << (r->errors.empty() ? "" : r->errors[0].reason);
  const HouseholdProfile p = detail("H1").household.profile;
  EXPECT_EQ(p.farmland_centimu, 225);
  EXPECT_EQ(p.forest_centimu, 0);
  EXPECT_EQ(p.military_family, true);
  EXPECT_EQ(p.bank_account, kAccount);
}

TEST_F(ProfileImport, HouseholdShowMasksTheBankAccount) {
  ASSERT_TRUE(import_households({profile_household_header(),
                                 with(household("H1"), {"3.5", "", "是", "", "", "是", kAccount})})
                  .ok());
  const std::string a = make_id("532923", "19800101", 11);
  ASSERT_TRUE(import_members({profile_member_header(),
                              with({"H1", "李四", a, "户主", "健康", "普通劳动力"}, {"特困", "否", "", "", "", "彝族", ""})})
                  .ok());
  auto d = detail("H1");
  auto masked = app::household_json(d, false);
  EXPECT_EQ(masked["bank_account"], "6222****0123");
  EXPECT_EQ(masked["farmland_mu"], 3.5);
  EXPECT_TRUE(masked["forest_mu"].is_null());
  EXPECT_EQ(masked["electricity"], true);
  EXPECT_EQ(masked["military_family"], true);
  EXPECT_EQ(masked["members"][0]["assistance_status"], "特困");
  EXPECT_EQ(masked["members"][0]["medical_insured"], false);
  EXPECT_EQ(masked["members"][0]["ethnicity"], "彝族");
  EXPECT_TRUE(masked["members"][0]["work_months"].is_null());
  EXPECT_EQ(masked.dump().find(kAccount), std::string::npos);
  EXPECT_EQ(app::household_json(d, true)["bank_account"], kAccount);

  std::ostringstream text;
  app::write_household_text(text, d, false);
  EXPECT_NE(text.str().find("银行账号：6222****0123"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("耕地 3.5 亩"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("基本医保：否"), std::string::npos) << text.str();
  EXPECT_EQ(text.str().find(kAccount), std::string::npos);
}

TEST_F(ProfileImport, UninsuredMemberGivesTheMedicalShortfallInTheYearAssessment) {
  ASSERT_TRUE(import_households({household_header(), household("H1"), household("H2")}).ok());
  const std::string a = make_id("532923", "19800101", 11), b = make_id("532923", "19800101", 22);
  ASSERT_TRUE(import_members({with(member_header(), {"基本医保"}), with({"H1", "李四", a, "户主", "健康", "普通劳动力"}, {"否"}),
                              with({"H2", "王五", b, "户主", "健康", "普通劳动力"}, {"是"})})
                  .ok());
  auto f = write_csv("f.csv", {finance_header(), {"H1", "2023", "60000", "0", "0", "0", "0"},
                               {"H2", "2023", "60000", "0", "0", "0", "0"}});
  ASSERT_TRUE(run_import(RegistryTable::Finances, f).ok());
  auto snap = store_->load_registry({});
  ASSERT_TRUE(snap.ok());
  auto result = app::assess_registry(*snap, policy_, app::AssessRequest{2023, "", true});
  ASSERT_TRUE(result.ok()) << result.error().message;
  const Assessment* h1 = nullptr;
  const Assessment* h2 = nullptr;
  for (const auto& rec : result->records) {
    if (rec.household_id == "H1") h1 = &rec;
    if (rec.household_id == "H2") h2 = &rec;
  }
  ASSERT_TRUE(h1);
  ASSERT_TRUE(h2);
  EXPECT_TRUE(h1->shortfalls.has(Shortfall::Medical));
  EXPECT_FALSE(h2->shortfalls.has(Shortfall::Medical));
}

}  // namespace
}  // namespace fangpin::testing
