#include "ocr/page_text.hpp"

#include "test_support.hpp"

using namespace mi;
using namespace mi::ocr;

namespace {

PageText sample_ocr_page() {
  PageText p;
  p.page = 3;
  p.width = 612;
  p.height = 792;
  p.rotate_attribute = 90;
  p.source = TextSource::ocr;
  p.words.push_back({"Patient", {10.5, 20.25, 60, 31}, 0.91, 0, 0});
  p.words.push_back({"caf\xc3\xa9", {70, 20, 95.5, 31}, 0.5, 0, 0});
  p.words.push_back({"MRN", {10, 40, 40, 50}, 0.87, 1, 1});
  p.image_to_page = {0.24, 0, 0, 0.24, 1.5, -2};
  p.image_width = 2550;
  p.image_height = 3300;
  p.applied_rotation = 180;
  p.skew_degrees = -0.86;
  p.dpi_x = 204;
  p.dpi_y = 98;
  p.seconds = 0.8125;
  return p;
}

} // namespace

TEST_CASE("a page of text survives a JSON round trip") {
  auto page = sample_ocr_page();
  auto back = page_text_from_json(parse_json(to_json_text(to_json(page))).value());
  CHECK(back.page == 3);
  CHECK(back.width == 612);
  CHECK(back.rotate_attribute == 90);
  CHECK(back.source == TextSource::ocr);
  REQUIRE(back.words.size() == 3);
  CHECK(back.words[1].text == "caf\xc3\xa9");
  CHECK(back.words[0].box.x0 == doctest::Approx(10.5));
  CHECK(back.words[0].box.y0 == doctest::Approx(20.25));
  CHECK(back.words[2].block == 1);
  CHECK(back.words[2].line == 1);
  CHECK(back.words[0].confidence == doctest::Approx(0.91));
  CHECK(back.image_to_page.a == doctest::Approx(0.24));
  CHECK(back.image_to_page.e == doctest::Approx(1.5));
  CHECK(back.image_to_page.f == doctest::Approx(-2));
  CHECK(back.image_width == 2550);
  CHECK(back.applied_rotation == 180);
  CHECK(back.skew_degrees == doctest::Approx(-0.86));
  CHECK(back.dpi_x == 204);
  CHECK(back.dpi_y == 98);
  CHECK(back.mean_confidence() == doctest::Approx((0.91 + 0.5 + 0.87) / 3));
}

TEST_CASE("text-layer pages carry no image geometry; invalid UTF-8 is replaced, not fatal") {
  PageText page;
  page.page = 1;
  page.width = 595;
  page.height = 842;
  page.words.push_back({"bad\xff", {1, 2, 3, 4}, 1.0, 0, 0});
  auto j = to_json(page);
  CHECK(j["source"] == "text_layer");
  CHECK_FALSE(j.contains("image"));
  auto text = to_json_text(j);
  CHECK(text.find("bad\xef\xbf\xbd") != std::string::npos);
  auto back = page_text_from_json(parse_json(text).value());
  CHECK(back.source == TextSource::text_layer);
  CHECK(back.words.size() == 1);
}

TEST_CASE("malformed pages are compartment_malformed") {
  auto j = to_json(sample_ocr_page());
  auto broken = j;
  broken["words"][0]["box"] = Json::array({1, 2, 3});
  CHECK(test::reason_of([&] { page_text_from_json(broken); }) == Reason::compartment_malformed);
  broken = j;
  broken["source"] = "guess";
  CHECK(test::reason_of([&] { page_text_from_json(broken); }) == Reason::compartment_malformed);
  broken = j;
  broken.erase("image");
  CHECK(test::reason_of([&] { page_text_from_json(broken); }) == Reason::compartment_malformed);
  CHECK(test::reason_of([&] { page_text_from_json(Json::array()); }) ==
        Reason::compartment_malformed);
}

TEST_CASE("Matrix::apply maps corners and returns their bounding box") {
  Matrix scale{0.24, 0, 0, 0.24, 10, 20};
  auto b = scale.apply({100, 200, 300, 400});
  CHECK(b.x0 == doctest::Approx(34));
  CHECK(b.y0 == doctest::Approx(68));
  CHECK(b.x1 == doctest::Approx(82));
  CHECK(b.y1 == doctest::Approx(116));

  // A quarter turn: (x, y) -> (y, 100 - x); the box stays ordered.
  Matrix turn{0, -1, 1, 0, 0, 100};
  auto t = turn.apply({10, 20, 30, 60});
  CHECK(t.x0 == doctest::Approx(20));
  CHECK(t.x1 == doctest::Approx(60));
  CHECK(t.y0 == doctest::Approx(70));
  CHECK(t.y1 == doctest::Approx(90));
}

TEST_CASE("then() composes: first, then second") {
  Matrix first{0, -1, 1, 0, 0, 100}; // quarter turn
  Matrix second{2, 0, 0, 2, 5, 7};   // scale and shift
  auto both = then(first, second);
  Box p{10, 20, 10, 20};
  auto direct = second.apply(first.apply(p));
  auto composed = both.apply(p);
  CHECK(composed.x0 == doctest::Approx(direct.x0));
  CHECK(composed.y0 == doctest::Approx(direct.y0));
  auto identity = then(Matrix{}, second);
  CHECK(identity.a == doctest::Approx(2));
  CHECK(identity.e == doctest::Approx(5));
}

namespace {

// A text-layer page with two words of its own and a card picture read by OCR (two words).
PageText sample_page_with_region() {
  PageText p;
  p.page = 1;
  p.width = 612;
  p.height = 792;
  p.words.push_back({"Registration", {54, 50, 120, 62}, 1.0, 0, 0});
  p.words.push_back({"FRONT", {126, 98, 150, 106}, 1.0, 1, 1});
  p.words.push_back({"Member", {140, 150, 190, 160}, 0.9, 2, 2});
  p.words.push_back({"Haldumwick", {200, 150, 280, 160}, 0.7, 2, 2});
  OcrRegion r;
  r.box = {126, 110, 486, 337};
  r.image_to_page = {0.24, 0, 0, 0.24, 126.0, 109.92};
  r.image_width = 1500;
  r.image_height = 946;
  r.first_word = 2;
  r.word_count = 2;
  r.mean_confidence = 0.8;
  p.regions.push_back(r);
  return p;
}

} // namespace

TEST_CASE("OCR regions of a text-layer page survive a JSON round trip") {
  auto page = sample_page_with_region();
  auto j = to_json(page);
  REQUIRE(j.contains("ocr_regions"));
  CHECK_FALSE(j.contains("image"));
  const auto &r = j["ocr_regions"][0];
  CHECK(r["box"] == Json::array({126, 110, 486, 337}));
  CHECK(r["to_page"].size() == 6);
  CHECK(r["image"]["width"] == 1500);
  CHECK(r["first_word"] == 2);
  CHECK(r["word_count"] == 2);

  auto back = page_text_from_json(parse_json(to_json_text(j)).value());
  CHECK(back.source == TextSource::text_layer);
  REQUIRE(back.words.size() == 4);
  REQUIRE(back.regions.size() == 1);
  const auto &region = back.regions[0];
  CHECK(region.box.x1 == doctest::Approx(486));
  CHECK(region.image_to_page.a == doctest::Approx(0.24));
  CHECK(region.image_to_page.f == doctest::Approx(109.92));
  CHECK(region.image_width == 1500);
  CHECK(region.image_height == 946);
  CHECK(region.first_word == 2);
  CHECK(region.word_count == 2);
  CHECK(region.mean_confidence == doctest::Approx(0.8));
  CHECK(back.words[3].text == "Haldumwick");

  // No regions, no key: text-layer pages without pictures keep their format.
  page.regions.clear();
  CHECK_FALSE(to_json(page).contains("ocr_regions"));
  CHECK(page_text_from_json(to_json(page)).regions.empty());
}

TEST_CASE("malformed OCR regions are compartment_malformed") {
  auto j = to_json(sample_page_with_region());
  auto broken_with = [&](const std::function<void(Json &)> &change) {
    auto broken = j;
    change(broken);
    return test::reason_of([&] { page_text_from_json(broken); });
  };
  CHECK(broken_with([](Json &b) { b["ocr_regions"] = Json::object(); }) ==
        Reason::compartment_malformed);
  CHECK(broken_with([](Json &b) { b["ocr_regions"][0] = 3; }) == Reason::compartment_malformed);
  CHECK(broken_with([](Json &b) {
          b["ocr_regions"][0]["box"] = Json::array({1, 2});
        }) == Reason::compartment_malformed);
  CHECK(broken_with([](Json &b) {
          b["ocr_regions"][0]["to_page"] = Json::array({1, 0, 0, 1});
        }) == Reason::compartment_malformed);
  CHECK(broken_with([](Json &b) { b["ocr_regions"][0].erase("image"); }) ==
        Reason::compartment_malformed);
  CHECK(broken_with([](Json &b) { b["ocr_regions"][0]["first_word"] = -1; }) ==
        Reason::compartment_malformed);
  CHECK(broken_with([](Json &b) { b["ocr_regions"][0]["first_word"] = 1.5; }) ==
        Reason::compartment_malformed);
  // Words the page does not have.
  CHECK(broken_with([](Json &b) { b["ocr_regions"][0]["word_count"] = 3; }) ==
        Reason::compartment_malformed);
  CHECK(broken_with([](Json &b) { b["ocr_regions"][0]["first_word"] = 5; }) ==
        Reason::compartment_malformed);
  // Two regions claiming the same words.
  CHECK(broken_with([](Json &b) { b["ocr_regions"].push_back(b["ocr_regions"][0]); }) ==
        Reason::compartment_malformed);
}
