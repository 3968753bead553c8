#include "ocr/page_ocr.hpp"

#include "ocr_support.hpp"

#include <leptonica/allheaders.h>

#include <cmath>
#include <numbers>

using namespace mi;
using namespace mi::ocr;

namespace {

// A white image with one black rectangle.
PixPtr image_with_block(int w, int h, int x, int y, int bw, int bh) {
  PixPtr pix(pixCreate(w, h, 8));
  pixSetAllArbitrary(pix.get(), 255);
  for (int j = y; j < y + bh; ++j)
    for (int i = x; i < x + bw; ++i)
      pixSetPixel(pix.get(), i, j, 0);
  return pix;
}

ocr::Box dark_box(Pix *pix) {
  ocr::Box b{1e9, 1e9, -1, -1};
  for (int y = 0; y < pixGetHeight(pix); ++y)
    for (int x = 0; x < pixGetWidth(pix); ++x) {
      l_uint32 v = 255;
      pixGetPixel(pix, x, y, &v);
      if (v < 128) {
        b.x0 = std::min<double>(b.x0, x);
        b.y0 = std::min<double>(b.y0, y);
        b.x1 = std::max<double>(b.x1, x + 1);
        b.y1 = std::max<double>(b.y1, y + 1);
      }
    }
  return b;
}

bool has_word(const PageText &page, const std::string &wanted) {
  auto target = test::normalized_word(wanted);
  for (const auto &w : page.words)
    if (test::normalized_word(w.text) == target)
      return true;
  return false;
}

std::string surname(const std::string &stem) {
  return test::packet_truth(stem)["canaries"][0].get<std::string>();
}

} // namespace

TEST_CASE("quarter turns map back to the source image exactly as pixRotateOrth turned it") {
  auto source = image_with_block(200, 120, 20, 10, 30, 15);
  ocr::Box original = dark_box(source.get());
  for (int degrees : {90, 180, 270}) {
    PixPtr turned(pixRotateOrth(source.get(), degrees / 90));
    auto back = quarter_turn_to_source(degrees, 200, 120).apply(dark_box(turned.get()));
    CAPTURE(degrees);
    CHECK(back.x0 == doctest::Approx(original.x0));
    CHECK(back.y0 == doctest::Approx(original.y0));
    CHECK(back.x1 == doctest::Approx(original.x1));
    CHECK(back.y1 == doctest::Approx(original.y1));
  }
}

TEST_CASE("deskew rotations map back to the source image as pixRotate turned them") {
  auto source = image_with_block(800, 600, 500, 100, 40, 40);
  ocr::Box original = dark_box(source.get());
  for (double degrees : {1.5, -2.0}) {
    double radians = degrees * std::numbers::pi / 180;
    PixPtr turned(pixRotate(source.get(), static_cast<l_float32>(radians), L_ROTATE_AREA_MAP,
                            L_BRING_IN_WHITE, 0, 0));
    ocr::Box moved = dark_box(turned.get());
    CHECK(std::abs(moved.x0 - original.x0) + std::abs(moved.y0 - original.y0) > 3);
    auto back = small_rotation_to_source(radians, 800, 600).apply(moved);
    double cx = (back.x0 + back.x1) / 2, cy = (back.y0 + back.y1) / 2;
    CAPTURE(degrees);
    CHECK(cx == doctest::Approx((original.x0 + original.x1) / 2).epsilon(0.005));
    CHECK(cy == doctest::Approx((original.y0 + original.y1) / 2).epsilon(0.01));
  }
}

TEST_CASE("an upside-down scan is turned upright and its words land on the page") {
  auto bytes = test::packet_bytes("p15-rotated-scans.pdf");
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes, "application/pdf");
  auto rendered = render_page(context, document, 1, 300); // page 2: pixels turned 180
  TesseractEngine engine;
  auto page = ocr_rendered_page(engine, rendered, PageOcrOptions{});
  CHECK(page.applied_rotation == 180);
  CHECK(page.mean_confidence() > 0.8);
  CHECK(has_word(page, "Release"));
  for (const auto &w : page.words) {
    CHECK(w.box.x0 >= -1);
    CHECK(w.box.y0 >= -1);
    CHECK(w.box.x1 <= rendered.width + 1);
    CHECK(w.box.y1 <= rendered.height + 1);
  }
  // The image Tesseract read was the page turned 180 degrees: its top-left is the page's
  // bottom-right.
  auto corner = page.image_to_page.apply({0, 0, 0, 0});
  CHECK(corner.x0 == doctest::Approx(rendered.width).epsilon(0.01));
  CHECK(corner.y0 == doctest::Approx(rendered.height).epsilon(0.01));
}

TEST_CASE("a standard-resolution fax page yields the patient's name") {
  auto bytes = test::packet_bytes("p07-fax-referral.pdf");
  auto truth = test::packet_truth("p07-fax-referral");
  int page_number = truth["documents"][1]["fields"]["patient_name"]["page"].get<int>();
  REQUIRE(truth["pages"][page_number - 1]["dpi"][1] == 98);
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes, "application/pdf");
  auto rendered = render_page(context, document, page_number - 1, 300);
  TesseractEngine engine;
  auto page = ocr_rendered_page(engine, rendered, PageOcrOptions{});
  CHECK(page.applied_rotation == 0);
  CHECK(has_word(page, surname("p07-fax-referral")));
  // An upright page that reads well costs one recognition and no orientation detection.
  CHECK(engine.recognize_calls() == 1);
  CHECK(engine.orientation_calls() == 0);
}

TEST_CASE("specks are turned white, print is kept") {
  PixPtr page(pixCreate(100, 60, 8));
  pixSetAllArbitrary(page.get(), 255);
  for (int y = 10; y < 12; ++y) // a 2x2 speck
    for (int x = 10; x < 12; ++x)
      pixSetPixel(page.get(), x, y, 0);
  for (int y = 30; y < 40; ++y) // a 10x10 blot of print
    for (int x = 50; x < 60; ++x)
      pixSetPixel(page.get(), x, y, 0);
  for (int x = 20; x < 80; ++x) // a one-pixel rule: thin but long, kept
    pixSetPixel(page.get(), x, 50, 0);
  PixPtr clean = without_specks(page.get());
  REQUIRE(clean);
  l_uint32 v = 0;
  pixGetPixel(clean.get(), 10, 10, &v);
  CHECK(v == 255);
  pixGetPixel(clean.get(), 55, 35, &v);
  CHECK(v == 0);
  pixGetPixel(clean.get(), 40, 50, &v);
  CHECK(v == 0);
  // Nothing to remove: no copy.
  PixPtr blank(pixCreate(20, 20, 8));
  pixSetAllArbitrary(blank.get(), 255);
  CHECK_FALSE(without_specks(blank.get()));
}
