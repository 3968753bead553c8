#pragma once
// The words that hold a label's value, by position: the rest of the label's segment after a
// "Label:" (or the next segment of the line, for a label printed apart from its value), the
// short line just below the label within its column (a caption over a fill-in line or inside a
// ruled box), or the line just above it (a date written over the "Date" caption of a signature
// line). Directions are tried in the field rule's order.
//
// A value stops at the next label, and a "line below" that reads like a sentence (many words)
// is a clause, not a value: a name printed above a consent clause is never taken from it.

#include "extract/label_finder.hpp"

#include <vector>

namespace mi::extract {

struct ValueWords {
  Direction direction = Direction::right;
  std::size_t line = 0;
  std::vector<const LayoutWord *> words; // left to right
  std::string text() const;              // words joined by single spaces
  ocr::Box box() const;                  // upright frame as read (LayoutWord::upright)
  double confidence() const;             // the lowest word confidence
  bool from_ocr() const;
};

// Candidate values for one label hit, one per direction that finds words, in rule order.
std::vector<ValueWords> find_value_words(const PageLayout &layout, const PageLabels &labels,
                                         const LabelHit &hit, const FieldRule &rule);

} // namespace mi::extract
