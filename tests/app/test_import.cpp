#include <algorithm>

#include "app/assess_service.h"
#include "fixtures.h"
#include "io/table.h"

namespace fangpin::testing {
namespace {

using io::RegistryTable;

class ImportTest : public TempDb {
 protected:
  // Two households with one member each and finances; returns member ids.
  void seed_two_households() {
    auto h = write_csv("h.csv", {household_header(), household("H1"), household("H2", kVillage, "是")});
    auto r = run_import(RegistryTable::Households, h);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->rejected, 0);
  }
  std::size_t count_errors(const app::ImportReport& r, std::size_t row, const std::string& column) {
    return static_cast<std::size_t>(std::count_if(r.errors.begin(), r.errors.end(), [&](const io::RowError& e) {
      return e.row == row && e.column == column;
    }));
  }
  RegistrySnapshot snapshot() {
    auto s = store_->load_registry({});
    EXPECT_TRUE(s.ok());
    return s.ok() ? *s : RegistrySnapshot{};
  }
};

TEST_F(ImportTest, ValidRowsAreStoredAndCounted) {
  seed_two_households();
  std::string a = make_id("532923", "19800101", 11), b = make_id("532923", "20100505", 22);
  auto m = write_csv("m.csv", {member_header(), {"H1", "李四", a, "户主", "健康", "普通劳动力"},
                               {"H1", "李小", b, "子", "健康", "无劳动力"}});
  auto r = run_import(RegistryTable::Members, m);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->imported, 2);
  EXPECT_EQ(r->rejected, 0);
  EXPECT_EQ(r->written.inserted, 2);
  auto snap = snapshot();
  ASSERT_EQ(snap.households.size(), 2u);
  ASSERT_EQ(snap.members_of(0).size(), 2u);
  EXPECT_EQ(snap.members_of(0)[1].birth, (Date{2010, 5, 5}));
}

TEST_F(ImportTest, BadCheckDigitIsRejectedWithRowAndColumn) {
  seed_two_households();
  std::string good = make_id("532923", "19800101", 11);
  std::string bad = good;
  bad[17] = bad[17] == '0' ? '1' : '0';
  auto m = write_csv("m.csv", {member_header(), {"H1", "李四", good, "户主", "健康", "普通劳动力"},
                               {"H1", "王五", bad, "配偶", "健康", "普通劳动力"}});
  auto r = run_import(RegistryTable::Members, m);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->imported, 1);
  EXPECT_EQ(r->rejected, 1);
  ASSERT_EQ(count_errors(*r, 3, "证件号码"), 1u);
  EXPECT_NE(r->errors[0].reason.find("校验位"), std::string::npos);
}

TEST_F(ImportTest, DuplicateIdInFileAndAcrossHouseholds) {
  seed_two_households();
  std::string a = make_id("532923", "19800101", 11);
  auto m1 = write_csv("m1.csv", {member_header(), {"H1", "李四", a, "户主", "健康", "普通劳动力"},
                                 {"H1", "李四", a, "户主", "健康", "普通劳动力"}});
  auto r1 = run_import(RegistryTable::Members, m1);
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(r1->imported, 1);
  EXPECT_EQ(count_errors(*r1, 3, "证件号码"), 1u);
  // The same person listed under another household.
  auto m2 = write_csv("m2.csv", {member_header(), {"H2", "李四", a, "户主", "健康", "普通劳动力"}});
  auto r2 = run_import(RegistryTable::Members, m2);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->rejected, 1);
  EXPECT_EQ(count_errors(*r2, 2, "证件号码"), 1u);
  EXPECT_EQ(snapshot().members_of(0).size(), 1u);
  EXPECT_EQ(snapshot().members_of(1).size(), 0u);
}

TEST_F(ImportTest, UnknownHouseholdForMembersAndFinances) {
  seed_two_households();
  auto m = write_csv("m.csv", {member_header(), {"H9", "李四", make_id("532923", "19800101", 11), "户主", "健康", "普通劳动力"}});
  auto r = run_import(RegistryTable::Members, m);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rejected, 1);
  EXPECT_EQ(count_errors(*r, 2, "户编号"), 1u);
  auto f = write_csv("f.csv", {finance_header(), {"H9", "2023", "1", "0", "0", "0", "0"}, {"H1", "2023", "1", "0", "0", "0", "0"}});
  auto rf = run_import(RegistryTable::Finances, f);
  ASSERT_TRUE(rf.ok());
  EXPECT_EQ(rf->imported, 1);
  EXPECT_EQ(count_errors(*rf, 2, "户编号"), 1u);
}

TEST_F(ImportTest, BadRegionCodes) {
  auto h = write_csv("h.csv", {household_header(), household("A", "53292310000"),    // 11 digits
                               household("B", "532923999001"),                        // no such township
                               household("C", "532923101000"),                        // township, not village
                               household("D", "53292310000X"), household("E")});
  auto r = run_import(RegistryTable::Households, h);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->imported, 1);
  EXPECT_EQ(r->rejected, 4);
  for (std::size_t row = 2; row <= 5; ++row) EXPECT_EQ(count_errors(*r, row, "区划代码"), 1u) << row;
}

TEST_F(ImportTest, BadYesNoAndMoney) {
  auto hrow = household("A");
  hrow[6] = "也许";  // 住房安全
  auto h = write_csv("h.csv", {household_header(), hrow, household("B")});
  auto r = run_import(RegistryTable::Households, h);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rejected, 1);
  EXPECT_EQ(count_errors(*r, 2, "住房安全"), 1u);

  auto f = write_csv("f.csv", {finance_header(), {"B", "2023", "-5", "0", "0", "0", "0"},
                               {"B", "2022", "abc", "0", "0", "0", "0"}, {"B", "2021", "12.345", "0", "0", "0", "0"},
                               {"B", "2020", "\"1,000.50\"", "0", "0", "0", "0"}});
  auto rf = run_import(RegistryTable::Finances, f);
  ASSERT_TRUE(rf.ok());
  EXPECT_EQ(rf->imported, 1);
  EXPECT_EQ(rf->rejected, 3);
  EXPECT_EQ(count_errors(*rf, 2, "工资性收入"), 1u);
  EXPECT_EQ(count_errors(*rf, 3, "工资性收入"), 1u);
  EXPECT_EQ(count_errors(*rf, 4, "工资性收入"), 1u);
  auto snap = snapshot();
  ASSERT_EQ(snap.finances.size(), 1u);
  EXPECT_EQ(snap.finances[0].wage_income, 100050);
}

TEST_F(ImportTest, MissingRequiredColumnRejectsEverything) {
  auto header = household_header();
  header.erase(header.begin() + 1);  // no 区划代码
  Rows rows{header};
  auto row = household("A");
  row.erase(row.begin() + 1);
  rows.push_back(row);
  rows.push_back(row);
  auto r = run_import(RegistryTable::Households, write_csv("h.csv", rows));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->imported, 0);
  EXPECT_EQ(r->rejected, 2);
  EXPECT_EQ(count_errors(*r, 1, "区划代码"), 1u);
  EXPECT_TRUE(snapshot().households.empty());
}

TEST_F(ImportTest, UnknownColumnsAreWarnedAndEnglishKeysAccepted) {
  auto h = write_csv("h.csv", {{"household_id", "region_code", "head_name", "formerly_poor", "exit_year", "housing_safe",
                                "water_safe", "education_ok", "medical_ok", "food_clothing_ok", "备注"},
                               {"A", kVillage, "张三", "Y", "2019", "1", "true", "Y", "是", "1", "x"}});
  auto r = run_import(RegistryTable::Households, h);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->imported, 1);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("备注"), std::string::npos);
  EXPECT_TRUE(snapshot().households[0].formerly_poor);
}

TEST_F(ImportTest, StrictModeStoresNothingWhenAnyRowFails) {
  seed_two_households();
  auto before = snapshot();
  auto h = write_csv("h.csv", {household_header(), household("H1", "532923101002"), household("H3"),
                               household("H4", "999")});
  auto r = run_import(RegistryTable::Households, h, /*strict=*/true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->imported, 0);
  EXPECT_EQ(r->rejected, 1);
  auto after = snapshot();
  EXPECT_EQ(after.households, before.households);  // H1 not moved, H3 not added
}

TEST_F(ImportTest, ReimportIsIdempotentAndFinanceChangesKeepHistory) {
  seed_two_households();
  auto f = write_csv("f.csv", {finance_header(), {"H1", "2023", "30000", "0", "0", "0", "0"}});
  ASSERT_TRUE(run_import(RegistryTable::Finances, f).ok());
  auto before = snapshot();
  auto again = run_import(RegistryTable::Finances, f);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->written.unchanged, 1);
  EXPECT_EQ(again->written.inserted, 0);
  auto h = write_csv("h2.csv", {household_header(), household("H1"), household("H2", kVillage, "是")});
  auto hr = run_import(RegistryTable::Households, h);
  ASSERT_TRUE(hr.ok());
  EXPECT_EQ(hr->written.unchanged, 2);
  EXPECT_EQ(snapshot().finances, before.finances);

  auto f2 = write_csv("f2.csv", {finance_header(), {"H1", "2023", "25000", "0", "0", "0", "0"}});
  auto changed = run_import(RegistryTable::Finances, f2);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->written.updated, 1);
  auto d = store_->find_household("H1");
  ASSERT_TRUE(d.ok() && d->has_value());
  ASSERT_EQ((*d)->finances.size(), 1u);
  EXPECT_EQ((*d)->finances[0].wage_income, yuan(25000));
  ASSERT_EQ((*d)->history.size(), 2u);
  EXPECT_FALSE((*d)->history[0].superseded_at.empty());
}

TEST_F(ImportTest, Gb18030AndXlsxFilesImport) {
  // Written by the project's own writers, read back through the importer.
  auto write = [&](const std::string& name, io::CsvEncoding enc, const Rows& rows) {
    auto path = (dir_ / name).string();
    auto w = io::create_table(path, enc);
    EXPECT_TRUE(w.ok());
    for (const auto& r : rows) EXPECT_TRUE((*w)->write_row(r).ok());
    EXPECT_TRUE((*w)->close().ok());
    return path;
  };
  auto gb = write("h.csv", io::CsvEncoding::Gb18030, {household_header(), household("GB1")});
  auto r = run_import(RegistryTable::Households, gb);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->encoding, "GB18030");
  EXPECT_EQ(r->imported, 1);
  std::string id = make_id("532923", "19900101", 1);
  auto x = write("m.xlsx", io::CsvEncoding::Utf8, {member_header(), {"GB1", "赵六", id, "户主", "患有大病", "弱劳动力或半劳动力"}});
  auto rx = run_import(RegistryTable::Members, x);
  ASSERT_TRUE(rx.ok()) << rx.error().message;
  EXPECT_EQ(rx->imported, 1);
  auto d = store_->find_household("GB1");
  ASSERT_TRUE(d.ok() && d->has_value());
  EXPECT_EQ((*d)->household.head_name, "张三");
  ASSERT_EQ((*d)->members.size(), 1u);
  EXPECT_EQ((*d)->members[0].name, "赵六");
  EXPECT_EQ((*d)->members[0].id_number, id);
  EXPECT_EQ((*d)->members[0].health, Health::SeriousIllness);
}

TEST_F(ImportTest, MissingFileIsAnErrorNotACrash) {
  auto r = run_import(RegistryTable::Households, (dir_ / "nope.csv").string());
  EXPECT_FALSE(r.ok());
}

TEST_F(ImportTest, ImportedRegistryAssessesEndToEnd) {
  seed_two_households();
  auto m = write_csv("m.csv", {member_header(), {"H1", "甲", make_id("532923", "19800101", 11), "户主", "患有大病", "普通劳动力"},
                               {"H1", "乙", make_id("532923", "19820101", 12), "配偶", "健康", "普通劳动力"},
                               {"H2", "丙", make_id("532923", "19700101", 13), "户主", "健康", "普通劳动力"}});
  ASSERT_TRUE(run_import(RegistryTable::Members, m).ok());
  // H1: net 10000 for 2 people = 5000 < 7100 -> 边缘易致贫户 因病. H2: 20000 for 1 person.
  auto f = write_csv("f.csv", {{"户编号", "年度", "工资性收入", "生产经营性收入", "财产性收入", "转移性收入", "生产经营性支出", "合规自付医疗费用"},
                               {"H1", "2023", "10000", "0", "0", "0", "0", "3000"},
                               {"H2", "2023", "20000", "0", "0", "0", "0", "0"}});
  ASSERT_TRUE(run_import(RegistryTable::Finances, f).ok());
  auto snap = store_->load_registry({"", {2022, 2023}});
  ASSERT_TRUE(snap.ok());
  auto res = app::assess_registry(*snap, policy_, {2023, "", false});
  ASSERT_TRUE(res.ok()) << res.error().message;
  ASSERT_EQ(res->records.size(), 1u);
  const auto& a = res->records[0];
  EXPECT_EQ(a.household_id, "H1");
  EXPECT_EQ(a.people, 2);
  EXPECT_EQ(a.type, MonitoredType::Marginal);
  EXPECT_EQ(a.primary_reason, RiskReason::Illness);
  EXPECT_DOUBLE_EQ(a.income_per_capita(), 5000.0);
  EXPECT_DOUBLE_EQ(a.adjusted_income_per_capita(), 3500.0);
  auto none = app::assess_registry(*snap, policy_, {2030, "", false});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("2030"), std::string::npos);
}

}  // namespace
}  // namespace fangpin::testing
