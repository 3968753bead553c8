#pragma once
// The text and layout of one page, however it was obtained (text layer or OCR), in the one
// coordinate system mi uses for page geometry (documented in mi-ocr(1)):
//
//   page space: PDF points (1/72 in), origin at the TOP-LEFT of the page AS DISPLAYED (after the
//   page's /Rotate), x to the right, y down. This is MuPDF's page coordinate system.
//
// For OCR'd pages, image_to_page maps a pixel (x, y) of the image Tesseract read (after any
// rotation and rescaling mi applied) to page space: x' = a*x + c*y + e, y' = b*x + d*y + f.
// mi-redact inverts it to place boxes on the rendered image, and combines page space with the
// page's /Rotate and MediaBox to reach PDF user space (bottom-left origin).
//
// A text-layer page may also carry words OCR'd from pictures on it (image_regions.hpp): each
// OcrRegion has its own image_to_page, from the pixels of the region image Tesseract read
// (rendered from the region only, so pixel (0, 0) is near the region's top-left corner, not
// the page's) to the same page space; the words' boxes are already in page space.

#include "core/json.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace mi::ocr {

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0; // page space, x0 < x1, y0 < y1
};

struct Matrix {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
  Box apply(const Box &pixels) const; // the bounding box of the transformed corners
};

// The matrix that applies first, then second (second(first(p))).
Matrix then(const Matrix &first, const Matrix &second);

struct Word {
  std::string text;        // UTF-8 (invalid sequences replaced when serialized)
  Box box;                 // page space
  double confidence = 1.0; // 0..1; 1.0 for text-layer words
  int block = 0;           // block index on the page (0-based)
  int line = 0;            // line index within the page (0-based, reading order)
};

enum class TextSource { text_layer, ocr };
std::string_view text_source_name(TextSource source) noexcept;

// Mean of the words' confidences (0..1); 0 for no words. For any word type with .confidence.
template <class Words> double mean_confidence_of(const Words &words) noexcept {
  if (words.empty())
    return 0;
  double sum = 0;
  for (const auto &w : words)
    sum += w.confidence;
  return sum / static_cast<double>(words.size());
}

// Part of a text-layer page read by OCR (a picture holding text the text layer lacks): its
// words are words[first_word, first_word + word_count).
struct OcrRegion {
  Box box;              // the page-space region that was rendered
  Matrix image_to_page; // pixel of the region image Tesseract read -> page space
  int image_width = 0, image_height = 0;
  std::size_t first_word = 0, word_count = 0;
  double mean_confidence = 0; // of its words; 0 without words
};

struct PageText {
  int page = 0;                 // 1-based, in the source packet
  double width = 0, height = 0; // page space size in points
  int rotate_attribute = 0;     // the PDF /Rotate of the page (0, 90, 180, 270)
  TextSource source = TextSource::text_layer;
  // The clockwise quarter turn of the page as displayed that makes its text upright: for OCR'd
  // pages the turn mi applied (applied_rotation); for text-layer pages, found from the
  // direction of the text lines (a born-digital page with a wrong /Rotate displays sideways).
  int content_rotation = 0;
  std::vector<Word> words;
  // OCR only:
  Matrix image_to_page;
  int image_width = 0, image_height = 0; // pixels of the image Tesseract read
  int applied_rotation = 0;              // degrees clockwise mi rotated the image before OCR
  double skew_degrees = 0;               // measured skew (corrected when above threshold)
  double dpi_x = 0, dpi_y = 0;           // source resolution before normalization
  double seconds = 0;                    // CPU-seconds spent on this page (both sources)
  // Text-layer pages only: pictures read by OCR, in the order their words follow the
  // text-layer words.
  std::vector<OcrRegion> regions;
  double mean_confidence() const noexcept; // mean word confidence; 0 without words
};

Json to_json(const PageText &page);
PageText page_text_from_json(const Json &j); // throws Error(compartment_malformed)

} // namespace mi::ocr
