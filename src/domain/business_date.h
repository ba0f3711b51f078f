// The window a recorded business date must fall in (issue 15 defect 9): a date far in the
// future (a mistyped 9999-12-31) would make every later record "earlier than the last one"
// and lock the case. One check, used by the workflow use cases for the CLI and the API.
#pragma once
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "domain/date.h"
#include "domain/result.h"

namespace fangpin {

// Invalid (naming `field`) when `on` is more than `max_days_ahead` days after `today`.
inline Status check_business_date(const Date& on, const Date& today, int max_days_ahead, std::string_view field) {
  const Date latest = today.plus_days(max_days_ahead);
  if (latest < on)
    return invalid(fmt::format("{} 的日期 {} 晚于今天 {} 超过 {} 天（政策参数 deadlines.business_date_max_days_ahead），"
                               "请检查年份是否录错",
                               field, on.iso(), today.iso(), max_days_ahead),
                   std::string(field));
  return Ok{};
}

}  // namespace fangpin
