#include "domain/workflow/calendar.h"

#include <chrono>

#include <fmt/format.h>

namespace fangpin::workflow {

Status WorkCalendar::add(const Date& day, DayKind kind, std::string_view name) {
  auto [it, inserted] = days_.try_emplace(day, Entry{kind, std::string(name)});
  if (!inserted && it->second.kind != kind)
    return failed_precondition(fmt::format("{} 同时被列为休息日和调休上班日", day.iso()), "日期");
  years_.insert(day.year);
  return Ok{};
}

int weekday(const Date& d) {
  const std::chrono::weekday w{d.to_days()};
  return static_cast<int>(w.iso_encoding()) - 1;
}

std::optional<bool> WorkCalendar::is_working_day(const Date& day) const {
  if (!covers(day.year)) return std::nullopt;
  if (auto it = days_.find(day); it != days_.end()) return it->second.kind == DayKind::MakeUpWorkday;
  return weekday(day) < 5;
}

std::string WorkCalendar::name_of(const Date& day) const {
  auto it = days_.find(day);
  return it == days_.end() ? std::string() : it->second.name;
}

Result<Date> WorkCalendar::add_working_days(const Date& from, int n) const {
  if (n < 0) return invalid("工作日数不能为负", "days");
  Date d = from;
  for (int left = n; left > 0;) {
    d = d.plus_days(1);
    auto w = is_working_day(d);
    if (!w) return failed_precondition(fmt::format("工作日历未包含 {} 年的节假日安排，无法计算工作日", d.year), "calendar");
    if (*w) --left;
  }
  return d;
}

Date add_months(const Date& from, int n) {
  using namespace std::chrono;
  const year_month ym = year_month{year{from.year}, month{static_cast<unsigned>(from.month)}} + months{n};
  const auto month_end = static_cast<int>(static_cast<unsigned>((ym / last).day()));
  return Date{static_cast<int>(ym.year()), static_cast<int>(static_cast<unsigned>(ym.month())),
              from.day > month_end ? month_end : from.day};
}

std::string_view label(DayBasis b) { return b == DayBasis::Calendar ? "自然日" : "工作日"; }

std::optional<DayBasis> parse_day_basis(std::string_view s) {
  if (s == "自然日" || s == "calendar") return DayBasis::Calendar;
  if (s == "工作日" || s == "working") return DayBasis::Working;
  return std::nullopt;
}

std::string DeadlineRule::text() const { return fmt::format("{} 个{}", days, label(basis)); }

Result<Date> due_date(const WorkCalendar& cal, const Date& from, const DeadlineRule& rule) {
  if (rule.basis == DayBasis::Calendar) return from.plus_days(rule.days);
  return cal.add_working_days(from, rule.days);
}

}  // namespace fangpin::workflow
