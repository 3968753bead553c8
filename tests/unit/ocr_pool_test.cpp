#include "ocr/ocr_pool.hpp"

#include "pdf/page_census.hpp"

#include "ocr_support.hpp"

using namespace mi;
using namespace mi::ocr;

namespace {

std::shared_ptr<const SourceDocument> source(const std::string &name, const std::string &mime) {
  auto bytes = test::packet_bytes(name);
  return std::make_shared<SourceDocument>(SourceDocument{Secret(bytes), mime});
}

} // namespace

TEST_CASE("born-digital pages come from the text layer, in order, with no Tesseract call") {
  OcrPoolOptions options;
  options.jobs = 2;
  OcrPool pool(options);
  auto letter = source("p01-referral-letter.pdf", "application/pdf");
  auto rotated = source("p14-rotate-attribute.pdf", "application/pdf");
  std::vector<std::future<PageResult>> futures;
  for (int round = 0; round < 3; ++round) {
    futures.push_back(pool.submit({letter, 1, std::nullopt}));
    futures.push_back(pool.submit({rotated, 2, std::nullopt}));
    futures.push_back(pool.submit({letter, 2, std::nullopt}));
  }
  std::vector<int> pages;
  for (auto &f : futures) {
    auto r = f.get();
    REQUIRE(r.failure == Reason::ok);
    CHECK(r.text.source == TextSource::text_layer);
    CHECK(!r.text.words.empty());
    CHECK(r.text.seconds < 0.5);
    pages.push_back(r.text.page);
  }
  CHECK(pages == std::vector<int>{1, 2, 2, 1, 2, 2, 1, 2, 2});
  CHECK(pool.tesseract_calls() == 0);
}

TEST_CASE("the census sends image pages to OCR; a hint from mi-split is trusted") {
  PageWorker worker(OcrPoolOptions{});
  auto mixed = source("p29-mixed-scan-invalid.pdf", "application/pdf"); // born-digital, scan
  auto first = worker.process({mixed, 1, std::nullopt});
  REQUIRE(first.failure == Reason::ok);
  CHECK(first.text.source == TextSource::text_layer);
  CHECK(worker.tesseract_calls() == 0);
  auto second = worker.process({mixed, 2, std::nullopt});
  REQUIRE(second.failure == Reason::ok);
  CHECK(second.text.source == TextSource::ocr);
  CHECK(second.text.dpi_x == doctest::Approx(300).epsilon(0.05));
  CHECK(worker.tesseract_calls() >= 1);
  auto surname = test::packet_truth("p29-mixed-scan-invalid")["canaries"][0].get<std::string>();
  bool found = false;
  for (const auto &w : second.text.words)
    found = found || test::normalized_word(w.text) == test::normalized_word(surname);
  CHECK(found);

  PageHint hint;
  hint.needs_ocr = false;
  auto trusted = worker.process({mixed, 1, hint});
  CHECK(trusted.text.source == TextSource::text_layer);
}

TEST_CASE("a page outside the source and an unreadable source fail that page only") {
  PageWorker worker(OcrPoolOptions{});
  auto letter = source("p01-referral-letter.pdf", "application/pdf");
  CHECK(worker.process({letter, 3, std::nullopt}).failure == Reason::compartment_malformed);
  CHECK(worker.process({letter, 0, std::nullopt}).failure == Reason::compartment_malformed);
  auto garbage = std::make_shared<SourceDocument>(
      SourceDocument{Secret(as_bytes(std::string_view("%PDF-1.4 not really"))), "application/pdf"});
  CHECK(worker.process({garbage, 1, std::nullopt}).failure == Reason::pdf_corrupt);
  CHECK(worker.process({letter, 2, std::nullopt}).failure == Reason::ok);
}

TEST_CASE("pictures on a text-layer page are read; pages without images cost no OCR") {
  auto card = source("p06-insurance-card.pdf", "application/pdf");
  auto surname = test::packet_truth("p06-insurance-card")["canaries"][0].get<std::string>();
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, card->bytes.view(), card->mime);
  auto census = pdf::take_page_census(context, document, 0);
  REQUIRE(census.placements.size() == 2);

  PageWorker worker(OcrPoolOptions{});
  auto r = worker.process({card, 1, std::nullopt});
  REQUIRE(r.failure == Reason::ok);
  CHECK(r.text.source == TextSource::text_layer);
  CHECK(r.text.regions.size() == 2);
  CHECK(worker.tesseract_calls() == 2); // one recognition per card, no orientation
  bool found = false;
  for (std::size_t i = 0; i < r.text.words.size(); ++i) {
    const auto &w = r.text.words[i];
    if (test::normalized_word(w.text) != test::normalized_word(surname))
      continue;
    found = true;
    CHECK(w.confidence < 1.0); // read from pixels, not from the text layer
    CHECK(i >= r.text.regions[0].first_word);
    bool on_a_card = false;
    for (const auto &p : census.placements)
      on_a_card = on_a_card ||
                  (w.box.x0 >= p.x0 && w.box.y0 >= p.y0 && w.box.x1 <= p.x1 && w.box.y1 <= p.y1);
    CHECK(on_a_card);
  }
  CHECK(found);
  CHECK(to_json(r.text).contains("ocr_regions"));

  // mi-split's hint counts the images: the same page with a hint reads the same way.
  PageHint hint;
  hint.needs_ocr = false;
  hint.images = 2;
  auto hinted = worker.process({card, 1, hint});
  CHECK(hinted.text.regions.size() == 2);
  CHECK(worker.tesseract_calls() == 4);

  // Switched off (mi-ocr --no-image-regions): the text layer alone.
  OcrPoolOptions off;
  off.regions.enabled = false;
  PageWorker plain(off);
  auto layer_only = plain.process({card, 1, std::nullopt});
  CHECK(layer_only.text.regions.empty());
  CHECK(layer_only.text.words.size() < r.text.words.size());
  CHECK(plain.tesseract_calls() == 0);

  // A born-digital page without images: no Tesseract call, with or without a hint.
  PageWorker born_digital(OcrPoolOptions{});
  auto letter = source("p01-referral-letter.pdf", "application/pdf");
  CHECK(born_digital.process({letter, 1, std::nullopt}).text.regions.empty());
  hint.images = 0;
  CHECK(born_digital.process({letter, 1, hint}).text.regions.empty());
  CHECK(born_digital.tesseract_calls() == 0);
}

TEST_CASE("default_jobs is at least one") { CHECK(default_jobs() >= 1); }
