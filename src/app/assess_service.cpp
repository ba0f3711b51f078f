#include "app/assess_service.h"

#include <algorithm>
#include <atomic>
#include <optional>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace fangpin::app {

Result<AssessResult> assess_registry(const RegistrySnapshot& reg, const Policy& policy, const AssessRequest& req) {
  const std::size_t n = reg.households.size();
  constexpr std::uint32_t kNone = UINT32_MAX;

  // Join finances and negative facts to households by one merge pass (both sorted by id).
  std::vector<std::uint32_t> current(n, kNone), previous(n, kNone), facts_begin(n + 1, 0);
  std::size_t j = 0, k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& id = reg.households[i].household_id;
    while (j < reg.finances.size() && reg.finances[j].household_id < id) ++j;
    for (std::size_t jj = j; jj < reg.finances.size() && reg.finances[jj].household_id == id; ++jj) {
      if (reg.finances[jj].year == req.year) current[i] = static_cast<std::uint32_t>(jj);
      if (reg.finances[jj].year == req.year - 1) previous[i] = static_cast<std::uint32_t>(jj);
    }
    while (k < reg.negative_facts.size() && reg.negative_facts[k].household_id < id) ++k;
    facts_begin[i] = static_cast<std::uint32_t>(k);
    while (k < reg.negative_facts.size() && reg.negative_facts[k].household_id == id) ++k;
    facts_begin[i + 1] = static_cast<std::uint32_t>(k);
  }
  std::vector<const AreaEvent*> events;
  for (const auto& e : reg.area_events)
    if (e.year == req.year) events.push_back(&e);

  // The line: a year with none configured fails the whole run, naming the year.
  std::vector<Fen> lines(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    auto l = policy.line_for(req.year, reg.households[i].region_code);
    if (!l) return l.error();
    lines[i] = *l;
  }
  if (n == 0)
    if (auto l = policy.line_for(req.year, req.region_prefix); !l) return l.error();

  std::vector<std::optional<Assessment>> out(n);
  std::vector<std::string> problems(n);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 512), [&](const tbb::blocked_range<std::size_t>& range) {
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      const Household& h = reg.households[i];
      if (!req.region_prefix.empty() && h.region_code.compare(0, req.region_prefix.size(), req.region_prefix) != 0)
        continue;
      HouseholdFacts facts;
      facts.household = &h;
      facts.members = reg.members_of(i);
      facts.finance = current[i] == kNone ? nullptr : &reg.finances[current[i]];
      facts.previous = previous[i] == kNone ? nullptr : &reg.finances[previous[i]];
      facts.negative_facts = {reg.negative_facts.data() + facts_begin[i], reg.negative_facts.data() + facts_begin[i + 1]};
      for (const AreaEvent* e : events)
        if (h.region_code.compare(0, e->region_prefix.size(), e->region_prefix) == 0) facts.area_disaster = true;
      auto a = assess(facts, req.year, lines[i], policy);
      if (!a) {
        problems[i] = a.error().message;
        continue;
      }
      if (req.all || a->candidate || a->excluded) out[i] = std::move(a.value());
    }
  });

  AssessResult result;
  for (std::size_t i = 0; i < n; ++i) {
    const Household& h = reg.households[i];
    if (!req.region_prefix.empty() && h.region_code.compare(0, req.region_prefix.size(), req.region_prefix) != 0)
      continue;
    ++result.households_seen;
    if (out[i]) result.records.push_back(std::move(*out[i]));
    if (!problems[i].empty()) result.unassessable.push_back({h.household_id, std::move(problems[i])});
  }
  return result;
}

AssessTotals totals_of(const std::vector<Assessment>& records) {
  AssessTotals t;
  auto add = [](AssessTotals::Count& c, int people) {
    ++c.households;
    c.people += people;
  };
  for (const Assessment& a : records) {
    if (a.excluded) {
      add(t.excluded, a.people);
      for (const auto& kind : a.exclusion_reasons) {
        auto it = std::find_if(t.by_exclusion.begin(), t.by_exclusion.end(), [&](auto& p) { return p.first == kind; });
        if (it == t.by_exclusion.end()) it = t.by_exclusion.insert(t.by_exclusion.end(), {kind, {}});
        add(it->second, a.people);
      }
    }
    if (a.wrong_type) add(t.wrong_type, a.people);
    for (int s = 0; s < kShortfallCount; ++s)
      if (a.shortfalls.has(static_cast<Shortfall>(s))) add(t.by_shortfall[s], a.people);
    if (!a.candidate) continue;
    add(t.candidates, a.people);
    if (a.type) add(t.by_type[static_cast<int>(*a.type)], a.people);
    if (a.primary_reason) add(t.by_primary_reason[static_cast<int>(*a.primary_reason)], a.people);
    for (int r = 0; r < kRiskReasonCount; ++r)
      if (a.risk_reasons.has(static_cast<RiskReason>(r))) add(t.by_reason[r], a.people);
  }
  return t;
}

}  // namespace fangpin::app
