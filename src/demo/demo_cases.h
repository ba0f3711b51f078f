// Demo workflow cases (issue 3): a deterministic script of case actions over a demo county
// — cases in every state of SPEC §7–§9, some overdue — that the CLI (`demo-cases`) replays
// through the workflow use cases, so the stored cases and their audit trail are exactly
// what real users would have produced. Pure: no I/O.
#pragma once
#include <string>
#include <vector>

#include "domain/assessment.h"
#include "domain/registry.h"
#include "domain/workflow/case.h"

namespace fangpin::demo {

struct DemoAction {
  enum class Kind { Open, Step, Assign, Plan, Measure };
  Kind kind = Kind::Step;
  workflow::Actor actor;
  workflow::StepInput step;                 // Step
  workflow::Channel channel{};              // Open
  Date date;                                // Open (clue), Assign, Plan
  std::string text;                         // Open note, caseworker, plan text
  workflow::Measure measure;                // Measure
};

struct DemoCase {
  std::string household_id;
  std::string intent;  // the state the script leads to, e.g. "村级公示暂停（异议）"
  std::vector<DemoAction> actions;
};

// Households the script draws on, chosen from an assessment of the demo registry.
struct DemoCaseInput {
  std::vector<Assessment> candidates;  // candidate households (their suggested reasons)
  std::vector<std::string> stable;     // not candidates, no shortfall, with labour capacity
  std::vector<std::string> excluded;   // negative-list households
};

// Picks households from `records` (an --all assessment of `registry`), in id order.
DemoCaseInput select_demo_households(const RegistrySnapshot& registry, const std::vector<Assessment>& records);

// The script for a report date `as_of` (cases open up to ~20 months before it). Cases
// whose households are missing from `input` are left out.
std::vector<DemoCase> generate_demo_cases(const DemoCaseInput& input, const Date& as_of);

}  // namespace fangpin::demo
