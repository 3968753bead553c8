// Coordinate conversions of redaction, checked against MuPDF's own page transform and against
// where a word of known user-space position lands.
#include "redact/page_geometry.hpp"

#include "ocr_support.hpp"

#include "ocr/text_layer.hpp"
#include "pdf/mupdf.hpp"

#include <doctest/doctest.h>
#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

using namespace mi;
using namespace mi::redact;

namespace {

// MuPDF's user space -> page space matrix for page 1 of a PDF.
fz_matrix mupdf_page_ctm(pdf::MupdfContext &context, const pdf::MupdfDocument &document) {
  fz_context *ctx = context.get();
  pdf_document *pdf = pdf_document_from_fz_document(ctx, document.get());
  pdf_page *page = pdf_load_page(ctx, pdf, 0);
  fz_rect media;
  fz_matrix ctm;
  pdf_page_transform(ctx, page, &media, &ctm);
  fz_drop_page(ctx, &page->super);
  return ctm;
}

} // namespace

TEST_CASE("user_to_page agrees with MuPDF for every /Rotate, MediaBox origin and CropBox") {
  pdf::MupdfContext context;
  for (int rotate : {0, 90, 180, 270, -90, 450}) {
    for (bool crop : {false, true}) {
      CAPTURE(rotate);
      CAPTURE(crop);
      std::string keys = "/Rotate " + std::to_string(rotate);
      if (crop)
        keys += " /CropBox [30 40 600 780]";
      auto bytes = test::one_page_pdf("", {}, "10 20 622 812", keys);
      pdf::MupdfDocument document(context, bytes);
      fz_matrix ctm = mupdf_page_ctm(context, document);
      PageGeometry g;
      g.visible = crop ? ocr::Box{30, 40, 600, 780} : ocr::Box{10, 20, 622, 812};
      g.rotate = rotate;
      auto mine = user_to_page(g);
      for (auto [x, y] : {std::pair{30.0, 40.0}, {100.0, 700.0}, {599.0, 41.0}, {321.5, 400.25}}) {
        fz_point theirs =
            fz_transform_point(fz_make_point(static_cast<float>(x), static_cast<float>(y)), ctm);
        auto b = mine.apply({x, y, x, y});
        CHECK(b.x0 == doctest::Approx(theirs.x).epsilon(1e-4));
        CHECK(b.y0 == doctest::Approx(theirs.y).epsilon(1e-4));
      }
      // And back again.
      auto back = page_to_user(g).apply(mine.apply({100, 200, 150, 230}));
      CHECK(back.x0 == doctest::Approx(100));
      CHECK(back.y0 == doctest::Approx(200));
      CHECK(back.x1 == doctest::Approx(150));
      CHECK(back.y1 == doctest::Approx(230));
    }
  }
}

TEST_CASE("a word drawn at a known user-space point is found there after the round trip") {
  pdf::MupdfContext context;
  // "SECRET" at user (100, 500), 12 pt, on a page shown turned a quarter clockwise.
  auto bytes =
      test::one_page_pdf("BT /F1 12 Tf 100 500 Td (SECRET) Tj ET", {}, "0 0 612 792", "/Rotate 90");
  pdf::MupdfDocument document(context, bytes);
  auto words = ocr::text_layer_words(context, document, 0);
  REQUIRE(words.words.size() == 1);
  auto page_box = words.words[0].box;
  // Displayed sideways: page space is 792 wide; the word runs downwards from user x = 100.
  CHECK(words.width == doctest::Approx(792));
  CHECK(page_box.y0 == doctest::Approx(100).epsilon(0.02));
  auto user = page_to_user({{0, 0, 612, 792}, 90}).apply(page_box);
  CHECK(user.x0 == doctest::Approx(100).epsilon(0.02));
  CHECK(user.y0 < 500);     // the baseline lies inside the word's box
  CHECK(user.y1 > 500 + 6); // and the glyphs rise above it
  CHECK(user.x1 > user.x0 + 30);
}

TEST_CASE("page_to_pixels inverts the image-to-page matrix of an OCR'd image") {
  // 300 dpi image of a page: a pixel is 72/300 pt; the image was turned 90 degrees.
  ocr::Matrix image_to_page{0, 72.0 / 300, -72.0 / 300, 0, 612, 0};
  ocr::Box pixels{120, 340, 480, 400};
  auto page = image_to_page.apply(pixels);
  auto back = page_to_pixels(page, image_to_page);
  CHECK(back.x0 == doctest::Approx(120));
  CHECK(back.y0 == doctest::Approx(340));
  CHECK(back.x1 == doctest::Approx(480));
  CHECK(back.y1 == doctest::Approx(400));
}
