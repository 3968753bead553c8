#include "extract/page_layout.hpp"

#include "extract/extract_policy.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace mi::extract {
namespace {

double overlap(double a0, double a1, double b0, double b1) {
  return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

// Lines are kept as running bands: the mean top and bottom of their words, so one tall word (a
// handwritten date) does not swallow the line above it.
struct OpenLine {
  LayoutLine line;
  double top_sum = 0, bottom_sum = 0;
  double top() const { return top_sum / static_cast<double>(line.words.size()); }
  double bottom() const { return bottom_sum / static_cast<double>(line.words.size()); }
};

// A gap wider than this many line heights starts a new segment.
constexpr double segment_gap_heights = 1.6;

void finish_line(LayoutLine &line) {
  std::sort(line.words.begin(), line.words.end(),
            [](const LayoutWord &a, const LayoutWord &b) { return a.box.x0 < b.box.x0; });
  line.box = {1e300, 1e300, -1e300, -1e300};
  std::vector<double> heights;
  for (const auto &w : line.words) {
    line.box.x0 = std::min(line.box.x0, w.box.x0);
    line.box.y0 = std::min(line.box.y0, w.box.y0);
    line.box.x1 = std::max(line.box.x1, w.box.x1);
    line.box.y1 = std::max(line.box.y1, w.box.y1);
    heights.push_back(w.box.y1 - w.box.y0);
  }
  std::nth_element(heights.begin(), heights.begin() + static_cast<long>(heights.size() / 2),
                   heights.end());
  double gap_limit = std::max(4.0, segment_gap_heights * heights[heights.size() / 2]);
  line.segment_starts = {0};
  for (std::size_t i = 1; i < line.words.size(); ++i)
    if (line.words[i].box.x0 - line.words[i - 1].box.x1 > gap_limit)
      line.segment_starts.push_back(i);
}

// The median slope of the source's own text lines (three or more words over 50 points),
// clamped to two degrees: beyond that a page would have been straightened.
double residual_slope(const std::vector<LayoutWord> &words, const ocr::PageText &page) {
  std::map<std::pair<int, int>, std::vector<const LayoutWord *>> by_line;
  for (const auto &w : words)
    by_line[{page.words[w.index].block, page.words[w.index].line}].push_back(&w);
  std::vector<double> slopes;
  for (const auto &[key, line] : by_line) {
    if (line.size() < 3)
      continue;
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, x_min = 1e300, x_max = -1e300;
    for (const auto *w : line) {
      double x = (w->box.x0 + w->box.x1) / 2, y = (w->box.y0 + w->box.y1) / 2;
      n += 1;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      x_min = std::min(x_min, x);
      x_max = std::max(x_max, x);
    }
    double denominator = n * sxx - sx * sx;
    if (x_max - x_min < 50 || std::abs(denominator) < 1e-9)
      continue;
    slopes.push_back((n * sxy - sx * sy) / denominator);
  }
  if (slopes.empty())
    return 0;
  std::nth_element(slopes.begin(), slopes.begin() + static_cast<long>(slopes.size() / 2),
                   slopes.end());
  return std::clamp(slopes[slopes.size() / 2], -0.035, 0.035);
}

// Specks, fax streaks and box edges that OCR reads as stray punctuation or one-letter words of
// very low confidence: left in, they split a label from its value or start a value.
bool ocr_noise(const LayoutWord &w) {
  if (!w.from_ocr)
    return false;
  if (w.folded.empty())
    return w.confidence < 0.6;
  return w.folded.size() <= 2 && w.confidence < 0.3;
}

} // namespace

std::size_t LayoutLine::segment_of(std::size_t i) const {
  auto it = std::upper_bound(segment_starts.begin(), segment_starts.end(), i);
  return static_cast<std::size_t>(it - segment_starts.begin()) - 1;
}

std::size_t LayoutLine::segment_end(std::size_t i) const {
  std::size_t s = segment_of(i);
  return s + 1 < segment_starts.size() ? segment_starts[s + 1] : words.size();
}

ocr::Matrix page_to_upright(int content_rotation, double w, double h) {
  switch (((content_rotation % 360) + 360) % 360 / 90) {
  case 1: // (x, y) -> (h - y, x)
    return {0, 1, -1, 0, h, 0};
  case 2: // (x, y) -> (w - x, h - y)
    return {-1, 0, 0, -1, w, h};
  case 3: // (x, y) -> (y, w - x)
    return {0, -1, 1, 0, 0, w};
  default:
    return {};
  }
}

ocr::Matrix inverse(const ocr::Matrix &m) {
  double det = m.a * m.d - m.b * m.c;
  if (std::abs(det) < 1e-12)
    return {};
  ocr::Matrix r;
  r.a = m.d / det;
  r.b = -m.b / det;
  r.c = -m.c / det;
  r.d = m.a / det;
  r.e = -(r.a * m.e + r.c * m.f);
  r.f = -(r.b * m.e + r.d * m.f);
  return r;
}

PageLayout build_page_layout(const ocr::PageText &page) {
  PageLayout out;
  out.page = page.page;
  int turns = ((page.content_rotation % 360) + 360) % 360 / 90;
  bool sideways = turns % 2 == 1;
  out.width = sideways ? page.height : page.width;
  out.height = sideways ? page.width : page.height;
  ocr::Matrix to_upright = page_to_upright(page.content_rotation, page.width, page.height);
  out.upright_to_page = inverse(to_upright);

  // Words whose region was OCR'd on a text-layer page come after the text-layer words.
  std::vector<bool> ocr_word(page.words.size(), page.source == ocr::TextSource::ocr);
  for (const auto &region : page.regions)
    for (std::size_t i = region.first_word;
         i < region.first_word + region.word_count && i < ocr_word.size(); ++i)
      ocr_word[i] = true;

  std::vector<LayoutWord> words;
  for (std::size_t i = 0; i < page.words.size(); ++i) {
    const auto &w = page.words[i];
    LayoutWord lw;
    lw.text = w.text;
    lw.folded = fold_token(w.text);
    lw.box = to_upright.apply(w.box);
    lw.upright = lw.box;
    lw.confidence = w.confidence;
    lw.from_ocr = ocr_word[i];
    lw.index = i;
    if (lw.box.y1 - lw.box.y0 <= 0 || w.text.empty() || ocr_noise(lw))
      continue;
    words.push_back(std::move(lw));
  }
  out.skew_slope = residual_slope(words, page);
  if (out.skew_slope != 0)
    for (auto &w : words) {
      double shift = out.skew_slope * (w.box.x0 + w.box.x1) / 2;
      w.box.y0 -= shift;
      w.box.y1 -= shift;
    }
  std::sort(words.begin(), words.end(), [](const LayoutWord &a, const LayoutWord &b) {
    return a.box.y0 + a.box.y1 < b.box.y0 + b.box.y1;
  });

  std::vector<OpenLine> lines;
  for (auto &w : words) {
    double h = w.box.y1 - w.box.y0;
    OpenLine *best = nullptr;
    double best_overlap = 0;
    // Only the last few lines can still receive a word: words arrive sorted by their centre.
    for (std::size_t k = lines.size() > 8 ? lines.size() - 8 : 0; k < lines.size(); ++k) {
      auto &l = lines[k];
      double line_h = l.bottom() - l.top();
      double o = overlap(w.box.y0, w.box.y1, l.top(), l.bottom());
      if (o >= 0.5 * std::min(h, line_h) && o > best_overlap) {
        best = &l;
        best_overlap = o;
      }
    }
    if (!best) {
      lines.emplace_back();
      best = &lines.back();
    }
    best->top_sum += w.box.y0;
    best->bottom_sum += w.box.y1;
    best->line.words.push_back(std::move(w));
  }
  for (auto &l : lines) {
    finish_line(l.line);
    out.lines.push_back(std::move(l.line));
  }
  std::stable_sort(out.lines.begin(), out.lines.end(),
                   [](const LayoutLine &a, const LayoutLine &b) {
                     return a.box.y0 + a.box.y1 < b.box.y0 + b.box.y1;
                   });
  return out;
}

} // namespace mi::extract
