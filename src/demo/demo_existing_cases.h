// The demo county's existing cases (存量监测对象, issue 14): what the national system would
// hand over for its households before the county starts on fangpin — monitored households
// (the at-risk ones that already carry a type and every tenth other at-risk one), some
// rolled back once, stable households eliminated a year or two ago, and negative-list
// households removed — with caseworkers, plan dates and measures, a few of them late or
// missing so that `due` and `quality` have something to say. Pure and deterministic (a
// hash of the household id); the CLI writes the files (FORMATS.md "存量监测对象", "帮扶措施").
#pragma once
#include <vector>

#include "demo/demo_county.h"
#include "io/case_format.h"

namespace fangpin::demo {

struct DemoExistingCases {
  std::vector<io::ExistingCase> cases;        // by household id
  std::vector<io::ExistingMeasure> measures;  // grouped by household, in case order
};

// `plans` as filled by generate_demo_county for `county`; `year` its assessment year (every
// date falls before the July after it).
DemoExistingCases generate_existing_cases(const DemoCounty& county, const std::vector<HouseholdPlan>& plans, int year);

}  // namespace fangpin::demo
