// The JSON form of a case: what the case store keeps in cases.data, what the audit trail
// records as before/after, and what `case show --format json` prints.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/result.h"
#include "domain/workflow/case.h"

namespace fangpin::app {

using Json = nlohmann::ordered_json;

Json case_to_json(const workflow::Case& c);
std::string case_to_text(const workflow::Case& c);  // compact, stable key order
// Invalid (naming the field) if the text is not a case; never throws.
Result<workflow::Case> case_from_text(std::string_view text);

Json reasons_json(EnumSet<RiskReason> r);

// The audit record of a change: only the top-level fields that differ. A list that grew by
// appending (history, measures) appears in `after` as "<key>+" with the new items only, so
// an event stays small however long the case's record gets.
struct ChangeJson {
  std::string before;
  std::string after;
};
ChangeJson change_json(const workflow::Case& before, const workflow::Case& after);

}  // namespace fangpin::app
