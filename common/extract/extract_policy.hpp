#pragma once
// The "extract" section of the policy (mi-policy(5)): which labels name which field, where a
// field's value sits relative to its label, the shape each value must have, confidence
// thresholds, which fields each document type needs, and the validation rules. mi-extract holds
// no label wording, threshold or MRN pattern in code.

#include "extract/identifiers.hpp"

#include "core/policy.hpp"

#include <map>
#include <string>
#include <vector>

namespace mi::extract {

enum class FieldKind { person_name, date, mrn, npi, phone };

// Where a value may sit relative to its label, tried in the policy's order.
enum class Direction { right, below, above };

struct FieldRule {
  std::string name;
  FieldKind kind = FieldKind::person_name;
  double min_confidence = 0.8;
  std::vector<Direction> where;
  std::vector<std::vector<std::string>> labels; // folded phrases (see fold_phrase)
  // Per label: written with a trailing ':' in the policy ("phone:"), it counts only when
  // printed with its colon (a letterhead's "Phone (555) ..." is the clinic's, not the patient's).
  std::vector<bool> label_needs_colon;
  // "signature_line": the labels count only on a line that holds a signature caption, and
  // there they win over the same wording of a field without context.
  bool signature_context = false;
};

struct DocumentTypeRule {
  std::vector<std::string> fields;   // extracted, in this order
  std::vector<std::string> required; // missing -> needs_review
  enum class Signature { none, not_required, required } signature = Signature::none;
  bool checkboxes = false;
};

struct SignatureRule {
  std::vector<std::vector<std::string>>
      captions;                        // folded phrases that make a line a signature caption
  double ink_min_fraction = 0.004;     // at or above: signed
  double ink_review_fraction = 0.0015; // between this and ink_min_fraction: needs review
  double region_height_pt = 40;        // how far above the caption ink is looked for
};

struct CheckboxRule {
  double min_size_pt = 6, max_size_pt = 16;
  double checked_min_fill = 0.12; // dark fraction of the box's interior that means checked
  double min_confidence = 0.8;    // OCR confidence every box label must reach
};

struct ExtractRules {
  std::map<std::string, FieldRule> fields;
  std::vector<std::vector<std::string>> stop_labels; // recognized as labels, extracted as nothing
  SignatureRule signature;
  CheckboxRule checkbox;
  std::vector<ShapePattern> mrn_patterns;
  int max_age_years = 120;
  std::vector<std::string> signature_date_not_before_service; // document types
  std::map<std::string, DocumentTypeRule> document_types;

  const DocumentTypeRule *document_type(const std::string &type) const;
};

// Throws Error(policy_invalid) with the JSON pointer of the first problem.
ExtractRules extract_rules_from_policy(const Policy &policy);

// Lower-case ASCII letters and digits only: how label phrases and words are compared.
std::string fold_token(std::string_view text);
// A phrase as folded tokens ("Medical Record #:" -> {"medical", "record"}).
std::vector<std::string> fold_phrase(std::string_view text);

std::string_view field_kind_name(FieldKind kind) noexcept;

} // namespace mi::extract
