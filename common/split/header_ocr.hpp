#pragma once
// The fast look at an image page that mi-split classifies from: the page rendered at low
// resolution, its header band OCR'd. When the band says nothing, the page may be turned: Tesseract
// OSD finds the orientation on the whole low-resolution page and the band is read again upright.
// When the upright band still says nothing (a form whose title is a graphic, a continuation page)
// the whole low-resolution page is read, so its body can classify it.

#include "ocr/tesseract_engine.hpp"
#include "pdf/mupdf.hpp"

#include <string>

namespace mi::split {

struct HeaderText {
  std::string text;         // the header band; PHI: stays in memory
  std::string body;         // the whole page when it had to be read, else the band
  int rotate_clockwise = 0; // orientation OSD found (0 when not needed or not found)
  double skew_degrees = 0;  // Leptonica's skew estimate of the page (positive: clockwise)
  bool whole_page = false;  // the band said nothing and the whole page was read
};

// first_try: the text of the band at the page's displayed orientation. decide(text) returns
// whether that text was informative; if not, OSD is consulted and the band read again.
HeaderText read_header_band(pdf::MupdfContext &context, const pdf::MupdfDocument &document,
                            int page_index, double band, ocr::TesseractEngine &engine,
                            bool (*informative)(const std::string &, const void *),
                            const void *informative_context, int dpi = 150);

} // namespace mi::split
