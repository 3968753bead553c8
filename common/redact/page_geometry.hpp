#pragma once
// The coordinate systems a redaction box crosses, converted explicitly (never by guesswork):
//
//   image pixels: the image Tesseract read; mi-ocr's image_to_page maps them to page space.
//   page space:   points, origin at the top-left of the page as displayed (after /Rotate), y down;
//                 MuPDF's page coordinates, and where mi keeps every word and field box.
//   user space:   the PDF's own coordinates, points with the origin at the bottom-left of the
//                 unrotated page, y up; what a redaction annotation's /Rect is written in.
//
// Page space starts at the top-left corner of the page's visible box (CropBox clipped to the
// MediaBox, as MuPDF does) turned by /Rotate, so the conversion needs both.

#include "ocr/page_text.hpp"

namespace mi::redact {

struct PageGeometry {
  ocr::Box visible; // user space: x0,y0 = lower-left, x1,y1 = upper-right of the visible box
  int rotate = 0;   // /Rotate, any multiple of 90 (normalized here)
};

ocr::Matrix user_to_page(const PageGeometry &page);
ocr::Matrix page_to_user(const PageGeometry &page);
// The pixel box of the image that image_to_page maps to page space, covering `page_box`.
ocr::Box page_to_pixels(const ocr::Box &page_box, const ocr::Matrix &image_to_page);

} // namespace mi::redact
