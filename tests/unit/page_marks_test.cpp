#include "extract/page_marks.hpp"

#include "test_support.hpp"

#include <leptonica/allheaders.h>

using namespace mi;
using namespace mi::extract;

namespace {

// A white page image at 144 dpi: one point is two pixels. Shapes are drawn in pixels; regions
// are asked for in page space (points), as the extractor asks.
struct Canvas {
  MarksImage image;

  Canvas(int width_px = 600, int height_px = 400) {
    image.gray = ocr::PixPtr(pixCreate(width_px, height_px, 8));
    pixSetAllArbitrary(image.gray.get(), 255);
    image.page_to_pixel = {2, 0, 0, 2, 0, 0};
    image.dpi = 144;
  }

  void dot(int x, int y) { pixSetPixel(image.gray.get(), x, y, 0); }
  // Whitens pixels [x0, x1) x [y0, y1).
  void clear(int x0, int y0, int x1, int y1) {
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x)
        pixSetPixel(image.gray.get(), x, y, 255);
  }
  // Fills pixels [x0, x1) x [y0, y1).
  void fill(int x0, int y0, int x1, int y1) {
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x)
        dot(x, y);
  }
  // The outline of a square of `side` pixels at (x, y), `border` pixels thick.
  void square(int x, int y, int side, int border = 2) {
    fill(x, y, x + side, y + border);               // top
    fill(x, y + side - border, x + side, y + side); // bottom
    fill(x, y, x + border, y + side);               // left
    fill(x + side - border, y, x + side, y + side); // right
  }
  // Both diagonals of the square at (x, y), two pixels thick.
  void cross(int x, int y, int side) {
    for (int i = 0; i + 1 < side; ++i) {
      fill(x + i, y + i, x + i + 2, y + i + 1);
      fill(x + side - 2 - i, y + i, x + side - i, y + i + 1);
    }
  }
  // A zigzag scribble two pixels thick: short horizontal runs, like handwriting.
  void scribble(int x0, int x1, int top) {
    for (int x = x0; x < x1; ++x) {
      int phase = x % 20 < 10 ? x % 20 : 20 - x % 20;
      int y = top + 2 * phase;
      fill(x, y, x + 1, y + 2);
    }
  }
  long dark_in(int x0, int y0, int x1, int y1) const {
    long n = 0;
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        l_uint32 v = 255;
        pixGetPixel(image.gray.get(), x, y, &v);
        n += v < 140 ? 1 : 0;
      }
    return n;
  }
};

// The region the ink tests read: points (10, 10)-(110, 50), pixels (20, 20)-(220, 100).
const ocr::Box region{10, 10, 110, 50};
constexpr double region_pixels = 200.0 * 80.0;

void check_box(const ocr::Box &actual, const ocr::Box &expected) {
  CHECK(actual.x0 == doctest::Approx(expected.x0));
  CHECK(actual.y0 == doctest::Approx(expected.y0));
  CHECK(actual.x1 == doctest::Approx(expected.x1));
  CHECK(actual.y1 == doctest::Approx(expected.y1));
}

// The checkbox tests search points (40, 40)-(70, 70): pixels (80, 80)-(140, 140).
const ocr::Box search{40, 40, 70, 70};

} // namespace

TEST_CASE("ink_fraction: a blank region has no ink") {
  Canvas c;
  CHECK(ink_fraction(c.image, region, {}) == 0);
}

TEST_CASE("ink_fraction counts a scribble's pixels over the region's") {
  Canvas c;
  c.scribble(40, 160, 50);
  long scribble = c.dark_in(20, 20, 220, 100);
  REQUIRE(scribble > 200);
  double ink = ink_fraction(c.image, region, {});
  CHECK(ink == doctest::Approx(static_cast<double>(scribble) / region_pixels));
  CHECK(ink > 0.004); // signed, by the built-in policy's threshold
  // Outside the region the scribble is not seen.
  CHECK(ink_fraction(c.image, {150, 10, 250, 50}, {}) == 0);
}

TEST_CASE("ink_fraction ignores a ruled signature line, straight or skewed") {
  SUBCASE("straight") {
    Canvas c;
    c.fill(20, 95, 220, 97); // the full width of the region, two pixels thick
    CHECK(ink_fraction(c.image, region, {}) == 0);
    c.scribble(40, 160, 50);
    long scribble = c.dark_in(20, 20, 220, 94);
    CHECK(ink_fraction(c.image, region, {}) ==
          doctest::Approx(static_cast<double>(scribble) / region_pixels));
  }
  SUBCASE("skewed by a pixel every 100") {
    Canvas c;
    for (int x = 20; x < 220; ++x) {
      int y = 80 + (x - 20) / 100;
      c.fill(x, y, x + 1, y + 2);
    }
    CHECK(ink_fraction(c.image, region, {}) == 0);
  }
  SUBCASE("a short stroke is ink, not a rule") {
    Canvas c;
    c.fill(60, 60, 90, 62); // 30 pixels: 15 points, below the 20-point rule length
    CHECK(ink_fraction(c.image, region, {}) == doctest::Approx(60.0 / region_pixels));
  }
}

TEST_CASE("ink_fraction leaves out excluded boxes (printed words) entirely") {
  Canvas c;
  c.fill(40, 30, 70, 44); // a printed word: 30 x 14 pixels
  CHECK(ink_fraction(c.image, region, {}) == doctest::Approx(420.0 / region_pixels));
  const ocr::Box word{20, 15, 35, 22}; // the word's box in points
  CHECK(ink_fraction(c.image, region, {word}) == 0);
  // The excluded pixels leave the denominator too.
  c.scribble(100, 200, 50);
  long scribble = c.dark_in(100, 50, 200, 80);
  CHECK(ink_fraction(c.image, region, {word}) ==
        doctest::Approx(static_cast<double>(scribble) / (region_pixels - 420.0)));
}

TEST_CASE("ink_fraction of a region off the image is 0; a partial one is clipped") {
  Canvas c;
  c.fill(0, 0, 10, 10);
  CHECK(ink_fraction(c.image, {400, 300, 500, 400}, {}) == 0);
  CHECK(ink_fraction(c.image, {-10, -10, 10, 10}, {}) == doctest::Approx(100.0 / (20.0 * 20.0)));
}

TEST_CASE("find_checkbox finds an empty square and reports its box in page space") {
  Canvas c;
  c.square(100, 100, 24); // 12 points a side
  auto mark = find_checkbox(c.image, search, 6, 16);
  REQUIRE(mark.has_value());
  check_box(mark->box, {50, 50, 62, 62});
  CHECK(mark->fill == doctest::Approx(0));
}

TEST_CASE("find_checkbox: a square with an X is filled above the checked threshold") {
  Canvas c;
  c.square(100, 100, 24);
  c.cross(100, 100, 24);
  auto mark = find_checkbox(c.image, search, 6, 16);
  REQUIRE(mark.has_value());
  check_box(mark->box, {50, 50, 62, 62});
  CHECK(mark->fill > 0.12);
  CHECK(mark->fill < 0.9);
}

TEST_CASE("find_checkbox: specks beside the box do not stretch it") {
  Canvas c;
  c.square(100, 100, 24);
  c.fill(84, 84, 86, 86);
  c.fill(132, 110, 134, 112);
  c.fill(88, 130, 91, 133);
  c.dot(110, 136);
  auto mark = find_checkbox(c.image, search, 6, 16);
  REQUIRE(mark.has_value());
  check_box(mark->box, {50, 50, 62, 62});
  CHECK(mark->fill == doctest::Approx(0));
}

TEST_CASE("find_checkbox: a fax may break one side") {
  Canvas c;
  c.square(100, 100, 24);
  c.clear(122, 106, 124, 112); // 10 of the right side's 24 pixels lost
  c.clear(122, 114, 124, 118);
  auto mark = find_checkbox(c.image, search, 6, 16);
  REQUIRE(mark.has_value());
  check_box(mark->box, {50, 50, 62, 62});
}

TEST_CASE("find_checkbox refuses what is not an empty or ticked square") {
  SUBCASE("nothing there") {
    Canvas c;
    CHECK_FALSE(find_checkbox(c.image, search, 6, 16).has_value());
  }
  SUBCASE("a filled bullet") {
    Canvas c;
    c.fill(100, 100, 124, 124);
    CHECK_FALSE(find_checkbox(c.image, search, 6, 16).has_value());
  }
  SUBCASE("a digit-like shape with two sides (an L)") {
    Canvas c;
    c.fill(100, 100, 102, 124);
    c.fill(100, 122, 124, 124);
    CHECK_FALSE(find_checkbox(c.image, search, 6, 16).has_value());
  }
  SUBCASE("a 7: the top and one side") {
    Canvas c;
    c.fill(100, 100, 124, 102);
    c.fill(122, 100, 124, 124);
    CHECK_FALSE(find_checkbox(c.image, search, 6, 16).has_value());
  }
  SUBCASE("three sides and no fourth") {
    Canvas c;
    c.fill(100, 100, 124, 102);
    c.fill(100, 122, 124, 124);
    c.fill(100, 100, 102, 124);
    CHECK_FALSE(find_checkbox(c.image, search, 6, 16).has_value());
  }
  SUBCASE("a square too large for a checkbox") {
    Canvas c;
    c.square(90, 90, 40); // 20 points
    CHECK_FALSE(find_checkbox(c.image, search, 6, 16).has_value());
  }
  SUBCASE("a square too small") {
    Canvas c;
    c.square(100, 100, 8); // 4 points
    CHECK_FALSE(find_checkbox(c.image, search, 6, 16).has_value());
  }
  SUBCASE("an oblong") {
    Canvas c;
    c.square(100, 100, 28);
    c.clear(100, 114, 128, 128); // cut to 28 x 14 pixels, and closed again
    c.fill(100, 112, 128, 114);
    CHECK_FALSE(find_checkbox(c.image, search, 6, 16).has_value());
  }
  SUBCASE("a search area off the image") {
    Canvas c;
    c.square(100, 100, 24);
    CHECK_FALSE(find_checkbox(c.image, {400, 300, 450, 350}, 6, 16).has_value());
  }
}
