// Rules over monitored cases as of a date: risk-elimination eligibility (SPEC §9), back-check
// findings, quality flags (SPEC §8) and the due list (SPEC §7 deadlines). Pure.
#pragma once
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/household.h"
#include "domain/workflow/calendar.h"
#include "domain/workflow/case.h"

namespace fangpin::workflow {

// SPEC §8 matching table (seed 004, 大理州): the measures that address a risk reason.
std::span<const MeasureCategory> addressing_measures(RiskReason r);
// 产业帮扶 / 就业帮扶 (and 公益岗位, a job): what a labour-capable household must get.
bool is_developmental(MeasureCategory c);

// What the rules need to know about the household besides the case.
struct HouseholdState {
  const Household* household = nullptr;
  std::span<const Member> members;
  std::vector<Finance> finances;   // any order
  std::map<int, Fen> lines;        // year -> monitoring line for the household's region
};

// Counted as of `on`: members present, at least one 普通/技能劳动力 (SPEC §8: such a
// household must get a developmental measure).
bool has_labour_capacity(std::span<const Member> members, const Date& on);
// SPEC §9 ⑤ 丧失劳动能力: no member present on `on` whose labour is 普通劳动力, 技能劳动力 or
// 弱劳动力或半劳动力. Only such a household stays monitored instead of being eliminated.
bool has_lost_labour_capacity(std::span<const Member> members, const Date& on);

struct Criterion {
  std::string name;    // e.g. 收入稳定超过监测线
  bool met = false;
  std::string detail;  // why not (or the figures)
};

struct Eligibility {
  std::vector<Criterion> criteria;  // all five, SPEC §9 order
  bool eligible() const;
  std::vector<std::string> failures() const;  // "名称：原因" for each failed criterion
};

// SPEC §9 ①–⑤ for a monitored case as of `as_of`. Measures count when started on or
// before `as_of`.
Eligibility check_elimination(const Case& c, const HouseholdState& h, const Date& as_of, const WorkflowParams& p);

// Back-check (回头看) findings for an eliminated case; empty = keep.
std::vector<std::string> backcheck_findings(const Case& c, const HouseholdState& h, const Date& as_of,
                                            const WorkflowParams& p);

enum class QualityKind { Late, Imprecise, Ineffective };  // 不及时 不精准 成效不明显
std::string_view label(QualityKind k);

struct QualityFlag {
  QualityKind kind;
  std::string detail;
  Date found_on;
  std::optional<Date> rectified_on;  // nullopt: still open as of the date asked
};

// Flags found on or before `as_of` for a monitored (or later) case, each with the date it
// arose and, if put right by then, the date it was rectified. Derived from the dated
// record, so the answer for a date never changes afterwards. A removed case is evaluated up to its removal.
Result<std::vector<QualityFlag>> quality_flags(const Case& c, const HouseholdState& h, const Date& as_of,
                                               const WorkflowParams& p, const WorkCalendar& cal);

struct DueItem {
  std::string what;   // 入户核查 / 县级审定（识别认定）/ 帮扶责任人 / 帮扶计划 / 帮扶措施 / 回头看
  Date due;
  std::string rule;   // "15 个自然日（自线索）"
};

// Obligations of a case not yet met as of `as_of`, with their due dates.
Result<std::vector<DueItem>> due_items(const Case& c, const Date& as_of, const WorkflowParams& p,
                                       const WorkCalendar& cal);

}  // namespace fangpin::workflow
