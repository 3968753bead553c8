#include "ocr/text_layer.hpp"

#include "ocr_support.hpp"

#include <set>

using namespace mi;
using namespace mi::ocr;

namespace {

std::set<std::string> words_of(const PageText &page) {
  std::set<std::string> out;
  for (const auto &w : page.words)
    out.insert(test::normalized_word(w.text));
  return out;
}

} // namespace

TEST_CASE("a born-digital page yields its words, with boxes inside the page") {
  auto bytes = test::packet_bytes("p01-referral-letter.pdf");
  auto truth = test::packet_truth("p01-referral-letter");
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes, "application/pdf");
  const auto &name = truth["documents"][0]["fields"]["patient_name"];
  int page_number = name["page"].get<int>();
  auto page = text_layer_words(context, document, page_number - 1);
  CHECK(page.page == page_number);
  CHECK(page.source == TextSource::text_layer);
  CHECK(page.width == doctest::Approx(612));
  CHECK(page.height == doctest::Approx(792));
  CHECK(page.content_rotation == 0);
  REQUIRE(page.words.size() > 20);

  auto words = words_of(page);
  std::string printed = name["printed"].get<std::string>();
  std::size_t start = 0;
  while (start < printed.size()) {
    auto end = printed.find(' ', start);
    if (end == std::string::npos)
      end = printed.size();
    auto token = test::normalized_word(printed.substr(start, end - start));
    if (token.size() > 1)
      CHECK_MESSAGE(words.count(token) == 1, "a patient name token is missing");
    start = end + 1;
  }
  auto mrn =
      test::normalized_word(truth["documents"][0]["fields"]["mrn"]["printed"].get<std::string>());
  bool mrn_found = false;
  for (const auto &w : page.words)
    mrn_found = mrn_found || test::normalized_word(w.text) == mrn;
  CHECK(mrn_found);

  int last_line = -1;
  for (const auto &w : page.words) {
    CHECK(w.box.x0 >= 0);
    CHECK(w.box.y0 >= 0);
    CHECK(w.box.x1 <= page.width);
    CHECK(w.box.y1 <= page.height);
    CHECK(w.box.x0 < w.box.x1);
    CHECK(w.box.y0 < w.box.y1);
    CHECK(w.confidence == 1.0);
    CHECK(w.text.find(' ') == std::string::npos);
    CHECK(w.line >= last_line);
    last_line = w.line;
  }
}

TEST_CASE("page space is the page as displayed; content_rotation says how to read it upright") {
  // p14: upright content under /Rotate 180 (page 1) and /Rotate 90 (page 2), so both display
  // turned; their words keep page-space boxes and the page says which turn makes them upright.
  auto truth = test::packet_truth("p14-rotate-attribute");
  auto bytes = test::packet_bytes("p14-rotate-attribute.pdf");
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes, "application/pdf");
  for (int index : {0, 1}) {
    auto page = text_layer_words(context, document, index);
    int displayed = truth["pages"][index]["rotation"].get<int>();
    CAPTURE(index);
    CHECK(page.content_rotation == (360 - displayed) % 360);
    if (displayed == 90)
      CHECK(page.width > page.height);
    REQUIRE(page.words.size() > 20);
    // Turned upright, a line's words run left to right and are short and wide.
    Matrix upright;
    if (page.content_rotation == 180)
      upright = {-1, 0, 0, -1, page.width, page.height};
    else if (page.content_rotation == 270) // (x, y) -> (y, width - x)
      upright = {0, -1, 1, 0, 0, page.width};
    std::size_t ordered = 0, pairs = 0;
    for (std::size_t i = 1; i < page.words.size(); ++i)
      if (page.words[i].line == page.words[i - 1].line) {
        ++pairs;
        ordered += upright.apply(page.words[i].box).x0 > upright.apply(page.words[i - 1].box).x0;
      }
    CHECK(pairs > 10);
    CHECK(ordered == pairs);
    for (const auto &w : page.words) {
      auto b = upright.apply(w.box);
      CHECK(b.y1 - b.y0 < 30);
      CHECK(w.box.x1 <= page.width + 0.01);
      CHECK(w.box.y1 <= page.height + 0.01);
    }
  }
}

TEST_CASE("a missing page is pdf_corrupt") {
  auto bytes = test::packet_bytes("p01-referral-letter.pdf");
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes, "application/pdf");
  CHECK(test::reason_of([&] { text_layer_words(context, document, 7); }) == Reason::pdf_corrupt);
  CHECK(test::reason_of([&] { text_layer_words(context, document, -1); }) == Reason::pdf_corrupt);
}
