#pragma once
// A second look at the document type, from the whole first page as mi-ocr read it.
//
// mi-split types image pages from a fast read of their header band; mi-ocr later reads the
// whole page at full resolution. When that reading shows the title of another document type
// (a referral form printed under a laboratory's letterhead, whose title a fax streak hid from
// the header read), the split classifier run on the full text outranks the header guess. Pages
// typed from their text layer are never revised: their text was already whole.

#include "ocr/page_text.hpp"
#include "split/classifier.hpp"

#include "core/json.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mi::extract {

// The type the full text of the first page names, when it differs from split_type and the
// page was typed by OCR (page_info[0].class_source is not "text_layer"); nullopt otherwise.
std::optional<std::string> revised_document_type(const std::vector<ocr::PageText> &pages,
                                                 const std::string &split_type,
                                                 const Json &page_info,
                                                 const split::SplitRules &rules);

// The text of a page in reading order, a line per row (the layout's rows).
std::string page_reading_text(const ocr::PageText &page);

} // namespace mi::extract
