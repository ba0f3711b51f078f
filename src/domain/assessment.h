// The shipped assessment rules, SPEC §4a (exact).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/household.h"
#include "domain/policy.h"
#include "domain/result.h"

namespace fangpin {

// The national risk-reason list, in the order of the SPEC §4a table (which is also the
// tie-break order for the primary reason).
enum class RiskReason : std::uint8_t {
  Illness,            // 因病
  Disability,         // 因残
  Education,          // 因学
  Disaster,           // 因灾
  Accident,           // 因意外事故
  IndustryFailure,    // 因产业项目失败
  UnstableEmployment, // 因务工就业不稳
  LabourShortage,     // 缺劳力
  HousingSafety,      // 因安全住房
  WaterSafety,        // 因饮水安全
  Epidemic,           // 因疫情 (never derived by the default rules; cadres may set it)
  Other,              // 其他
};
inline constexpr int kRiskReasonCount = 12;
std::string_view label(RiskReason r);
std::optional<RiskReason> parse_risk_reason(std::string_view s);  // also accepts 因灾(自然灾害)

// 两不愁三保障及饮水安全 items, in FORMATS.md column order.
enum class Shortfall : std::uint8_t { Housing, Water, Education, Medical, FoodClothing };
inline constexpr int kShortfallCount = 5;
std::string_view label(Shortfall s);  // 住房安全 / 饮水安全 / 义务教育保障 / 基本医疗保障 / 不愁吃穿

// A small set of enum values as a bitmask (no allocation in the hot loop).
template <class E>
struct EnumSet {
  std::uint32_t bits = 0;
  void add(E e) { bits |= 1u << static_cast<unsigned>(e); }
  bool has(E e) const { return (bits >> static_cast<unsigned>(e)) & 1u; }
  bool empty() const { return bits == 0; }
  bool operator==(const EnumSet&) const = default;
};

// Everything the rules need about one household for one year.
struct HouseholdFacts {
  const Household* household = nullptr;
  std::span<const Member> members;
  const Finance* finance = nullptr;           // year Y (required)
  const Finance* previous = nullptr;          // year Y-1, if known
  std::span<const NegativeFact> negative_facts;
  bool area_disaster = false;                 // an area event covers the household in Y
};

struct Assessment {
  std::string household_id;
  int year = 0;
  int people = 0;
  Fen net_income = 0;
  Fen rigid_expenditure = 0;
  Fen line = 0;
  bool candidate = false;
  std::optional<MonitoredType> type;
  EnumSet<RiskReason> risk_reasons;
  std::optional<RiskReason> primary_reason;
  bool excluded = false;
  std::vector<std::string> exclusion_reasons;  // negative-list kinds, in first-seen order
  EnumSet<Shortfall> shortfalls;
  bool wrong_type = false;  // carries a monitored type inconsistent with pc vs line (SPEC §4)

  double income_per_capita() const;           // pc, yuan rounded to 2 decimals
  double adjusted_income_per_capita() const;  // adj, yuan rounded to 2 decimals
  std::vector<RiskReason> reasons_in_order() const;  // table order
  std::vector<Shortfall> shortfalls_in_order() const;
};

// Why an assessment came out as it did (SPEC §4a), filled by the same evaluation that
// made it — never re-derived. Texts are zh-CN for displays; figures in 元.
struct ReasonWhy {
  RiskReason reason = RiskReason::Other;
  std::string parameter;  // the policy parameter(s) of the rule (config/policy.toml keys); "" if none
  std::string rule;       // the rule, with the policy's values
  std::string figures;    // the household's figures that fired it
};
struct ShortfallWhy {
  Shortfall item = Shortfall::Housing;
  std::string fact;
};
struct ExclusionWhy {
  std::string kind;  // negative-list kind
  std::string fact;  // who or what (no personal IDs)
};
struct Explanation {
  std::string income;    // pc vs the line
  std::string adjusted;  // adjusted pc (after rigid expenditure) vs the line
  std::string decision;  // which decision step (1)–(4) applied
  std::vector<ReasonWhy> reasons;  // every reason that fired, table order
  std::string primary;   // why the primary reason is the primary one ("" without reasons)
  std::vector<ShortfallWhy> shortfalls;
  std::vector<ExclusionWhy> exclusions;
};

// SPEC §5 negative list: the kinds the policy excludes that apply to the household on `on`
// (a member present that day who is a 公职人员, then each recorded fact), in first-seen
// order, each once. Empty: not excluded. The assessment (as of Y-12-31) and 信息比对 (as
// of the step date) both ask this.
std::vector<std::string> negative_list_hits(std::span<const Member> members, std::span<const NegativeFact> facts,
                                            const Date& on, const Policy& policy);

// Assesses one household for `year` against `line`. Errors (never guesses): no finance for
// the year, or no member present on Y-12-31. With `explain`, also says why (the bulk runs
// pass nullptr and pay nothing for it).
Result<Assessment> assess(const HouseholdFacts& facts, int year, Fen line, const Policy& policy,
                          Explanation* explain = nullptr);

}  // namespace fangpin
