#include "extract/civil_date.hpp"

#include "core/clock.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <utility>

namespace mi::extract {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// What a form puts around a date ("(01/05/1980)", "DOB 01/05/1980;", "Jan. 5, 1980."), never
// inside one. Slashes and hyphens are not trimmed: at an end they mean the token was cut wrong.
bool is_trimmable(char c) {
  return is_space(c) || std::string_view(".,;:()[]{}\"'").find(c) != std::string_view::npos;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_trimmable(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_trimmable(text.back()))
    text.remove_suffix(1);
  return text;
}

int number(std::string_view digits) {
  int n = 0;
  for (char c : digits)
    n = n * 10 + (c - '0');
  return n;
}

bool equals_lowercase(std::string_view word, std::string_view lowercase) {
  if (word.size() != lowercase.size())
    return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (lower(word[i]) != lowercase[i])
      return false;
  return true;
}

// 1..12, or 0 when the word is no month's name or abbreviation.
int month_from_name(std::string_view word) {
  static constexpr std::array<std::string_view, 12> names = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  for (std::size_t i = 0; i < names.size(); ++i)
    if (equals_lowercase(word, names[i]) || equals_lowercase(word, names[i].substr(0, 3)))
      return static_cast<int>(i) + 1;
  if (equals_lowercase(word, "sept"))
    return 9;
  return 0;
}

class Scanner {
public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool done() const { return pos_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }

  bool take(char c) {
    if (peek() != c)
      return false;
    ++pos_;
    return true;
  }
  std::string_view take_digits() { return take_while(is_digit); }
  std::string_view take_letters() { return take_while(is_letter); }
  void skip_spaces() { take_while(is_space); }

  // Between the words of a written date: spaces around at most one of , - /
  void skip_gap() {
    skip_spaces();
    if (!take(',') && !take('-'))
      take('/');
    skip_spaces();
  }

  // "5th", "1st", "22nd", "3rd": the suffix is only taken when it is the whole letter run, so
  // the month of "05JAN1980" is left for the caller.
  void skip_ordinal_suffix() {
    std::size_t start = pos_;
    std::string_view letters = take_letters();
    if (!(equals_lowercase(letters, "st") || equals_lowercase(letters, "nd") ||
          equals_lowercase(letters, "rd") || equals_lowercase(letters, "th")))
      pos_ = start;
  }

private:
  template <class Predicate> std::string_view take_while(Predicate predicate) {
    std::size_t start = pos_;
    while (!done() && predicate(text_[pos_]))
      ++pos_;
    return text_.substr(start, pos_ - start);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

bool is_day_or_month_digits(std::string_view digits) {
  return !digits.empty() && digits.size() <= 2;
}
bool is_year_digits(std::string_view digits) { return digits.size() == 2 || digits.size() == 4; }

int full_year(std::string_view digits, CivilDate today) {
  int value = number(digits);
  if (digits.size() == 4)
    return value;
  int century = today.year - today.year % 100;
  return value <= today.year % 100 ? century + value : century - 100 + value;
}

DateReading date_shaped(int year, int month, int day) {
  DateReading reading;
  reading.looks_like_date = true;
  if (is_calendar_valid(year, month, day))
    reading.date = CivilDate{year, month, day};
  return reading;
}

// MM/DD/YYYY, M/D/YY, MM-DD-YYYY, MM.DD.YYYY and YYYY-MM-DD (one separator kind, no spaces).
std::optional<DateReading> read_numeric(std::string_view text, CivilDate today) {
  Scanner scanner(text);
  std::string_view first = scanner.take_digits();
  char separator = scanner.peek();
  if (first.empty() || std::string_view("/-.").find(separator) == std::string_view::npos)
    return std::nullopt;
  scanner.take(separator);
  std::string_view second = scanner.take_digits();
  if (!scanner.take(separator))
    return std::nullopt;
  std::string_view third = scanner.take_digits();
  if (!scanner.done())
    return std::nullopt;
  if (first.size() == 4 && is_day_or_month_digits(second) && is_day_or_month_digits(third))
    return date_shaped(number(first), number(second), number(third));
  if (is_day_or_month_digits(first) && is_day_or_month_digits(second) && is_year_digits(third))
    return date_shaped(full_year(third, today), number(first), number(second));
  return std::nullopt;
}

// "January 5, 1980", "Jan 5 1980", "Jan. 5th, 1980".
std::optional<DateReading> read_month_first(std::string_view text, CivilDate today) {
  Scanner scanner(text);
  int month = month_from_name(scanner.take_letters());
  if (month == 0)
    return std::nullopt;
  scanner.take('.');
  scanner.skip_gap();
  std::string_view day = scanner.take_digits();
  if (!is_day_or_month_digits(day))
    return std::nullopt;
  scanner.skip_ordinal_suffix();
  scanner.skip_gap();
  std::string_view year = scanner.take_digits();
  if (!is_year_digits(year) || !scanner.done())
    return std::nullopt;
  return date_shaped(full_year(year, today), month, number(day));
}

// "5 Jan 1980", "05-Jan-1980", "05JAN1980", "5th January, 1980".
std::optional<DateReading> read_day_first(std::string_view text, CivilDate today) {
  Scanner scanner(text);
  std::string_view day = scanner.take_digits();
  if (!is_day_or_month_digits(day))
    return std::nullopt;
  scanner.skip_ordinal_suffix();
  scanner.skip_gap();
  int month = month_from_name(scanner.take_letters());
  if (month == 0)
    return std::nullopt;
  scanner.take('.');
  scanner.skip_gap();
  std::string_view year = scanner.take_digits();
  if (!is_year_digits(year) || !scanner.done())
    return std::nullopt;
  return date_shaped(full_year(year, today), month, number(day));
}

} // namespace

std::string CivilDate::iso() const {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

DateReading read_us_date(std::string_view text, CivilDate today) {
  text = trim(text);
  if (text.empty())
    return {};
  for (auto reader : {read_numeric, read_month_first, read_day_first})
    if (auto reading = reader(text, today))
      return *reading;
  return {};
}

bool is_calendar_valid(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31)
    return false;
  return std::chrono::year_month_day{std::chrono::year{year},
                                     std::chrono::month{static_cast<unsigned>(month)},
                                     std::chrono::day{static_cast<unsigned>(day)}}
      .ok();
}

int age_in_years(CivilDate birth, CivilDate on) {
  int years = on.year - birth.year;
  if (std::pair(on.month, on.day) < std::pair(birth.month, birth.day))
    --years;
  return years;
}

CivilDate today_utc() {
  std::chrono::year_month_day date{std::chrono::floor<std::chrono::days>(mi::now())};
  return CivilDate{static_cast<int>(date.year()), static_cast<int>(unsigned(date.month())),
                   static_cast<int>(unsigned(date.day()))};
}

std::optional<CivilDate> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!is_digit(text[i]))
      return std::nullopt;
  CivilDate date{number(text.substr(0, 4)), number(text.substr(5, 2)), number(text.substr(8, 2))};
  if (!is_calendar_valid(date.year, date.month, date.day))
    return std::nullopt;
  return date;
}

} // namespace mi::extract
