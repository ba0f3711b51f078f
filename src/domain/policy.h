// Policy parameters (SPEC §3–§4a). Every number the rules use lives here; the shipped
// default is config/policy.toml, loaded by io/policy_loader.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/money.h"
#include "domain/result.h"

namespace fangpin {

struct AssessmentParams {
  Fen chronic_selfpay_min = yuan(5000);       // 因病: 长期慢性病 and selfpay ≥ this
  int severe_disability_max_grade = 2;        // 因残: grade 1..this is severe
  int working_age_min = 16;                   // 因残: disabled labourer aged min..max
  int working_age_max = 59;
  int college_students_min = 2;               // 因学: ≥ this many in 高职/本科及以上
  Fen education_expense_min = yuan(10000);    // 因学: education expense ≥ this
  int compulsory_age_min = 6;                 // 因学: 辍学 aged min..max
  int compulsory_age_max = 15;
  // 因务工就业不稳: wage < ratio × last year's wage. Basis points (5000 = 50%) keep it exact.
  int wage_drop_basis_points = 5000;
};

struct LineOverride {
  std::string region_prefix;  // province/city/... code prefix
  int year = 0;
  Fen line = 0;
};

struct Policy {
  std::map<int, Fen> national_lines;       // year -> monitoring line (元/person/year) in fen
  std::vector<LineOverride> line_overrides;
  AssessmentParams assessment;
  // Negative-list kinds that exclude a household (SPEC §5). Facts of other kinds are kept
  // but do not exclude.
  std::vector<std::string> negative_list_kinds;
  // When true, imports reject village codes whose township is not in the NBS list.
  bool validate_regions = true;

  // Line for a household in `region_code` in `year`: the longest matching override, else
  // the national line. A year with no line is an error naming the year (never a guess).
  Result<Fen> line_for(int year, std::string_view region_code) const;
  // The year has a line somewhere (the national line or an override for some region):
  // checked once before a run, so a missing year fails first, naming the year (NotFound,
  // field "year"). Lines are still resolved per household with line_for.
  Status require_year(int year) const;
  bool excludes(std::string_view negative_kind) const;
};

}  // namespace fangpin
