#pragma once
// Terms: pieces of PHI an output must not contain, and the one way mi looks for them in text.
//
// Text and terms are compared as sequences of tokens: maximal runs of ASCII letters and digits,
// lowercased (other UTF-8 letters are kept as their bytes, lowercased where ASCII). So
// "WOBBEHOLL, Marta" and "wobbeholl marta" and "Wobbeholl,\nMarta" are the same sequence, and a
// term never matches inside a longer word ("Ann" is not found in "Annual"). A term with at least
// six digits also has a digits-only form, matched against the digits of each line of text with
// everything but digits removed, so "(555) 010-0123" finds "5550100123" and "03/14/1961" finds
// "03-14-1961". The fuzzy form (for OCR of a rendered page) allows optimal-string-alignment
// edits per token: none below 5 characters, 1 from 5, 2 from 10; and one edit in the
// digits-only form from 7 digits. Bytes that are not UTF-8, and non-ASCII punctuation and
// spaces, split tokens; Latin-1 capitals fold ("MÜLLER" is "müller"). A token of digits only
// follows the digit rule when fuzzy (exact below 7 digits), so "123456" never finds "123457".
//
// A Term carries the kind of PHI it is (a field or detector name: a code, never a value), so
// findings can be reported without the value.

#include <string>
#include <string_view>
#include <vector>

namespace mi::redact {

struct Term {
  std::string kind;                // "patient_name", "ssn", ...: safe to log
  std::vector<std::string> tokens; // lowercased alphanumeric runs, in order
  std::string digits;              // the value's digits when it has >= 6 of them, else empty
};

// Tokens of any text (the rule above).
std::vector<std::string> text_tokens(std::string_view text);

// A term for one value; nullopt-like empty tokens when the value holds no letter or digit.
Term make_term(std::string kind, std::string_view value);

// Text prepared for many searches: its token sequence and the digits of each line.
class TextIndex {
public:
  TextIndex() = default;
  explicit TextIndex(std::string_view text);
  void add(std::string_view text); // appends more text (a new line)

  // Exact: the term's token sequence occurs, or its digits occur within one line's digits.
  bool contains(const Term &term) const;
  // Fuzzy (OCR): as contains(), with the per-token and digit edits allowed above.
  bool contains_fuzzy(const Term &term) const;

private:
  std::vector<std::string> tokens_;
  std::vector<std::string> line_digits_;
};

// (Edit distances come from extract::edit_distance_within, label_finder.hpp: one OSA rule.)

} // namespace mi::redact
