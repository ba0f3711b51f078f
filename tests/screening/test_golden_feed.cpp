// Golden tests of the department rules (tests/data/feeds/, README there): for each of the
// 14 departments a feed file of rows, each with a 说明, screened against a small registry
// fixture; every row's outcome (warning grade and fact, negative-list fact, rejection,
// unmatched, nothing) is compared with <department>.reference. One gtest per feed row.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "../io/golden.h"
#include "domain/resident_id.h"
#include "io/policy_loader.h"
#include "screening/engine.h"
#include "screening/facts.h"

namespace fangpin::screening {
namespace {

namespace fs = std::filesystem;
using fangpin::testing::GoldenCase;
using fangpin::testing::GoldenFile;

fs::path feeds_dir() { return fangpin::testing::golden_data_dir() / "feeds"; }

// The registry fixture as the screening index sees it (as build_index does from the store:
// the latest finance year, present members, labourers 普通/技能).
RegistryIndex fixture_index() {
  const auto reg = fangpin::testing::read_registry_fixture(feeds_dir() / "registry");
  RegistryIndex::Builder b;
  for (const Household& h : reg.households) {
    const Finance* latest = nullptr;
    for (const Finance& f : reg.finances)
      if (f.household_id == h.household_id && (latest == nullptr || f.year > latest->year)) latest = &f;
    if (latest != nullptr)
      b.add_household(h.household_id, h.region_code, latest->year, latest->net_income(), latest->rigid_expenditure());
    else
      b.add_household(h.household_id, h.region_code, 0, 0, 0);
  }
  for (const Member& m : reg.members)
    b.add_member(m.id_number, m.household_id, m.status == MemberStatus::Present,
                 m.labour == Labour::Ordinary || m.labour == Labour::Skilled);
  return b.finish(1);
}

struct Shared {
  RegistryIndex index = fixture_index();
  Policy policy;
  ScreeningParams params;
  Shared() {
    auto b = io::load_policy_bundle("");
    EXPECT_TRUE(b.ok());
    if (b) {
      policy = b->policy;
      params = b->screening;
    }
  }
};

const Shared& shared() {
  static const Shared s;
  return s;
}

std::string signal_line(const RegistryIndex& index, const Signal& s) {
  return fmt::format("预警 户 {} {} {}：{}\n", index.household_id(s.household), label(s.reason), label(s.grade),
                     describe(s.fact));
}

// Every row of <key>.csv screened in one run (feed month 2023-03), as one case per row.
std::vector<GoldenCase> screen_cases(Department d) {
  const Shared& sh = shared();
  const fs::path feed = feeds_dir() / (std::string(key(d)) + ".csv");
  const auto fixture = fangpin::testing::read_fixture(feed);
  auto out = screen_feed(FeedRequest{d, 2023, 3, feed.string()}, sh.index, sh.policy, sh.params);
  if (!out) {
    ADD_FAILURE() << feed << ": " << out.error().message;
    return {};
  }
  std::map<std::size_t, std::string> by_row;
  for (const RowIssue& i : out->issues) by_row[i.row] += fmt::format("拒绝 [{}] {}\n", i.column, issue_reason(i));
  for (const UnmatchedRow& u : out->unmatched_rows)
    by_row[u.row] += fmt::format("未匹配：{}\n", issue_reason(RowIssue{u.row, true, u.key, "证件号码", {}}));
  for (const Signal& s : out->signals)
    if (!s.fact.area) by_row[s.row] += signal_line(sh.index, s);
  for (const IndexedFact& f : out->negative_facts)
    by_row[f.row] += fmt::format("负面清单 户 {} {}：{}\n", sh.index.household_id(f.household), f.kind, f.detail);
  // Area events (应急 rows without 证件号码) in row order, each with the households it flags.
  std::size_t next_event = 0;
  std::vector<GoldenCase> cases;
  for (const io::TableRow& row : fixture.rows) {
    std::string text = by_row[row.row_number];
    const bool area_row = d == Department::Disaster && fixture.cell(row, "证件号码").empty() && text.empty() &&
                          next_event < out->area_events.size();
    if (area_row) {
      const AreaEvent& e = out->area_events[next_event++];
      text = fmt::format("区域灾害事件 {} {} {} 年\n", e.region_prefix, e.kind, e.year);
      for (const Signal& s : out->signals)
        if (s.fact.area && s.fact.t2 == e.region_prefix && s.fact.t1 == e.kind) text += signal_line(sh.index, s);
    }
    if (text.empty()) text = "匹配，无预警\n";
    cases.push_back(GoldenCase{fmt::format("第 {} 行", row.row_number), text, fixture.cell(row, "说明")});
  }
  return cases;
}

const GoldenFile& golden(Department d) {
  static std::map<Department, std::unique_ptr<GoldenFile>> files;
  auto& f = files[d];
  if (!f) f = std::make_unique<GoldenFile>(feeds_dir() / (std::string(key(d)) + ".reference"), screen_cases(d));
  return *f;
}

struct RowCase {
  Department department;
  std::string key;
};

// Read at test registration so each fixture row is its own test.
std::vector<RowCase> all_rows() {
  std::vector<RowCase> out;
  for (int i = 0; i < kDepartmentCount; ++i) {
    const auto d = static_cast<Department>(i);
    const auto fixture = fangpin::testing::read_fixture(feeds_dir() / (std::string(key(d)) + ".csv"));
    for (const auto& row : fixture.rows) out.push_back({d, fmt::format("第 {} 行", row.row_number)});
  }
  return out;
}

class FeedRow : public ::testing::TestWithParam<RowCase> {};

TEST_P(FeedRow, MatchesReference) { golden(GetParam().department).check(GetParam().key); }

INSTANTIATE_TEST_SUITE_P(Golden, FeedRow, ::testing::ValuesIn(all_rows()),
                         [](const ::testing::TestParamInfo<RowCase>& p) {
                           std::string row = p.param.key.substr(p.param.key.find(' ') + 1);
                           row = row.substr(0, row.find(' '));
                           return std::string(key(p.param.department)) + "_row" + row;
                         });

class FeedFile : public ::testing::TestWithParam<int> {};

// Every department has a fixture with rows, and its reference names no row that is gone.
TEST_P(FeedFile, CoversTheDepartmentAndHasNoStaleEntries) {
  const auto d = static_cast<Department>(GetParam());
  const GoldenFile& g = golden(d);
  EXPECT_GE(g.cases().size(), 2u) << key(d);
  g.check_no_stale_entries();
}

INSTANTIATE_TEST_SUITE_P(Golden, FeedFile, ::testing::Range(0, kDepartmentCount),
                         [](const ::testing::TestParamInfo<int>& p) {
                           return std::string(key(static_cast<Department>(p.param)));
                         });

}  // namespace
}  // namespace fangpin::screening
