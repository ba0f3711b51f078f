// An in-memory snapshot of (part of) the registry, laid out for scanning: households in
// id order, each household's members contiguous.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "domain/household.h"

namespace fangpin {

struct RegistrySnapshot {
  std::vector<Household> households;          // sorted by household_id
  std::vector<Member> members;                // grouped by household, same order
  std::vector<std::uint32_t> member_offsets;  // size households+1: members of i are [off[i], off[i+1])
  std::vector<Finance> finances;              // current finance rows, sorted by (household_id, year)
  std::vector<NegativeFact> negative_facts;   // sorted by household_id (excluding member-derived ones)
  std::vector<AreaEvent> area_events;

  std::span<const Member> members_of(std::size_t i) const {
    return {members.data() + member_offsets[i], members.data() + member_offsets[i + 1]};
  }
};

}  // namespace fangpin
