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

// The `explain` object of the HTTP answers (README "HTTP API server"): income and adjusted
// {per_capita, line, below, text}, decision, reasons [{reason, parameter, rule, figures,
// primary}], primary, shortfalls [{item, fact}], exclusions [{kind, fact}].
nlohmann::ordered_json explain_json(const Assessment& a, const Explanation& e);
// assessment_json with "explain" appended.
nlohmann::ordered_json assessment_json(const Assessment& a, const Explanation& e);

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
