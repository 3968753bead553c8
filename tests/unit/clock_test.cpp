#include "core/clock.hpp"

#include "test_support.hpp"

#include <cstdlib>

using namespace mi;
using namespace std::chrono;

TEST_CASE("format_time writes RFC 3339 UTC and parse_time reads it back") {
  TimePoint t = sys_days{year{2024} / February / 29} + hours{23} + minutes{5} + seconds{9};
  CHECK(format_time(t) == "2024-02-29T23:05:09Z");
  CHECK(parse_time("2024-02-29T23:05:09Z") == t);
  CHECK(format_time(TimePoint{}) == "1970-01-01T00:00:00Z");
  for (auto s : {"1999-12-31T23:59:59Z", "2026-01-01T00:00:00Z", "2038-01-19T03:14:08Z"})
    CHECK(format_time(parse_time(s).value()) == s);
}

TEST_CASE("parse_time rejects anything but the canonical form") {
  for (auto bad : {"",
                   "2024-02-29",
                   "2024-02-29T23:05:09",
                   "2024-02-29 23:05:09Z",
                   "2024-02-29T23:05:09z",
                   "2024-02-29T23:05:09+00:00",
                   "2023-02-29T00:00:00Z",
                   "2024-13-01T00:00:00Z",
                   "2024-00-10T00:00:00Z",
                   "2024-01-32T00:00:00Z",
                   "2024-01-01T24:00:00Z",
                   "2024-01-01T00:60:00Z",
                   "2024-01-01T-1:00:00Z",
                   "2024-01-01T00:-1:00Z",
                   "2024-01-01T00:00:-1Z",
                   "2024-01-01T00:00:+1Z",
                   "2024-01-01T 1:00:00Z",
                   "+024-01-01T00:00:00Z",
                   "2024-1a-01T00:00:00Z",
                   "2024-01-01T00:00:0aZ"}) {
    INFO(bad);
    CHECK_FALSE(parse_time(bad));
  }
}

TEST_CASE("MI_FIXED_TIME freezes the clock; an invalid value is ignored") {
  const char *saved = std::getenv("MI_FIXED_TIME");
  std::string saved_value = saved ? saved : "";
  setenv("MI_FIXED_TIME", "2025-06-01T12:00:00Z", 1);
  CHECK(format_time(now()) == "2025-06-01T12:00:00Z");
  setenv("MI_FIXED_TIME", "not a time", 1);
  auto real = now();
  CHECK(real > parse_time("2025-06-01T12:00:00Z").value() - days{365 * 10});
  CHECK(format_time(real) != "2025-06-01T12:00:00Z");
  if (saved)
    setenv("MI_FIXED_TIME", saved_value.c_str(), 1);
  else
    unsetenv("MI_FIXED_TIME");
}
