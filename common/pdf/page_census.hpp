#pragma once
// What is on a page, counted in memory by a MuPDF device (no rendering, no file round trip):
// visible text, invisible text (render mode 3: an old OCR layer), glyphs without a Unicode
// mapping, images with their effective resolution, vector paths. mi-split records it per page
// and decides from it whether a page needs OCR; mi-ocr decides the same way.

#include "pdf/mupdf.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mi::pdf {

// Where an image is drawn on a page: the bounding box of its placement in page space (points,
// origin at the top-left of the page as displayed, i.e. relative to the page bounds' origin;
// not clipped to the page) and its effective resolution there (pixels per inch along the
// image's own axes). mi-ocr OCRs large images of born-digital pages from these (a photocopied
// insurance card is text in pixels under a text layer that does not hold it).
struct ImagePlacement {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double dpi_x = 0, dpi_y = 0;
  double area() const noexcept { return (x1 - x0) * (y1 - y0); }
};

enum class TextLayer { visible, invisible, none };
std::string_view text_layer_name(TextLayer layer) noexcept;

struct PageCensus {
  int page = 0;                     // 1-based
  double width = 0, height = 0;     // points, as displayed (after /Rotate)
  int rotate_attribute = 0;         // /Rotate normalized to 0, 90, 180, 270
  std::size_t visible_glyphs = 0;   // drawn text
  std::size_t invisible_glyphs = 0; // render mode 3
  std::size_t unmapped_glyphs = 0;  // visible glyphs with no Unicode (U+FFFD or none)
  std::size_t images = 0;
  double image_coverage = 0;          // area of the largest image / page area (0..1+)
  std::optional<double> dpi_x, dpi_y; // effective resolution of the largest image
  std::size_t paths = 0;
  // The largest placements (by bounding-box area, largest first), at most max_placements:
  // a page of thousands of tiny images keeps a bounded record.
  static constexpr std::size_t max_placements = 32;
  std::vector<ImagePlacement> placements;

  TextLayer text_layer() const noexcept;
  // A page whose visible text can be trusted: enough glyphs, nearly all mapped to Unicode.
  bool has_usable_text() const noexcept;
  // Image pages and pages whose text has no Unicode mapping.
  bool needs_ocr() const noexcept { return !has_usable_text(); }
};

PageCensus take_page_census(MupdfContext &context, const MupdfDocument &document, int page_index);

// The visible text of a page in reading order (MuPDF structured text), one line per text line.
// This is PHI: it stays in memory or in the phi compartment.
std::string page_visible_text(MupdfContext &context, const MupdfDocument &document, int page_index);

} // namespace mi::pdf
