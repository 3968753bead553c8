#include "extract/page_layout.hpp"

#include "test_support.hpp"

#include <algorithm>

using namespace mi;
using namespace mi::extract;

namespace {

ocr::Word word(const std::string &text, double x0, double y0, double x1, double y1, int line = 0,
               double confidence = 1.0) {
  return {text, {x0, y0, x1, y1}, confidence, 0, line};
}

ocr::PageText letter_page(ocr::TextSource source = ocr::TextSource::text_layer) {
  ocr::PageText page;
  page.page = 1;
  page.width = 612;
  page.height = 792;
  page.source = source;
  return page;
}

std::vector<std::string> texts(const LayoutLine &line) {
  std::vector<std::string> out;
  for (const auto &w : line.words)
    out.push_back(w.text);
  return out;
}

void check_box(const ocr::Box &actual, const ocr::Box &expected) {
  CHECK(actual.x0 == doctest::Approx(expected.x0));
  CHECK(actual.y0 == doctest::Approx(expected.y0));
  CHECK(actual.x1 == doctest::Approx(expected.x1));
  CHECK(actual.y1 == doctest::Approx(expected.y1));
}

// The page-space box of a box drawn in the upright frame of a w x h page (page space) whose
// content needs a clockwise turn of `rotation` degrees: worked out by hand, not with the
// library's matrices.
ocr::Box page_box_of(int rotation, double w, double h, const ocr::Box &u) {
  switch (rotation) {
  case 90: // upright (X, Y) = (h - y, x)
    return {u.y0, h - u.x1, u.y1, h - u.x0};
  case 180: // upright (X, Y) = (w - x, h - y)
    return {w - u.x1, h - u.y1, w - u.x0, h - u.y0};
  case 270: // upright (X, Y) = (y, w - x)
    return {w - u.y1, u.x0, w - u.y0, u.x1};
  default:
    return u;
  }
}

} // namespace

TEST_CASE("words of one row form one line; a wide gap starts a new segment") {
  ocr::PageText page = letter_page();
  // Given out of order, as a text layer may list them.
  page.words = {word("MRN:", 320, 100, 344, 110, 1),  word("123456", 348, 100, 384, 110, 1),
                word("Patient", 50, 100, 92, 110, 0), word("Name:", 96, 100, 126, 110, 0),
                word("Jane", 130, 100, 154, 110, 0),  word("Doe", 158, 100, 176, 110, 0)};
  PageLayout layout = build_page_layout(page);
  CHECK(layout.page == 1);
  CHECK(layout.width == 612);
  CHECK(layout.height == 792);
  CHECK(layout.skew_slope == 0);
  REQUIRE(layout.lines.size() == 1);
  const LayoutLine &line = layout.lines[0];
  CHECK(texts(line) ==
        std::vector<std::string>{"Patient", "Name:", "Jane", "Doe", "MRN:", "123456"});
  CHECK(line.segment_starts == std::vector<std::size_t>{0, 4});
  CHECK(line.segment_of(0) == 0);
  CHECK(line.segment_of(3) == 0);
  CHECK(line.segment_of(4) == 1);
  CHECK(line.segment_of(5) == 1);
  CHECK(line.segment_end(1) == 4);
  CHECK(line.segment_end(4) == 6);
  check_box(line.box, {50, 100, 384, 110});
  CHECK(line.height() == doctest::Approx(10));
  // Each word remembers its place in the page's words, and its folded form.
  CHECK(line.words[0].index == 2);
  CHECK(line.words[4].index == 0);
  CHECK(line.words[1].folded == "name");
  CHECK_FALSE(line.words[0].from_ocr);
  // An upright page: the frame is page space.
  check_box(layout.upright_to_page.apply({1, 2, 3, 4}), {1, 2, 3, 4});
}

TEST_CASE("text-layer fragments of one row join: \"Phone:\" and the number after it") {
  ocr::PageText page = letter_page();
  // MuPDF puts the label and the number on separate lines of its own.
  page.words = {word("Phone:", 50, 130, 86, 140, 5), word("(555)", 89, 130.4, 119, 140.4, 6),
                word("234-5678", 122, 130.4, 170, 140.4, 6), word("Fax:", 400, 130, 424, 140, 7)};
  PageLayout layout = build_page_layout(page);
  REQUIRE(layout.lines.size() == 1);
  CHECK(texts(layout.lines[0]) == std::vector<std::string>{"Phone:", "(555)", "234-5678", "Fax:"});
  CHECK(layout.lines[0].segment_starts == std::vector<std::size_t>{0, 3});
}

TEST_CASE("rows are ordered top to bottom and kept apart") {
  ocr::PageText page = letter_page();
  page.words = {word("Third", 50, 160, 80, 170, 2), word("First", 50, 100, 80, 110, 0),
                word("Second", 50, 130, 86, 140, 1), word("row", 90, 130, 108, 140, 1)};
  PageLayout layout = build_page_layout(page);
  REQUIRE(layout.lines.size() == 3);
  CHECK(texts(layout.lines[0]) == std::vector<std::string>{"First"});
  CHECK(texts(layout.lines[1]) == std::vector<std::string>{"Second", "row"});
  CHECK(texts(layout.lines[2]) == std::vector<std::string>{"Third"});
}

TEST_CASE("a residual skew is measured on the source's lines and taken out of the rows") {
  // Two fields of one row on a scan that drifts 3 points down over 300 points (slope 0.01).
  // The words are short (4 pt), so left and right halves overlap too little to join by
  // position alone.
  auto drifting_row = [](bool source_says_one_line) {
    ocr::PageText page = letter_page(ocr::TextSource::ocr);
    const double centres[] = {60, 95, 130, 300, 335, 370};
    const char *words[] = {"Name:", "Jane", "Doe", "DOB:", "01/02/1980", "F"};
    for (int k = 0; k < 6; ++k) {
      double y0 = 100 + 0.01 * (centres[k] - 50);
      page.words.push_back(word(words[k], centres[k] - 15, y0, centres[k] + 15, y0 + 4,
                                source_says_one_line ? 0 : k, 0.95));
    }
    return page;
  };

  PageLayout layout = build_page_layout(drifting_row(true));
  CHECK(layout.skew_slope == doctest::Approx(0.01));
  REQUIRE(layout.lines.size() == 1);
  const LayoutLine &line = layout.lines[0];
  CHECK(texts(line) == std::vector<std::string>{"Name:", "Jane", "Doe", "DOB:", "01/02/1980", "F"});
  // The deskewed boxes are level; the upright boxes are the words as read.
  for (const auto &w : line.words) {
    CHECK(w.box.y0 == doctest::Approx(line.words[0].box.y0));
    CHECK(w.upright.y0 == doctest::Approx(100 + 0.01 * ((w.upright.x0 + w.upright.x1) / 2 - 50)));
  }

  // The same words, each on a source line of its own: nothing to measure the slope on, and
  // the row falls apart into its two halves.
  PageLayout unmeasured = build_page_layout(drifting_row(false));
  CHECK(unmeasured.skew_slope == 0);
  CHECK(unmeasured.lines.size() == 2);
}

TEST_CASE("a steep slope is clamped: beyond two degrees a page would have been straightened") {
  ocr::PageText page = letter_page(ocr::TextSource::ocr);
  for (int k = 0; k < 4; ++k) {
    double x = 50 + 100 * k;
    page.words.push_back(word("word", x, 100 + 0.2 * x, x + 30, 110 + 0.2 * x, 0, 0.9));
  }
  CHECK(build_page_layout(page).skew_slope == doctest::Approx(0.035));
}

TEST_CASE("lines shorter than 50 points or of fewer than three words give no slope") {
  ocr::PageText page = letter_page(ocr::TextSource::ocr);
  page.words = {word("a1", 50, 100, 60, 110, 0, 0.9), word("b2", 62, 101, 72, 111, 0, 0.9),
                word("c3", 74, 102, 84, 112, 0, 0.9), word("Long", 50, 200, 80, 210, 1, 0.9),
                word("line", 300, 205, 330, 215, 1, 0.9)};
  CHECK(build_page_layout(page).skew_slope == 0);
}

TEST_CASE("the upright frame of a turned page round-trips its corners") {
  const double w = 612, h = 792;
  struct Expected {
    int rotation;
    double width, height;      // of the upright frame
    double corner_x, corner_y; // where the page's top-left corner lands
  };
  for (const Expected &e : {Expected{0, w, h, 0, 0}, Expected{90, h, w, h, 0},
                            Expected{180, w, h, w, h}, Expected{270, h, w, 0, w}}) {
    CAPTURE(e.rotation);
    ocr::Matrix to_upright = page_to_upright(e.rotation, w, h);
    check_box(to_upright.apply({0, 0, w, h}), {0, 0, e.width, e.height});
    check_box(to_upright.apply({0, 0, 0, 0}), {e.corner_x, e.corner_y, e.corner_x, e.corner_y});
    const ocr::Box box{10, 20, 110, 40};
    check_box(to_upright.apply(box), page_to_upright(e.rotation - 360, w, h).apply(box));
    check_box(inverse(to_upright).apply(to_upright.apply(box)), box);
    check_box(to_upright.apply(inverse(to_upright).apply(box)), box);
    check_box(to_upright.apply(page_box_of(e.rotation, w, h, box)), box);
    ocr::Matrix round = ocr::then(to_upright, inverse(to_upright));
    CHECK(round.a == doctest::Approx(1));
    CHECK(round.b == doctest::Approx(0));
    CHECK(round.c == doctest::Approx(0));
    CHECK(round.d == doctest::Approx(1));
    CHECK(round.e == doctest::Approx(0));
    CHECK(round.f == doctest::Approx(0));
  }
}

TEST_CASE("on a turned page rows read left to right in the upright frame") {
  const double w = 612, h = 792;
  struct Placed {
    const char *text;
    ocr::Box upright;
  };
  const std::vector<Placed> placed = {
      {"Patient", {50, 100, 92, 110}}, {"Name:", {96, 100, 126, 110}},
      {"Jane", {130, 100, 154, 110}},  {"Doe", {158, 100, 176, 110}},
      {"DOB:", {50, 130, 74, 140}},    {"01/02/1980", {78, 130, 138, 140}}};
  for (int rotation : {0, 90, 180, 270}) {
    CAPTURE(rotation);
    ocr::PageText page = letter_page();
    page.content_rotation = rotation;
    for (auto it = placed.rbegin(); it != placed.rend(); ++it) {
      ocr::Box b = page_box_of(rotation, w, h, it->upright);
      page.words.push_back(word(it->text, b.x0, b.y0, b.x1, b.y1, it->upright.y0 < 120 ? 0 : 1));
    }
    PageLayout layout = build_page_layout(page);
    bool sideways = rotation % 180 != 0;
    CHECK(layout.width == (sideways ? h : w));
    CHECK(layout.height == (sideways ? w : h));
    REQUIRE(layout.lines.size() == 2);
    CHECK(texts(layout.lines[0]) == std::vector<std::string>{"Patient", "Name:", "Jane", "Doe"});
    CHECK(texts(layout.lines[1]) == std::vector<std::string>{"DOB:", "01/02/1980"});
    for (const auto &line : layout.lines)
      for (const auto &lw : line.words) {
        auto it = std::find_if(placed.begin(), placed.end(),
                               [&](const Placed &p) { return lw.text == p.text; });
        REQUIRE(it != placed.end());
        check_box(lw.upright, it->upright);
        // Back to page space, where mi reports and redacts.
        check_box(layout.upright_to_page.apply(lw.upright), page.words[lw.index].box);
      }
  }
}

TEST_CASE("OCR noise is dropped on OCR pages, never on text-layer pages") {
  auto page_with = [](ocr::TextSource source) {
    ocr::PageText page = letter_page(source);
    page.words = {word("Name:", 50, 100, 80, 110, 0, 0.95),
                  word(".", 84, 100, 86, 110, 0, 0.5),       // punctuation below 0.6: noise
                  word("|", 88, 100, 90, 110, 0, 0.7),       // punctuation at 0.7: kept
                  word("ab", 94, 100, 106, 110, 0, 0.2),     // a 2-letter word below 0.3: noise
                  word("Jo", 110, 100, 122, 110, 0, 0.35),   // at 0.35: kept
                  word("Doe", 126, 100, 144, 110, 0, 0.1),   // three letters: kept
                  word("", 150, 100, 160, 110, 0, 0.9),      // no text
                  word("Flat", 170, 100, 190, 100, 0, 0.9)}; // no height
    return page;
  };
  PageLayout ocr_layout = build_page_layout(page_with(ocr::TextSource::ocr));
  REQUIRE(ocr_layout.lines.size() == 1);
  CHECK(texts(ocr_layout.lines[0]) == std::vector<std::string>{"Name:", "|", "Jo", "Doe"});
  for (const auto &w : ocr_layout.lines[0].words)
    CHECK(w.from_ocr);
  CHECK(ocr_layout.lines[0].words[3].confidence == doctest::Approx(0.1));

  PageLayout text_layout = build_page_layout(page_with(ocr::TextSource::text_layer));
  REQUIRE(text_layout.lines.size() == 1);
  CHECK(texts(text_layout.lines[0]) ==
        std::vector<std::string>{"Name:", ".", "|", "ab", "Jo", "Doe"});
  for (const auto &w : text_layout.lines[0].words)
    CHECK_FALSE(w.from_ocr);
}

TEST_CASE("words of an OCR'd picture on a text-layer page are from OCR, and may be noise") {
  ocr::PageText page = letter_page();
  page.words = {word("Member:", 50, 100, 92, 110, 0), word("ab", 300, 100, 312, 110, 1, 0.1),
                // The picture's words come after the text layer's.
                word("Jane", 96, 100, 120, 110, 2, 0.9), word("ab", 124, 100, 136, 110, 2, 0.1),
                word("Doe", 140, 100, 158, 110, 2, 0.9)};
  ocr::OcrRegion region;
  region.box = {90, 95, 200, 115};
  region.first_word = 2;
  region.word_count = 3;
  page.regions.push_back(region);
  PageLayout layout = build_page_layout(page);
  REQUIRE(layout.lines.size() == 1);
  const auto &line = layout.lines[0];
  // The text layer's low-confidence "ab" stays; the picture's is noise.
  CHECK(texts(line) == std::vector<std::string>{"Member:", "Jane", "Doe", "ab"});
  CHECK_FALSE(line.words[0].from_ocr);
  CHECK(line.words[1].from_ocr);
  CHECK(line.words[2].from_ocr);
  CHECK_FALSE(line.words[3].from_ocr);
}

TEST_CASE("a region that claims more words than the page has is cut at the page's words") {
  ocr::PageText page = letter_page();
  page.words = {word("Text", 50, 100, 80, 110), word("Picture", 90, 100, 130, 110, 1, 0.9)};
  ocr::OcrRegion region;
  region.first_word = 1;
  region.word_count = 10;
  page.regions.push_back(region);
  PageLayout layout = build_page_layout(page);
  REQUIRE(layout.lines.size() == 1);
  REQUIRE(layout.lines[0].words.size() == 2);
  CHECK_FALSE(layout.lines[0].words[0].from_ocr);
  CHECK(layout.lines[0].words[1].from_ocr);
}

TEST_CASE("an empty page has no lines") {
  PageLayout layout = build_page_layout(letter_page());
  CHECK(layout.lines.empty());
  CHECK(layout.skew_slope == 0);
}
