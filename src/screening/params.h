// Screening policy parameters (FORMATS.md "Default warning grades", SPEC §7 deadlines): the
// [screening] section of the policy TOML. Every boundary the rules use lives here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"
#include "domain/result.h"
#include "domain/workflow/calendar.h"

namespace fangpin::screening {

// Warning grades, least to most severe (the numeric order is the severity order).
enum class Grade : std::uint8_t { Yellow = 1, Orange = 2, Red = 3 };
std::string_view label(Grade g);  // 黄 / 橙 / 红
std::optional<Grade> parse_grade(std::string_view s);  // 黄/橙/红 or yellow/orange/red

struct ScreeningParams {
  // 红: 扣除刚性支出后人均收入 with the new cost added < red ratio × line; 橙: < orange ratio × line.
  // Basis points (10000 = 1.0×) keep the comparison exact in integers.
  int red_line_basis_points = 10000;
  int orange_line_basis_points = 12000;
  // 橙: a main labourer (aged min..max, labour 普通/技能) certified disabled grade 1..this.
  int main_labourer_disability_max_grade = 2;
  int main_labourer_age_min = 16;
  int main_labourer_age_max = 59;
  // 红: 辍学 aged min..max (义务教育).
  int compulsory_age_min = 6;
  int compulsory_age_max = 15;
  // 黄: 合规自付费用 ≥ this.
  Fen selfpay_yellow_min = yuan(5000);
  // 红: 房屋鉴定等级 in this list (C/D 危房).
  std::vector<std::string> dangerous_house_grades{"C", "D"};
  // Dispatch deadlines in working days (SPEC §7, seed 004).
  int prefecture_to_county_days = 3;
  int county_to_village_days = 2;
  // 入户核查 after the village has the warning: [deadlines] warning_verification, the same
  // rule the case workflow applies to a 部门预警 clue (one parameter, not two).
  workflow::DeadlineRule verification{3, workflow::DayBasis::Working};
};

// Reads [screening] (and warning_verification from [deadlines]) from policy TOML text; a
// missing section gives the defaults above, unknown keys and wrong types are errors naming
// the key.
Result<ScreeningParams> parse_screening_params(std::string_view toml_text, std::string_view origin = "policy");
// From a policy file path; empty = the shipped default policy.
Result<ScreeningParams> load_screening_params(const std::string& path);

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
