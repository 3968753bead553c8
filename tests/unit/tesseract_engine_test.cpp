#include "ocr/tesseract_engine.hpp"

#include "ocr/page_render.hpp"

#include "ocr_support.hpp"

#include <leptonica/allheaders.h>

#include <cstdlib>

using namespace mi;
using namespace mi::ocr;

TEST_CASE("OSD says how far to turn a page clockwise to make it upright") {
  // p15 page 1: content turned 90 degrees clockwise (its top points right), no /Rotate.
  auto truth = test::packet_truth("p15-rotated-scans");
  REQUIRE(truth["pages"][0]["content_rotation"] == 90);
  auto bytes = test::packet_bytes("p15-rotated-scans.pdf");
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes, "application/pdf");
  auto rendered = render_page(context, document, 0, 300);
  TesseractEngine engine;
  auto orientation = engine.detect_orientation(rendered.image.get(), 300);
  REQUIRE(orientation);
  CHECK(orientation->rotate_clockwise == 270);
  CHECK(orientation->confidence > 5);

  PixPtr upright(pixRotateOrth(rendered.image.get(), 3));
  auto again = engine.detect_orientation(upright.get(), 300);
  REQUIRE(again);
  CHECK(again->rotate_clockwise == 0);
  PixPtr flipped(pixRotateOrth(upright.get(), 2));
  auto flip = engine.detect_orientation(flipped.get(), 300);
  REQUIRE(flip);
  CHECK(flip->rotate_clockwise == 180);
  CHECK(engine.orientation_calls() == 3);
}

TEST_CASE("recognized words have boxes in image pixels and confidences in 0..1") {
  auto bytes = test::packet_bytes("p09-scan-procedure-consent.pdf");
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes, "application/pdf");
  auto rendered = render_page(context, document, 0, 300);
  TesseractEngine engine;
  auto words = engine.recognize(rendered.image.get(), 300);
  REQUIRE(words.size() > 30);
  int w = pixGetWidth(rendered.image.get()), h = pixGetHeight(rendered.image.get());
  int last_line = 0;
  for (const auto &word : words) {
    CHECK(!word.text.empty());
    CHECK(word.x0 >= 0);
    CHECK(word.x1 <= w);
    CHECK(word.y1 <= h);
    CHECK(word.x0 < word.x1);
    CHECK(word.confidence >= 0);
    CHECK(word.confidence <= 1);
    CHECK(word.upright);
    CHECK(word.line >= last_line);
    last_line = word.line;
  }
  CHECK(std::string(std::getenv("OMP_THREAD_LIMIT")) == "1");
}

TEST_CASE("an unknown language is a configuration error") {
  CHECK(test::reason_of([] { TesseractEngine engine("zz-no-such-language"); }) ==
        Reason::config_invalid);
}
