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
