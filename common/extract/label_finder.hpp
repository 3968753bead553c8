#pragma once
// Finding the labels of a page: the policy's label phrases matched against the words of each
// line, as labels are printed on forms, not as words inside sentences.
//
// A phrase matches at a word that starts a segment, or that follows a word ending in ':', or
// when the phrase itself ends in ':' — so "Patient Name", "PATIENT:" and "DOB:" in a row of
// fields are labels, while "the patient" in a consent clause is not. At each position the
// longest phrase wins ("Date of Birth" over "Date"); stop labels ("Member ID", "Fax") are
// matched too so that they bound values and hide their shorter prefixes ("Member"). OCR's
// one-letter slips in longer label words ("Patlent", "Representaive") still match.

#include "extract/extract_policy.hpp"
#include "extract/page_layout.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mi::extract {

struct LabelHit {
  std::string field;    // empty for a stop label
  std::size_t rank = 0; // the phrase's position in its field's label list (0: strongest)
  std::size_t line = 0;
  std::size_t first = 0, last = 0; // word indices in the line, inclusive
  ocr::Box box;
  bool colon = false;    // the label ends with ':'
  double confidence = 1; // the lowest word confidence of the label
};

struct PageLabels {
  std::vector<LabelHit> hits;
  // Lines that hold a signature caption (a phrase of SignatureRule::captions in a short line).
  std::vector<std::size_t> signature_lines;
  // The label (if any) that starts at word i of line l.
  const LabelHit *starting_at(std::size_t line, std::size_t word) const;
};

PageLabels find_labels(const PageLayout &layout, const ExtractRules &rules);

// Whether two folded tokens are the same word, allowing one OCR slip in words of 5+ letters.
bool token_matches(std::string_view label_token, std::string_view word_token);
// Whether the edit (Levenshtein) distance between a and b is at most limit.
bool edit_distance_within(std::string_view a, std::string_view b, std::size_t limit);

} // namespace mi::extract
