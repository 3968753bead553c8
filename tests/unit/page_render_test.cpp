#include "ocr/page_render.hpp"

#include "ocr_support.hpp"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>

using namespace mi;
using namespace mi::ocr;

TEST_CASE("a standard-resolution fax (204x98) renders with square pixels at 300 dpi") {
  auto truth = test::packet_truth("p07-fax-referral");
  REQUIRE(truth["pages"][0]["dpi"][1] == 98);
  auto bytes = test::packet_bytes("p07-fax-referral.pdf");
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes, "application/pdf");
  auto page = render_page(context, document, 0, 300);
  REQUIRE(page.image);
  CHECK(pixGetDepth(page.image.get()) == 8);
  // Letter size at 300 dpi in both directions.
  CHECK(pixGetWidth(page.image.get()) == doctest::Approx(page.width * 300 / 72).epsilon(0.01));
  CHECK(pixGetHeight(page.image.get()) == doctest::Approx(page.height * 300 / 72).epsilon(0.01));
  CHECK(page.image_to_page.a == doctest::Approx(72.0 / 300));
  CHECK(page.image_to_page.d == doctest::Approx(72.0 / 300));
  auto whole = page.image_to_page.apply({0, 0, static_cast<double>(pixGetWidth(page.image.get())),
                                         static_cast<double>(pixGetHeight(page.image.get()))});
  CHECK(whole.x1 == doctest::Approx(page.width).epsilon(0.01));
  CHECK(whole.y1 == doctest::Approx(page.height).epsilon(0.01));
  // Ink is there: a fax page is not blank.
  l_float32 mean = 255;
  pixGetAverageMasked(page.image.get(), nullptr, 0, 0, 1, L_MEAN_ABSVAL, &mean);
  CHECK(mean < 250);
  CHECK(mean > 150);
}

TEST_CASE("a TIFF upload renders as a document too") {
  auto bytes = test::packet_bytes("u01-fax-upload.tif");
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes, "image/tiff");
  CHECK(document.page_count() == 3);
  auto page = render_page(context, document, 2, 150);
  CHECK(pixGetWidth(page.image.get()) > 1000);
  // Square pixels: a letter-shaped fax stays letter-shaped.
  double aspect =
      static_cast<double>(pixGetHeight(page.image.get())) / pixGetWidth(page.image.get());
  CHECK(aspect == doctest::Approx(11.0 / 8.5).epsilon(0.05));
}

TEST_CASE("oversized pages are refused before any pixel is allocated") {
  auto bytes = test::packet_bytes("p07-fax-referral.pdf");
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes, "application/pdf");
  CHECK(test::reason_of([&] { render_page(context, document, 0, 300, 1e6); }) ==
        Reason::pixel_limit);
}

TEST_CASE("gray buffers copy into 8-bit images byte for byte") {
  unsigned char data[3 * 4] = {0, 1, 2, 9, 10, 11, 12, 9, 200, 201, 255, 9};
  auto pix = gray_pix_from_buffer(data, 3, 3, 4);
  l_uint32 v = 0;
  pixGetPixel(pix.get(), 2, 1, &v);
  CHECK(v == 12);
  pixGetPixel(pix.get(), 2, 2, &v);
  CHECK(v == 255);
  pixGetPixel(pix.get(), 0, 2, &v);
  CHECK(v == 200);
}

namespace {

// The page-space box of the dark pixels of a rendered image (value < 128), through its
// image_to_page; empty (x0 > x1) when there are none.
ocr::Box dark_box(const RenderedPage &page) {
  Pix *pix = page.image.get();
  int w = pixGetWidth(pix), h = pixGetHeight(pix);
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      l_uint32 v = 255;
      pixGetPixel(pix, x, y, &v);
      if (v < 128) {
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x + 1);
        y1 = std::max(y1, y + 1);
      }
    }
  if (x1 < 0)
    return {1, 1, 0, 0};
  return page.image_to_page.apply({static_cast<double>(x0), static_cast<double>(y0),
                                   static_cast<double>(x1), static_cast<double>(y1)});
}

} // namespace

TEST_CASE("a region renders only its clip, and its pixels map back to page space") {
  // A black 50 x 30 pt rectangle at user space (100, 200) on a page whose MediaBox starts at
  // (10, 20): page space (90, 582) - (140, 612), origin top-left.
  auto pdf = test::one_page_pdf("0 g 100 200 50 30 re f\n", {}, "10 20 622 812");
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, pdf, "application/pdf");
  ocr::Box region{80.3, 560.7, 200, 640};
  auto clip = render_region(context, document, 0, region, 300);
  REQUIRE(clip.image);
  CHECK(pixGetDepth(clip.image.get()) == 8);
  CHECK(clip.dpi == 300);
  CHECK(clip.width == doctest::Approx(612));
  // Only the region's pixels, to within the one-pixel rounding of its edges.
  CHECK(pixGetWidth(clip.image.get()) == doctest::Approx((200 - 80.3) * 300 / 72).epsilon(0.01));
  CHECK(pixGetHeight(clip.image.get()) == doctest::Approx((640 - 560.7) * 300 / 72).epsilon(0.01));
  auto corner = clip.image_to_page.apply({0, 0, 0, 0});
  CHECK(std::abs(corner.x0 - region.x0) < 72.0 / 300);
  CHECK(std::abs(corner.y0 - region.y0) < 72.0 / 300);
  auto dark = dark_box(clip);
  CHECK(std::abs(dark.x0 - 90) < 0.5);
  CHECK(std::abs(dark.y0 - 582) < 0.5);
  CHECK(std::abs(dark.x1 - 140) < 0.5);
  CHECK(std::abs(dark.y1 - 612) < 0.5);

  // The whole page puts it at the same place; a region beside it is white.
  auto whole = render_page(context, document, 0, 100);
  auto dark_whole = dark_box(whole);
  CHECK(std::abs(dark_whole.x0 - 90) < 1);
  CHECK(std::abs(dark_whole.y1 - 612) < 1);
  auto beside = render_region(context, document, 0, {300, 300, 400, 400}, 300);
  CHECK(dark_box(beside).x0 > dark_box(beside).x1);
  // A region partly off the page is clipped to it; one wholly off it is refused.
  auto edge = render_region(context, document, 0, {500, 700, 700, 900}, 72);
  CHECK(pixGetWidth(edge.image.get()) == 112);
  CHECK(pixGetHeight(edge.image.get()) == 92);
  CHECK(test::reason_of([&] {
          render_region(context, document, 0, {700, 0, 800, 100});
        }) == Reason::internal);
}

TEST_CASE("a region's pixels are the whole page's pixels there") {
  // Same pixel grid, same drawing: a region image is a crop of the page image, byte for byte.
  auto bytes = test::packet_bytes("p06-insurance-card.pdf");
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes, "application/pdf");
  auto page = render_page(context, document, 0, 150);
  ocr::Box card{126, 110, 486, 337};
  auto region = render_region(context, document, 0, card, 150);
  int ox = static_cast<int>(std::lround(region.image_to_page.e * 150 / 72));
  int oy = static_cast<int>(std::lround(region.image_to_page.f * 150 / 72));
  int w = pixGetWidth(region.image.get()), h = pixGetHeight(region.image.get());
  CHECK(w >= 750); // 360 pt at 150 dpi, edges rounded outwards
  std::size_t differing = 0, dark = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      l_uint32 a = 0, b = 0;
      pixGetPixel(region.image.get(), x, y, &a);
      pixGetPixel(page.image.get(), x + ox, y + oy, &b);
      differing += a != b ? 1 : 0;
      dark += a < 128 ? 1 : 0;
    }
  CHECK(differing == 0);
  CHECK(dark > 1000); // the card's text and border are there
}
