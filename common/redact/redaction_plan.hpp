#pragma once
// What to remove from one document for one destination: boxes per page (page space) and the
// terms the leak gate must not find afterwards.
//
// Boxes come from three sources, all resolved to the words mi-ocr found (text-layer words and
// OCR words alike, so text in pictures is covered) or to page regions:
//   - every extracted value the rule names, searched on every page of the document in every
//     form it can be written (case, spacing, digits only, other date styles, each part of a
//     name), OCR words matched with the same slips the leak gate tolerates;
//   - detectors for identifiers nobody extracted (names next to name labels, dates, phone and
//     fax numbers, e-mail addresses, SSNs, ids next to id labels, street addresses and ZIP
//     codes, NPIs, signature ink);
//   - regions the policy lists per document type and page.
// A box always covers whole words: a value glued to its label ("Name:WOBBEHOLL,Marta") takes
// the label with it rather than leaving half a word.

#include "redact/redact_policy.hpp"
#include "redact/term_match.hpp"

#include "extract/civil_date.hpp"
#include "extract/extract_policy.hpp"
#include "ocr/page_text.hpp"

#include <map>
#include <vector>

namespace mi::redact {

struct RedactionPlan {
  std::map<int, std::vector<ocr::Box>> boxes; // source page number -> page-space boxes
  std::vector<Term> terms;                    // what the leak gate searches for
  std::map<std::string, std::size_t> found;   // per field or detector: words or regions covered
  std::size_t box_count() const;
};

struct PlanInput {
  const std::vector<ocr::PageText> &pages; // the document's pages, in order
  const Json &fields;                      // phi.fields from mi-extract (may be empty)
  const std::string &document_type;
  const DocumentRule &rule;
  const RedactionRules &redaction;
  const extract::ExtractRules &extract;
  extract::CivilDate today;
  // The text layer of the pages as they will be drawn (redactor.hpp printed_words), by source
  // page number: words mi-ocr never saw (form field values, printed annotations, an invisible
  // OCR layer) are planned against too. May be null.
  const std::map<int, ocr::PageText> *printed = nullptr;
};

RedactionPlan plan_redaction(const PlanInput &input);

// The forms a value may take elsewhere in a document, as terms of the given kind: the value and
// its normalized form; a name's parts of 3+ letters on their own; a date in every US style.
std::vector<Term> value_terms(const std::string &kind, const std::string &value,
                              const std::string &normalized);

} // namespace mi::redact
