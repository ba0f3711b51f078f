#include "app/clock.h"

#include <fmt/chrono.h>

namespace fangpin::app {

std::string iso_utc(TimePoint t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

Date china_date(TimePoint t) {
  return Date::from_days(std::chrono::floor<std::chrono::days>(t + std::chrono::hours(8)));
}

}  // namespace fangpin::app
