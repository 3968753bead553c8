#pragma once
// Wall-clock time in the one textual form mi writes: RFC 3339 UTC with seconds, "…Z".
// MI_FIXED_TIME (same form) freezes the clock so golden-output tests are reproducible.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mi {

using TimePoint = std::chrono::sys_seconds;

TimePoint now();
std::string format_time(TimePoint t);
std::optional<TimePoint> parse_time(std::string_view text);

} // namespace mi
