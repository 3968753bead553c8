#include "extract/type_check.hpp"

#include "extract/page_layout.hpp"

#include <algorithm>

namespace mi::extract {

std::string page_reading_text(const ocr::PageText &page) {
  std::string out;
  for (const auto &line : build_page_layout(page).lines) {
    for (std::size_t i = 0; i < line.words.size(); ++i) {
      if (i > 0)
        out += ' ';
      out += line.words[i].text;
    }
    out += '\n';
  }
  return out;
}

std::optional<std::string> revised_document_type(const std::vector<ocr::PageText> &pages,
                                                 const std::string &split_type,
                                                 const Json &page_info,
                                                 const split::SplitRules &rules) {
  if (pages.empty() || !page_info.is_array() || page_info.empty() || !page_info[0].is_object() ||
      page_info[0].value("class_source", "") == "text_layer" ||
      pages.front().source != ocr::TextSource::ocr)
    return std::nullopt;
  auto found = split::classify_page_text(page_reading_text(pages.front()), rules);
  const auto &aside = rules.set_aside_types;
  if (found.type == split_type || found.type == split::unknown_type || !found.has_title ||
      std::find(aside.begin(), aside.end(), found.type) != aside.end())
    return std::nullopt;
  return found.type;
}

} // namespace mi::extract
