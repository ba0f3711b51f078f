// Warning grades and the deadline calendars of department screening.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"
#include "domain/result.h"
#include "domain/screening_params.h"
#include "domain/workflow/calendar.h"

namespace fangpin::screening {

// Warning grades, least to most severe (the numeric order is the severity order).
enum class Grade : std::uint8_t { Yellow = 1, Orange = 2, Red = 3 };
std::string_view label(Grade g);  // 黄 / 橙 / 红
std::optional<Grade> parse_grade(std::string_view s);  // 黄/橙/红 or yellow/orange/red

// ScreeningParams (domain/screening_params.h) come from the policy file through
// io::load_policy_bundle, with the assessment and workflow parameters.

// Deadline arithmetic behind one interface: HolidayCalendar (the State Council holiday
// notices, 调休 included) in production; WeekdayCalendar counts Monday–Friday only.
class DeadlineCalendar {
 public:
  virtual ~DeadlineCalendar() = default;
  // The date `days` working days after `from` (from itself not counted). days ≤ 0 → from.
  virtual Date add_working_days(Date from, int days) const = 0;
};

class WeekdayCalendar final : public DeadlineCalendar {
 public:
  Date add_working_days(Date from, int days) const override;
};

// Working days of the holiday calendar (SPEC §7: "working days follow the national holiday
// calendar including make-up working days"). A count that leaves the calendar's years falls
// back to Monday–Friday; callers check covers() first and tell the user.
class HolidayCalendar final : public DeadlineCalendar {
 public:
  explicit HolidayCalendar(workflow::WorkCalendar calendar) : calendar_(std::move(calendar)) {}
  Date add_working_days(Date from, int days) const override;
  bool covers(const Date& day) const { return calendar_.covers(day.year); }

 private:
  workflow::WorkCalendar calendar_;
  WeekdayCalendar fallback_;
};

}  // namespace fangpin::screening
