#include "app/assess_service.h"

#include <algorithm>
#include <iterator>
#include <type_traits>
#include <optional>

#include <tbb/parallel_for.h>

namespace fangpin::app {

namespace {
// The SPEC §4a facts of household `i` for `year`; `events` are the area events of the year.
HouseholdFacts facts_of(const RegistrySnapshot& reg, std::size_t i, int year, const std::vector<const AreaEvent*>& events) {
  const Household& h = reg.households[i];
  HouseholdFacts facts;
  facts.household = &h;
  facts.members = reg.members_of(i);
  // Finances are sorted by (household_id, year); negative facts by household_id.
  auto f = std::lower_bound(reg.finances.begin(), reg.finances.end(), h.household_id,
                            [](const Finance& x, const std::string& id) { return x.household_id < id; });
  for (; f != reg.finances.end() && f->household_id == h.household_id; ++f) {
    if (f->year == year) facts.finance = &*f;
    if (f->year == year - 1) facts.previous = &*f;
  }
  auto nf = std::equal_range(reg.negative_facts.begin(), reg.negative_facts.end(), h.household_id,
                             [](const auto& x, const auto& y) {
                               if constexpr (std::is_same_v<std::decay_t<decltype(x)>, NegativeFact>)
                                 return x.household_id < y;
                               else
                                 return x < y.household_id;
                             });
  facts.negative_facts = std::span<const NegativeFact>(nf.first, nf.second);  // iterators: no &*end when empty
  for (const AreaEvent* e : events)
    if (h.region_code.compare(0, e->region_prefix.size(), e->region_prefix) == 0) facts.area_disaster = true;
  return facts;
}

std::vector<const AreaEvent*> events_of(const RegistrySnapshot& reg, int year) {
  std::vector<const AreaEvent*> events;
  for (const auto& e : reg.area_events)
    if (e.year == year) events.push_back(&e);
  return events;
}
}  // namespace

Result<ExplainedAssessment> assess_explained(const RegistrySnapshot& reg, const Policy& policy, std::size_t index,
                                             int year) {
  if (index >= reg.households.size()) return internal_error("assess_explained: 户序号越界");
  const Household& h = reg.households[index];
  auto line = policy.line_for(year, h.region_code);
  if (!line) return line.error();
  ExplainedAssessment out;
  auto a = assess(facts_of(reg, index, year, events_of(reg, year)), year, *line, policy, &out.explain);
  if (!a) return a.error();
  out.assessment = std::move(*a);
  return out;
}

Result<AssessResult> assess_registry(const RegistrySnapshot& reg, const Policy& policy, const AssessRequest& req) {
  const std::size_t n = reg.households.size();
  // A year with no line fails the whole run before any work, naming the year. Lines are
  // resolved per household inside the loop (overrides are per region prefix).
  if (auto y = policy.require_year(req.year); !y) return y.error();
  const std::vector<const AreaEvent*> events = events_of(reg, req.year);
  auto in_scope = [&](const Household& h) {
    return req.region_prefix.empty() || h.region_code.compare(0, req.region_prefix.size(), req.region_prefix) == 0;
  };

  // Fixed chunks, each producing its own small result list, so only listed households are
  // materialised and the concatenation keeps household order.
  constexpr std::size_t kChunk = 4096;
  const std::size_t chunks = (n + kChunk - 1) / kChunk;
  struct ChunkResult {
    std::vector<Assessment> records;
    std::vector<Unassessable> problems;
    std::size_t seen = 0;
    std::optional<Error> error;
  };
  std::vector<ChunkResult> parts(chunks);
  tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
    ChunkResult& part = parts[c];
    const std::size_t end = std::min(n, (c + 1) * kChunk);
    for (std::size_t i = c * kChunk; i < end; ++i) {
      const Household& h = reg.households[i];
      if (!in_scope(h)) continue;
      ++part.seen;
      auto line = policy.line_for(req.year, h.region_code);
      if (!line) {
        part.error = line.error();
        return;
      }
      const HouseholdFacts facts = facts_of(reg, i, req.year, events);
      auto a = assess(facts, req.year, *line, policy);
      if (!a) {
        part.problems.push_back({h.household_id, a.error().message});
        continue;
      }
      if (req.all || a->candidate || a->excluded) part.records.push_back(std::move(a.value()));
    }
  });

  AssessResult result;
  for (auto& part : parts) {
    if (part.error) return *part.error;
    result.households_seen += part.seen;
    std::move(part.records.begin(), part.records.end(), std::back_inserter(result.records));
    std::move(part.problems.begin(), part.problems.end(), std::back_inserter(result.unassessable));
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
