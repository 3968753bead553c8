#include "ocr/mupdf_page.hpp"

#include "core/error.hpp"

#include <mupdf/fitz.h>

namespace mi::ocr {

LoadedPage::LoadedPage(pdf::MupdfContext &context, const pdf::MupdfDocument &document,
                       int page_index)
    : context_(context) {
  fz_context *ctx = context_.get();
  fz_rect bounds{};
  bool ok = false;
  fz_var(ok);
  fz_try(ctx) {
    if (page_index < 0 || page_index >= fz_count_pages(ctx, document.get()))
      fz_throw(ctx, FZ_ERROR_GENERIC, "no such page");
    page_ = fz_load_page(ctx, document.get(), page_index);
    bounds = fz_bound_page(ctx, page_);
    ok = true;
  }
  fz_catch(ctx) { ok = false; }
  if (!ok) {
    if (page_)
      fz_drop_page(ctx, page_);
    page_ = nullptr;
    throw Error(Reason::pdf_corrupt, "MuPDF cannot load a page");
  }
  x0_ = bounds.x0;
  y0_ = bounds.y0;
  width_ = bounds.x1 - bounds.x0;
  height_ = bounds.y1 - bounds.y0;
}

LoadedPage::~LoadedPage() {
  if (page_)
    fz_drop_page(context_.get(), page_);
}

} // namespace mi::ocr
