// A calendar date (proleptic Gregorian), ISO "YYYY-MM-DD" text form.
#pragma once
#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace fangpin {

struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  auto operator<=>(const Date&) const = default;

  static std::optional<Date> parse(std::string_view iso);  // strict YYYY-MM-DD
  static std::optional<Date> from_ymd(int y, int m, int d);  // nullopt if not a real date
  static Date from_days(std::chrono::sys_days d);
  std::chrono::sys_days to_days() const;
  std::string iso() const;
  Date plus_days(int n) const;
};

// Whole years between birth and `on` (birthday counts on the day itself).
int age_on(const Date& birth, const Date& on);

}  // namespace fangpin
