#include "extract/identifiers.hpp"

#include "core/error.hpp"

namespace mi::extract {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The Luhn check digit that would follow `payload` (the rightmost payload digit is doubled).
int luhn_check_digit(std::string_view payload) {
  int sum = 0;
  bool doubled = true;
  for (auto it = payload.rbegin(); it != payload.rend(); ++it, doubled = !doubled) {
    int digit = *it - '0';
    if (doubled) {
      digit *= 2;
      if (digit > 9)
        digit -= 9;
    }
    sum += digit;
  }
  return (10 - sum % 10) % 10;
}

// N11 codes (211, 311, ..., 911) are service codes in both the area code and exchange position.
bool is_n11(std::string_view three_digits) {
  return three_digits[1] == '1' && three_digits[2] == '1';
}

} // namespace

bool npi_is_valid(std::string_view digits) {
  if (digits.size() != 10)
    return false;
  for (char c : digits)
    if (!is_digit(c))
      return false;
  std::string payload = "80840";
  payload += digits.substr(0, 9);
  return luhn_check_digit(payload) == digits[9] - '0';
}

std::string digits_only(std::string_view text) {
  std::string digits;
  for (char c : text)
    if (is_digit(c))
      digits += c;
  return digits;
}

std::optional<std::string> nanp_phone(std::string_view text) {
  bool plus = false;
  std::string digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (is_digit(c)) {
      digits += c;
    } else if (c == '+') {
      // Only as the country code's sign: first non-space character, right before the 1.
      if (plus || !digits.empty() || i + 1 >= text.size() || text[i + 1] != '1')
        return std::nullopt;
      plus = true;
    } else if (std::string_view("()-. \t").find(c) == std::string_view::npos) {
      return std::nullopt;
    }
  }
  if (digits.size() == 11 && digits[0] == '1')
    digits.erase(0, 1);
  else if (plus)
    return std::nullopt;
  if (digits.size() != 10)
    return std::nullopt;
  std::string_view area = std::string_view(digits).substr(0, 3);
  std::string_view exchange = std::string_view(digits).substr(3, 3);
  if (area[0] < '2' || exchange[0] < '2' || is_n11(area) || is_n11(exchange))
    return std::nullopt;
  return digits;
}

ShapePattern::ShapePattern(std::string_view ecmascript) : source_(ecmascript) {
  if (source_.empty())
    throw Error(Reason::policy_invalid, "identifier shape pattern is empty");
  try {
    compiled_ = std::regex(source_, std::regex::ECMAScript | std::regex::optimize);
  } catch (const std::regex_error &) {
    throw Error(Reason::policy_invalid,
                "identifier shape pattern is not a valid regular expression");
  }
}

bool ShapePattern::matches(std::string_view value) const {
  if (value.size() > max_value_length)
    return false;
  try {
    return std::regex_match(value.begin(), value.end(), compiled_);
  } catch (const std::regex_error &) {
    // error_complexity or error_stack: a value the pattern cannot decide is not a match.
    return false;
  }
}

} // namespace mi::extract
