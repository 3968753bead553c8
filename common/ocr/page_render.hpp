#pragma once
// A page rendered in memory by MuPDF into an 8-bit gray Leptonica image, ready for OCR.
//
// MuPDF draws every image at its placement on the page, so a fax stored at 204x98 dpi (or any
// non-square resolution) comes out with square pixels at the requested resolution: the vertical
// rescaling that cuts Tesseract's error rate on standard-resolution faxes happens here, for free.
// TIFF, PNG and JPEG uploads are documents too (MuPDF opens them), and render the same way.

#include "ocr/page_text.hpp"

#include "pdf/mupdf.hpp"

#include <memory>

struct Pix;

namespace mi::ocr {

struct PixDeleter {
  void operator()(Pix *pix) const noexcept;
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

struct RenderedPage {
  PixPtr image;                 // 8 bpp gray
  Matrix image_to_page;         // pixel (x, y) -> page space
  double width = 0, height = 0; // page space size (points)
  int dpi = 0;
};

// page_index is 0-based. Throws Error(pdf_corrupt) when the page cannot be drawn, and
// Error(pixel_limit) when it would exceed max_pixels.
RenderedPage render_page(pdf::MupdfContext &context, const pdf::MupdfDocument &document,
                         int page_index, int dpi = 300, double max_pixels = 200e6);

// Only the part of the page inside `region` (page space, clipped to the page), drawn as
// render_page draws the whole page: the same pixel grid, so a pixel of the region is the pixel
// render_page would have produced there, and image_to_page includes the region's offset. Every
// drawing call of the page still runs, but MuPDF decodes no image outside the region. Throws as
// render_page, and Error(internal) for a region that misses the page.
RenderedPage render_region(pdf::MupdfContext &context, const pdf::MupdfDocument &document,
                           int page_index, const Box &region, int dpi = 300,
                           double max_pixels = 200e6);

// An 8-bit copy of a gray buffer (bytes_per_line >= width), for tests and other callers.
PixPtr gray_pix_from_buffer(const unsigned char *data, int width, int height, int bytes_per_line);

} // namespace mi::ocr
