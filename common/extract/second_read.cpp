#include "extract/second_read.hpp"

#include "ocr/page_ocr.hpp"
#include "ocr/page_render.hpp"

#include <algorithm>

namespace mi::extract {
namespace {

std::size_t accepted(const DocumentFields &d) {
  return static_cast<std::size_t>(std::count_if(
      d.fields.begin(), d.fields.end(), [](const auto &f) { return f.status == "accepted"; }));
}

} // namespace

std::vector<std::size_t> pages_to_reread(const DocumentFields &first,
                                         const std::vector<ocr::PageText> &pages,
                                         const SecondReadOptions &options) {
  std::vector<std::size_t> out;
  if (!options.enabled || first.status == "accepted")
    return out;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const auto &p = pages[i];
    bool coarse = p.dpi_x > 0 && p.dpi_y > 0 && std::min(p.dpi_x, p.dpi_y) < options.max_source_dpi;
    if (p.source == ocr::TextSource::ocr && coarse)
      out.push_back(i);
  }
  return out;
}

ocr::PageText reread_page(ocr::TesseractEngine &engine, pdf::MupdfContext &context,
                          const pdf::MupdfDocument &document, const ocr::PageText &first,
                          const SecondReadOptions &options) {
  auto rendered = ocr::render_page(context, document, first.page - 1, options.dpi);
  auto page = ocr::ocr_rendered_page(engine, rendered, {}, first.applied_rotation);
  page.page = first.page;
  page.width = rendered.width;
  page.height = rendered.height;
  page.rotate_attribute = first.rotate_attribute;
  page.dpi_x = first.dpi_x;
  page.dpi_y = first.dpi_y;
  page.seconds = first.seconds;
  return page;
}

bool better_read(const DocumentFields &second, const DocumentFields &first) {
  auto a = accepted(second), b = accepted(first);
  if (a != b)
    return a > b;
  return second.missing.size() < first.missing.size();
}

} // namespace mi::extract
