#include "ocr/page_render.hpp"

#include "ocr/mupdf_page.hpp"

#include "core/error.hpp"

#include <leptonica/allheaders.h>
#include <mupdf/fitz.h>

#include <algorithm>

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

namespace {

// Drops a MuPDF pixmap on every path out of a C++ scope.
struct PixmapHolder {
  fz_context *ctx;
  fz_pixmap *pixmap;
  ~PixmapHolder() { fz_drop_pixmap(ctx, pixmap); }
};

// Draws the page-space area `area` (already inside the page) of a loaded page into gray pixels
// at dpi. This is what fz_new_pixmap_from_page does for the whole page (bounds -> device rect
// -> rounded pixel bbox, white background, draw device, run the page), with the bbox taken
// from `area` instead of the page bounds.
RenderedPage draw_area(pdf::MupdfContext &context, const LoadedPage &page, const Box &area, int dpi,
                       double max_pixels) {
  fz_context *ctx = context.get();
  const double scale = dpi / 72.0;
  if ((area.x1 - area.x0) * scale * (area.y1 - area.y0) * scale > max_pixels)
    throw Error(Reason::pixel_limit, "the page is too large to render for OCR");

  // The page's own origin is moved to (0, 0) so that pixel (0, 0) is page space (0, 0).
  fz_matrix ctm = fz_concat(
      fz_translate(static_cast<float>(-page.origin_x()), static_cast<float>(-page.origin_y())),
      fz_scale(static_cast<float>(scale), static_cast<float>(scale)));
  fz_rect device_area = {
      static_cast<float>(area.x0 + page.origin_x()), static_cast<float>(area.y0 + page.origin_y()),
      static_cast<float>(area.x1 + page.origin_x()), static_cast<float>(area.y1 + page.origin_y())};
  fz_irect bbox = fz_round_rect(fz_transform_rect(device_area, ctm));
  fz_pixmap *pixmap = nullptr;
  fz_device *device = nullptr;
  bool ok = false;
  fz_var(ok);
  fz_var(pixmap);
  fz_var(device);
  fz_try(ctx) {
    pixmap = fz_new_pixmap_with_bbox(ctx, fz_device_gray(ctx), bbox, nullptr, 0);
    fz_clear_pixmap_with_value(ctx, pixmap, 0xFF);
    device = fz_new_draw_device(ctx, ctm, pixmap);
    fz_run_page(ctx, page.get(), device, fz_identity, nullptr);
    fz_close_device(ctx, device);
    ok = true;
  }
  fz_always(ctx) { fz_drop_device(ctx, device); }
  fz_catch(ctx) { ok = false; }
  PixmapHolder held{ctx, pixmap};
  if (!ok)
    throw Error(Reason::pdf_corrupt, "MuPDF cannot render a page");

  RenderedPage out;
  out.image = gray_pix_from_buffer(fz_pixmap_samples(ctx, pixmap), fz_pixmap_width(ctx, pixmap),
                                   fz_pixmap_height(ctx, pixmap),
                                   static_cast<int>(fz_pixmap_stride(ctx, pixmap)));
  // The pixmap's integer origin may sit a fraction of a pixel off the area's corner.
  double px = fz_pixmap_x(ctx, pixmap), py = fz_pixmap_y(ctx, pixmap);
  // Decoded images stay in MuPDF's store otherwise; a worker renders one page at a time.
  fz_empty_store(ctx);
  pixSetResolution(out.image.get(), dpi, dpi);
  out.image_to_page = {1.0 / scale, 0, 0, 1.0 / scale, px / scale, py / scale};
  out.width = page.width();
  out.height = page.height();
  out.dpi = dpi;
  return out;
}

} // namespace

RenderedPage render_page(pdf::MupdfContext &context, const pdf::MupdfDocument &document,
                         int page_index, int dpi, double max_pixels) {
  LoadedPage page(context, document, page_index);
  return draw_area(context, page, {0, 0, page.width(), page.height()}, dpi, max_pixels);
}

RenderedPage render_region(pdf::MupdfContext &context, const pdf::MupdfDocument &document,
                           int page_index, const Box &region, int dpi, double max_pixels) {
  LoadedPage page(context, document, page_index);
  Box area{std::max(region.x0, 0.0), std::max(region.y0, 0.0), std::min(region.x1, page.width()),
           std::min(region.y1, page.height())};
  if (!(area.x0 < area.x1 && area.y0 < area.y1))
    throw Error(Reason::internal, "a region to render lies outside the page");
  return draw_area(context, page, area, dpi, max_pixels);
}

} // namespace mi::ocr
