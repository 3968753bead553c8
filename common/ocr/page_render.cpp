#include "ocr/page_render.hpp"

#include "ocr/mupdf_page.hpp"

#include "core/error.hpp"

#include <leptonica/allheaders.h>
#include <mupdf/fitz.h>

namespace mi::ocr {

void PixDeleter::operator()(Pix *pix) const noexcept {
  if (pix)
    pixDestroy(&pix);
}

PixPtr gray_pix_from_buffer(const unsigned char *data, int width, int height, int bytes_per_line) {
  PixPtr pix(pixCreate(width, height, 8));
  if (!pix)
    throw Error(Reason::resource_limit, "cannot allocate a page image");
  l_uint32 *lines = pixGetData(pix.get());
  int words_per_line = pixGetWpl(pix.get());
  for (int y = 0; y < height; ++y) {
    const unsigned char *in = data + static_cast<std::ptrdiff_t>(y) * bytes_per_line;
    l_uint32 *out = lines + static_cast<std::ptrdiff_t>(y) * words_per_line;
    for (int x = 0; x < width; ++x)
      SET_DATA_BYTE(out, x, in[x]);
  }
  return pix;
}

RenderedPage render_page(pdf::MupdfContext &context, const pdf::MupdfDocument &document,
                         int page_index, int dpi, double max_pixels) {
  LoadedPage page(context, document, page_index);
  fz_context *ctx = context.get();
  const double scale = dpi / 72.0;
  if (page.width() * scale * page.height() * scale > max_pixels)
    throw Error(Reason::pixel_limit, "the page is too large to render for OCR");

  fz_pixmap *pixmap = nullptr;
  bool ok = false;
  fz_var(ok);
  fz_var(pixmap);
  fz_try(ctx) {
    // The page's own origin is moved to (0, 0) so that pixel (0, 0) is page space (0, 0).
    fz_matrix ctm = fz_concat(
        fz_translate(static_cast<float>(-page.origin_x()), static_cast<float>(-page.origin_y())),
        fz_scale(static_cast<float>(scale), static_cast<float>(scale)));
    pixmap = fz_new_pixmap_from_page(ctx, page.get(), ctm, fz_device_gray(ctx), 0);
    ok = true;
  }
  fz_catch(ctx) { ok = false; }
  if (!ok)
    throw Error(Reason::pdf_corrupt, "MuPDF cannot render a page");

  RenderedPage out;
  int w = fz_pixmap_width(ctx, pixmap), h = fz_pixmap_height(ctx, pixmap);
  try {
    out.image = gray_pix_from_buffer(fz_pixmap_samples(ctx, pixmap), w, h,
                                     static_cast<int>(fz_pixmap_stride(ctx, pixmap)));
  } catch (...) {
    fz_drop_pixmap(ctx, pixmap);
    throw;
  }
  // The pixmap's integer origin may sit a fraction of a pixel off (0, 0).
  double px = fz_pixmap_x(ctx, pixmap), py = fz_pixmap_y(ctx, pixmap);
  fz_drop_pixmap(ctx, pixmap);
  // Decoded images stay in MuPDF's store otherwise; a worker renders one page at a time.
  fz_empty_store(ctx);
  pixSetResolution(out.image.get(), dpi, dpi);
  out.image_to_page = {1.0 / scale, 0, 0, 1.0 / scale, px / scale, py / scale};
  out.width = page.width();
  out.height = page.height();
  out.dpi = dpi;
  return out;
}

} // namespace mi::ocr
