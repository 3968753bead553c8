#include "extract/second_read.hpp"

#include "ocr_support.hpp"

#include <doctest/doctest.h>

using namespace mi;
using namespace mi::extract;

namespace {

ocr::PageText page(ocr::TextSource source, double dpi_x, double dpi_y) {
  ocr::PageText p;
  p.page = 1;
  p.source = source;
  p.dpi_x = dpi_x;
  p.dpi_y = dpi_y;
  return p;
}

DocumentFields fields(std::vector<std::string> statuses, std::size_t missing = 0) {
  DocumentFields d;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    ExtractedField f;
    f.name = "f" + std::to_string(i);
    f.status = statuses[i];
    d.fields.push_back(f);
  }
  d.missing.resize(missing, "x");
  bool all = std::all_of(statuses.begin(), statuses.end(),
                         [](const std::string &s) { return s == "accepted"; });
  d.status = all && missing == 0 ? "accepted" : "needs_review";
  return d;
}

} // namespace

TEST_CASE("only coarse OCR'd pages of a document with unaccepted fields are read again") {
  std::vector<ocr::PageText> pages{
      page(ocr::TextSource::ocr, 204, 98), page(ocr::TextSource::ocr, 300, 300),
      page(ocr::TextSource::text_layer, 72, 72), page(ocr::TextSource::ocr, 0, 0)};
  SecondReadOptions options;
  auto again = pages_to_reread(fields({"accepted", "needs_review"}), pages, options);
  CHECK(again == std::vector<std::size_t>{0}); // the fax page; not the scan, text layer, unknown
  CHECK(pages_to_reread(fields({"accepted", "accepted"}), pages, options).empty());
  options.enabled = false;
  CHECK(pages_to_reread(fields({"needs_review"}), pages, options).empty());
}

TEST_CASE("the read with more accepted fields wins, then fewer missing; a tie keeps the first") {
  CHECK(better_read(fields({"accepted", "accepted"}), fields({"accepted", "needs_review"})));
  CHECK_FALSE(better_read(fields({"accepted", "needs_review"}), fields({"accepted", "accepted"})));
  CHECK(better_read(fields({"accepted"}, 0), fields({"accepted"}, 1)));
  CHECK_FALSE(better_read(fields({"accepted"}, 1), fields({"accepted"}, 1)));
}

TEST_CASE("a page read again keeps its metadata and comes back at the finer resolution") {
  pdf::MupdfContext context;
  auto pdf = test::one_page_pdf("BT /F1 24 Tf 72 700 Td (Referral for consultation) Tj ET");
  pdf::MupdfDocument document(context, pdf);
  ocr::TesseractEngine engine;
  auto first = page(ocr::TextSource::ocr, 204, 98);
  first.rotate_attribute = 0;
  SecondReadOptions options;
  auto again = reread_page(engine, context, document, first, options);
  CHECK(again.page == 1);
  CHECK(again.source == ocr::TextSource::ocr);
  CHECK(again.dpi_x == 204);
  CHECK(again.dpi_y == 98);
  CHECK(again.width == doctest::Approx(612));
  CHECK(again.image_width == doctest::Approx(612 * 400 / 72).epsilon(0.01));
  std::string text;
  for (const auto &w : again.words)
    text += w.text + " ";
  CHECK(text.find("Referral") != std::string::npos);
  // Its words are in page space like the first read's.
  REQUIRE_FALSE(again.words.empty());
  CHECK(again.words[0].box.x0 == doctest::Approx(72).epsilon(0.1));
}
