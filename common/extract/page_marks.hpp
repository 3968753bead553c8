#pragma once
// Marks on the page image that text does not carry: ink in a signature region and the state of
// checkboxes. Both are read from pixels (MuPDF renders the page, born-digital or scanned, the
// same way), because a signature drawn as vector art or scanned ink has no text, and a tick in
// a box is not a word.
//
// Regions are given in page space (ocr/page_text.hpp); the image maps them to its pixels.

#include "ocr/page_render.hpp"

#include "pdf/mupdf.hpp"

#include <optional>
#include <vector>

namespace mi::extract {

struct MarksImage {
  ocr::PixPtr gray;          // 8 bpp
  ocr::Matrix page_to_pixel; // page space -> pixels
  double dpi = 0;
};

// Renders a page for mark reading (150 dpi is plenty for ink and boxes and costs ~4x less than
// OCR's 300).
MarksImage render_for_marks(pdf::MupdfContext &context, const pdf::MupdfDocument &document,
                            int page_index, int dpi = 150);

// The share of dark pixels in a page-space region, not counting pixels inside `exclude` boxes
// (printed words) nor long horizontal runs of ink (a ruled signature line, even a skewed one).
double ink_fraction(const MarksImage &image, const ocr::Box &region,
                    const std::vector<ocr::Box> &exclude);

struct CheckboxMark {
  ocr::Box box;    // page space
  double fill = 0; // dark share of the box's interior (0..1)
};

// A square box drawn inside `search` (page space): dark pixels whose bounding box is square,
// min_size..max_size points a side, with four inked sides. nullopt when none.
std::optional<CheckboxMark> find_checkbox(const MarksImage &image, const ocr::Box &search,
                                          double min_size_pt, double max_size_pt);

} // namespace mi::extract
