#include "extract/civil_date.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace mi::extract;

namespace {

constexpr CivilDate today{2025, 6, 15};

std::optional<std::string> iso_of(std::string_view text, CivilDate on = today) {
  DateReading reading = read_us_date(text, on);
  if (!reading.date)
    return std::nullopt;
  CHECK(reading.looks_like_date);
  return reading.date->iso();
}

} // namespace

TEST_CASE("CivilDate writes ISO 8601 and orders by calendar") {
  CHECK(CivilDate{1980, 1, 5}.iso() == "1980-01-05");
  CHECK(CivilDate{812, 12, 31}.iso() == "0812-12-31");
  CHECK(CivilDate{1980, 1, 5} < CivilDate{1980, 1, 6});
  CHECK(CivilDate{1979, 12, 31} < CivilDate{1980, 1, 1});
  CHECK(CivilDate{1980, 2, 1} > CivilDate{1980, 1, 31});
  CHECK(CivilDate{1980, 1, 5} == CivilDate{1980, 1, 5});
}

TEST_CASE("numeric US dates are month first") {
  CHECK(iso_of("01/05/1980") == "1980-01-05");
  CHECK(iso_of("1/5/1980") == "1980-01-05");
  CHECK(iso_of("12-31-1999") == "1999-12-31");
  CHECK(iso_of("03.04.2001") == "2001-03-04");
  CHECK(iso_of("1980-01-05") == "1980-01-05");
  CHECK(iso_of("1980/1/5") == "1980-01-05");
  CHECK(iso_of("2024.02.29") == "2024-02-29");
}

TEST_CASE("written dates with month names in the forms US forms print") {
  CHECK(iso_of("January 5, 1980") == "1980-01-05");
  CHECK(iso_of("Jan 5 1980") == "1980-01-05");
  CHECK(iso_of("Jan. 5, 1980") == "1980-01-05");
  CHECK(iso_of("JAN 05, 1980") == "1980-01-05");
  CHECK(iso_of("Sept 5, 1980") == "1980-09-05");
  CHECK(iso_of("September 5th, 1980") == "1980-09-05");
  CHECK(iso_of("Mar 1st 80") == "1980-03-01");
  CHECK(iso_of("5 Jan 1980") == "1980-01-05");
  CHECK(iso_of("5th January 1980") == "1980-01-05");
  CHECK(iso_of("05-Jan-1980") == "1980-01-05");
  CHECK(iso_of("05JAN1980") == "1980-01-05");
  CHECK(iso_of("5/Dec/99") == "1999-12-05");
  CHECK(iso_of("31 December 2024") == "2024-12-31");
  CHECK(iso_of("May 5, 1980") == "1980-05-05");
}

TEST_CASE("surrounding punctuation and spaces are trimmed, nothing else") {
  CHECK(iso_of("  (01/05/1980)  ") == "1980-01-05");
  CHECK(iso_of("01/05/1980.") == "1980-01-05");
  CHECK(iso_of("\"Jan. 5, 1980\";") == "1980-01-05");
  CHECK(iso_of("[1980-01-05],") == "1980-01-05");
}

TEST_CASE("two-digit years pivot on today's year") {
  CHECK(iso_of("03/15/24") == "2024-03-15");
  CHECK(iso_of("03/15/25") == "2025-03-15"); // today's own two-digit year is this century
  CHECK(iso_of("03/15/26") == "1926-03-15");
  CHECK(iso_of("03/15/00") == "2000-03-15");
  CHECK(iso_of("03/15/99") == "1999-03-15");
  CHECK(iso_of("3/5/52") == "1952-03-05");
  CHECK(iso_of("03/15/26", CivilDate{2030, 1, 1}) == "2026-03-15");
  CHECK(iso_of("03/15/31", CivilDate{2030, 1, 1}) == "1931-03-15");
}

TEST_CASE("date-shaped text that is no calendar day is reported as such") {
  for (auto text : {"02/30/2023", "2023-02-29", "13/01/2020", "00/10/2020", "04/31/2020",
                    "Feb 30, 2023", "31 Apr 2020", "02/29/23"}) {
    CAPTURE(text);
    DateReading reading = read_us_date(text, today);
    CHECK(reading.looks_like_date);
    CHECK_FALSE(reading.date);
  }
  CHECK(iso_of("02/29/2024") == "2024-02-29");
  CHECK(iso_of("02/29/24") == "2024-02-29");
}

TEST_CASE("text that is not a whole date is neither a date nor date-shaped") {
  for (auto text : {"",
                    "   ",
                    "01/05/1980x",
                    "01/05/1980 10:30",
                    "DOB 01/05/1980",
                    "01/05/1980/",
                    "01/05-1980",
                    "01 / 05 / 1980",
                    "01/05/198",
                    "01/05/19800",
                    "001/05/1980",
                    "1980-001-05",
                    "01051980",
                    "1/5",
                    "555-123-4567",
                    "Jan 1980",
                    "Janu 5, 1980",
                    "Smarch 5, 1980",
                    "January",
                    "5 Jan",
                    "Jan 5, 1980 and more",
                    "Jan 5th1980x"}) {
    CAPTURE(text);
    DateReading reading = read_us_date(text, today);
    CHECK_FALSE(reading.looks_like_date);
    CHECK_FALSE(reading.date);
  }
}

TEST_CASE("calendar validity follows the Gregorian leap year rule") {
  CHECK(is_calendar_valid(2024, 2, 29));
  CHECK_FALSE(is_calendar_valid(2023, 2, 29));
  CHECK(is_calendar_valid(2000, 2, 29));       // divisible by 400
  CHECK_FALSE(is_calendar_valid(1900, 2, 29)); // divisible by 100 only
  CHECK(is_calendar_valid(2023, 2, 28));
  CHECK(is_calendar_valid(2023, 12, 31));
  CHECK_FALSE(is_calendar_valid(2023, 4, 31));
  CHECK_FALSE(is_calendar_valid(2023, 13, 1));
  CHECK_FALSE(is_calendar_valid(2023, 0, 1));
  CHECK_FALSE(is_calendar_valid(2023, 1, 0));
  CHECK_FALSE(is_calendar_valid(2023, 1, 32));
  CHECK_FALSE(is_calendar_valid(0, 1, 1));
  CHECK_FALSE(is_calendar_valid(10000, 1, 1));
  CHECK(is_calendar_valid(1, 1, 1));
  CHECK(is_calendar_valid(9999, 12, 31));
}

TEST_CASE("age counts whole years, birthdays on their day") {
  CHECK(age_in_years({1980, 1, 5}, {2025, 1, 4}) == 44);
  CHECK(age_in_years({1980, 1, 5}, {2025, 1, 5}) == 45);
  CHECK(age_in_years({1980, 1, 5}, {2025, 6, 15}) == 45);
  CHECK(age_in_years({2025, 6, 15}, {2025, 6, 15}) == 0);
  CHECK(age_in_years({1980, 12, 31}, {1981, 12, 30}) == 0);
  // A leap-day birthday comes on March 1 in common years.
  CHECK(age_in_years({2020, 2, 29}, {2023, 2, 28}) == 2);
  CHECK(age_in_years({2020, 2, 29}, {2023, 3, 1}) == 3);
  CHECK(age_in_years({2020, 2, 29}, {2024, 2, 29}) == 4);
  // A birth date after the day asked about is negative, never 0.
  CHECK(age_in_years({2025, 6, 16}, {2025, 6, 15}) == -1);
  CHECK(age_in_years({2026, 1, 1}, {2025, 6, 15}) == -1);
  CHECK(age_in_years({2030, 1, 1}, {2025, 6, 15}) < 0);
}

TEST_CASE("today_utc follows mi's clock and MI_FIXED_TIME") {
  const char *saved = std::getenv("MI_FIXED_TIME");
  std::string previous = saved ? saved : "";
  setenv("MI_FIXED_TIME", "2024-02-29T23:59:59Z", 1);
  CHECK(today_utc() == CivilDate{2024, 2, 29});
  setenv("MI_FIXED_TIME", "2025-01-01T00:00:00Z", 1);
  CHECK(today_utc() == CivilDate{2025, 1, 1});
  if (saved)
    setenv("MI_FIXED_TIME", previous.c_str(), 1);
  else
    unsetenv("MI_FIXED_TIME");
  CivilDate now = today_utc();
  CHECK(is_calendar_valid(now.year, now.month, now.day));
  CHECK(now.year >= 2024);
}

TEST_CASE("parse_iso_date reads only the strict form of a real day") {
  CHECK(parse_iso_date("2024-02-29") == CivilDate{2024, 2, 29});
  CHECK(parse_iso_date("1980-01-05") == CivilDate{1980, 1, 5});
  for (auto text : {"2023-02-29", "1980-1-05", "1980-01-5", "80-01-05", "1980/01/05", " 1980-01-05",
                    "1980-01-05 ", "1980-01-05T00:00:00Z", "+980-01-05", "1980-13-01", "0000-01-01",
                    "", "01/05/1980"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_iso_date(text));
  }
  for (auto date : {CivilDate{1, 1, 1}, CivilDate{1999, 12, 31}, CivilDate{2024, 2, 29}})
    CHECK(parse_iso_date(date.iso()) == date);
}
