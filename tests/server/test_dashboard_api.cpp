// GET /api/v1/dashboard (issue 11): a seeded county whose every number is known — monitored
// households by type, reason and child region, per-month new/eliminated/rolled back, open
// warnings by grade — and the due and quality counts equal to the reports' own answers.
#include "case_seed.h"
#include "app/accounts.h"
#include "app/workflow/case_json.h"
#include "server_fixture.h"

namespace fangpin::testing {
namespace {

using workflow::Step;

class DashboardApi : public ServerTest {
 protected:
  static constexpr const char* kCounty = "532923";
  static constexpr const char* kTownA = "532923101";  // 祥城镇: villages 001 (A) and 002
  static constexpr const char* kVillageA2 = "532923101002";

  void SetUp() override {
    ServerTest::SetUp();
    for (auto [name, role, scope] : {std::tuple{"u_county_all", "县级", kCounty}, {"u_town_a", "乡级", kTownA},
                                     {"u_super_all", "督导", kCounty}}) {
      auto s = app::add_user(*accounts_, app::NewUser{name, role, scope, "", kPassword}, "tester",
                             "2026-01-01T00:00:00Z", app::HashStrength::FastForTestsOnly);
      ASSERT_TRUE(s.ok()) << s.error().message;
    }
    seed();
  }

  void members(const std::string& household, int present, int died) {
    std::vector<Member> ms;
    for (int i = 0; i < present + died; ++i) {
      Member m;
      m.household_id = household;
      m.name = "成员" + std::to_string(i);
      m.id_number = make_resident_id(kCounty, "19800101", 100 + static_cast<int>(household.back() - '0') * 10 + i);
      m.birth = parse_resident_id(m.id_number)->birth;
      m.relation = i == 0 ? Relation::Head : Relation::Son;
      if (i >= present) {
        m.status = MemberStatus::Dead;
        m.status_date = Date{2023, 6, 1};
      }
      ms.push_back(m);
    }
    store::ImportRun run{"members", "seed", "tester", "2026-01-01T00:00:00Z", 0, 0};
    ASSERT_TRUE(database_->registry().write_members(ms, run).ok());
  }

  // A case written as stored, with its dated record (what the procedure would have left).
  void stored_case(const std::string& household, const std::string& region, workflow::CaseStatus status,
                   MonitoredType type, std::vector<RiskReason> reasons, std::vector<std::pair<Step, Date>> steps) {
    workflow::Case c;
    c.household_id = household;
    c.region_code = region;
    c.channel = workflow::Channel::CadreCheck;
    c.clue_date = steps.front().second;
    c.status = status;
    c.type = type;
    for (RiskReason r : reasons) c.reasons.add(r);
    for (auto [step, on] : steps) {
      std::string note = step == Step::BackCheck ? "风险消除回退：收入再次下降" : "";
      c.history.push_back({step, on, "u_county", Role::County, note, {}});
      if (step == Step::CountyApproval) c.approved_on = on;
      if (step == Step::ElimCountyApproval) c.eliminated_on = on;
    }
    store::CaseRow row;
    row.household_id = household;
    row.region_code = region;
    row.status = std::string(workflow::label(status));
    row.active = c.active();
    row.clue_date = c.clue_date.iso();
    row.data = app::case_to_text(c);
    auto r = database_->cases().create_case(row, {"tester", "县级", "2026-01-01T00:00:00Z", row.clue_date, "立案", "", ""});
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  void warning(const std::string& household, const char* reason, int grade) {
    store::ScreeningWrite w;
    w.run.department = "医保";
    w.run.month = "2024-01";
    w.run.source_file = "seed.csv";
    w.run.user = "tester";
    w.run.at = "2026-01-01T00:00:00Z";
    w.run.received_on = "2024-01-03";
    w.run.dispatch_by = "2024-01-07";
    w.run.verify_by = "2024-01-10";
    store::WarningUpsert x;
    x.household_id = household;
    x.department = "医保";
    x.reason = reason;
    x.grade_rank = grade;
    x.signals = 1;
    w.warnings.push_back(x);
    ASSERT_TRUE(database_->screening().write_screening(w).ok());
  }

  // County 532923, as of 2024-01-31:
  //   HA0001 (101001, 1 person)  monitored 2023-03-20, 边缘易致贫户, 因病
  //   HB0001 (102001, 1 person)  monitored 2023-03-20, 边缘易致贫户, 因病
  //   HA0002 (101002, 3 present + 1 died) approved 2023-04-10, eliminated 2023-09-10,
  //          rolled back 2023-11-05: monitored, 脱贫不稳定户, 因学 + 缺劳力
  //   HA0003 (101001) approved 2023-05-15, eliminated 2023-12-01: not monitored
  //   HA0004 (101002) identifying since 2023-06-01: not monitored
  //   HA0005 (101001) approved 2024-02-10, after as_of: not monitored, not in the months
  //   open warnings: 红 HA0001, 红 HB0001, 橙 HA0002; a 黄 on HA0003 verified (not open)
  void seed() {
    CaseSeed cs(*database_);
    for (auto [id, village] : {std::pair{"HA0002", kVillageA2}, {"HA0003", kVillageA}, {"HA0004", kVillageA2},
                               {"HA0005", kVillageA}})
      cs.household(id, village, std::string("户") + id);
    members("HA0002", 3, 1);
    cs.monitored(kHouseholdA);
    cs.monitored(kHouseholdB);
    using S = workflow::CaseStatus;
    stored_case("HA0002", kVillageA2, S::Monitored, MonitoredType::Unstable, {RiskReason::LabourShortage, RiskReason::Education},
                {{Step::CountyApproval, {2023, 4, 10}}, {Step::ElimCountyApproval, {2023, 9, 10}}, {Step::BackCheck, {2023, 11, 5}}});
    stored_case("HA0003", kVillageA, S::Eliminated, MonitoredType::SuddenHardship, {RiskReason::Disaster},
                {{Step::CountyApproval, {2023, 5, 15}}, {Step::ElimCountyApproval, {2023, 12, 1}}});
    cs.open("HA0004", "2023-06-01");
    stored_case("HA0005", kVillageA, S::Monitored, MonitoredType::Marginal, {RiskReason::Illness},
                {{Step::CountyApproval, {2024, 2, 10}}});
    warning(kHouseholdA, "因病", 3);
    warning(kHouseholdB, "因病", 3);
    warning("HA0002", "因学", 2);
    warning("HA0003", "因灾", 1);
    store::WarningFilter yellows;
    yellows.grade_rank = 1;
    auto yellow = database_->screening().list_warnings(yellows);
    ASSERT_TRUE(yellow.ok() && yellow->size() == 1);
    ASSERT_TRUE(database_->screening().verify_warning(yellow->front().id, "不纳入", "tester", "2024-01-05").ok());
  }

  json get(const std::string& user, const std::string& path, int expect = 200) {
    auto r = client_->Get(path, bearer(token_of_user(user)));
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, expect) << path << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
  std::string token_of_user(const std::string& user) {
    auto& t = tokens_[user];
    if (t.empty()) t = login(user).value("token", "");
    return t;
  }
  std::map<std::string, std::string> tokens_;

  static json find(const json& rows, const char* key, const std::string& value) {
    for (const auto& r : rows)
      if (r[key] == value) return r;
    return json();
  }
};

TEST_F(DashboardApi, CountyNumbersAreTheSeededOnes) {
  json d = get("u_county_all", "/api/v1/dashboard?as_of=2024-01-31");
  EXPECT_EQ(d["region"], kCounty);
  EXPECT_EQ(d["region_name"], "祥云县");
  EXPECT_EQ(d["as_of"], "2024-01-31");
  EXPECT_EQ(d["child_level"], "乡镇");
  const json& m = d["monitored"];
  EXPECT_EQ(m["households"], 3);
  EXPECT_EQ(m["persons"], 5);  // 1 + 1 + 3 (the member who died in 2023 is not counted)
  EXPECT_EQ(find(m["by_type"], "type", "脱贫不稳定户"), (json{{"type", "脱贫不稳定户"}, {"households", 1}, {"persons", 3}}));
  EXPECT_EQ(find(m["by_type"], "type", "边缘易致贫户"), (json{{"type", "边缘易致贫户"}, {"households", 2}, {"persons", 2}}));
  EXPECT_EQ(find(m["by_type"], "type", "突发严重困难户")["households"], 0);
  // The case's first reason in SPEC §4a table order: 因学 before 缺劳力.
  EXPECT_EQ(m["by_primary_reason"], (json::array({{{"reason", "因病"}, {"households", 2}, {"persons", 2}},
                                                  {{"reason", "因学"}, {"households", 1}, {"persons", 3}}})));
  EXPECT_EQ(m["by_reason"].size(), 3u);
  EXPECT_EQ(find(m["by_reason"], "reason", "缺劳力")["households"], 1);

  ASSERT_EQ(d["areas"].size(), 2u);
  EXPECT_EQ(d["areas"][0]["code"], kTownA);
  EXPECT_EQ(d["areas"][0]["name"], "祥城镇");
  EXPECT_EQ(d["areas"][0]["households"], 2);
  EXPECT_EQ(d["areas"][0]["persons"], 4);
  EXPECT_EQ(d["areas"][1]["code"], "532923102");
  EXPECT_EQ(d["areas"][1]["name"], "沙龙镇");
  EXPECT_EQ(d["areas"][1]["households"], 1);

  ASSERT_EQ(d["months"].size(), 12u);
  EXPECT_EQ(d["months"][0]["month"], "2023-02");
  EXPECT_EQ(d["months"][11]["month"], "2024-01");
  auto month = [&](const std::string& ym) { return find(d["months"], "month", ym); };
  EXPECT_EQ(month("2023-03"), (json{{"month", "2023-03"}, {"new", 2}, {"eliminated", 0}, {"rolled_back", 0}}));
  EXPECT_EQ(month("2023-04")["new"], 1);
  EXPECT_EQ(month("2023-05")["new"], 1);
  EXPECT_EQ(month("2023-09")["eliminated"], 1);
  EXPECT_EQ(month("2023-11")["rolled_back"], 1);
  EXPECT_EQ(month("2023-12")["eliminated"], 1);
  int added = 0, eliminated = 0, rolled = 0;
  for (const auto& row : d["months"]) {
    added += row["new"].get<int>();
    eliminated += row["eliminated"].get<int>();
    rolled += row["rolled_back"].get<int>();
  }
  EXPECT_EQ(added, 4);  // HA0005's approval (2024-02-10) is after as_of
  EXPECT_EQ(eliminated, 2);
  EXPECT_EQ(rolled, 1);

  EXPECT_EQ(d["warnings"], (json::array({{{"grade", "红"}, {"open", 2}}, {{"grade", "橙"}, {"open", 1}},
                                         {{"grade", "黄"}, {"open", 0}}})));
}

TEST_F(DashboardApi, DueAndQualityEqualTheReports) {
  json d = get("u_county_all", "/api/v1/dashboard?as_of=2024-01-31");
  json due = get("u_county_all", "/api/v1/reports/due?as_of=2024-01-31&within=7");
  int overdue = 0, soon = 0;
  for (const auto& r : due["items"]) (r["overdue"].get<bool>() ? overdue : soon) += 1;
  EXPECT_GT(overdue, 0);  // HA0004 was never visited; the monitored cases have no caseworker
  EXPECT_EQ(d["due"]["overdue"], overdue);
  EXPECT_EQ(d["due"]["due_soon"], soon);
  EXPECT_EQ(d["due"]["within_days"], 7);
  const std::size_t shown = std::min<std::size_t>(20, due["items"].size());
  ASSERT_EQ(d["due"]["items"].size(), shown);
  for (std::size_t i = 0; i < shown; ++i) EXPECT_EQ(d["due"]["items"][i], due["items"][i]) << i;

  json quality = get("u_county_all", "/api/v1/reports/quality?as_of=2024-01-31");
  std::map<std::string, std::pair<int, int>> flags;
  for (const auto& r : quality["items"]) {
    auto& f = flags[r["flag"].get<std::string>()];
    ++f.first;
    if (!r["rectified_on"].is_null()) ++f.second;
  }
  EXPECT_FALSE(flags.empty());
  ASSERT_EQ(d["quality"].size(), 3u);
  for (const auto& q : d["quality"]) {
    EXPECT_EQ(q["found"], flags[q["flag"].get<std::string>()].first) << q;
    EXPECT_EQ(q["rectified"], flags[q["flag"].get<std::string>()].second) << q;
  }
}

TEST_F(DashboardApi, TownshipSeesItsVillagesAndOnlyItsScope) {
  json d = get("u_town_a", "/api/v1/dashboard?as_of=2024-01-31&months=3");
  EXPECT_EQ(d["region"], kTownA);
  EXPECT_EQ(d["child_level"], "村");
  EXPECT_EQ(d["monitored"]["households"], 2);
  ASSERT_EQ(d["areas"].size(), 2u);  // both villages have households
  EXPECT_EQ(d["areas"][0]["code"], kVillageA);
  EXPECT_EQ(d["areas"][0]["households"], 1);
  EXPECT_EQ(d["areas"][1]["code"], kVillageA2);
  EXPECT_EQ(d["areas"][1]["households"], 1);
  EXPECT_EQ(d["areas"][1]["persons"], 3);
  ASSERT_EQ(d["months"].size(), 3u);
  EXPECT_EQ(d["months"][0]["month"], "2023-11");
  EXPECT_EQ(d["months"][0]["rolled_back"], 1);
  EXPECT_EQ(d["warnings"][0]["open"], 1);
  EXPECT_EQ(d["warnings"][1]["open"], 1);

  // Drill to a village: the village itself.
  json v = get("u_town_a", std::string("/api/v1/dashboard?as_of=2024-01-31&region=") + kVillageA2);
  EXPECT_EQ(v["region"], kVillageA2);
  ASSERT_EQ(v["areas"].size(), 1u);
  EXPECT_EQ(v["areas"][0]["code"], kVillageA2);
  EXPECT_EQ(v["monitored"]["persons"], 3);

  // Another township: disjoint with the scope — nothing, as for any list.
  json out = get("u_town_a", "/api/v1/dashboard?as_of=2024-01-31&region=532923102");
  EXPECT_TRUE(out["region"].is_null());
  EXPECT_EQ(out["monitored"]["households"], 0);
  EXPECT_TRUE(out["areas"].empty());
  EXPECT_EQ(out["warnings"][0]["open"], 0);
}

TEST_F(DashboardApi, AsOfMovesTheCounts) {
  // 2023-10-01: HA0002 eliminated (2023-09-10), not yet rolled back; HA0003 still monitored.
  json d = get("u_county_all", "/api/v1/dashboard?as_of=2023-10-01");
  EXPECT_EQ(d["monitored"]["households"], 3);  // HA0001, HB0001, HA0003
  EXPECT_EQ(find(d["monitored"]["by_type"], "type", "突发严重困难户")["households"], 1);
  EXPECT_EQ(find(d["monitored"]["by_type"], "type", "脱贫不稳定户")["households"], 0);
}

TEST_F(DashboardApi, RolesAndBadInput) {
  json sup = get("u_super_all", "/api/v1/dashboard?as_of=2024-01-31");
  EXPECT_EQ(sup["monitored"]["households"], 3);
  get(user_of(Role::Village), "/api/v1/dashboard", 403);
  get(user_of(Role::Caseworker), "/api/v1/dashboard", 403);
  json bad = get("u_county_all", "/api/v1/dashboard?as_of=2024-02-30", 400);
  EXPECT_EQ(bad["error"]["field"], "as_of");
  json months = get("u_county_all", "/api/v1/dashboard?months=0", 400);
  EXPECT_EQ(months["error"]["field"], "months");
  auto anon = client_->Get("/api/v1/dashboard");
  ASSERT_TRUE(anon);
  EXPECT_EQ(anon->status, 401);
}

}  // namespace
}  // namespace fangpin::testing
