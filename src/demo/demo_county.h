// A synthetic but realistic county registry (一户一档, SPEC §2) for demos, tests and
// benchmarks: townships → villages → households → members with resident IDs, and two
// years of annual finances, calibrated so that the shipped assessment rules (SPEC §4a)
// find roughly 5% of households as candidates with the primary-reason mix of 大理州's
// monitored households (seed 004). Pure: no file or network I/O; the CLI writes the files.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/assessment.h"
#include "domain/household.h"
#include "domain/money.h"
#include "domain/policy.h"
#include "domain/result.h"
#include "domain/registry.h"

namespace fangpin::demo {

struct Township {
  std::string code9;  // 9-digit township code (NBS)
  std::string name;
};

struct DemoOptions {
  int households = 40000;
  std::uint64_t seed = 1;
  int year = 2023;  // finances are generated for year-1 and year
  std::string county_code = "532923";  // 祥云县; also the region prefix of every resident ID
  // Empty: 10 township codes under county_code with synthesised names. The CLI passes the
  // real ones from the NBS list (streets.csv).
  std::vector<Township> townships;
  int villages_per_township = 10;
  // The policy the county is calibrated against: its monitoring lines for `year` and
  // `year-1` (at county_code) and its §4a thresholds (因病 self-pay, 因学 expense); nullptr =
  // the shipped config/policy.toml. A year without a line is an error, never a guess.
  const Policy* policy = nullptr;
};

struct Village {
  std::string code12;  // township code9 + 3-digit village number 001, 002, ...
  std::string name;
};

// Layout (relied on by callers, see to_registry_snapshot):
// - villages in township order, then village number;
// - households in ascending household_id order (county code + 7-digit sequence), grouped
//   by village;
// - members grouped by household, in household order, 户主 first;
// - finances: exactly two rows per household, year-1 then year, in household order.
struct DemoCounty {
  std::vector<Village> villages;
  std::vector<Household> households;
  std::vector<Member> members;
  std::vector<Finance> finances;
};

// What the generator intended for one household, for calibration tests and diagnostics:
// an at-risk household is built so that SPEC §4a (the policy's lines, negative list
// {公职人员}) makes it a candidate of `type` with primary reason `primary`; a household with
// a public employee is excluded; every other household is not a candidate in either year.
struct HouseholdPlan {
  bool at_risk = false;
  std::optional<RiskReason> primary;
  std::optional<MonitoredType> type;
  bool public_employee = false;
};

// Deterministic: the same options (and policy lines) give identical output on any platform.
// About two seconds per million households on one core (mostly filling ~1 GB of output).
// Fills plans[i] for households[i] when `plans` is not null. Error: the policy has no
// monitoring line for `year` or `year-1` (the message names the year).
Result<DemoCounty> generate_demo_county(const DemoOptions& options, std::vector<HouseholdPlan>* plans = nullptr);

// Ten township codes under county_code (101..108 镇, 201..202 乡) with plausible names.
std::vector<Township> synthesise_townships(const std::string& county_code);

// Moves the county into the scanning layout the application uses (member offsets built).
RegistrySnapshot to_registry_snapshot(DemoCounty county);

}  // namespace fangpin::demo
