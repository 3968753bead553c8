#include "split/header_ocr.hpp"

#include "core/error.hpp"

#include <leptonica/allheaders.h>
#include <mupdf/fitz.h>

#include <memory>

namespace mi::split {
namespace {

struct PixDeleter {
  void operator()(Pix *p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// The page, rendered gray at dpi, as a Leptonica image.
PixPtr render_gray(pdf::MupdfContext &context, const pdf::MupdfDocument &document, int page_index,
                   int dpi) {
  fz_context *ctx = context.get();
  fz_pixmap *pixmap = nullptr;
  Pix *pix = nullptr;
  bool failed = false;
  fz_var(pixmap);
  fz_try(ctx) {
    float scale = static_cast<float>(dpi) / 72.0f;
    pixmap = fz_new_pixmap_from_page_number(ctx, document.get(), page_index, fz_scale(scale, scale),
                                            fz_device_gray(ctx), 0);
  }
  fz_catch(ctx) { failed = true; }
  if (failed)
    throw Error(Reason::pdf_corrupt, "MuPDF cannot render a page");
  int w = fz_pixmap_width(ctx, pixmap), h = fz_pixmap_height(ctx, pixmap);
  int stride = static_cast<int>(fz_pixmap_stride(ctx, pixmap));
  const unsigned char *samples = fz_pixmap_samples(ctx, pixmap);
  pix = pixCreate(w, h, 8);
  if (pix) {
    pixSetResolution(pix, dpi, dpi);
    l_uint32 *data = pixGetData(pix);
    int wpl = pixGetWpl(pix);
    for (int y = 0; y < h; ++y) {
      l_uint32 *line = data + y * wpl;
      const unsigned char *row = samples + static_cast<std::ptrdiff_t>(y) * stride;
      for (int x = 0; x < w; ++x)
        SET_DATA_BYTE(line, x, row[x]);
    }
  }
  fz_drop_pixmap(ctx, pixmap);
  if (!pix)
    throw Error(Reason::resource_limit, "cannot allocate a page image");
  return PixPtr(pix);
}

std::string words_text(Pix *image, ocr::TesseractEngine &engine, int dpi) {
  std::string text;
  int line = -1;
  for (const auto &word : engine.recognize(image, dpi)) {
    if (line >= 0)
      text += word.line != line ? '\n' : ' ';
    text += word.text;
    line = word.line;
  }
  return text;
}

std::string band_text(Pix *page, double band, ocr::TesseractEngine &engine, int dpi) {
  int w = static_cast<int>(pixGetWidth(page)), h = static_cast<int>(pixGetHeight(page));
  Box *region = boxCreate(0, 0, w, std::max(1, static_cast<int>(h * band)));
  PixPtr top(pixClipRectangle(page, region, nullptr));
  boxDestroy(&region);
  return top ? words_text(top.get(), engine, dpi) : std::string();
}

double measure_skew(Pix *page) {
  PixPtr binary(pixConvertTo1(page, 160));
  l_float32 angle = 0, confidence = 0;
  if (!binary || pixFindSkew(binary.get(), &angle, &confidence) != 0 || confidence < 2.0f)
    return 0;
  return angle;
}

} // namespace

HeaderText read_header_band(pdf::MupdfContext &context, const pdf::MupdfDocument &document,
                            int page_index, double band, ocr::TesseractEngine &engine,
                            bool (*informative)(const std::string &, const void *),
                            const void *informative_context, int dpi) {
  auto page = render_gray(context, document, page_index, dpi);
  HeaderText result;
  result.skew_degrees = measure_skew(page.get());
  result.text = band_text(page.get(), band, engine, dpi);
  result.body = result.text;
  if (informative(result.text, informative_context))
    return result;
  Pix *upright = page.get();
  PixPtr turned;
  auto orientation = engine.detect_orientation(page.get(), dpi);
  if (orientation && orientation->rotate_clockwise != 0) {
    turned.reset(pixRotateOrth(page.get(), orientation->rotate_clockwise / 90));
    if (turned) {
      upright = turned.get();
      result.rotate_clockwise = orientation->rotate_clockwise;
      result.text = band_text(upright, band, engine, dpi);
      result.body = result.text;
      if (informative(result.text, informative_context))
        return result;
    }
  }
  result.body = words_text(upright, engine, dpi);
  result.whole_page = true;
  return result;
}

} // namespace mi::split
