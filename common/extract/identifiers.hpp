#pragma once
// Checks on the identifiers a form carries: NPI, US phone numbers, medical record numbers.
//
// These are gates, not parsers that try hard: a value that fails is kept raw and sent to review
// by the caller, because a wrong provider number or phone number routes PHI to the wrong party.
// None of them repairs OCR mistakes; ocr_repair.hpp does that first, and records it.

#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace mi::extract {

// The National Provider Identifier: exactly 10 ASCII digits whose last is the Luhn check digit of
// the first 9 prefixed with 80840 (the ISO 7812 issuer prefix for US health, per the CMS rule).
// A single mistyped or misread digit and most transpositions fail this, which is what makes an
// NPI safe to accept from OCR at all.
bool npi_is_valid(std::string_view digits);

// The ASCII digits of text, in order.
std::string digits_only(std::string_view text);

// A North American Numbering Plan number: 10 digits, optionally after 1 or +1, written with
// ( ) - . and spaces only. The area code and exchange each start with 2-9 and are not N11
// (211..911: service codes, never a subscriber's number). Anything else, including an extension
// ("x123") or letters, is refused: the caller cuts those off, it is not guessed here.
// Returns the 10 digits.
std::optional<std::string> nanp_phone(std::string_view text);

// A whole-value pattern from the policy (an MRN's shape per site), compiled once: std::regex
// compilation costs far more than a match, and a stage matches every candidate on every page.
// ECMAScript syntax; the value must match entirely (std::regex_match), so "\d{8}" does not accept
// the 8 digits inside a longer number.
class ShapePattern {
public:
  // libstdc++'s matcher recurses per character and can exhaust the stack on long input; no
  // identifier a shape describes is near this long, so longer values simply do not match.
  static constexpr std::size_t max_value_length = 256;

  // Throws Error(Reason::policy_invalid) when the pattern is empty or not a valid expression:
  // the pattern comes from the operator's policy, so it is a configuration error, not data.
  explicit ShapePattern(std::string_view ecmascript);

  bool matches(std::string_view value) const;
  const std::string &source() const { return source_; }

private:
  std::string source_;
  std::regex compiled_;
};

} // namespace mi::extract
