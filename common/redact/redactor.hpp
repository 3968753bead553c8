#pragma once
// True redaction: the content under every box is removed from the file, not covered.
//
// Vector mode (PDF sources): the document's pages are sanitized by qpdf (pdf_sanitizer.hpp:
// annotations and form fields printed into the page, everything beside the drawing dropped),
// then MuPDF redacts each box (glyphs under it removed from the content streams, Form XObjects
// included; image pixels under it blanked; a black box drawn in their place), and the document
// is written whole with garbage collection: no object survives unless a page draws with it.
// MuPDF 1.21 cannot remove vector art, so a page where a box covers a drawn shape (a signature
// stroked as curves, a filled field) is replaced by its picture instead.
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

// What redaction draws from. For a PDF: the sanitized copy of the document's pages
// (pdf_sanitizer.hpp), so that what redaction plans against (printed_words) and what it
// removes from are the same drawing — form field values and annotations included. For a
// TIFF, PNG or JPEG: the upload as it is.
struct PreparedSource {
  std::string bytes;
  std::string mime = "application/pdf";
  std::vector<int> pages; // the source page number of each document page, in order
  bool sanitized = false; // bytes hold exactly `pages`, in order
  ByteView view() const {
    return {reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size()};
  }
};

// Throws Error(pdf_corrupt) when qpdf cannot read the PDF.
PreparedSource prepare_source(ByteView source, const std::string &mime,
                              const std::vector<int> &pages);

// The text layer of each page of a sanitized PDF (printed form fields and annotations, and any
// invisible text layer, are words there), keyed by source page number; empty for images.
std::map<int, ocr::PageText> printed_words(pdf::MupdfContext &context,
                                           const PreparedSource &source);

struct RedactRequest {
  const PreparedSource &source;
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

// Whether boxes cover a drawn shape enough that vector redaction would leave it in the file:
// half or more of the shape's bounds lie under the boxes. `shapes` are the bounds of content
// shapes (curved, or more than a rectangle's segments), page space like the boxes.
bool covers_vector_art(const std::vector<ocr::Box> &shapes, const std::vector<ocr::Box> &boxes);

} // namespace mi::redact
