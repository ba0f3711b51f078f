// Department rules and grade boundaries (FORMATS.md "Default warning grades"), against an
// index built in memory and feeds written as real CSV files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unistd.h>

#include "../app/fixtures.h"
#include "domain/resident_id.h"
#include "io/policy_loader.h"
#include "io/workflow_policy.h"
#include "io/table.h"
#include "screening/engine.h"
#include "screening/params.h"
#include "screening/registry_index.h"

namespace fangpin::screening {
namespace {

using fangpin::testing::make_id;

// H1 532923101001: A (1980, labourer), C (2012-06-01, child). 2022 net 30,000 元, rigid 0,
//   people 2 → line × people = 14,200 元 (2023 line 7,100); 1.2× = 17,040 元.
// H2 532923102001: no finance. B (1985, labourer, the only one), D (1990, 残疾, no labour),
//   K (2007-03-10, student).
// H3 532923101002: net 100,000. F (1970, labourer), G (1963-03-10, labourer).
const std::string A = make_id("532923", "19800101", 11);
const std::string C = make_id("532923", "20120601", 12);
const std::string B = make_id("532923", "19850505", 21);
const std::string D = make_id("532923", "19900101", 22);
const std::string K = make_id("532923", "20070310", 23);
const std::string F = make_id("532923", "19700101", 31);
const std::string G = make_id("532923", "19630310", 32);
const std::string OUTSIDER = make_id("110101", "19900101", 99);

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("fangpin-scr-" + std::to_string(::getpid()) + "-" +
                                                     std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    RegistryIndex::Builder b;
    b.add_household("H1", "532923101001", 2022, yuan(30000), 0);
    b.add_household("H2", "532923102001", 0, 0, 0);
    b.add_household("H3", "532923101002", 2022, yuan(100000), 0);
    b.add_member(A, "H1", true, true);
    b.add_member(C, "H1", true, false);
    b.add_member(B, "H2", true, true);
    b.add_member(D, "H2", true, false);
    b.add_member(K, "H2", true, false);
    b.add_member(F, "H3", true, true);
    b.add_member(G, "H3", true, true);
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

  std::string csv(const std::string& text) {
    auto path = (dir_ / ("f" + std::to_string(files_++) + ".csv")).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  FeedOutcome run(Department d, const std::string& text) {
    auto r = screen_feed(FeedRequest{d, 2023, 3, csv(text)}, index_, policy_, params_);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? std::move(*r) : FeedOutcome{};
  }

  // Row number -> grade label of its signal ("" when none).
  static std::map<std::size_t, std::string> grades(const FeedOutcome& o) {
    std::map<std::size_t, std::string> m;
    for (const auto& s : o.signals) m[s.row] = std::string(label(s.grade));
    return m;
  }

  std::filesystem::path dir_;
  RegistryIndex index_;
  Policy policy_;
  ScreeningParams params_;
  int files_ = 0;
  static inline int counter_ = 0;
};

TEST_F(EngineTest, IndexPacksIdsAndFindsPeople) {
  auto k = pack_resident_id(A);
  ASSERT_TRUE(k);
  EXPECT_EQ(unpack_resident_id(*k), A);
  const IndexPerson* p = index_.find(*k);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(index_.household_id(p->household), "H1");
  EXPECT_EQ(index_.region_code(p->household), "532923101001");
  EXPECT_EQ(index_.household(p->household).people, 2);
  EXPECT_EQ(index_.household(p->household).labourers, 1);
  EXPECT_EQ(index_.find(*pack_resident_id(OUTSIDER)), nullptr);
  EXPECT_EQ(index_.person_count(), 7u);
}

TEST_F(EngineTest, IndexSnapshotRoundTripsAndRejectsDamage) {
  const auto path = (dir_ / "idx.bin").string();
  ASSERT_TRUE(index_.save(path).ok());
  auto back = RegistryIndex::load(path);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->stamp(), 1);
  for (const auto& id : {A, B, C, D, K, F, G}) {
    const IndexPerson* p = back->find(*pack_resident_id(id));
    ASSERT_NE(p, nullptr);
  }
  EXPECT_EQ(back->household_id(back->find(*pack_resident_id(G))->household), "H3");
  EXPECT_TRUE(back->mapped());
  // A moved index (built: owned arrays, short 户编号 arena) and a moved mapped one still work.
  RegistryIndex moved = std::move(index_);
  EXPECT_EQ(moved.household_id(moved.find(*pack_resident_id(G))->household), "H3");
  RegistryIndex moved_mapped = std::move(*back);
  EXPECT_EQ(moved_mapped.household_id(moved_mapped.find(*pack_resident_id(G))->household), "H3");
  index_ = std::move(moved);
  // Truncated and garbage files are errors, never crashes.
  std::filesystem::resize_file(path, 100);
  EXPECT_FALSE(RegistryIndex::load(path).ok());
  std::ofstream(path, std::ios::binary) << "not an index";
  EXPECT_FALSE(RegistryIndex::load(path).ok());
  EXPECT_FALSE(RegistryIndex::load((dir_ / "missing").string()).ok());
}

TEST_F(EngineTest, LargeIndexFindsEveryone) {
  RegistryIndex::Builder b;
  b.add_household("X", "532923101001", 0, 0, 0);
  std::vector<std::string> ids;
  for (int i = 0; i < 5000; ++i) {
    ids.push_back(make_id("5329" + std::to_string(10 + i % 80), "19" + std::to_string(50 + i % 50) + "0101", i));
    b.add_member(ids.back(), "X", true, false);
  }
  auto idx = b.finish(0);
  for (const auto& id : ids) ASSERT_NE(idx.find(*pack_resident_id(id)), nullptr) << id;
  EXPECT_EQ(idx.find(*pack_resident_id(OUTSIDER)), nullptr);
  EXPECT_LE(idx.bytes() / idx.person_count(), 64u);
}

// 医保 因病 grade boundaries for H1 (line × people = 14,200; 1.2× = 17,040; net 30,000).
TEST_F(EngineTest, MedicalGradeBoundaries) {
  auto o = run(Department::Medical,
               "证件号码,日期,医疗总费用,合规自付费用,是否大病\n" +
                   A + ",2023-03-01,6000,4999.99,否\n" +    // row 2: below 5,000 → none
                   A + ",2023-03-01,6000,5000,否\n" +       // 3: 黄
                   A + ",2023-03-01,20000,12960,否\n" +     // 4: adj 17,040 = 1.2×: not below → 黄
                   A + ",2023-03-01,20000,12960.01,否\n" +  // 5: 橙
                   A + ",2023-03-01,20000,15800,否\n" +     // 6: adj 14,200 = line: not below → 橙
                   A + ",2023-03-01,20000,15800.01,否\n" +  // 7: 红
                   A + ",2023-03-01,200,100,是\n" +         // 8: 大病 → 橙
                   B + ",2023-03-01,30000,20000,否\n");     // 9: no finance → 黄 (self-pay)
  auto g = grades(o);
  EXPECT_EQ(g.count(2), 0u);
  EXPECT_EQ(g[3], "黄");
  EXPECT_EQ(g[4], "黄");
  EXPECT_EQ(g[5], "橙");
  EXPECT_EQ(g[6], "橙");
  EXPECT_EQ(g[7], "红");
  EXPECT_EQ(g[8], "橙");
  EXPECT_EQ(g[9], "黄");
  EXPECT_EQ(o.rows, 8u);
  EXPECT_EQ(o.matched, 8u);
  for (const auto& s : o.signals) {
    EXPECT_EQ(s.reason, RiskReason::Illness);
    EXPECT_EQ(describe(s.fact).find(A), std::string::npos);  // facts never carry an ID number
  }
}

// FORMATS.md 红: "uninsured member" — 医保's optional 是否参保 = 否 (no costs needed).
TEST_F(EngineTest, MedicalUninsuredMemberIsRed) {
  auto o = run(Department::Medical, "证件号码,日期,医疗总费用,合规自付费用,是否大病,是否参保\n" +
                                        A + ",2023-03-01,,,,否\n" +          // 2 uninsured, no costs → 红
                                        C + ",2023-03-01,100,100,否,是\n" +  // 3 insured, small cost → none
                                        B + ",2023-03-01,100,100,否,\n" +    // 4 column blank → as before
                                        D + ",2023-03-01,100,100,否,也许\n" + // 5 malformed
                                        K + ",2023-03-01,,,否,是\n");        // 6 insured needs costs
  auto g = grades(o);
  EXPECT_EQ(g[2], "红");
  EXPECT_EQ(g.count(3), 0u);
  EXPECT_EQ(g.count(4), 0u);
  ASSERT_EQ(o.signals.size(), 1u);
  EXPECT_EQ(o.signals[0].reason, RiskReason::Illness);
  EXPECT_EQ(describe(o.signals[0].fact), "医保 2023-03-01：成员未参加基本医疗保险");
  ASSERT_EQ(o.issues.size(), 2u);
  EXPECT_EQ(o.issues[0].row, 5u);
  EXPECT_EQ(o.issues[0].column, "是否参保");
  EXPECT_EQ(o.issues[1].row, 6u);
  EXPECT_EQ(o.issues[1].column, "医疗总费用");
}

TEST_F(EngineTest, GradeRatiosArePolicyParameters) {
  auto p = io::parse_screening_params(std::string(io::default_policy_text()) + "");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->orange_line_basis_points, 12000);
  auto changed = io::parse_screening_params("[screening]\norange_line_ratio = 1.3\nselfpay_yellow_min = 8000\n");
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  params_ = *changed;
  // adj 17,040 < 1.3 × 14,200 = 18,460 → 橙 now; 5,000 self-pay no longer 黄.
  auto o = run(Department::Medical, "证件号码,日期,医疗总费用,合规自付费用,是否大病\n" + A +
                                        ",2023-03-01,20000,12960,否\n" + A + ",2023-03-01,6000,5000,否\n");
  auto g = grades(o);
  EXPECT_EQ(g[2], "橙");
  EXPECT_EQ(g.count(3), 0u);
  EXPECT_FALSE(io::parse_screening_params("[screening]\nunknown_key = 1\n").ok());
  EXPECT_FALSE(io::parse_screening_params("[screening]\norange_line_ratio = \"x\"\n").ok());
  EXPECT_FALSE(io::parse_screening_params("[screening]\nred_line_ratio = 1.5\norange_line_ratio = 1.2\n").ok());
}

// One rule for the 入户核查 deadline of a warning: the workflow's [deadlines]
// warning_verification (seed 004: 3 working days); [screening] verification_days is gone.
TEST_F(EngineTest, WarningVerificationDeadlineIsTheWorkflowRule) {
  auto p = io::parse_screening_params(std::string(io::default_policy_text()));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->verification.days, 3);
  EXPECT_EQ(p->verification.basis, workflow::DayBasis::Working);
  auto changed = io::parse_screening_params("[deadlines]\nwarning_verification = { days = 7, basis = \"自然日\" }\n");
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->verification.days, 7);
  EXPECT_EQ(changed->verification.basis, workflow::DayBasis::Calendar);
  auto old = io::parse_screening_params("[screening]\nverification_days = 3\n");
  ASSERT_FALSE(old.ok());
  EXPECT_NE(old.error().message.find("warning_verification"), std::string::npos);
}

TEST_F(EngineTest, DisabilityMainLabourerBoundary) {
  auto o = run(Department::Disability, "证件号码,日期,残疾类别,残疾等级\n" +
                                           A + ",2023-03-01,肢体,2\n" +   // 2: main labourer grade 2 → 橙
                                           A + ",2023-03-01,肢体,3\n" +   // 3: grade 3 → 黄
                                           C + ",2023-03-01,视力,1\n" +   // 4: child, no labour → 黄
                                           G + ",2023-03-09,肢体,1\n" +   // 5: aged 59 → 橙
                                           G + ",2023-03-10,肢体,1\n" +   // 6: aged 60 → 黄
                                           A + ",2023-03-01,肢体,5\n");   // 7: bad grade → rejected
  auto g = grades(o);
  EXPECT_EQ(g[2], "橙");
  EXPECT_EQ(g[3], "黄");
  EXPECT_EQ(g[4], "黄");
  EXPECT_EQ(g[5], "橙");
  EXPECT_EQ(g[6], "黄");
  EXPECT_EQ(o.rejected, 1u);
  ASSERT_EQ(o.issues.size(), 1u);
  EXPECT_EQ(o.issues[0].row, 7u);
  EXPECT_EQ(o.issues[0].column, "残疾等级");
}

TEST_F(EngineTest, EducationDropoutCompulsoryAge) {
  auto o = run(Department::Education, "证件号码,日期,学段,在读状态,是否受资助\n" +
                                          C + ",2023-03-01,小学,辍学,否\n" +   // 2: aged 10 → 红
                                          K + ",2023-03-09,初中,辍学,否\n" +   // 3: aged 15 → 红
                                          K + ",2023-03-10,高中,辍学,否\n" +   // 4: aged 16 → 黄
                                          C + ",2023-03-01,小学,休学,\n" +     // 5: 黄
                                          C + ",2023-03-01,小学,在读,是\n" +   // 6: none
                                          C + ",2023-03-01,小学,退学,否\n");   // 7: rejected
  auto g = grades(o);
  EXPECT_EQ(g[2], "红");
  EXPECT_EQ(g[3], "红");
  EXPECT_EQ(g[4], "黄");
  EXPECT_EQ(g[5], "黄");
  EXPECT_EQ(g.count(6), 0u);
  EXPECT_EQ(o.rejected, 1u);
  for (const auto& s : o.signals) EXPECT_EQ(s.reason, RiskReason::Education);
}

TEST_F(EngineTest, HousingAndWater) {
  auto h = run(Department::Housing, "证件号码,日期,房屋鉴定等级\n" + A + ",2023-03-01,C\n" + B +
                                        ",2023-03-01,B\n" + F + ",2023-03-01,D\n" + F + ",2023-03-01,E\n");
  auto g = grades(h);
  EXPECT_EQ(g[2], "红");
  EXPECT_EQ(g.count(3), 0u);
  EXPECT_EQ(g[4], "红");
  EXPECT_EQ(h.rejected, 1u);
  EXPECT_EQ(h.signals[0].reason, RiskReason::HousingSafety);
  auto w = run(Department::Water, "证件号码,日期,问题类型\n" + A + ",2023-03-01,水质不达标\n");
  ASSERT_EQ(w.signals.size(), 1u);
  EXPECT_EQ(w.signals[0].grade, Grade::Red);
  EXPECT_EQ(w.signals[0].reason, RiskReason::WaterSafety);
}

TEST_F(EngineTest, DisasterPersonAndAreaEvent) {
  auto o = run(Department::Disaster, "证件号码,日期,灾种,损失金额,区划代码\n" +
                                         A + ",2023-03-01,洪涝,0,\n" +        // 2: 黄
                                         A + ",2023-03-01,洪涝,20000,\n" +    // 3: adj 10,000 < 14,200 → 红
                                         ",2023-03-02,地震,,532923101\n" +    // 4: area event
                                         ",2023-03-02,地震,,53A\n");          // 5: bad region
  auto g = grades(o);
  EXPECT_EQ(g[2], "黄");
  EXPECT_EQ(g[3], "红");
  ASSERT_EQ(o.area_events.size(), 1u);
  EXPECT_EQ(o.area_events[0].region_prefix, "532923101");
  EXPECT_EQ(o.area_events[0].year, 2023);
  EXPECT_EQ(o.rejected, 1u);
  // Every household of township 532923101 (H1, H3) is flagged 黄 因灾; H2 is elsewhere.
  std::set<std::string> flagged;
  for (const auto& s : o.signals)
    if (s.row == 0) {
      EXPECT_EQ(s.grade, Grade::Yellow);
      EXPECT_EQ(s.reason, RiskReason::Disaster);
      flagged.insert(std::string(index_.household_id(s.household)));
    }
  EXPECT_EQ(flagged, (std::set<std::string>{"H1", "H3"}));
}

TEST_F(EngineTest, EmploymentCivilAgricultureAndPublicSecurity) {
  auto e = run(Department::Employment, "证件号码,日期,就业状态\n" + A + ",2023-03-01,失业\n" + B +
                                           ",2023-03-01,务工\n" + F + ",2023-03-01,返乡\n" + F + ",2023-03-01,退休\n");
  auto g = grades(e);
  EXPECT_EQ(g[2], "黄");
  EXPECT_EQ(g.count(3), 0u);
  EXPECT_EQ(g[4], "黄");
  EXPECT_EQ(e.rejected, 1u);

  auto c = run(Department::CivilAffairs, "证件号码,日期,事项\n" + A + ",2023-03-01,低保新增\n");
  EXPECT_EQ(c.matched, 1u);
  EXPECT_TRUE(c.signals.empty());

  auto a = run(Department::Agriculture, "证件号码,日期,事项,损失金额\n" + A + ",2023-03-01,产业项目失败,\n" + A +
                                            ",2023-03-01,种养损失,15000.01\n");
  g = grades(a);
  EXPECT_EQ(g[2], "黄");
  EXPECT_EQ(g[3], "橙");  // adj 14,999.99: ≥ line, < 1.2× line
  EXPECT_EQ(a.signals[0].reason, RiskReason::IndustryFailure);

  auto p = run(Department::PublicSecurity, "证件号码,日期,事项\n" + F + ",2023-03-01,死亡\n" + B +
                                               ",2023-03-01,死亡\n" + C + ",2023-03-01,出生\n");
  g = grades(p);
  EXPECT_EQ(g.count(2), 0u);  // H3 keeps G
  EXPECT_EQ(g[3], "黄");      // H2 loses its only labourer
  EXPECT_EQ(p.signals[0].reason, RiskReason::LabourShortage);
}

TEST_F(EngineTest, NegativeListDepartmentsProduceFacts) {
  auto pe = run(Department::PublicEmployees, "证件号码,日期,单位\n" + A + ",2023-03-01,县教育局\n");
  ASSERT_EQ(pe.negative_facts.size(), 1u);
  EXPECT_EQ(pe.negative_facts[0].kind, "公职人员");
  EXPECT_TRUE(pe.signals.empty());
  auto v = run(Department::Vehicles, "证件号码,日期,车辆类型,是否营运/农用\n" + A + ",2023-03-01,小型轿车,否\n" + B +
                                         ",2023-03-01,拖拉机,是\n");
  ASSERT_EQ(v.negative_facts.size(), 1u);
  EXPECT_EQ(v.negative_facts[0].kind, "消费型车辆");
  auto b = run(Department::Businesses, "证件号码,日期,主体名称,类型\n" + F + ",2023-03-01,某某商贸,有限责任公司\n");
  ASSERT_EQ(b.negative_facts.size(), 1u);
  EXPECT_EQ(b.negative_facts[0].kind, "工商经营实体");
  auto r = run(Department::RealEstate, "证件号码,日期,类型\n" + A + ",2023-03-01,商品房\n" + B + ",2023-03-01,宅基地\n" +
                                           F + ",2023-03-01,铺面\n");
  ASSERT_EQ(r.negative_facts.size(), 2u);
  EXPECT_EQ(r.negative_facts[0].kind, "商品房");
  EXPECT_EQ(r.negative_facts[1].kind, "铺面");
  for (const auto& f : {pe, v, b, r})
    for (const auto& x : f.negative_facts) EXPECT_TRUE(policy_.excludes(x.kind)) << x.kind;
}

TEST_F(EngineTest, UnmatchedAndMalformedRowsNamed) {
  std::string bad_check = A.substr(0, 17) + (A[17] == '0' ? "1" : "0");
  auto o = run(Department::Medical, "证件号码,日期,医疗总费用,合规自付费用,是否大病,备注\n" +
                                        OUTSIDER + ",2023-03-01,100,100,否,\n" +   // 2 unmatched
                                        bad_check + ",2023-03-01,100,100,否,\n" +  // 3 bad ID
                                        A + ",2023-02-30,100,100,否,\n" +          // 4 bad date
                                        A + ",2023-03-01,abc,100,否,\n" +          // 5 bad money
                                        A + ",2023-03-01,100,200,否,\n" +          // 6 self-pay > total
                                        A + ",2023-03-01,100,100,也许,\n" +        // 7 bad yes/no
                                        "\n" +                                     // blank: skipped
                                        A + ",2023-03-01,100,100,否,x\n");         // 9 fine, no signal
  EXPECT_EQ(o.rows, 7u);
  EXPECT_EQ(o.unmatched, 1u);
  EXPECT_EQ(o.rejected, 5u);
  EXPECT_EQ(o.matched, 1u);
  // Unmatched rows are kept apart (16 bytes each); merged back in row order for display.
  ASSERT_EQ(o.unmatched_rows.size(), 1u);
  EXPECT_EQ(o.unmatched_rows[0].row, 2u);
  EXPECT_EQ(o.issues.size(), 5u);
  const auto issues = issues_in_row_order(o.issues, o.unmatched_rows);
  ASSERT_EQ(issues.size(), 6u);
  EXPECT_EQ(issues_in_row_order(o.issues, o.unmatched_rows, 2).size(), 2u);
  EXPECT_TRUE(issues[0].unmatched);
  EXPECT_EQ(issues[0].row, 2u);
  EXPECT_NE(issue_reason(issues[0]).find(mask_resident_id(OUTSIDER)), std::string::npos);
  EXPECT_EQ(issues[0].reason.find(OUTSIDER), std::string::npos);
  EXPECT_EQ(issues[1].column, "证件号码");
  EXPECT_EQ(issues[2].column, "日期");
  EXPECT_EQ(issues[3].column, "医疗总费用");
  EXPECT_EQ(issues[4].column, "合规自付费用");
  EXPECT_EQ(issues[5].column, "是否大病");
  EXPECT_EQ(issues[5].row, 7u);
  ASSERT_EQ(o.warnings.size(), 1u);  // unknown column 备注 ignored with a note
}

TEST_F(EngineTest, MissingRequiredColumnIsAnError) {
  auto r = screen_feed(FeedRequest{Department::Medical, 2023, 3, csv("证件号码,日期,医疗总费用,是否大病\n")}, index_,
                       policy_, params_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "合规自付费用");
  // English keys are accepted as headers.
  auto o = run(Department::Housing, "id_number,date,house_grade\n" + A + ",2023-03-01,D\n");
  EXPECT_EQ(o.signals.size(), 1u);
  // A year without a monitoring line is an error naming the year.
  auto y = screen_feed(FeedRequest{Department::Housing, 2031, 3, csv("证件号码,日期,房屋鉴定等级\n")}, index_, policy_,
                       params_);
  ASSERT_FALSE(y.ok());
  EXPECT_NE(y.error().message.find("2031"), std::string::npos);
}

TEST_F(EngineTest, XlsxFeedIsScreenedLikeCsv) {
  const auto path = (dir_ / "feed.xlsx").string();
  {
    auto w = io::create_table(path);
    ASSERT_TRUE(w.ok());
    std::vector<std::string> header{"是否大病", "证件号码", "合规自付费用", "日期", "医疗总费用"};
    ASSERT_TRUE((*w)->write_row(header).ok());
    std::vector<std::string> row{"否", A, "15800.01", "2023-03-01", "20000"};
    ASSERT_TRUE((*w)->write_row(row).ok());
    ASSERT_TRUE((*w)->close().ok());
  }
  auto r = screen_feed(FeedRequest{Department::Medical, 2023, 3, path}, index_, policy_, params_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->encoding, "xlsx");
  ASSERT_EQ(r->signals.size(), 1u);
  EXPECT_EQ(r->signals[0].grade, Grade::Red);
}

TEST_F(EngineTest, Gb18030FeedIsDetected) {
  // "证件号码,日期,房屋鉴定等级" in GB18030.
  const std::string header =
      "\xD6\xA4\xBC\xFE\xBA\xC5\xC2\xEB,\xC8\xD5\xC6\xDA,\xB7\xBF\xCE\xDD\xBC\xF8\xB6\xA8\xB5\xC8\xBC\xB6\n";
  auto r = screen_feed(FeedRequest{Department::Housing, 2023, 3, csv(header + A + ",2023-03-01,D\n")}, index_, policy_,
                       params_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->encoding, "GB18030");
  EXPECT_EQ(r->signals.size(), 1u);
}

TEST(DeadlineCalendar, SkipsWeekends) {
  WeekdayCalendar c;
  const Date fri = *Date::parse("2023-03-03");
  EXPECT_EQ(c.add_working_days(fri, 2).iso(), "2023-03-07");
  EXPECT_EQ(c.add_working_days(fri, 0).iso(), "2023-03-03");
  EXPECT_EQ(c.add_working_days(*Date::parse("2023-03-06"), 3).iso(), "2023-03-09");
  EXPECT_EQ(c.add_working_days(*Date::parse("2023-03-04"), 1).iso(), "2023-03-06");
}

TEST(Departments, EveryDepartmentParsesByNameAndKey) {
  for (int i = 0; i < kDepartmentCount; ++i) {
    const auto d = static_cast<Department>(i);
    EXPECT_EQ(parse_department(label(d)), d);
    EXPECT_EQ(parse_department(key(d)), d);
    EXPECT_GE(feed_columns(d).size(), 4u);
  }
  EXPECT_FALSE(parse_department("外交部"));
}

}  // namespace
}  // namespace fangpin::screening

namespace fangpin::screening {
namespace {

// SPEC §7: dispatch deadlines count working days of the national holiday calendar. 2023:
// 春节 1-21..1-27 off, Saturday 1-28 and Sunday 1-29 are make-up working days.
TEST(HolidayCalendarDeadlines, SpringFestivalAndMakeUpWeekend) {
  auto cal = io::load_calendar("");
  ASSERT_TRUE(cal.ok()) << cal.error().message;
  HolidayCalendar c(std::move(*cal));
  EXPECT_TRUE(c.covers(Date{2023, 1, 19}));
  // From Thursday 1-19: 1-20 (Fri) is day 1, 1-21..1-27 are holidays, 1-28 (Sat) day 2, 1-29 (Sun) day 3.
  EXPECT_EQ(c.add_working_days(Date{2023, 1, 19}, 3), (Date{2023, 1, 29}));
  // The weekday-only count would have put it on 1-24, inside the holiday.
  EXPECT_EQ(WeekdayCalendar{}.add_working_days(Date{2023, 1, 19}, 3), (Date{2023, 1, 24}));
  // Outside the calendar's years it falls back to Monday–Friday.
  EXPECT_FALSE(c.covers(Date{2031, 3, 1}));
  EXPECT_EQ(c.add_working_days(Date{2031, 3, 7}, 1), (Date{2031, 3, 10}));
}

}  // namespace
}  // namespace fangpin::screening
