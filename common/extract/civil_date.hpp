#pragma once
// Calendar dates as US forms print them, read without guessing.
//
// A CivilDate is a day on the proleptic Gregorian calendar with no time and no zone: a date of
// birth or of service is the same day wherever it is read, so it is never converted through a
// time point. Numeric dates are month first (US forms); "03/04/1980" is March 4 and there is no
// setting that flips it, because a reader that sometimes swaps day and month is worse than one
// that always refuses the non-US form.
//
// read_us_date separates two questions a caller must not confuse: "is this text shaped like a
// date?" and "is it a real day?". 02/30/2023 is shaped like a date but is no day, and the
// extractor must send it to review instead of treating the field as absent.

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace mi::extract {

struct CivilDate {
  int year = 0;
  int month = 0;           // 1..12
  int day = 0;             // 1..31
  std::string iso() const; // YYYY-MM-DD, the one form mi writes dates in
  auto operator<=>(const CivilDate &) const = default;
};

struct DateReading {
  std::optional<CivilDate> date; // set only when the text names a real calendar day
  bool looks_like_date = false;  // the text has a date's shape, real day or not
};

// Reads the whole text (after trimming spaces and . , ; : ( ) [ ] { } " ' at both ends) as one of:
//   numeric, month first:  MM/DD/YYYY, M/D/YY, MM-DD-YYYY, MM.DD.YYYY (one separator kind)
//   numeric, year first:   YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD
//   month name first:      January 5, 1980 / Jan 5 1980 / Jan. 5th, 1980 / Sept 5, 80
//   day first, month name: 5 Jan 1980 / 05-Jan-1980 / 05JAN1980 / 5/Jan/80
// Anything else in the text (a time, a word, a stray character) makes it not a date: the caller
// cuts the token, this function does not search inside it. Numeric forms allow no inner spaces;
// OCR's stray spaces are repaired (and recorded) by ocr_repair.hpp before the date is read.
// Two-digit years pivot on `today`: 00 up to today's two-digit year are 20xx, the rest 19xx, so
// "03/15/24" read in 2025 is 2024 and "03/15/52" is 1952. That suits dates of birth and recent
// dates of service; a future date written with two digits (an appointment next century) would be
// misread, which is why callers check dates against `today` as well.
DateReading read_us_date(std::string_view text, CivilDate today);

// Years 1..9999, months 1..12, days of that month (February 29 in Gregorian leap years only).
bool is_calendar_valid(int year, int month, int day);

// Whole years from birth to `on`: a birthday counts on its day, February 29 birthdays on March 1
// in common years. Negative exactly when `on` is before `birth`, so a birth date in the future is
// visible to the caller instead of being clamped to 0.
int age_in_years(CivilDate birth, CivilDate on);

// Today's date in UTC from mi's clock (core/clock.hpp), so MI_FIXED_TIME freezes it for
// reproducible runs like every other time mi writes.
CivilDate today_utc();

// Exactly "YYYY-MM-DD" naming a real day; the form mi itself writes (CivilDate::iso).
std::optional<CivilDate> parse_iso_date(std::string_view text);

} // namespace mi::extract
