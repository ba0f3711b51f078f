// Working-day calendar (SPEC §7: "working days follow the national holiday calendar
// including make-up working days (调休)") and the deadline parameters built on it.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/result.h"

namespace fangpin::workflow {

enum class DayKind { Holiday, MakeUpWorkday };  // 休 / 班

// Built from the State Council holiday notices (config/calendar). Pure: the rows are
// loaded by io (workflow_policy.h).
class WorkCalendar {
 public:
  // Adds one listed day. Errors if the day is already listed with another kind.
  Status add(const Date& day, DayKind kind, std::string_view name);
  // Years covered by some notice. Working-day arithmetic outside them is an error.
  const std::set<int>& years() const { return years_; }
  bool covers(int year) const { return years_.contains(year); }

  // A 班 day, or Monday–Friday and not a 休 day. nullopt outside the covered years.
  std::optional<bool> is_working_day(const Date& day) const;
  // The holiday name for a 休/班 day ("春节"), empty otherwise.
  std::string name_of(const Date& day) const;
  // The date `n` working days after `from` (n ≥ 0; 0 = `from` itself). Counting starts
  // the day after `from`, as in "3 个工作日内". Errors naming the year if the count leaves
  // the covered years.
  Result<Date> add_working_days(const Date& from, int n) const;

 private:
  struct Entry {
    DayKind kind;
    std::string name;
  };
  std::map<Date, Entry> days_;
  std::set<int> years_;
};

// 0 = Monday … 6 = Sunday.
int weekday(const Date& d);
// `n` calendar months after `from`, the day clamped to the month's end (2023-08-31 + 6 →
// 2024-02-29): "稳定半年" and other month periods.
Date add_months(const Date& from, int n);

enum class DayBasis { Calendar, Working };  // 自然日 / 工作日
std::string_view label(DayBasis b);
std::optional<DayBasis> parse_day_basis(std::string_view s);  // 自然日|工作日|calendar|working

struct DeadlineRule {
  int days = 0;
  DayBasis basis = DayBasis::Calendar;
  std::string text() const;  // "15 个自然日"
};

// The due date of `rule` counted from `from`.
Result<Date> due_date(const WorkCalendar& cal, const Date& from, const DeadlineRule& rule);

// SPEC §7–§9 deadlines and periods; defaults are the SPEC figures, config/policy.toml
// [deadlines] overrides them.
struct WorkflowParams {
  DeadlineRule identification{15, DayBasis::Calendar};           // clue → 县级审定
  DeadlineRule measures_from_clue{25, DayBasis::Calendar};       // clue → measures in place
  DeadlineRule plan_after_approval{10, DayBasis::Calendar};      // 县级审定 → plan
  DeadlineRule measures_after_approval{15, DayBasis::Calendar};  // 县级审定 → measures
  DeadlineRule caseworker_after_approval{10, DayBasis::Calendar};
  DeadlineRule warning_verification{3, DayBasis::Working};       // 部门预警 → 入户核查
  DeadlineRule own_verification{0, DayBasis::Working};           // 干部排查: same day
  DeadlineRule other_verification{3, DayBasis::Working};         // 自主申报, 舆情信访
  DeadlineRule notice_min{5, DayBasis::Calendar};                // 公示 ≥ 5 days
  int stable_months = 6;           // SPEC §9 ④ 稳定半年以上
  int ineffective_months = 6;      // SPEC §8 成效不明显
  int backcheck_interval_months = 12;  // 回头看 at least yearly
  // A record's date may be at most this many days after today (UTC date; 1 covers UTC+8),
  // so a mistyped year (9999-12-31) cannot lock a case (issue 15 defect 9).
  int business_date_max_days_ahead = 1;
  // SPEC §9 ①: how many of the latest annual finances must each be ≥ their year's line
  // (1 = the latest year only; 2 = the older, stricter local rule).
  int income_years_above_line = 1;
};

}  // namespace fangpin::workflow
