#include "extract/page_marks.hpp"

#include "extract/page_layout.hpp"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace mi::extract {
namespace {

// Gray levels below this are ink (scans have a light gray paper; faxes are pure black/white).
constexpr int dark_level = 140;
// A horizontal run of ink at least this long (points), or this share of the region's width if
// longer, is a ruled line, not ink.
constexpr double rule_run_points = 20;
constexpr double rule_run_share = 0.15;

struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0; // half-open
  bool empty() const { return x1 <= x0 || y1 <= y0; }
};

PixelRect to_pixels(const MarksImage &image, const ocr::Box &box) {
  ocr::Box p = image.page_to_pixel.apply(box);
  int w = pixGetWidth(image.gray.get()), h = pixGetHeight(image.gray.get());
  PixelRect r;
  r.x0 = std::clamp(static_cast<int>(std::floor(p.x0)), 0, w);
  r.y0 = std::clamp(static_cast<int>(std::floor(p.y0)), 0, h);
  r.x1 = std::clamp(static_cast<int>(std::ceil(p.x1)), 0, w);
  r.y1 = std::clamp(static_cast<int>(std::ceil(p.y1)), 0, h);
  return r;
}

bool dark(Pix *pix, int x, int y) {
  l_uint32 v = 255;
  pixGetPixel(pix, x, y, &v);
  return static_cast<int>(v) < dark_level;
}

// Share of inked pixels along a one-pixel-wide band (with a pixel of tolerance on each side).
double side_ink(Pix *pix, bool vertical, int fixed, int from, int to) {
  int inked = 0, total = 0;
  for (int t = from; t < to; ++t) {
    bool hit = false;
    for (int d = -1; d <= 1 && !hit; ++d)
      hit = vertical ? dark(pix, fixed + d, t) : dark(pix, t, fixed + d);
    inked += hit ? 1 : 0;
    ++total;
  }
  return total > 0 ? static_cast<double>(inked) / total : 0;
}

// The bounding box of the largest 8-connected component of ink in r (by bounding-box area),
// ignoring components wider or taller than max_side pixels (a ruled line through the area).
PixelRect largest_component(Pix *pix, const PixelRect &r, double max_side) {
  int w = r.x1 - r.x0, h = r.y1 - r.y0;
  std::vector<signed char> seen(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0);
  auto at = [&](int x, int y) -> signed char & {
    return seen[static_cast<std::size_t>(y - r.y0) * static_cast<std::size_t>(w) +
                static_cast<std::size_t>(x - r.x0)];
  };
  PixelRect best{};
  long best_area = 0;
  std::vector<std::pair<int, int>> stack;
  for (int y = r.y0; y < r.y1; ++y)
    for (int x = r.x0; x < r.x1; ++x) {
      if (at(x, y) || !dark(pix, x, y))
        continue;
      PixelRect c{x, y, x + 1, y + 1};
      stack.assign(1, {x, y});
      at(x, y) = 1;
      while (!stack.empty()) {
        auto [cx, cy] = stack.back();
        stack.pop_back();
        c = {std::min(c.x0, cx), std::min(c.y0, cy), std::max(c.x1, cx + 1),
             std::max(c.y1, cy + 1)};
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            int nx = cx + dx, ny = cy + dy;
            if (nx < r.x0 || ny < r.y0 || nx >= r.x1 || ny >= r.y1 || at(nx, ny) ||
                !dark(pix, nx, ny))
              continue;
            at(nx, ny) = 1;
            stack.emplace_back(nx, ny);
          }
      }
      long area = static_cast<long>(c.x1 - c.x0) * (c.y1 - c.y0);
      if (c.x1 - c.x0 > max_side || c.y1 - c.y0 > max_side)
        continue;
      if (area > best_area) {
        best_area = area;
        best = c;
      }
    }
  return best;
}

} // namespace

MarksImage render_for_marks(pdf::MupdfContext &context, const pdf::MupdfDocument &document,
                            int page_index, int dpi) {
  auto rendered = ocr::render_page(context, document, page_index, dpi);
  MarksImage out;
  out.gray = std::move(rendered.image);
  out.page_to_pixel = inverse(rendered.image_to_page);
  out.dpi = dpi;
  return out;
}

double ink_fraction(const MarksImage &image, const ocr::Box &region,
                    const std::vector<ocr::Box> &exclude) {
  Pix *pix = image.gray.get();
  PixelRect r = to_pixels(image, region);
  if (r.empty())
    return 0;
  std::vector<PixelRect> holes;
  for (const auto &b : exclude)
    holes.push_back(to_pixels(image, b));
  auto excluded = [&](int x, int y) {
    return std::any_of(holes.begin(), holes.end(), [&](const PixelRect &h) {
      return x >= h.x0 && x < h.x1 && y >= h.y0 && y < h.y1;
    });
  };
  // A ruled line is a long horizontal run of ink; on a skewed scan it steps from row to row,
  // so runs are dropped by length, not whole rows by darkness.
  const int rule_run = std::max(static_cast<int>(rule_run_points * image.dpi / 72.0),
                                static_cast<int>(rule_run_share * (r.x1 - r.x0)));
  long inked = 0, counted = 0;
  for (int y = r.y0; y < r.y1; ++y) {
    int x = r.x0;
    while (x < r.x1) {
      if (!dark(pix, x, y)) {
        counted += excluded(x, y) ? 0 : 1;
        ++x;
        continue;
      }
      int end = x;
      while (end < r.x1 && dark(pix, end, y))
        ++end;
      bool rule = end - x >= rule_run;
      for (int i = x; i < end; ++i)
        if (!excluded(i, y)) {
          ++counted;
          inked += rule ? 0 : 1;
        }
      x = end;
    }
  }
  return counted > 0 ? static_cast<double>(inked) / static_cast<double>(counted) : 0;
}

std::optional<CheckboxMark> find_checkbox(const MarksImage &image, const ocr::Box &search,
                                          double min_size_pt, double max_size_pt) {
  Pix *pix = image.gray.get();
  PixelRect r = to_pixels(image, search);
  if (r.empty())
    return std::nullopt;
  // The box is the largest connected run of ink in the search area; fax specks and the edge of
  // the label's first letter are separate components and must not stretch it.
  PixelRect ink = largest_component(pix, r, image.dpi / 72.0 * max_size_pt * 1.6);
  if (ink.empty())
    return std::nullopt;
  double per_pt = image.dpi / 72.0;
  double w = (ink.x1 - ink.x0) / per_pt, h = (ink.y1 - ink.y0) / per_pt;
  if (w < min_size_pt || h < min_size_pt || w > max_size_pt || h > max_size_pt)
    return std::nullopt;
  if (w / h < 0.7 || w / h > 1.4)
    return std::nullopt;
  // A box has inked sides; a bullet or a letter does not.
  // A box has four straight inked sides (a fax may break one); a digit, bullet or letter has
  // at most two.
  double side[4] = {side_ink(pix, true, ink.x0 + 1, ink.y0, ink.y1),
                    side_ink(pix, true, ink.x1 - 2, ink.y0, ink.y1),
                    side_ink(pix, false, ink.y0 + 1, ink.x0, ink.x1),
                    side_ink(pix, false, ink.y1 - 2, ink.x0, ink.x1)};
  int solid = 0, broken = 0;
  for (double s : side) {
    solid += s >= 0.85 ? 1 : 0;
    broken += s >= 0.5 && s < 0.85 ? 1 : 0;
  }
  if (solid < 3 || solid + broken < 4)
    return std::nullopt;
  // The interior, inset past the border's width.
  int inset_x = std::max(2, (ink.x1 - ink.x0) / 5), inset_y = std::max(2, (ink.y1 - ink.y0) / 5);
  long inked = 0, total = 0;
  for (int y = ink.y0 + inset_y; y < ink.y1 - inset_y; ++y)
    for (int x = ink.x0 + inset_x; x < ink.x1 - inset_x; ++x) {
      ++total;
      inked += dark(pix, x, y) ? 1 : 0;
    }
  if (total == 0)
    return std::nullopt;
  // A solid square is a bullet, not a box.
  double fill = static_cast<double>(inked) / static_cast<double>(total);
  if (fill > 0.9)
    return std::nullopt;
  CheckboxMark mark;
  ocr::Matrix to_page = inverse(image.page_to_pixel);
  mark.box = to_page.apply({static_cast<double>(ink.x0), static_cast<double>(ink.y0),
                            static_cast<double>(ink.x1), static_cast<double>(ink.y1)});
  mark.fill = fill;
  return mark;
}

} // namespace mi::extract
