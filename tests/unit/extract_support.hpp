#pragma once
// Pages of words written by hand for the tests of mi_extract: a form is laid out row by row in
// its upright frame, 6 points a character, 4 points between words, rows 10 points high. Each
// put() is a source line of its own, as MuPDF splits a row of fields. For a turned page
// (content_rotation) the boxes are stored in page space, worked out by hand rather than by the
// code under test.

#include "extract/extract_policy.hpp"
#include "extract/value_parser.hpp"

#include "ocr/page_text.hpp"

#include <string_view>

namespace mi::test {

using extract::ExtractRules;
using extract::split_words;

struct PageBuilder {
  ocr::PageText page;
  int line = 0;

  explicit PageBuilder(ocr::TextSource source = ocr::TextSource::text_layer, int number = 1,
                       int rotation = 0) {
    page.page = number;
    page.source = source;
    page.width = 612;
    page.height = 792;
    page.content_rotation = rotation;
  }

  ocr::Box to_page_space(const ocr::Box &u) const {
    const double w = page.width, h = page.height;
    switch (page.content_rotation) {
    case 90: // upright (X, Y) = (h - y, x)
      return {u.y0, h - u.x1, u.y1, h - u.x0};
    case 180:
      return {w - u.x1, h - u.y1, w - u.x0, h - u.y0};
    case 270: // upright (X, Y) = (y, w - x)
      return {w - u.y1, u.x0, w - u.y0, u.x1};
    default:
      return u;
    }
  }

  // The words of `text` from x on the row at y; returns the x after the last word.
  double put(double x, double y, std::string_view text, double confidence = 1.0) {
    for (const auto &word : split_words(text)) {
      double width = 6.0 * static_cast<double>(word.size());
      page.words.push_back({word, to_page_space({x, y, x + width, y + 10}), confidence, 0, line});
      x += width + 4;
    }
    ++line;
    return x;
  }
};

inline const ExtractRules &builtin_extract_rules() {
  static const ExtractRules rules = extract::extract_rules_from_policy(Policy::builtin());
  return rules;
}

} // namespace mi::test
