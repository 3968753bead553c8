#include "ocr/page_render.hpp"

#include "ocr_support.hpp"

#include <leptonica/allheaders.h>

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
