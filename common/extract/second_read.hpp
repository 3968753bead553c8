#pragma once
// A second, finer read of a document whose low-resolution pages (faxes) left fields unread.
//
// mi-ocr reads every page at 300 dpi, the resolution where Tesseract's error rate is lowest on
// the whole sample set. On a 204x98 fax a caption or a name can still come out garbled at 300
// and clean at 400 (and the other way round), so neither resolution is better for every page.
// When the first read of a document leaves a field unaccepted and some of its OCR'd pages come
// from a low-resolution source, those pages are read again at a finer resolution and the
// document extracted again from them; the read with more accepted fields (then fewer missing
// ones) wins, and a tie keeps the first. Nothing is ever accepted that the gates would not
// accept on either read, so a second read can only turn review cases into accepted fields or
// leave them.

#include "extract/document_extractor.hpp"

#include "ocr/page_text.hpp"
#include "ocr/tesseract_engine.hpp"
#include "pdf/mupdf.hpp"

#include <vector>

namespace mi::extract {

struct SecondReadOptions {
  bool enabled = true;
  int dpi = 400;
  double max_source_dpi = 250; // pages scanned or faxed coarser than this in either direction
};

// Whether the document deserves a second read, and which pages (indices into `pages`) would be
// read again: OCR'd pages whose source resolution is known and coarse.
std::vector<std::size_t> pages_to_reread(const DocumentFields &first,
                                         const std::vector<ocr::PageText> &pages,
                                         const SecondReadOptions &options);

// The page read again at options.dpi from the source document (0-based index = page - 1), with
// the first read's orientation as the starting guess and its page metadata kept.
ocr::PageText reread_page(ocr::TesseractEngine &engine, pdf::MupdfContext &context,
                          const pdf::MupdfDocument &document, const ocr::PageText &first,
                          const SecondReadOptions &options);

// Whether `second` is the better extraction of the two.
bool better_read(const DocumentFields &second, const DocumentFields &first);

} // namespace mi::extract
