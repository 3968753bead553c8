#pragma once
// A page's words rebuilt into visual lines and segments in the page's upright frame, the
// geometry mi-extract reasons in ("right of", "below", "above" a label).
//
// Upright frame: page space (points, top-left origin, see ocr/page_text.hpp) turned by the
// page's content_rotation so that text reads left to right, top to bottom. For an upright page
// it is page space itself. Lines are rebuilt from geometry rather than taken from the text
// source's line numbers: MuPDF splits "Phone:" and the number after it into separate lines,
// and Tesseract splits a row of boxed fields into blocks.
//
// Scans straightened only above a degree of skew keep a residual slope that makes the fields
// of one row drift apart by a few points across the page; the slope is measured on the text
// lines the words came with and taken out before rows are rebuilt.
//
// A segment is a run of words in a line with no gap wider than about two character heights:
// the columns of a form ("MRN: 123456      Phone: (555) ...") become separate segments.

#include "ocr/page_text.hpp"

#include <string>
#include <vector>

namespace mi::extract {

struct LayoutWord {
  std::string text;      // as read
  std::string folded;    // fold_token(text)
  ocr::Box box;          // upright frame, with the page's residual skew taken out
  ocr::Box upright;      // upright frame as read (what is reported and redacted)
  double confidence = 1; // 0..1
  bool from_ocr = false; // OCR (a scanned page or an image region of a born-digital page)
  std::size_t index = 0; // index into the PageText's words
};

struct LayoutLine {
  std::vector<LayoutWord> words; // left to right
  ocr::Box box;
  std::vector<std::size_t> segment_starts; // word indices where a segment begins (first is 0)
  double height() const { return box.y1 - box.y0; }
  // The segment index of word i.
  std::size_t segment_of(std::size_t i) const;
  // One past the last word of word i's segment.
  std::size_t segment_end(std::size_t i) const;
};

struct PageLayout {
  int page = 0;                  // 1-based in the source
  double width = 0, height = 0;  // upright frame size
  ocr::Matrix upright_to_page;   // upright frame -> page space
  double skew_slope = 0;         // residual skew (dy/dx) taken out of the words' boxes
  std::vector<LayoutLine> lines; // top to bottom
};

PageLayout build_page_layout(const ocr::PageText &page);

// The matrix from page space to the upright frame of a page of width x height (page space)
// whose content needs a clockwise quarter turn of `content_rotation` degrees.
ocr::Matrix page_to_upright(int content_rotation, double width, double height);
ocr::Matrix inverse(const ocr::Matrix &m);

} // namespace mi::extract
