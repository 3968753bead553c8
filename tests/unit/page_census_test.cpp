#include "pdf/page_census.hpp"

#include "ocr_support.hpp"

using namespace mi;
using namespace mi::pdf;

namespace {

test::TestImage gray_image(int width, int height) {
  return {width, height, std::string(static_cast<std::size_t>(width * height), '\x80')};
}

} // namespace

TEST_CASE("image placements are recorded in page space with their effective resolution") {
  // 300x200 pixels drawn 3 x 2 in at (72, 500) in user space: 100 dpi, page space top-left
  // (72, 792 - 644). The MediaBox origin is moved to check page space is relative to it.
  auto pdf = test::one_page_pdf("q 216 0 0 144 82 520 cm /Im0 Do Q\n"
                                "q 72 0 0 36 10 20 cm /Im0 Do Q\n",
                                {gray_image(300, 200)}, "10 20 622 812");
  MupdfContext context;
  MupdfDocument document(context, pdf, "application/pdf");
  auto census = take_page_census(context, document, 0);
  CHECK(census.width == doctest::Approx(612));
  CHECK(census.images == 2);
  REQUIRE(census.placements.size() == 2);
  const auto &large = census.placements[0]; // largest first
  CHECK(large.x0 == doctest::Approx(72));
  CHECK(large.y0 == doctest::Approx(148));
  CHECK(large.x1 == doctest::Approx(288));
  CHECK(large.y1 == doctest::Approx(292));
  CHECK(large.dpi_x == doctest::Approx(100));
  CHECK(large.dpi_y == doctest::Approx(100));
  const auto &small = census.placements[1]; // bottom-left corner of the page
  CHECK(small.x0 == doctest::Approx(0));
  CHECK(small.y1 == doctest::Approx(792));
  CHECK(small.dpi_x == doctest::Approx(300));
  CHECK(small.dpi_y == doctest::Approx(400));
}

TEST_CASE("at most the 32 largest placements are kept, largest first") {
  std::string content;
  for (int i = 1; i <= 50; ++i)
    content += "q " + std::to_string(i) + " 0 0 " + std::to_string(i) + " " +
               std::to_string(i * 5) + " 100 cm /Im0 Do Q\n";
  auto pdf = test::one_page_pdf(content, {gray_image(4, 4)});
  MupdfContext context;
  MupdfDocument document(context, pdf, "application/pdf");
  auto census = take_page_census(context, document, 0);
  CHECK(census.images == 50);
  REQUIRE(census.placements.size() == PageCensus::max_placements);
  CHECK(census.placements.front().area() == doctest::Approx(50 * 50));
  CHECK(census.placements.back().area() == doctest::Approx(19 * 19));
  for (std::size_t i = 1; i < census.placements.size(); ++i)
    CHECK(census.placements[i - 1].area() >= census.placements[i].area());
}

TEST_CASE("the insurance card copy has two card images on a text-layer page") {
  auto bytes = test::packet_bytes("p06-insurance-card.pdf");
  MupdfContext context;
  MupdfDocument document(context, bytes, "application/pdf");
  auto census = take_page_census(context, document, 0);
  CHECK(census.has_usable_text());
  REQUIRE(census.placements.size() == 2);
  for (const auto &p : census.placements) {
    // 1012 x 638 pixels on 360 x 227 points.
    CHECK(p.x1 - p.x0 == doctest::Approx(360).epsilon(0.01));
    CHECK(p.y1 - p.y0 == doctest::Approx(227).epsilon(0.01));
    CHECK(p.dpi_x == doctest::Approx(1012 / 5.0).epsilon(0.01));
    CHECK(p.x0 >= 0);
    CHECK(p.y1 <= census.height);
  }

  auto letter = test::packet_bytes("p01-referral-letter.pdf");
  MupdfDocument text_only(context, letter, "application/pdf");
  CHECK(take_page_census(context, text_only, 0).placements.empty());
}
