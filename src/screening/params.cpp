#include "screening/params.h"

#include <chrono>

namespace fangpin::screening {

std::string_view label(Grade g) {
  switch (g) {
    case Grade::Yellow: return "黄";
    case Grade::Orange: return "橙";
    case Grade::Red: return "红";
  }
  return "黄";
}

std::optional<Grade> parse_grade(std::string_view s) {
  if (s == "黄" || s == "yellow") return Grade::Yellow;
  if (s == "橙" || s == "orange") return Grade::Orange;
  if (s == "红" || s == "red") return Grade::Red;
  return std::nullopt;
}

Date WeekdayCalendar::add_working_days(Date from, int days) const {
  Date d = from;
  while (days > 0) {
    d = d.plus_days(1);
    const std::chrono::weekday wd{d.to_days()};
    if (wd != std::chrono::Saturday && wd != std::chrono::Sunday) --days;
  }
  return d;
}

Date HolidayCalendar::add_working_days(Date from, int days) const {
  if (days <= 0) return from;
  auto d = calendar_.add_working_days(from, days);
  return d ? *d : fallback_.add_working_days(from, days);
}

}  // namespace fangpin::screening
