#include "core/clock.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace mi {

TimePoint now() {
  if (const char *fixed = std::getenv("MI_FIXED_TIME"))
    if (auto t = parse_time(fixed))
      return *t;
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string format_time(TimePoint t) {
  std::time_t seconds = t.time_since_epoch().count();
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

std::optional<TimePoint> parse_time(std::string_view text) {
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z')
    return std::nullopt;
  // sscanf's %d would also take signs and spaces ("T-1:00:00Z"): require digits everywhere else.
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
    if (text[i] < '0' || text[i] > '9')
      return std::nullopt;
  int y, mo, d, h, mi, s;
  std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) != 6)
    return std::nullopt;
  using namespace std::chrono;
  year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok() || h > 23 || mi > 59 || s > 60)
    return std::nullopt;
  return sys_days{date} + hours{h} + minutes{mi} + seconds{s};
}

} // namespace mi
