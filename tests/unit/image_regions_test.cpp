#include "ocr/image_regions.hpp"

#include "ocr/text_layer.hpp"

#include "ocr_support.hpp"

using namespace mi;
using namespace mi::ocr;

namespace {

// A letter page whose placements are given in page space (points), at 200 dpi unless said.
pdf::PageCensus letter_with(std::vector<pdf::ImagePlacement> placements) {
  pdf::PageCensus census;
  census.page = 1;
  census.width = 612;
  census.height = 792;
  census.images = placements.size();
  for (auto &p : placements) {
    if (p.dpi_x == 0)
      p.dpi_x = p.dpi_y = 200;
    census.placements.push_back(p);
  }
  return census;
}

Word word_at(double x0, double y0, double x1, double y1, int block = 0, int line = 0) {
  return {"word", {x0, y0, x1, y1}, 1.0, block, line};
}

// Text-layer words over a box, `share` of every 14-point line under glyphs.
std::vector<Word> paragraph_over(const Box &b, double share) {
  std::vector<Word> words;
  int line = 0;
  for (double y = b.y0; y + 14 <= b.y1; y += 14, ++line)
    for (double x = b.x0; x + 40 <= b.x1; x += 40)
      words.push_back(word_at(x, y, x + 40 * share, y + 14, 0, line));
  return words;
}

bool same_box(const Box &a, const Box &b) {
  return a.x0 == doctest::Approx(b.x0) && a.y0 == doctest::Approx(b.y0) &&
         a.x1 == doctest::Approx(b.x1) && a.y1 == doctest::Approx(b.y1);
}

} // namespace

TEST_CASE("a large, sharp picture on a text-layer page is read; logos and blurs are not") {
  ImageRegionOptions options;
  // An insurance card copy: 5 x 3.15 in at 202 dpi, a caption above it.
  auto card = letter_with({{126, 110, 486, 337, 202, 202}});
  std::vector<Word> caption{word_at(54, 50, 300, 64), word_at(126, 98, 150, 106)};
  auto regions = regions_to_ocr(card, caption, options);
  REQUIRE(regions.size() == 1);
  CHECK(same_box(regions[0], {126, 110, 486, 337}));

  // A 1.5 x 0.6 in letterhead logo, even a sharp one.
  CHECK(regions_to_ocr(letter_with({{54, 40, 162, 83, 300, 300}}), caption, options).empty());
  // Large enough in area but thinner than 0.75 in: a rule or a banner strip.
  CHECK(regions_to_ocr(letter_with({{54, 40, 558, 80}}), caption, options).empty());
  // A low-resolution picture (72 dpi on one axis): nothing Tesseract could read.
  CHECK(regions_to_ocr(letter_with({{126, 110, 486, 337, 202, 72}}), caption, options).empty());
  // Switched off.
  options.enabled = false;
  CHECK(regions_to_ocr(card, caption, options).empty());
}

TEST_CASE("full-page images and backgrounds behind text are left to the text layer") {
  ImageRegionOptions options;
  // A scan under its visible OCR layer: the whole page.
  CHECK(regions_to_ocr(letter_with({{0, 0, 612, 792, 300, 300}}), {}, options).empty());
  // Nearly the whole page, spilling over its edges: clipped, still most of the page.
  CHECK(regions_to_ocr(letter_with({{-20, -20, 600, 700}}), {}, options).empty());
  // A scan stored as four horizontal strips: each strip is a quarter of the page, together
  // they are the page.
  CHECK(regions_to_ocr(
            letter_with(
                {{0, 0, 612, 198}, {0, 198, 612, 396}, {0, 396, 612, 594}, {0, 594, 612, 792}}),
            {}, options)
            .empty());
  // A shaded panel behind a paragraph of the text layer: 60% of it under glyphs.
  Box panel{72, 300, 540, 500};
  auto dense = paragraph_over(panel, 0.6);
  CHECK(regions_to_ocr(letter_with({{panel.x0, panel.y0, panel.x1, panel.y1}}), dense, options)
            .empty());
  // The same panel with a sparse label over it (under 25%) is a picture with a caption.
  auto sparse = paragraph_over({72, 300, 540, 340}, 0.6);
  CHECK(regions_to_ocr(letter_with({{panel.x0, panel.y0, panel.x1, panel.y1}}), sparse, options)
            .size() == 1);
}

TEST_CASE("regions are clipped to the page, merged when they touch, top to bottom") {
  ImageRegionOptions options;
  auto census = letter_with({
      {400, 520, 700, 700}, // off the right edge
      {54, 400, 254, 500},  // the left half of a picture cut in two
      {254, 400, 454, 500}, // its right half, touching
      {54, 100, 254, 250},  // an unrelated picture higher up
      {300, 100, 500, 250}, // and another beside it, well apart
      {60, 410, 120, 450},  // a thumbnail inside the cut picture (too small on its own)
  });
  auto regions = regions_to_ocr(census, {}, options);
  REQUIRE(regions.size() == 4);
  CHECK(same_box(regions[0], {54, 100, 254, 250}));
  CHECK(same_box(regions[1], {300, 100, 500, 250}));
  CHECK(same_box(regions[2], {54, 400, 454, 500}));
  CHECK(same_box(regions[3], {400, 520, 612, 700}));

  // A picture stored as 1 x 1 in tiles: no tile is worth reading alone, the picture is.
  std::vector<pdf::ImagePlacement> tiles;
  for (int row = 0; row < 3; ++row)
    for (int column = 0; column < 4; ++column)
      tiles.push_back(
          {100.0 + 72 * column, 300.0 + 72 * row, 172.0 + 72 * column, 372.0 + 72 * row});
  CHECK(regions_to_ocr(letter_with({tiles[0]}), {}, options).empty());
  auto tiled = regions_to_ocr(letter_with(tiles), {}, options);
  REQUIRE(tiled.size() == 1);
  CHECK(same_box(tiled[0], {100, 300, 388, 516}));
  // A blurred tile (under 100 dpi) is left out before merging.
  tiles.push_back({388, 300, 460, 516, 60, 60});
  CHECK(same_box(regions_to_ocr(letter_with(tiles), {}, options).at(0), {100, 300, 388, 516}));
}

TEST_CASE("region words follow the text layer, without the words it already has") {
  PageText page;
  page.source = TextSource::text_layer;
  page.words = {word_at(100, 100, 150, 112, 0, 0), word_at(160, 100, 200, 112, 0, 0),
                word_at(100, 120, 180, 132, 1, 1), word_at(100, 140, 180, 152, 1, 2)};
  PageText reading;
  reading.source = TextSource::ocr;
  reading.image_to_page = {0.24, 0, 0, 0.24, 90, 95};
  reading.image_width = 1000;
  reading.image_height = 600;
  // Tesseract's numbering: blocks 0, 0, 1, 1; lines 0, 0, 1, 2. The second word is the text
  // layer's first word read again from the pixels behind it.
  reading.words = {{"Member", {100, 200, 150, 212}, 0.9, 0, 0},
                   {"word", {101, 100.5, 149, 112.5}, 0.8, 0, 0},
                   {"Haldumwick", {160, 200, 240, 212}, 0.7, 0, 0},
                   {"Group", {100, 220, 140, 232}, 0.6, 1, 1},
                   {"12345", {100, 240, 140, 252}, 0.5, 1, 2}};
  Box region{90, 95, 330, 239};
  add_region_words(page, region, reading);
  REQUIRE(page.words.size() == 8);
  REQUIRE(page.regions.size() == 1);
  const auto &r = page.regions[0];
  CHECK(same_box(r.box, region));
  CHECK(r.image_to_page.a == doctest::Approx(0.24));
  CHECK(r.image_to_page.e == doctest::Approx(90));
  CHECK(r.image_width == 1000);
  CHECK(r.first_word == 4);
  CHECK(r.word_count == 4);
  CHECK(r.mean_confidence == doctest::Approx((0.9 + 0.7 + 0.6 + 0.5) / 4));
  CHECK(page.words[4].text == "Member");
  CHECK(page.words[5].text == "Haldumwick");
  // Blocks continue after block 1, lines after line 2.
  CHECK(page.words[4].block == 2);
  CHECK(page.words[5].block == 2);
  CHECK(page.words[6].block == 3);
  CHECK(page.words[7].block == 3);
  CHECK(page.words[4].line == 3);
  CHECK(page.words[5].line == 3);
  CHECK(page.words[6].line == 4);
  CHECK(page.words[7].line == 5);
  CHECK(page.words[5].confidence == doctest::Approx(0.7));

  // A second region continues after the first.
  PageText more;
  more.words = {{"Claims", {100, 400, 150, 412}, 0.9, 0, 0}};
  add_region_words(page, {90, 390, 330, 500}, more);
  REQUIRE(page.regions.size() == 2);
  CHECK(page.regions[1].first_word == 8);
  CHECK(page.regions[1].word_count == 1);
  CHECK(page.words[8].block == 4);
  CHECK(page.words[8].line == 6);

  // A region whose every word the text layer has still records that it was read.
  PageText again;
  again.words = {{"word", {100, 100, 150, 112}, 0.9, 0, 0}};
  add_region_words(page, {90, 90, 200, 200}, again);
  REQUIRE(page.regions.size() == 3);
  CHECK(page.regions[2].word_count == 0);
  CHECK(page.regions[2].mean_confidence == 0);
  CHECK(page.words.size() == 9);
}

TEST_CASE("the insurance card images are chosen and read; the member name lands on the card") {
  auto bytes = test::packet_bytes("p06-insurance-card.pdf");
  auto truth = test::packet_truth("p06-insurance-card");
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes, "application/pdf");
  auto census = pdf::take_page_census(context, document, 0);
  auto text = text_layer_words(context, document, 0);
  auto regions = regions_to_ocr(census, text.words, ImageRegionOptions{});
  REQUIRE(regions.size() == 2);
  CHECK(regions[0].y1 <= regions[1].y0); // front above back

  TesseractEngine engine;
  auto front = read_region(engine, context, document, 0, regions[0], 300, PageOcrOptions{});
  CHECK(engine.orientation_calls() == 0);
  CHECK(engine.recognize_calls() == 1);
  CHECK(front.image_width ==
        doctest::Approx((regions[0].x1 - regions[0].x0) * 300 / 72).epsilon(0.01));
  auto surname = test::normalized_word(truth["canaries"][0].get<std::string>());
  bool found = false;
  for (const auto &w : front.words) {
    if (test::normalized_word(w.text) != surname)
      continue;
    found = true;
    CHECK(w.box.x0 >= regions[0].x0);
    CHECK(w.box.y0 >= regions[0].y0);
    CHECK(w.box.x1 <= regions[0].x1);
    CHECK(w.box.y1 <= regions[0].y1);
  }
  CHECK(found);
  // The image-to-page transform takes the region image's corners to the region's.
  auto whole = front.image_to_page.apply(
      {0, 0, static_cast<double>(front.image_width), static_cast<double>(front.image_height)});
  CHECK(whole.x0 == doctest::Approx(regions[0].x0).epsilon(0.005));
  CHECK(whole.y0 == doctest::Approx(regions[0].y0).epsilon(0.005));
  CHECK(whole.x1 == doctest::Approx(regions[0].x1).epsilon(0.005));
}
