#pragma once
// Reading a field's value out of the words found for it, by the field's kind: how many of the
// words make the value, its normalized form, the OCR repairs applied (recorded, and only where
// the shape makes them unambiguous) and the shape problems found. Validation across fields
// (DOB before the date of service, ...) is field_gates.hpp's.

#include "extract/civil_date.hpp"
#include "extract/extract_policy.hpp"
#include "extract/value_finder.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mi::extract {

struct ParsedValue {
  bool ok = false;                  // the value has its kind's shape
  std::string value;                // the words used, as read (PHI)
  std::string normalized;           // canonical form (PHI); empty when the shape is wrong,
                                    // set when only a gate fails (an NPI's check digit)
  std::vector<std::string> fixes;   // OCR repair codes
  std::vector<std::string> reasons; // shape problems (reason codes)
  std::size_t words_used = 0;
  std::optional<CivilDate> date; // date kinds
};

ParsedValue parse_value(FieldKind kind, const ValueWords &words, const ExtractRules &rules,
                        CivilDate today);
// The same reading for a value typed by a person (mi-review's corrections): all of the text
// must be used, and no OCR repair is applied (a person's typing is taken as meant).
ParsedValue parse_typed_value(FieldKind kind, std::string_view text, const ExtractRules &rules,
                              CivilDate today);

// The words of a typed or test text: runs of characters between spaces.
std::vector<std::string> split_words(std::string_view text);

// Reason codes of field problems, written to ops (never values).
namespace reason {
inline constexpr const char *impossible_date = "impossible_date";
inline constexpr const char *not_a_date = "not_a_date";
inline constexpr const char *not_a_name = "not_a_name";
inline constexpr const char *npi_shape = "npi_shape";
inline constexpr const char *npi_check_digit = "npi_check_digit";
inline constexpr const char *mrn_shape = "mrn_shape";
inline constexpr const char *phone_invalid = "phone_invalid";
inline constexpr const char *dob_in_future = "dob_in_future";
inline constexpr const char *age_over_limit = "age_over_limit";
inline constexpr const char *dob_after_service = "dob_after_service";
inline constexpr const char *date_in_future = "date_in_future";
inline constexpr const char *signature_before_form_date = "signature_before_form_date";
inline constexpr const char *below_confidence = "below_confidence";
inline constexpr const char *conflicting_values = "conflicting_values";
inline constexpr const char *missing_required = "missing_required";
inline constexpr const char *signature_unclear = "signature_unclear";
inline constexpr const char *checkbox_unclear = "checkbox_unclear";
inline constexpr const char *unknown_document_type = "unknown_document_type";
inline constexpr const char *trailing_text = "trailing_text";
inline constexpr const char *document_type_revised = "document_type_revised";
inline constexpr const char *typed_value_malformed = "typed_value_malformed";
} // namespace reason

} // namespace mi::extract
