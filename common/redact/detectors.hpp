#pragma once
// Detectors for the HIPAA Safe Harbor identifiers that appear on intake forms, over a page's
// words as mi-extract lays them out (lines and segments in the upright frame).
//
// Pattern detectors read each line as text: e-mail addresses, NANP phone and fax numbers, SSNs
// (3-2-4 digits), dates in every US style mi-extract reads, NPIs (10 digits passing the Luhn
// check over 80840), street addresses (a house number, up to four words and a street suffix)
// and city-state-ZIP. Label detectors take the value printed right of or below a label, the
// way mi-extract reads fields: names next to name labels, ids next to id labels, SSNs,
// addresses, phones, e-mails (the labels come from the policy's redaction.labels).
// A hit names the words it covers; a pattern inside a word takes the whole word.

#include "redact/redact_policy.hpp"

#include "extract/civil_date.hpp"
#include "extract/extract_policy.hpp"
#include "extract/page_layout.hpp"

#include <string>
#include <vector>

namespace mi::redact {

struct DetectorHit {
  Detector detector = Detector::names;
  std::vector<std::size_t> words; // indices into the page's PageText::words
  std::string text;               // the words as read (a gate term; never logged)
};

std::vector<DetectorHit> detect_patterns(const extract::PageLayout &layout,
                                         const std::set<Detector> &wanted,
                                         extract::CivilDate today);

std::vector<DetectorHit> detect_labelled(const extract::PageLayout &layout,
                                         const std::set<Detector> &wanted,
                                         const RedactionRules &redaction,
                                         const extract::ExtractRules &extract);

// Page-space regions above each signature caption line (where ink is looked for by mi-extract).
std::vector<ocr::Box> signature_regions(const extract::PageLayout &layout,
                                        const extract::ExtractRules &extract);

} // namespace mi::redact
