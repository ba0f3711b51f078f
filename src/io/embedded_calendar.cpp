// The shipped working-day calendar (config/calendar/cn_holidays.csv), compiled in.
#include <cstddef>
#include <string_view>

#include "io/embed.h"

FANGPIN_EMBED(fangpin_calendar_csv, FANGPIN_CALENDAR_PATH)

namespace fangpin::io::embedded {
std::string_view calendar_csv() {
  return {fangpin_calendar_csv_begin, static_cast<std::size_t>(fangpin_calendar_csv_end - fangpin_calendar_csv_begin)};
}
}  // namespace fangpin::io::embedded
