#pragma once
// True redaction: the content under every box is removed from the file, not covered.
//
// Vector mode (PDF sources): the document's pages are sanitized by qpdf (pdf_sanitizer.hpp:
// annotations and form fields printed into the page, everything beside the drawing dropped),
// then MuPDF redacts each box (glyphs under it removed from the content streams, Form XObjects
// included; image pixels under it blanked; a black box drawn in their place), and the pages are
// grafted into a new, empty document written whole: no object of the source file survives
// unless a page draws with it. MuPDF 1.21 cannot remove vector art, so a page where a box
// covers a drawn shape (a signature stroked as curves, a filled field) is rasterized instead.
//
// Raster mode (the default for external destinations, and always for TIFF/PNG/JPEG sources):
// each page is drawn as pixels at the policy's resolution, the boxes are painted black in
// those pixels, and the new document holds only those pictures.

#include "redact/redact_policy.hpp"

#include "core/encoding.hpp"
#include "ocr/page_text.hpp"
#include "pdf/mupdf.hpp"

#include <map>
#include <string>
#include <vector>

namespace mi::redact {

struct RedactRequest {
  ByteView source;
  std::string mime = "application/pdf";
  std::vector<int> pages;                     // 1-based source page numbers, in output order
  std::map<int, std::vector<ocr::Box>> boxes; // source page number -> page-space boxes
  RedactMode mode = RedactMode::raster;
  int raster_dpi = 200;
};

struct RedactedPdf {
  std::string bytes;
  std::size_t vector_pages = 0, raster_pages = 0;
};

// Throws Error(pdf_corrupt) when the source cannot be read or the result cannot be written.
RedactedPdf redact_document(pdf::MupdfContext &context, const RedactRequest &request);

// Whether a box covers a drawn shape enough that vector redaction would leave it in the file:
// a shape (not a thin rule) whose bounds lie mostly inside the box. Page-space rectangles.
bool covers_vector_art(const std::vector<ocr::Box> &shapes, const std::vector<ocr::Box> &boxes);

} // namespace mi::redact
