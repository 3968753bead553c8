#include "ocr/image_regions.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace mi::ocr {
namespace {

constexpr double points_per_inch = 72.0;

double area_of(const Box &b) { return std::max(0.0, b.x1 - b.x0) * std::max(0.0, b.y1 - b.y0); }

Box intersection(const Box &a, const Box &b) {
  return {std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
}

bool is_empty(const Box &b) { return !(b.x0 < b.x1 && b.y0 < b.y1); }

bool near(const Box &a, const Box &b, double gap) {
  return a.x0 <= b.x1 + gap && b.x0 <= a.x1 + gap && a.y0 <= b.y1 + gap && b.y0 <= a.y1 + gap;
}

Box united(const Box &a, const Box &b) {
  return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

// The share of `region` under text-layer word boxes (overlapping words counted twice: a bound
// that only matters near the threshold, where text is dense anyway).
double text_coverage(const Box &region, const std::vector<Word> &words) {
  double covered = 0;
  for (const auto &w : words)
    covered += area_of(intersection(w.box, region));
  double area = area_of(region);
  return area > 0 ? covered / area : 0;
}

bool worth_reading(const Box &region, double page_area, const std::vector<Word> &words,
                   const ImageRegionOptions &options) {
  double width = region.x1 - region.x0, height = region.y1 - region.y0;
  double min_side = options.min_side_inches * points_per_inch;
  double min_area = options.min_area_square_inches * points_per_inch * points_per_inch;
  return width >= min_side && height >= min_side && width * height >= min_area &&
         width * height < options.max_page_coverage * page_area &&
         text_coverage(region, words) <= options.max_text_coverage;
}

} // namespace

std::vector<Box> regions_to_ocr(const pdf::PageCensus &census,
                                const std::vector<Word> &text_layer_words,
                                const ImageRegionOptions &options) {
  std::vector<Box> regions;
  if (!options.enabled || census.width <= 0 || census.height <= 0)
    return regions;
  const Box page{0, 0, census.width, census.height};
  const double page_area = census.width * census.height;
  for (const auto &p : census.placements) {
    Box clipped = intersection({p.x0, p.y0, p.x1, p.y1}, page);
    if (!is_empty(clipped) && p.dpi_x >= options.min_dpi && p.dpi_y >= options.min_dpi)
      regions.push_back(clipped);
  }
  // Overlapping or touching placements are one picture (an image stored as tiles or strips, a
  // photo in a frame), so size and coverage are judged on the whole: tiles too small to read
  // alone make a readable picture, and strips that make up the page are a scan.
  for (bool merged = true; merged;) {
    merged = false;
    for (std::size_t i = 0; i < regions.size() && !merged; ++i)
      for (std::size_t j = i + 1; j < regions.size() && !merged; ++j)
        if (near(regions[i], regions[j], options.merge_gap_points)) {
          regions[i] = united(regions[i], regions[j]);
          regions.erase(regions.begin() + static_cast<std::ptrdiff_t>(j));
          merged = true;
        }
  }
  std::erase_if(regions, [&](const Box &r) {
    return !worth_reading(r, page_area, text_layer_words, options);
  });
  std::sort(regions.begin(), regions.end(), [](const Box &a, const Box &b) {
    return std::pair(a.y0, a.x0) < std::pair(b.y0, b.x0);
  });
  return regions;
}

PageText read_region(TesseractEngine &engine, pdf::MupdfContext &context,
                     const pdf::MupdfDocument &document, int page_index, const Box &region, int dpi,
                     const PageOcrOptions &options) {
  auto rendered = render_region(context, document, page_index, region, dpi);
  PageOcrOptions upright = options;
  upright.orientation = false;
  return ocr_rendered_page(engine, rendered, upright);
}

void add_region_words(PageText &page, const Box &region, PageText reading) {
  int next_block = 0, next_line = 0;
  for (const auto &w : page.words) {
    next_block = std::max(next_block, w.block + 1);
    next_line = std::max(next_line, w.line + 1);
  }
  const std::size_t existing = page.words.size();
  OcrRegion record;
  record.box = region;
  record.image_to_page = reading.image_to_page;
  record.image_width = reading.image_width;
  record.image_height = reading.image_height;
  record.first_word = existing;
  // Tesseract's block and line numbers, densely renumbered in order of appearance.
  std::map<int, int> blocks, lines;
  double confidence_sum = 0;
  for (auto &w : reading.words) {
    double own = area_of(w.box);
    bool known = false;
    for (std::size_t i = 0; i < existing && !known; ++i)
      known = area_of(intersection(w.box, page.words[i].box)) > 0.5 * own;
    if (known)
      continue;
    w.block =
        blocks.try_emplace(w.block, next_block + static_cast<int>(blocks.size())).first->second;
    w.line = lines.try_emplace(w.line, next_line + static_cast<int>(lines.size())).first->second;
    confidence_sum += w.confidence;
    page.words.push_back(std::move(w));
  }
  record.word_count = page.words.size() - existing;
  record.mean_confidence =
      record.word_count > 0 ? confidence_sum / static_cast<double>(record.word_count) : 0;
  page.regions.push_back(record);
}

} // namespace mi::ocr
