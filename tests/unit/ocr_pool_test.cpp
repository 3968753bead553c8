#include "ocr/ocr_pool.hpp"

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

TEST_CASE("default_jobs is at least one") { CHECK(default_jobs() >= 1); }
