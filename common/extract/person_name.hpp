#pragma once
// A person's name as forms print it, brought to one form: given names first, title case, no
// titles or credentials ("DOE, JANE A" and "Dr. Jane A. Doe, MD" are both "Jane A Doe").
//
// Names are matched against other records (the patient on the referral against the patient on
// the consent), so the same person must normalize to the same text; and a label OCR picked up
// with the value ("Patient Name"), a signature line or a date must not pass as a name. When the
// text is not plausibly one person's name the result is nullopt and the caller sends the raw
// value to review.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mi::extract {

namespace name_fix {
inline constexpr std::string_view last_first_reordered = "last_first_reordered"; // "Doe, Jane"
inline constexpr std::string_view title_removed = "title_removed";               // Dr, Mrs, ...
inline constexpr std::string_view credential_removed = "credential_removed";     // MD, PA-C, ...
inline constexpr std::string_view case_normalized = "case_normalized";           // JANE -> Jane
} // namespace name_fix

struct PersonName {
  std::string normalized;         // PHI
  std::vector<std::string> fixes; // name_fix codes, each at most once; safe to log
};

// Accepts "Last, First Middle" (one comma between names) and "First Middle Last"; a name with no
// comma is never reordered, since "DOE JANE" and "JANE DOE" cannot be told apart.
// - Titles (Dr, Mr, Mrs, Ms, Miss, Mx, Prof, Doctor) are removed from the front of a name.
// - Credentials (MD, NP, PA-C, RN, PhD, FACP, ...) are removed after the name. DO, PA and MA are
//   also surnames ("Jane Do", "Ma"), so they are removed only when they follow a comma, as in
//   "Jane Doe, DO"; a first comma part is always the name.
// - Jr, Sr, II, III and IV are kept, moved to the end.
// - A word written all in one case is title-cased (JANE, jane -> Jane; o'brien-smith ->
//   O'Brien-Smith; MCDONALD -> McDonald); a word in mixed case (McDonald, DeSantis) keeps the
//   case it was written in. Latin-1 accented letters (É, Ñ) are cased as letters.
// - Whitespace is collapsed, punctuation trimmed from the ends, and periods dropped from
//   initials and abbreviations (A. -> A), so these changes are not recorded as fixes.
// nullopt when what remains is fewer than 2 or more than 5 name words (suffix not counted), a
// word holds a digit or other non-name character, more than two comma parts name someone, or a
// word is a common form word (Name, Patient, Date, Signature, Print, ...).
std::optional<PersonName> normalize_person_name(std::string_view text);

} // namespace mi::extract
