// Golden tests of the SPEC §4a assessment (tests/data/assess/, README there): each fixture
// set is a registry in the FORMATS.md columns (households.csv with a 说明 per household,
// members.csv, finances.csv), optionally negative_facts.csv (户编号,类型,详情,来源) and
// area_events.csv (区划代码,年度,灾种) as department data would add them, and optionally its
// own policy.toml. Every household is assessed for 2023 with --all and compared with
// assess.reference: the `assess --format jsonl` line, or 未能评估 and why. One gtest per
// household.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>

#include "../io/golden.h"
#include "app/assess_service.h"
#include "app/assessment_format.h"
#include "io/policy_loader.h"

namespace fangpin::app {
namespace {

namespace fs = std::filesystem;
using fangpin::testing::GoldenCase;
using fangpin::testing::GoldenFile;

constexpr int kYear = 2023;

fs::path assess_dir() { return fangpin::testing::golden_data_dir() / "assess"; }

std::vector<std::string> fixture_sets() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(assess_dir()))
    if (e.is_directory()) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// The snapshot the store would load: households in id order, members grouped likewise (in
// file order), finances by (household, year), department facts by household (file order).
RegistrySnapshot snapshot_of(const fs::path& dir, fangpin::testing::RegistryFixture reg) {
  RegistrySnapshot s;
  s.households = std::move(reg.households);
  std::sort(s.households.begin(), s.households.end(),
            [](const Household& a, const Household& b) { return a.household_id < b.household_id; });
  s.member_offsets.push_back(0);
  for (const Household& h : s.households) {
    for (const Member& m : reg.members)
      if (m.household_id == h.household_id) s.members.push_back(m);
    s.member_offsets.push_back(static_cast<std::uint32_t>(s.members.size()));
  }
  s.finances = std::move(reg.finances);
  std::sort(s.finances.begin(), s.finances.end(), [](const Finance& a, const Finance& b) {
    return std::tie(a.household_id, a.year) < std::tie(b.household_id, b.year);
  });
  if (fs::exists(dir / "negative_facts.csv")) {
    const auto t = fangpin::testing::read_fixture(dir / "negative_facts.csv");
    for (const auto& row : t.rows)
      s.negative_facts.push_back(
          NegativeFact{t.cell(row, "户编号"), t.cell(row, "类型"), t.cell(row, "详情"), t.cell(row, "来源")});
    std::stable_sort(s.negative_facts.begin(), s.negative_facts.end(),
                     [](const NegativeFact& a, const NegativeFact& b) { return a.household_id < b.household_id; });
  }
  if (fs::exists(dir / "area_events.csv")) {
    const auto t = fangpin::testing::read_fixture(dir / "area_events.csv");
    for (const auto& row : t.rows)
      s.area_events.push_back(AreaEvent{t.cell(row, "区划代码"), std::stoi(t.cell(row, "年度")), t.cell(row, "灾种")});
  }
  return s;
}

std::vector<GoldenCase> assess_cases(const std::string& set) {
  const fs::path dir = assess_dir() / set;
  auto reg = fangpin::testing::read_registry_fixture(dir);
  const auto notes = reg.notes;
  std::vector<std::string> ids;
  for (const Household& h : reg.households) ids.push_back(h.household_id);
  auto bundle = io::load_policy_bundle(fs::exists(dir / "policy.toml") ? (dir / "policy.toml").string() : std::string());
  if (!bundle) {
    ADD_FAILURE() << set << ": " << bundle.error().message;
    return {};
  }
  const Policy* policy = &bundle->policy;
  const RegistrySnapshot snapshot = snapshot_of(dir, std::move(reg));
  auto result = assess_registry(snapshot, *policy, AssessRequest{kYear, "", true});
  if (!result) {
    ADD_FAILURE() << set << ": " << result.error().message;
    return {};
  }
  std::map<std::string, std::string> out;
  for (const Assessment& a : result->records)
    out[a.household_id] =
        assessment_json(a).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  for (const Unassessable& u : result->unassessable) out[u.household_id] = "未能评估：" + u.reason + "\n";
  std::vector<GoldenCase> cases;
  for (const std::string& id : ids)  // fixture order
    cases.push_back(GoldenCase{id, out.count(id) ? out[id] : "（没有输出）\n", notes.at(id)});
  return cases;
}

const GoldenFile& golden(const std::string& set) {
  static std::map<std::string, std::unique_ptr<GoldenFile>> files;
  auto& f = files[set];
  if (!f) f = std::make_unique<GoldenFile>(assess_dir() / set / "assess.reference", assess_cases(set));
  return *f;
}

struct HouseholdCase {
  std::string set;
  std::string household_id;
};

// Read at test registration so each fixture household is its own test.
std::vector<HouseholdCase> all_households() {
  std::vector<HouseholdCase> out;
  for (const auto& set : fixture_sets()) {
    const auto t = fangpin::testing::read_fixture(assess_dir() / set / "households.csv");
    for (const auto& row : t.rows) out.push_back({set, t.cell(row, "户编号")});
  }
  return out;
}

std::string test_name(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

class AssessHousehold : public ::testing::TestWithParam<HouseholdCase> {};

TEST_P(AssessHousehold, MatchesReference) { golden(GetParam().set).check(GetParam().household_id); }

INSTANTIATE_TEST_SUITE_P(Golden, AssessHousehold, ::testing::ValuesIn(all_households()),
                         [](const ::testing::TestParamInfo<HouseholdCase>& p) {
                           return test_name(p.param.set + "_" + p.param.household_id);
                         });

class AssessSet : public ::testing::TestWithParam<std::string> {};

TEST_P(AssessSet, HasHouseholdsAndNoStaleEntries) {
  const GoldenFile& g = golden(GetParam());
  EXPECT_FALSE(g.cases().empty()) << GetParam();
  g.check_no_stale_entries();
}

INSTANTIATE_TEST_SUITE_P(Golden, AssessSet, ::testing::ValuesIn(fixture_sets()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return test_name(p.param); });

}  // namespace
}  // namespace fangpin::app
