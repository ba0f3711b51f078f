// Output forms of assessment records and household details (CLI now, HTTP later).
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/assess_service.h"
#include "domain/region.h"
#include "store/store.h"

namespace fangpin::app {

// The jsonl contract: household_id, year, people, net_income, income_per_capita,
// rigid_expenditure, adjusted_income_per_capita, line, candidate, type, risk_reasons,
// primary_reason, excluded, exclusion_reasons, shortfalls, wrong_type.
nlohmann::ordered_json assessment_json(const Assessment& a);

std::vector<std::string> assessment_csv_header();
std::vector<std::string> assessment_csv_row(const Assessment& a);

struct TableOptions {
  int year = 0;
  std::string region_prefix;
  std::size_t detail_limit = 50;  // 0 = all rows
  const RegionDirectory* regions = nullptr;
  std::string more_hint;  // how to list the rows left out, in the adapter's words
};
// zh-CN readable summary: detail rows then totals by type, reason, exclusion, shortfall.
void write_assessment_table(std::ostream& out, const AssessResult& result, const TableOptions& options);

// Household detail with personal data masked unless `unmasked`.
nlohmann::ordered_json household_json(const store::HouseholdDetail& d, bool unmasked);
void write_household_text(std::ostream& out, const store::HouseholdDetail& d, bool unmasked);

}  // namespace fangpin::app
