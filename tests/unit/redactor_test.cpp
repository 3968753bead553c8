// True redaction: the words under a box are gone from the file, the box lands where it was
// asked to, the rest of the page stays, and the file carries nothing beside its drawing.
#include "redact/redactor.hpp"

#include "redact/leak_gate.hpp"
#include "redact/page_geometry.hpp"

#include "ocr_support.hpp"

#include "ocr/page_render.hpp"
#include "ocr/text_layer.hpp"

#include <doctest/doctest.h>
#include <leptonica/allheaders.h>

#include <algorithm>

using namespace mi;
using namespace mi::redact;

namespace {

ByteView view_of(const std::string &s) {
  return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()};
}

std::vector<std::string> words_of(pdf::MupdfContext &context, const std::string &pdf) {
  pdf::MupdfDocument document(context, view_of(pdf));
  std::vector<std::string> out;
  for (int i = 0; i < document.page_count(); ++i)
    for (const auto &w : ocr::text_layer_words(context, document, i).words)
      out.push_back(w.text);
  return out;
}

bool has(const std::vector<std::string> &words, const std::string &word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

ocr::Box box_of(pdf::MupdfContext &context, const Bytes &pdf, const std::string &word) {
  pdf::MupdfDocument document(context, pdf);
  for (const auto &w : ocr::text_layer_words(context, document, 0).words)
    if (w.text == word)
      return w.box;
  FAIL("word not on the page");
  return {};
}

// The gray value at page-space point (x, y) of page 1 rendered at 72 dpi, found through the
// rendered image's own image-to-page matrix.
int gray_at(pdf::MupdfContext &context, const std::string &pdf, double x, double y) {
  pdf::MupdfDocument document(context, view_of(pdf));
  auto page = ocr::render_page(context, document, 0, 72);
  auto p = page_to_pixels({x, y, x, y}, page.image_to_page);
  l_uint32 value = 0;
  pixGetPixel(page.image.get(), static_cast<l_int32>(p.x0), static_cast<l_int32>(p.y0), &value);
  return static_cast<int>(value);
}

Bytes file_bytes(const std::string &name) {
  auto text = test::read_text(test::testdata_dir() / "redact" / name);
  return Bytes(text.begin(), text.end());
}

} // namespace

TEST_CASE("vector redaction removes exactly the covered words and draws the box where asked") {
  pdf::MupdfContext context;
  for (int rotate : {0, 90, 270}) {
    CAPTURE(rotate);
    auto source = test::one_page_pdf("BT /F1 12 Tf 100 500 Td (SECRET) Tj 80 0 Td (KEEP) Tj ET", {},
                                     "0 0 612 792", "/Rotate " + std::to_string(rotate));
    auto secret = box_of(context, source, "SECRET");
    auto keep = box_of(context, source, "KEEP");
    auto prepared = prepare_source(source, "application/pdf", {1});
    RedactRequest request{prepared, {{1, {secret}}}, RedactMode::vector, 150};
    auto out = redact_document(context, request);
    CHECK(out.vector_pages == 1);
    CHECK(out.raster_pages == 0);
    auto words = words_of(context, out.bytes);
    CHECK_FALSE(has(words, "SECRET"));
    CHECK(has(words, "KEEP"));
    // The black box sits over the word's centre; the kept word's surroundings stay white.
    double cx = (secret.x0 + secret.x1) / 2, cy = (secret.y0 + secret.y1) / 2;
    CHECK(gray_at(context, out.bytes, cx, cy) < 40);
    bool vertical = rotate == 90 || rotate == 270;
    double beyond_x = vertical ? cx + 25 : cx;
    double beyond_y = vertical ? cy : cy - 25;
    CHECK(gray_at(context, out.bytes, beyond_x, beyond_y) > 200);
    CHECK(gray_at(context, out.bytes, (keep.x0 + keep.x1) / 2 + (vertical ? 20 : 0),
                  (keep.y0 + keep.y1) / 2 - (vertical ? 0 : 20)) > 200);
  }
}

TEST_CASE("raster redaction draws the page as a picture with the box painted black") {
  pdf::MupdfContext context;
  auto source = test::one_page_pdf("BT /F1 12 Tf 100 500 Td (SECRET) Tj 80 0 Td (KEEP) Tj ET", {},
                                   "0 0 612 792", "/Rotate 90");
  auto secret = box_of(context, source, "SECRET");
  auto prepared = prepare_source(source, "application/pdf", {1});
  RedactRequest request{prepared, {{1, {secret}}}, RedactMode::raster, 150};
  auto out = redact_document(context, request);
  CHECK(out.raster_pages == 1);
  CHECK(words_of(context, out.bytes).empty()); // no text layer at all
  CHECK(gray_at(context, out.bytes, (secret.x0 + secret.x1) / 2, (secret.y0 + secret.y1) / 2) < 40);
  CHECK(gray_at(context, out.bytes, secret.x0 + 40, (secret.y0 + secret.y1) / 2) > 200);
  pdf::MupdfDocument document(context, view_of(out.bytes));
  auto page = ocr::render_page(context, document, 0, 72);
  CHECK(page.width == doctest::Approx(792)); // the picture keeps the page as displayed
  CHECK(page.height == doctest::Approx(612));
}

TEST_CASE("a box over vector art rasterizes the page; rules and cell borders do not") {
  std::vector<ocr::Box> boxes{{100, 100, 300, 140}};
  CHECK(covers_vector_art({{110, 105, 290, 135}}, boxes));       // a signature inside the box
  CHECK_FALSE(covers_vector_art({{50, 90, 500, 300}}, boxes));   // a large shape around it
  CHECK_FALSE(covers_vector_art({{400, 100, 450, 140}}, boxes)); // elsewhere
  // Overlapping boxes over half a shape count once, not twice.
  CHECK_FALSE(
      covers_vector_art({{100, 100, 300, 200}}, {{100, 100, 300, 140}, {100, 100, 300, 140}}));

  pdf::MupdfContext context;
  // A stroked curve under the box: the page is drawn as a picture instead.
  auto signed_page = test::one_page_pdf(
      "BT /F1 12 Tf 100 500 Td (SECRET) Tj ET 2 w 100 480 m 130 520 160 440 200 490 c S");
  auto prepared = prepare_source(signed_page, "application/pdf", {1});
  RedactRequest request{prepared, {{1, {{95, 270, 210, 320}}}}, RedactMode::vector, 150};
  auto out = redact_document(context, request);
  CHECK(out.raster_pages == 1);
  CHECK(out.vector_pages == 0);
}

TEST_CASE("only the document's pages, in its order, and nothing else of the file survive") {
  pdf::MupdfContext context;
  // r03: sticky note and FreeText annotations; r04: Info and XMP; r06: an incremental update;
  // r07: orphan objects. With no box at all the output must still pass the structure check.
  for (const char *name :
       {"r03-annotations.pdf", "r04-info-xmp-metadata.pdf", "r05-embedded-file.pdf",
        "r06-incremental-update.pdf", "r07-orphan-objects.pdf", "r02-acroform-fields.pdf"}) {
    CAPTURE(name);
    auto bytes = file_bytes(name);
    for (auto mode : {RedactMode::vector, RedactMode::raster}) {
      auto prepared = prepare_source(bytes, "application/pdf", {1});
      auto out = redact_document(context, {prepared, {}, mode, 100});
      CHECK(check_structure(view_of(out.bytes)).empty());
    }
  }
}

TEST_CASE("printed_words reads form field values and annotations the page shows") {
  pdf::MupdfContext context;
  auto bytes = file_bytes("r02-acroform-fields.pdf");
  auto prepared = prepare_source(bytes, "application/pdf", {1});
  auto printed = printed_words(context, prepared);
  REQUIRE(printed.contains(1));
  pdf::MupdfDocument original(context, bytes);
  auto before = ocr::text_layer_words(context, original, 0).words.size();
  // Flattened fields are content now: more words than the original's text layer holds.
  CHECK(printed.at(1).words.size() > before);
}
