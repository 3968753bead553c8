#pragma once
// The fields of one logical document, from its pages' words (mi-ocr's phi.pages) and, for
// signatures and checkboxes, from its page images: found by layout, read by kind, validated by
// the hard gates, and given a status. A field is `accepted` only when its value has its shape,
// passes every gate and was read at or above its confidence threshold; anything else is
// `needs_review` with reason codes. Nothing here is tuned to a form: labels, shapes, thresholds
// and the fields each document type needs all come from the policy.

#include "extract/civil_date.hpp"
#include "extract/extract_policy.hpp"
#include "extract/page_marks.hpp"

#include "core/json.hpp"
#include "ocr/page_text.hpp"

#include <functional>
#include <string>
#include <vector>

namespace mi::extract {

struct ExtractedField {
  std::string name;
  Json value;             // as read (string), or {label: checked} for checkboxes (PHI)
  std::string normalized; // canonical form; empty when none (PHI)
  std::string status;     // "accepted" or "needs_review"
  std::vector<std::string> reasons;
  std::vector<std::string> fixes; // OCR repairs applied
  double confidence = 0;
  int page = 0;                // 1-based in the source
  std::optional<ocr::Box> box; // page space
  std::string source;          // "text_layer", "ocr", "image" (ink, boxes) or "split"
  std::size_t label_rank = 0;
};

struct DocumentFields {
  std::string status = "accepted";
  std::vector<std::string> reasons; // union of the fields' reasons, plus missing_required
  std::vector<ExtractedField> fields;
  std::vector<std::string> missing; // required fields not found
};

// Returns the page image for mark reading, or nullptr when it cannot be had; called only for
// pages that need one.
using MarksSource = std::function<const MarksImage *(int page)>;

DocumentFields extract_document(const std::string &document_type,
                                const std::vector<ocr::PageText> &pages, const ExtractRules &rules,
                                CivilDate today, const MarksSource &marks);

// The hard gates across fields (dates against each other and today, NPI, MRN shape, ...),
// applied to fields already read. Exposed so that mi-review re-validates a correction by the
// very same rules.
void apply_gates(std::vector<ExtractedField> &fields, const std::string &document_type,
                 const ExtractRules &rules, CivilDate today);
// Sets a field's status from its reasons, and the document's status and reasons from its fields.
void settle_status(DocumentFields &document);

Json fields_to_phi(const DocumentFields &document);              // phi.fields
Json fields_to_ops(const DocumentFields &document);              // ops.extract (no values)
std::vector<ExtractedField> fields_from_phi(const Json &fields); // throws compartment_malformed

} // namespace mi::extract
