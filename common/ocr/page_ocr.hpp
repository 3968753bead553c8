#pragma once
// OCR of one rendered page: deskew, orientation, recognition, and word boxes mapped back to page
// space through the composed transforms (recorded in PageText::image_to_page).
//
// Orientation is settled only when needed, because Tesseract's OSD costs a good fraction of a
// recognition: the page is first recognized as it is; only when that reads badly (few words,
// or low mean confidence) is OSD asked, and a rotation it proposes with enough confidence is
// tried and kept only if the rotated page reads better. An upright page therefore never turns
// unless its rotated reading wins, and a correctly read page pays nothing for orientation.

#include "ocr/page_render.hpp"
#include "ocr/tesseract_engine.hpp"

namespace mi::ocr {

struct PageOcrOptions {
  bool deskew = true;
  // Leptonica's skew estimate is applied only from this angle (and with enough confidence).
  // Measured: on the sample set's scans and faxes (skew 0.3-1.5 degrees) straightening changes
  // nothing (184-186 of 195 field tokens read whatever the threshold); on OCRmyPDF's skew.pdf
  // (1.9 degrees) it lifts word recall from 0.893 to 0.958.
  double deskew_min_degrees = 1.0;
  double deskew_min_confidence = 3.0;
  bool orientation = true;
  // OSD is consulted when the first reading has a mean word confidence below this, or fewer
  // than retry_below_words words of confidence >= 0.5.
  double retry_below_confidence = 0.75;
  std::size_t retry_below_words = 30;
  // An OSD rotation is tried only at or above this confidence.
  double osd_min_confidence = 1.0;
};

// The gray page with its specks turned white: ink components of at most 3x3 pixels (at 300 dpi,
// fax and scanner noise smaller than any dot of print). Measured on the sample set: fax key-field
// token recall 94.9% -> 95.5%, fields read exactly 88.9% -> 90.3%. Null when there is none.
PixPtr without_specks(Pix *gray);

// The matrix from pixels of an image rotated clockwise by quarter turns to the image it came
// from (width x height before rotation).
Matrix quarter_turn_to_source(int clockwise_degrees, int width, int height);
// The matrix from pixels of the image Leptonica's pixRotate(angle, same size) produced to the
// image it came from (clockwise_radians as passed to pixRotate).
Matrix small_rotation_to_source(double clockwise_radians, int width, int height);

// Fills words, image_to_page, image size, applied rotation and skew; page metadata (page,
// width, height, rotate_attribute, dpi) is left to the caller.
// suggested_rotation: a clockwise quarter-turn to read the page at first (mi-split's header OCR
// may already have found it); the page is still checked as above.
PageText ocr_rendered_page(TesseractEngine &engine, const RenderedPage &page,
                           const PageOcrOptions &options, int suggested_rotation = 0);

} // namespace mi::ocr
