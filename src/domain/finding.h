// Negative-list findings by cadres at verification (SPEC §5): concealed assets, false
// expenses, relatives able to support, a large-scale grower … each recorded with its kind,
// evidence, who found it and when. Append-only: a finding is withdrawn by a new record
// (with the reason) that names it, never deleted or edited.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/policy.h"
#include "domain/result.h"

namespace fangpin {

struct NegativeFinding {
  std::int64_t id = 0;                 // assigned by the store
  std::string household_id;
  std::string kind;                    // a kind of the policy's negative_list (SPEC §5)
  Date found_on;                       // date of the verification (or of the withdrawal)
  std::string found_by;                // who found (or withdrew) it
  std::string role;                    // their role label
  std::string note;                    // what was found; for a withdrawal, the reason
  std::vector<std::string> evidence;   // document SHA-256 names (四级档案)
  std::optional<std::int64_t> withdraws;  // set on a withdrawal record: the finding it withdraws
  std::string recorded_at;             // ISO-8601 UTC, by the store
};

// A finding as listed: the record and, if withdrawn, the withdrawal record.
struct FindingStatus {
  NegativeFinding finding;
  std::optional<NegativeFinding> withdrawal;
  bool active() const { return !withdrawal.has_value(); }
};

// The rules for a new finding: a kind the policy excludes on (公职人员 comes from the
// registry, not from a finding), a note saying what was found, at least one evidence
// document, a date not after `today`. Invalid names the field.
Status validate_finding(const NegativeFinding& f, const Policy& policy, const Date& today);

// Pairs each finding of a household's records (any order) with its withdrawal, by id.
std::vector<FindingStatus> finding_statuses(const std::vector<NegativeFinding>& records);

}  // namespace fangpin
