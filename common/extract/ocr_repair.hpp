#pragma once
// OCR's habits, undone only where the field's shape leaves one reading, and always recorded.
//
// OCR reads 0 as O, 1 as l or I, 5 as S, and breaks digit runs with stray spaces. In a field that
// can only hold digits the letter is certainly wrong, and which digit it stands for is nearly
// certain; in a field that may hold letters (an MRN like "MRN-00123456") it is not, so letters
// there are never touched. A repair is refused, leaving the raw value for review, when letters
// would supply more than a small minority of the digits: at that point the "repair" would be
// inventing the value rather than reading it.
//
// Letters mapped (and their fix codes):
//   0: O o D Q      (O_as_0 o_as_0 D_as_0 Q_as_0)
//   1: I l i | !    (I_as_1 l_as_1 i_as_1 pipe_as_1 exclamation_as_1)
//   2: Z z          (Z_as_2 z_as_2)
//   5: S s          (S_as_5 s_as_5)
//   6: G            (G_as_6)
//   8: B            (B_as_8)
// Not mapped: T (read as 7 or as 1 depending on the font), b (6), g and q (9), A (4), E (3):
// each has more than one plausible digit or is rare enough that a guess costs more than review.
//
// Fix codes come from this fixed vocabulary and never contain field content, so they may be
// written to audit records and logs; the repaired text itself is PHI.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mi::extract {

namespace fix {
// Spaces, hyphens or dots inside a run of digits were removed.
inline constexpr std::string_view joined_digit_run = "joined_digit_run";
// Spaces next to a date separator were removed ("03/ 15/1980").
inline constexpr std::string_view spaced_separator = "spaced_separator";
} // namespace fix

struct Repaired {
  std::string text;
  std::vector<std::string> fixes; // fix codes in the order first applied, each at most once
};

// The digit an OCR confusable letter stands for in a digit field (the table above), or nullopt.
std::optional<char> confusable_digit(char c);

// A value that must be all digits (NPI, phone digits, numeric MRN), min_len..max_len of them.
// Outer whitespace is ignored; spaces, hyphens and dots are removed between digits (never at an
// end: "-123" is not a digit run); confusable letters are mapped when at most 2 of them and at
// most a third of the result are letters. Anything else (another letter, another character, a
// wrong length) gives nullopt. Text that is already clean comes back with no fixes.
std::optional<Repaired> repair_digit_field(std::string_view text, std::size_t min_len,
                                           std::size_t max_len);

// A token that should be a numeric date: three groups split by one kind of separator (/ - .).
// Letters are mapped inside the groups with the same minority rule over the whole date; spaces
// next to a separator are dropped; spaces inside a group are joined only when the joined group
// still has a date's length, and a joined four-digit year must begin 19 or 20 ("3/15/80 12" is
// a date and a time, not the year 8012). The separators are kept, so read_us_date reads the
// result. nullopt when the token is anything else, in particular when it has a letter that is
// not a confusion ("March 5, 1980", "5 Jan 1980"): those are read directly, not repaired.
std::optional<Repaired> repair_numeric_date(std::string_view text);

// An identifier that mixes letters and digits (MRN, member id): letters are meaningful there, so
// the only repair is removing whitespace between two digits ("MRN-001 234 56"). Outer
// whitespace is trimmed; everything else is kept as read.
Repaired compact_identifier(std::string_view text);

} // namespace mi::extract
