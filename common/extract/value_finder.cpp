#include "extract/value_finder.hpp"

#include <algorithm>

namespace mi::extract {
namespace {

// A line below (or above) a label farther than this many label heights is not its value.
constexpr double max_gap_heights = 3.0;
constexpr double max_gap_points = 30.0;
// A "value" line with more words than this is a sentence.
constexpr std::size_t max_value_words = 8;
// At most this many words follow a label without a colon in its segment to be its value.
constexpr std::size_t max_unmarked_value_words = 4;
// A value printed apart from its label (the next segment) is within this share of the page.
constexpr double max_apart_share = 0.45;

bool starts_label(const PageLabels &labels, std::size_t line, std::size_t word) {
  return labels.starting_at(line, word) != nullptr;
}

// Words [from, to) of a line, cut at the first label.
ValueWords take(const PageLayout &layout, const PageLabels &labels, std::size_t line,
                std::size_t from, std::size_t to, Direction direction) {
  ValueWords v;
  v.direction = direction;
  v.line = line;
  const auto &words = layout.lines[line].words;
  for (std::size_t i = from; i < to && i < words.size(); ++i) {
    if (starts_label(labels, line, i))
      break;
    v.words.push_back(&words[i]);
  }
  return v;
}

// The horizontal extent a label's column covers: from just left of the label to the next
// label (or segment) to its right on the label's line.
std::pair<double, double> column_of(const PageLayout &layout, const PageLabels &labels,
                                    const LabelHit &hit) {
  const auto &line = layout.lines[hit.line];
  double h = hit.box.y1 - hit.box.y0;
  double left = hit.box.x0 - 1.0 * h;
  double right = layout.width;
  for (std::size_t i = hit.last + 1; i < line.words.size(); ++i)
    if (starts_label(labels, hit.line, i) || line.segment_starts[line.segment_of(i)] == i) {
      right = line.words[i].box.x0 - 0.5 * h;
      break;
    }
  return {left, right};
}

// The words of a line inside a column (by their centre), as one contiguous run.
ValueWords in_column(const PageLayout &layout, const PageLabels &labels, std::size_t line,
                     double left, double right, Direction direction) {
  const auto &words = layout.lines[line].words;
  std::size_t first = words.size(), last = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    double centre = (words[i].box.x0 + words[i].box.x1) / 2;
    if (centre >= left && centre < right) {
      first = std::min(first, i);
      last = std::max(last, i);
    }
  }
  if (first == words.size())
    return ValueWords{direction, line, {}};
  // A sentence running through the column is not a value.
  const auto &l = layout.lines[line];
  if (l.segment_end(first) - l.segment_starts[l.segment_of(first)] > max_value_words)
    return ValueWords{direction, line, {}};
  return take(layout, labels, line, first, last + 1, direction);
}

bool has_words_in(const LayoutLine &line, double left, double right) {
  return std::any_of(line.words.begin(), line.words.end(), [&](const LayoutWord &w) {
    double centre = (w.box.x0 + w.box.x1) / 2;
    return centre >= left && centre < right;
  });
}

std::optional<ValueWords> right_of(const PageLayout &layout, const PageLabels &labels,
                                   const LabelHit &hit, FieldKind kind) {
  const auto &line = layout.lines[hit.line];
  std::size_t after = hit.last + 1;
  std::size_t end = line.segment_end(hit.last);
  // "Label: value" in one segment. Without a colon a label's own segment holds no name: the
  // words after "Patient" in a sentence are not one. A few words after a label that starts its
  // segment may still be a date or a number (a colon lost to OCR): their shape is checked.
  bool shaped = kind != FieldKind::person_name &&
                line.segment_starts[line.segment_of(hit.first)] == hit.first &&
                end - after <= max_unmarked_value_words;
  if ((hit.colon || shaped) && after < end) {
    auto v = take(layout, labels, hit.line, after, end, Direction::right);
    if (!v.words.empty())
      return v;
  }
  if (end < line.words.size() && after == end && !starts_label(labels, hit.line, end) &&
      line.words[end].box.x0 - hit.box.x1 <= max_apart_share * layout.width) {
    auto v = take(layout, labels, hit.line, end, line.segment_end(end), Direction::right);
    if (!v.words.empty())
      return v;
  }
  return std::nullopt;
}

// The nearest row below (or above) the label within reach whose words fall in the label's
// column decides: its words up to the next label are the value; a clause there, or a row that
// starts with the next field's label, means there is none.
std::optional<ValueWords> nearest_row(const PageLayout &layout, const PageLabels &labels,
                                      const LabelHit &hit, Direction direction) {
  double h = hit.box.y1 - hit.box.y0;
  double reach = std::min(max_gap_heights * h + 4, max_gap_points);
  auto [left, right] = column_of(layout, labels, hit);
  bool down = direction == Direction::below;
  for (std::size_t l = hit.line; down ? l + 1 < layout.lines.size() : l > 0;) {
    l = down ? l + 1 : l - 1;
    const auto &line = layout.lines[l];
    double gap = down ? line.box.y0 - hit.box.y1 : hit.box.y0 - line.box.y1;
    if (gap > reach)
      break;
    auto v = in_column(layout, labels, l, left, right, direction);
    if (!v.words.empty())
      return v;
    if (has_words_in(line, left, right))
      return std::nullopt;
  }
  return std::nullopt;
}

} // namespace

std::string ValueWords::text() const {
  std::string out;
  for (const auto *w : words) {
    if (!out.empty())
      out += ' ';
    out += w->text;
  }
  return out;
}

ocr::Box ValueWords::box() const {
  ocr::Box b{1e300, 1e300, -1e300, -1e300};
  for (const auto *w : words)
    b = {std::min(b.x0, w->upright.x0), std::min(b.y0, w->upright.y0),
         std::max(b.x1, w->upright.x1), std::max(b.y1, w->upright.y1)};
  return b;
}

double ValueWords::confidence() const {
  double c = 1;
  for (const auto *w : words)
    c = std::min(c, w->confidence);
  return words.empty() ? 0 : c;
}

bool ValueWords::from_ocr() const {
  return std::any_of(words.begin(), words.end(), [](const LayoutWord *w) { return w->from_ocr; });
}

std::vector<ValueWords> find_value_words(const PageLayout &layout, const PageLabels &labels,
                                         const LabelHit &hit, const FieldRule &rule) {
  std::vector<ValueWords> out;
  for (auto direction : rule.where) {
    std::optional<ValueWords> v;
    switch (direction) {
    case Direction::right:
      v = right_of(layout, labels, hit, rule.kind);
      break;
    case Direction::below:
    case Direction::above:
      v = nearest_row(layout, labels, hit, direction);
      break;
    }
    if (v && !v->words.empty())
      out.push_back(std::move(*v));
  }
  return out;
}

} // namespace mi::extract
