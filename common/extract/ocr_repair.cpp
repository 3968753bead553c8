#include "extract/ocr_repair.hpp"

#include <algorithm>
#include <array>

namespace mi::extract {
namespace {

struct Confusion {
  char letter;
  char digit;
  std::string_view code;
};

// See ocr_repair.hpp for why these and not others.
constexpr std::array<Confusion, 15> confusions = {{
    {'O', '0', "O_as_0"},
    {'o', '0', "o_as_0"},
    {'D', '0', "D_as_0"},
    {'Q', '0', "Q_as_0"},
    {'I', '1', "I_as_1"},
    {'l', '1', "l_as_1"},
    {'i', '1', "i_as_1"},
    {'|', '1', "pipe_as_1"},
    {'!', '1', "exclamation_as_1"},
    {'Z', '2', "Z_as_2"},
    {'z', '2', "z_as_2"},
    {'S', '5', "S_as_5"},
    {'s', '5', "s_as_5"},
    {'G', '6', "G_as_6"},
    {'B', '8', "B_as_8"},
}};

const Confusion *confusion_for(char c) {
  for (const Confusion &confusion : confusions)
    if (confusion.letter == c)
      return &confusion;
  return nullptr;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

void note(std::vector<std::string> &fixes, std::string_view code) {
  if (std::find(fixes.begin(), fixes.end(), code) == fixes.end())
    fixes.emplace_back(code);
}

// Letters may stand in for digits only as a small minority: at most 2, at most a third.
bool letters_are_minority(std::size_t mapped, std::size_t digits) {
  return mapped <= 2 && mapped * 3 <= digits;
}

// Reads one digit or confusable letter into `out`; false for any other character.
bool take_digit(char c, std::string &out, std::size_t &mapped, std::vector<std::string> &fixes) {
  if (is_digit(c)) {
    out += c;
    return true;
  }
  if (const Confusion *confusion = confusion_for(c)) {
    out += confusion->digit;
    ++mapped;
    note(fixes, confusion->code);
    return true;
  }
  return false;
}

bool is_day_or_month_length(std::size_t n) { return n == 1 || n == 2; }

// The group lengths read_us_date accepts: M/D/YY, MM/DD/YYYY or YYYY-MM-DD.
bool has_date_lengths(const std::array<std::string, 3> &groups) {
  if (groups[0].size() == 4)
    return is_day_or_month_length(groups[1].size()) && is_day_or_month_length(groups[2].size());
  return is_day_or_month_length(groups[0].size()) && is_day_or_month_length(groups[1].size()) &&
         (groups[2].size() == 2 || groups[2].size() == 4);
}

bool is_plausible_joined_year(const std::string &group) {
  return group.size() != 4 || group.starts_with("19") || group.starts_with("20");
}

} // namespace

std::optional<char> confusable_digit(char c) {
  if (const Confusion *confusion = confusion_for(c))
    return confusion->digit;
  return std::nullopt;
}

std::optional<Repaired> repair_digit_field(std::string_view text, std::size_t min_len,
                                           std::size_t max_len) {
  text = trim_spaces(text);
  Repaired repaired;
  std::size_t mapped = 0;
  bool after_separator = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '-' || c == '.') {
      if (repaired.text.empty())
        return std::nullopt;
      after_separator = true;
      continue;
    }
    if (!take_digit(c, repaired.text, mapped, repaired.fixes))
      return std::nullopt;
    if (after_separator) {
      // Recorded after the digit so the codes keep the order in which the text needed them.
      note(repaired.fixes, fix::joined_digit_run);
      after_separator = false;
    }
  }
  std::size_t length = repaired.text.size();
  if (after_separator || length == 0 || length < min_len || length > max_len ||
      !letters_are_minority(mapped, length))
    return std::nullopt;
  return repaired;
}

std::optional<Repaired> repair_numeric_date(std::string_view text) {
  text = trim_spaces(text);
  Repaired repaired;
  std::array<std::string, 3> groups;
  std::array<bool, 3> joined{};
  std::size_t group = 0;
  char separator = '\0';
  bool pending_space = false;
  std::size_t mapped = 0;
  for (char c : text) {
    if (is_space(c)) {
      if (groups[group].empty())
        note(repaired.fixes, fix::spaced_separator); // after a separator
      else
        pending_space = true; // inside a group or before a separator: decided by what follows
      continue;
    }
    if (c == '/' || c == '-' || c == '.') {
      if (groups[group].empty() || group == 2 || (separator != '\0' && c != separator))
        return std::nullopt;
      if (pending_space)
        note(repaired.fixes, fix::spaced_separator);
      pending_space = false;
      separator = c;
      ++group;
      continue;
    }
    if (pending_space) {
      note(repaired.fixes, fix::joined_digit_run);
      joined[group] = true;
      pending_space = false;
    }
    if (!take_digit(c, groups[group], mapped, repaired.fixes))
      return std::nullopt;
  }
  if (group != 2 || groups[2].empty() || !has_date_lengths(groups))
    return std::nullopt;
  for (std::size_t i = 0; i < groups.size(); ++i)
    if (joined[i] && !is_plausible_joined_year(groups[i]))
      return std::nullopt;
  std::size_t digits = groups[0].size() + groups[1].size() + groups[2].size();
  if (!letters_are_minority(mapped, digits))
    return std::nullopt;
  repaired.text = groups[0] + separator + groups[1] + separator + groups[2];
  return repaired;
}

Repaired compact_identifier(std::string_view text) {
  text = trim_spaces(text);
  Repaired repaired;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_space(text[i]) && !repaired.text.empty() && is_digit(repaired.text.back())) {
      std::size_t next = i;
      while (next < text.size() && is_space(text[next]))
        ++next;
      if (next < text.size() && is_digit(text[next])) {
        note(repaired.fixes, fix::joined_digit_run);
        i = next - 1;
        continue;
      }
    }
    repaired.text += text[i];
  }
  return repaired;
}

} // namespace mi::extract
