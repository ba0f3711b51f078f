// The demo county: structure, determinism, valid data, and calibration against the real
// assessment engine (SPEC §4a).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>

#include "demo/demo_county.h"
#include "demo/demo_random.h"
#include "domain/assessment.h"
#include "domain/policy.h"
#include "domain/region.h"
#include "domain/resident_id.h"

namespace fangpin::demo {
namespace {

Policy test_policy() {
  Policy p;
  p.national_lines = {{2022, yuan(6600)}, {2023, yuan(7100)}};
  p.negative_list_kinds = {"公职人员"};
  return p;
}

std::vector<Township> xiangyun_townships() {  // 祥云县, NBS 2022 (streets.csv)
  return {{"532923101", "祥城镇"}, {"532923102", "沙龙镇"}, {"532923103", "云南驿镇"},
          {"532923104", "下庄镇"}, {"532923105", "普棚镇"}, {"532923106", "刘厂镇"},
          {"532923107", "禾甸镇"}, {"532923108", "米甸镇"}, {"532923201", "鹿鸣乡"},
          {"532923202", "东山彝族乡"}};
}

// Assessments of every household for `year`, using the documented DemoCounty layout.
struct Assessed {
  RegistrySnapshot registry;
  std::vector<Assessment> current;   // year
  std::vector<Assessment> previous;  // year-1
};

Assessed assess_all(DemoCounty county, int year) {
  Assessed a;
  a.registry = to_registry_snapshot(std::move(county));
  const Policy policy = test_policy();
  const auto& reg = a.registry;
  for (std::size_t i = 0; i < reg.households.size(); ++i) {
    const Finance& prev = reg.finances[2 * i];
    const Finance& cur = reg.finances[2 * i + 1];
    HouseholdFacts facts;
    facts.household = &reg.households[i];
    facts.members = reg.members_of(i);
    facts.finance = &cur;
    facts.previous = &prev;
    auto r = assess(facts, year, *policy.line_for(year, reg.households[i].region_code), policy);
    EXPECT_TRUE(r.ok()) << reg.households[i].household_id << ": " << (r.ok() ? "" : r.error().message);
    if (r.ok()) a.current.push_back(std::move(*r));
    HouseholdFacts before = facts;
    before.finance = &prev;
    before.previous = nullptr;
    auto p = assess(before, year - 1, *policy.line_for(year - 1, reg.households[i].region_code), policy);
    EXPECT_TRUE(p.ok()) << reg.households[i].household_id;
    if (p.ok()) a.previous.push_back(std::move(*p));
  }
  return a;
}

// Left-aligns UTF-8 text in `columns` terminal columns (CJK characters are two wide).
std::string pad(std::string_view text, int columns) {
  int width = 0;
  for (unsigned char ch : text)
    if ((ch & 0xC0) != 0x80) width += ch >= 0x80 ? 2 : 1;
  return std::string(text) + std::string(static_cast<std::size_t>(std::max(0, columns - width)), ' ');
}

// The county the options give; the generator's errors fail the test.
DemoCounty generate(const DemoOptions& o, std::vector<HouseholdPlan>* plans = nullptr) {
  auto c = generate_demo_county(o, plans);
  EXPECT_TRUE(c.ok()) << c.error().message;
  return c.ok() ? std::move(*c) : DemoCounty{};
}

DemoOptions options(int households, std::uint64_t seed = 1) {
  DemoOptions o;
  o.households = households;
  o.seed = seed;
  return o;
}

TEST(DemoRandom, PinnedOutputsAreThePublishedAlgorithms) {
  // splitmix64 from state 0, and xoshiro256** seeded through it: fixed forever, so the
  // same seed yields the same county on every platform.
  std::uint64_t s = 0;
  EXPECT_EQ(splitmix64(s), 0xE220A8397B1DCDAFull);
  Rng r(1);
  const std::uint64_t first = r.next();
  Rng again(1);
  EXPECT_EQ(again.next(), first);
  EXPECT_EQ(first, 0xB3F2AF6D0FC710C5ull);
  for (int i = 0; i < 1000; ++i) {
    const int v = r.range(-3, 7);
    EXPECT_GE(v, -3);
    EXPECT_LE(v, 7);
    const double u = r.unit();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
  }
  EXPECT_NEAR(portable_exp(1.0), 2.718281828459045, 1e-14);
  EXPECT_NEAR(portable_exp(-2.5), 0.0820849986238988, 1e-15);
}

TEST(DemoCounty, SameSeedSameCountyDifferentSeedDifferentCounty) {
  const DemoCounty a = generate(options(3000, 7));
  const DemoCounty b = generate(options(3000, 7));
  const DemoCounty c = generate(options(3000, 8));
  ASSERT_EQ(a.villages.size(), b.villages.size());
  for (std::size_t i = 0; i < a.villages.size(); ++i) {
    EXPECT_EQ(a.villages[i].code12, b.villages[i].code12);
    EXPECT_EQ(a.villages[i].name, b.villages[i].name);
  }
  EXPECT_EQ(a.households, b.households);
  EXPECT_EQ(a.members, b.members);
  EXPECT_EQ(a.finances, b.finances);
  EXPECT_NE(a.members, c.members);
  EXPECT_NE(a.finances, c.finances);
}

// FNV-1a over every field of the county: a platform-independent fingerprint.
std::uint64_t fingerprint(const DemoCounty& c) {
  std::uint64_t h = 14695981039346656037ull;
  auto bytes = [&](std::string_view s) {
    for (unsigned char ch : s) {
      h ^= ch;
      h *= 1099511628211ull;
    }
    h ^= 0xFF;  // field separator
    h *= 1099511628211ull;
  };
  auto num = [&](std::int64_t v) { bytes(std::to_string(v)); };
  for (const Village& v : c.villages) {
    bytes(v.code12);
    bytes(v.name);
  }
  for (const Household& x : c.households) {
    for (const std::string* s : {&x.household_id, &x.region_code, &x.head_name, &x.phone}) bytes(*s);
    for (bool b : {x.formerly_poor, x.relocated, x.housing_safe, x.water_safe, x.education_ok, x.medical_ok,
                   x.food_clothing_ok})
      num(b);
    num(x.exit_year.value_or(-1));
    num(x.monitored_type ? static_cast<int>(*x.monitored_type) : -1);
  }
  for (const Member& m : c.members) {
    for (const std::string* s : {&m.household_id, &m.name, &m.id_number}) bytes(*s);
    for (int v : {static_cast<int>(m.relation), static_cast<int>(m.health), m.disability_grade,
                  static_cast<int>(m.labour), static_cast<int>(m.schooling), static_cast<int>(m.employment),
                  static_cast<int>(m.public_employee), static_cast<int>(m.status)})
      num(v);
    bytes(m.status_date ? m.status_date->iso() : "");
  }
  for (const Finance& f : c.finances) {
    bytes(f.household_id);
    for (Fen v : {Fen{f.year}, f.wage_income, f.business_income, f.property_income, f.transfer_income,
                  f.business_expense, f.medical_selfpay, f.education_expense, f.disaster_loss, f.accident_expense,
                  f.other_rigid})
      num(v);
  }
  return h;
}

// Pinned output: the same seed must give this county with any compiler, standard library
// and CPU (checked with GCC 12 and clang, with and without FMA). If you changed the
// generator on purpose, update the constant; if it changed by itself, something became
// platform-dependent (an Rng draw order, a libm call, an unordered container).
TEST(DemoCounty, PinnedFingerprint) {
  const std::uint64_t fp = fingerprint(generate(options(2000, 1)));
  EXPECT_EQ(fp, 0x9b870197f8d05a4full) << std::hex << "fingerprint 0x" << fp;
}

TEST(DemoCounty, TownshipsAndVillages) {
  DemoOptions o = options(2000);
  o.townships = xiangyun_townships();
  const DemoCounty c = generate(o);
  ASSERT_EQ(c.villages.size(), 100u);
  std::map<std::string, std::set<std::string>> names_by_township;
  std::set<std::string> codes;
  for (const Village& v : c.villages) {
    EXPECT_TRUE(is_region_code_format(v.code12)) << v.code12;
    EXPECT_EQ(v.code12.substr(0, 6), "532923");
    EXPECT_NE(v.code12.substr(9), "000");
    EXPECT_TRUE(v.name.ends_with("村")) << v.name;
    EXPECT_TRUE(codes.insert(v.code12).second) << v.code12;
    EXPECT_TRUE(names_by_township[v.code12.substr(0, 9)].insert(v.name).second) << v.name;
  }
  EXPECT_EQ(names_by_township.size(), 10u);
  EXPECT_TRUE(names_by_township.count("532923202"));  // 东山彝族乡
  EXPECT_EQ(c.villages.front().code12, "532923101001");
  for (const Household& h : c.households) EXPECT_TRUE(codes.count(h.region_code)) << h.region_code;

  // Without townships: ten synthesised under the county code.
  const auto synth = synthesise_townships("530102");
  ASSERT_EQ(synth.size(), 10u);
  std::set<std::string> synth_codes;
  for (const Township& t : synth) {
    EXPECT_EQ(t.code9.size(), 9u);
    EXPECT_TRUE(t.code9.starts_with("530102"));
    EXPECT_TRUE(t.name.ends_with("镇") || t.name.ends_with("乡")) << t.name;
    synth_codes.insert(t.code9);
  }
  EXPECT_EQ(synth_codes.size(), 10u);
  DemoOptions plain = options(500);
  plain.county_code = "530102";
  plain.villages_per_township = 13;
  const DemoCounty p = generate(plain);
  EXPECT_EQ(p.villages.size(), 130u);
  EXPECT_EQ(p.villages.back().code12, synth.back().code9 + "013");
  EXPECT_EQ(p.households.size(), 500u);
  for (const Member& m : p.members) ASSERT_TRUE(m.id_number.starts_with("530102"));
}

TEST(DemoCounty, HouseholdsMembersAndIdsAreValidAndUnique) {
  const int year = 2023;
  const DemoCounty c = generate(options(20000));
  ASSERT_EQ(c.households.size(), 20000u);
  std::unordered_set<std::string> household_ids, resident_ids;
  for (std::size_t i = 0; i < c.households.size(); ++i) {
    const Household& h = c.households[i];
    EXPECT_TRUE(household_ids.insert(h.household_id).second) << h.household_id;
    if (i > 0) { EXPECT_LT(c.households[i - 1].household_id, h.household_id); }
    EXPECT_FALSE(h.head_name.empty());
    if (!h.phone.empty()) {
      ASSERT_EQ(h.phone.size(), 11u) << h.phone;
      EXPECT_EQ(h.phone[0], '1');
      EXPECT_GE(h.phone[1], '3');
      EXPECT_TRUE(std::all_of(h.phone.begin(), h.phone.end(), [](char ch) { return ch >= '0' && ch <= '9'; }));
    }
    EXPECT_EQ(h.formerly_poor, h.exit_year.has_value());
    if (h.exit_year) {
      EXPECT_GE(*h.exit_year, 2014);
      EXPECT_LE(*h.exit_year, 2020);
    }
    if (h.relocated) { EXPECT_TRUE(h.formerly_poor); }
  }
  const Date year_end{year, 12, 31};
  std::size_t m = 0;
  int departed = 0, departed_this_year = 0, same_surname = 0;
  for (const Household& h : c.households) {
    ASSERT_LT(m, c.members.size());
    // 户主 first, present, name on the household record.
    EXPECT_EQ(c.members[m].household_id, h.household_id);
    EXPECT_EQ(c.members[m].relation, Relation::Head);
    EXPECT_EQ(c.members[m].name, h.head_name);
    EXPECT_TRUE(c.members[m].present_on(year_end));
    EXPECT_TRUE(c.members[m].present_on(Date{year - 1, 12, 31}));
    int heads = 0;
    Sex head_sex = Sex::Male;
    const std::string head_surname = h.head_name.substr(0, 3);
    for (; m < c.members.size() && c.members[m].household_id == h.household_id; ++m) {
      const Member& mem = c.members[m];
      heads += mem.relation == Relation::Head;
      same_surname += mem.name.starts_with(head_surname);
      auto id = parse_resident_id(mem.id_number);
      ASSERT_TRUE(id.ok()) << mem.id_number << " " << id.error().message;
      EXPECT_EQ(id->number, mem.id_number);
      EXPECT_EQ(id->birth, mem.birth);
      EXPECT_TRUE(mem.id_number.starts_with("532923"));
      EXPECT_LE(mem.birth, year_end);
      EXPECT_TRUE(resident_ids.insert(mem.id_number).second) << mem.id_number;
      EXPECT_GE(mem.name.size(), 6u);  // two or more CJK characters
      EXPECT_EQ(mem.disability_grade != 0, mem.health == Health::Disabled) << mem.id_number;
      if (mem.status != MemberStatus::Present) {
        ASSERT_TRUE(mem.status_date.has_value());
        EXPECT_NE(mem.relation, Relation::Head);
        ++departed;
        departed_this_year += mem.status_date->year == year;
      }
      if (mem.relation == Relation::Head) head_sex = id->sex;
      if (mem.relation == Relation::Spouse) { EXPECT_NE(id->sex, head_sex) << mem.id_number; }
      const int age = age_on(mem.birth, year_end);
      if (mem.schooling == Schooling::Primary) {
        EXPECT_GE(age, 6);
        EXPECT_LE(age, 11);
      }
      if (mem.schooling == Schooling::HigherVocational || mem.schooling == Schooling::BachelorOrAbove) {
        EXPECT_GE(age, 18);
        EXPECT_LE(age, 22);
      }
      if (mem.relation == Relation::Parent) { EXPECT_GE(age, 45); }
    }
    EXPECT_EQ(heads, 1) << h.household_id;
  }
  EXPECT_EQ(m, c.members.size());
  EXPECT_GT(departed, 200);             // ≈ 3% of households
  EXPECT_GT(departed_this_year, 100);   // so people differ between the two years
  EXPECT_EQ(resident_ids.size(), c.members.size());
  EXPECT_GT(same_surname, static_cast<int>(c.members.size()) * 6 / 10);  // mostly the head's surname
}

TEST(DemoCounty, EveryHouseholdHasBothYearsOfFinances) {
  const DemoCounty c = generate(options(5000));
  ASSERT_EQ(c.finances.size(), 2 * c.households.size());
  for (std::size_t i = 0; i < c.households.size(); ++i) {
    const Finance& prev = c.finances[2 * i];
    const Finance& cur = c.finances[2 * i + 1];
    EXPECT_EQ(prev.household_id, c.households[i].household_id);
    EXPECT_EQ(cur.household_id, c.households[i].household_id);
    EXPECT_EQ(prev.year, 2022);
    EXPECT_EQ(cur.year, 2023);
    for (const Finance* f : {&prev, &cur}) {
      EXPECT_GE(f->wage_income, 0);
      EXPECT_GE(f->business_income, 0);
      EXPECT_GE(f->business_expense, 0);
      EXPECT_GE(f->transfer_income, 0);
      EXPECT_GE(f->property_income, 0);
      EXPECT_GE(f->rigid_expenditure(), 0);
      EXPECT_GT(f->net_income(), 0);
    }
  }
}

TEST(DemoCounty, RegistrySnapshotOffsets) {
  const DemoCounty c = generate(options(1000));
  const std::size_t members = c.members.size();
  const RegistrySnapshot s = to_registry_snapshot(c);
  ASSERT_EQ(s.member_offsets.size(), s.households.size() + 1);
  EXPECT_EQ(s.member_offsets.back(), members);
  for (std::size_t i = 0; i < s.households.size(); ++i) {
    const auto ms = s.members_of(i);
    ASSERT_FALSE(ms.empty());
    for (const Member& m : ms) EXPECT_EQ(m.household_id, s.households[i].household_id);
  }
}

// Another year and explicitly given lines (a deployment's own policy): the generator's
// intent still holds household by household under that policy.
TEST(DemoCounty, CalibratesToTheLinesItIsGiven) {
  DemoOptions o = options(4000, 3);
  o.year = 2024;
  Policy policy = test_policy();
  policy.national_lines[2024] = yuan(7500);
  o.policy = &policy;
  std::vector<HouseholdPlan> plans;
  const RegistrySnapshot reg = to_registry_snapshot(generate(o, &plans));
  int candidates = 0;
  for (std::size_t i = 0; i < reg.households.size(); ++i) {
    ASSERT_EQ(reg.finances[2 * i + 1].year, 2024);
    HouseholdFacts facts;
    facts.household = &reg.households[i];
    facts.members = reg.members_of(i);
    facts.finance = &reg.finances[2 * i + 1];
    facts.previous = &reg.finances[2 * i];
    auto a = assess(facts, 2024, yuan(7500), policy);
    ASSERT_TRUE(a.ok());
    candidates += a->candidate;
    EXPECT_EQ(a->candidate, plans[i].at_risk) << reg.households[i].household_id;
    EXPECT_EQ(a->excluded, plans[i].public_employee) << reg.households[i].household_id;
    if (plans[i].at_risk) {
      EXPECT_EQ(a->primary_reason, plans[i].primary) << reg.households[i].household_id;
      EXPECT_EQ(a->type, plans[i].type) << reg.households[i].household_id;
    }
  }
  EXPECT_GT(candidates, 100);
}

// The lines come from the policy (by default the shipped one), never extrapolated.
TEST(DemoCounty, NeedsThePolicysLinesForBothYears) {
  DemoOptions o = options(10);
  o.year = 2030;  // beyond the shipped policy
  auto beyond = generate_demo_county(o);
  ASSERT_FALSE(beyond.ok());
  EXPECT_NE(beyond.error().message.find("2030"), std::string::npos) << beyond.error().message;
  Policy policy = test_policy();  // 2022 and 2023 only
  o.policy = &policy;
  o.year = 2022;
  auto before = generate_demo_county(o);
  ASSERT_FALSE(before.ok());
  EXPECT_NE(before.error().message.find("2021"), std::string::npos) << before.error().message;
  // The shipped policy and a policy with the same 2022/2023 lines give the same county.
  o.year = 2023;
  const DemoCounty explicit_lines = generate(o);
  o.policy = nullptr;
  const DemoCounty shipped = generate(o);
  ASSERT_EQ(explicit_lines.finances.size(), shipped.finances.size());
  for (std::size_t i = 0; i < shipped.finances.size(); ++i) EXPECT_EQ(explicit_lines.finances[i], shipped.finances[i]);
}

// The calibration the demo is for: ≈ 5% candidates with 大理州's primary-reason mix.
TEST(DemoCounty, CalibratedAgainstTheAssessmentRules) {
  constexpr int kYear = 2023;
  std::vector<HouseholdPlan> plans;
  Assessed a = assess_all(generate(options(20000), &plans), kYear);
  ASSERT_EQ(a.current.size(), 20000u);
  ASSERT_EQ(plans.size(), 20000u);

  int people = 0, candidates = 0, excluded = 0, excluded_low = 0, formerly_poor = 0, wrong_type = 0,
      carrying_type = 0, shortfall_households = 0, prev_candidates = 0, size_changed = 0;
  std::array<int, 3> types{};
  std::array<int, kRiskReasonCount> primary{};
  for (std::size_t i = 0; i < a.current.size(); ++i) {
    const Assessment& x = a.current[i];
    const Household& h = a.registry.households[i];
    const HouseholdPlan& plan = plans[i];
    people += x.people;
    formerly_poor += h.formerly_poor;
    carrying_type += h.monitored_type.has_value();
    wrong_type += x.wrong_type;
    shortfall_households += !x.shortfalls.empty();
    size_changed += x.people != a.previous[i].people;
    prev_candidates += a.previous[i].candidate;
    if (x.excluded) {
      ++excluded;
      EXPECT_EQ(x.exclusion_reasons, std::vector<std::string>{"公职人员"});
      if (x.net_income < x.line * x.people) ++excluded_low;
    }
    // The generator's intent holds under the real rules, household by household.
    EXPECT_EQ(x.excluded, plan.public_employee) << h.household_id;
    EXPECT_EQ(x.candidate, plan.at_risk) << h.household_id;
    if (plan.at_risk) {
      EXPECT_EQ(x.primary_reason, plan.primary) << h.household_id << " " << label(*plan.primary);
      EXPECT_EQ(x.type, plan.type) << h.household_id;
    }
    if (!plan.at_risk && !plan.public_employee) {
      EXPECT_FALSE(a.previous[i].candidate) << h.household_id << " (previous year)";
      EXPECT_FALSE(x.shortfalls.has(Shortfall::Housing)) << h.household_id;
    }
    if (!x.candidate) continue;
    ++candidates;
    ++types[static_cast<std::size_t>(*x.type)];
    ++primary[static_cast<std::size_t>(*x.primary_reason)];
  }
  const double n = static_cast<double>(a.current.size());
  const double avg_size = people / n;
  std::printf("demo county, 20000 households, seed 1, year %d\n", kYear);
  std::printf("  average household size %.3f, formerly poor %.1f%%\n", avg_size, 100.0 * formerly_poor / n);
  std::printf("  candidates %d (%.2f%%): 脱贫不稳定户 %d, 边缘易致贫户 %d, 突发严重困难户 %d\n", candidates,
              100.0 * candidates / n, types[0], types[1], types[2]);
  std::printf("  excluded (公职人员) %d, of which pc < line %d; carrying a type %d, wrong type %d\n", excluded,
              excluded_low, carrying_type, wrong_type);
  std::printf("  households with a shortfall %d; size differs from last year %d; candidates last year %d\n",
              shortfall_households, size_changed, prev_candidates);

  // Target: 大理州's 11,100 monitored households by primary reason (seed 004).
  const std::vector<std::pair<RiskReason, int>> target{
      {RiskReason::Illness, 3715},        {RiskReason::UnstableEmployment, 2691}, {RiskReason::Disability, 1498},
      {RiskReason::Education, 1190},      {RiskReason::LabourShortage, 858},      {RiskReason::Accident, 370},
      {RiskReason::IndustryFailure, 361}, {RiskReason::Disaster, 161},            {RiskReason::HousingSafety, 81},
      {RiskReason::Other, 165}};
  int target_total = 0;
  for (const auto& [r, c] : target) target_total += c;
  std::printf("  %s count measured   target\n", pad("primary reason", 16).c_str());
  for (const auto& [r, c] : target) {
    const double measured = static_cast<double>(primary[static_cast<std::size_t>(r)]) / candidates;
    const double want = static_cast<double>(c) / target_total;
    std::printf("  %s %5d %5.1f%%   %5.1f%%\n", pad(label(r), 16).c_str(),
                primary[static_cast<std::size_t>(r)], 100 * measured, 100 * want);
    if (want >= 0.05) { EXPECT_NEAR(measured, want, 0.4 * want) << label(r); }
    EXPECT_GT(primary[static_cast<std::size_t>(r)], 0) << label(r);
  }
  EXPECT_EQ(primary[static_cast<std::size_t>(RiskReason::Illness)],
            *std::max_element(primary.begin(), primary.end()));

  EXPECT_GE(avg_size, 4.0);
  EXPECT_LE(avg_size, 4.45);
  EXPECT_GE(candidates / n, 0.035);
  EXPECT_LE(candidates / n, 0.07);
  EXPECT_GE(formerly_poor / n, 0.25);
  EXPECT_LE(formerly_poor / n, 0.30);
  for (int t : types) EXPECT_GT(t, 0);
  EXPECT_GT(types[0] + types[1], 8 * types[2]);  // 突发严重困难户 are the small group
  EXPECT_GT(excluded, 20);
  EXPECT_GT(excluded_low, 0);
  EXPECT_GT(carrying_type, 0);
  EXPECT_GT(wrong_type, 0);
  EXPECT_GT(size_changed, 100);
}

}  // namespace
}  // namespace fangpin::demo
