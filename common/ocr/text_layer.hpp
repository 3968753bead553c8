#pragma once
// Words of a born-digital page, read from its text layer (MuPDF structured text): no rendering,
// no OCR. Characters are grouped into words at white space; a word's box is the union of its
// characters' quads, in page space (page_text.hpp). Only call this for pages whose census says
// the text is usable (pdf::PageCensus::has_usable_text): text without a Unicode mapping or an
// invisible OCR layer must be OCR'd instead.

#include "ocr/page_text.hpp"

#include "pdf/mupdf.hpp"

namespace mi::ocr {

// page_index is 0-based; the result's page number is page_index + 1. Throws Error(pdf_corrupt).
PageText text_layer_words(pdf::MupdfContext &context, const pdf::MupdfDocument &document,
                          int page_index);

} // namespace mi::ocr
