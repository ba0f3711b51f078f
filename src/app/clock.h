// Time as the use cases record it: audit and upload timestamps in ISO-8601 UTC (whole
// seconds), and the business date a cadre's calendar shows (China Standard Time, UTC+8, no
// daylight saving). One definition for every adapter.
#pragma once
#include <chrono>
#include <string>

#include "domain/date.h"

namespace fangpin::app {

using TimePoint = std::chrono::system_clock::time_point;

std::string iso_utc(TimePoint t);
Date china_date(TimePoint t);

}  // namespace fangpin::app
