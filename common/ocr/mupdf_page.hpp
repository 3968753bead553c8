#pragma once
// A loaded MuPDF page (RAII), for the files of mi_ocr that read one page at a time.

#include "pdf/mupdf.hpp"

struct fz_page;

namespace mi::ocr {

class LoadedPage {
public:
  // Throws Error(pdf_corrupt) when the page cannot be loaded (or does not exist).
  LoadedPage(pdf::MupdfContext &context, const pdf::MupdfDocument &document, int page_index);
  ~LoadedPage();
  LoadedPage(const LoadedPage &) = delete;
  LoadedPage &operator=(const LoadedPage &) = delete;

  fz_page *get() const noexcept { return page_; }
  // Page space size (points, after /Rotate), see page_text.hpp.
  double width() const noexcept { return width_; }
  double height() const noexcept { return height_; }
  double origin_x() const noexcept { return x0_; }
  double origin_y() const noexcept { return y0_; }

private:
  pdf::MupdfContext &context_;
  fz_page *page_ = nullptr;
  double x0_ = 0, y0_ = 0, width_ = 0, height_ = 0;
};

} // namespace mi::ocr
