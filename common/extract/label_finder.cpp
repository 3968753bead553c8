#include "extract/label_finder.hpp"

#include <algorithm>

namespace mi::extract {
namespace {

struct Phrase {
  const std::vector<std::string> *tokens;
  std::string field; // empty: stop label
  bool signature_context = false;
  std::size_t rank = 0;
  bool needs_colon = false;
};

bool ends_with_colon(const std::string &text) {
  return !text.empty() && (text.back() == ':' || (text.size() >= 2 && text.ends_with(":.")));
}

// OCR often reads a label's colon as a semicolon ("Name;"); printed text means what it says.
bool ends_with_colon(const LayoutWord &word) {
  return ends_with_colon(word.text) ||
         (word.from_ocr && word.text.size() >= 2 && word.text.back() == ';');
}

// Matches the phrase at word i; returns the index of its last word. Words that fold to nothing
// ("#", ":") between tokens are skipped, so "Medical Record #:" matches "medical record".
std::optional<std::size_t> match_at(const LayoutLine &line, std::size_t i,
                                    const std::vector<std::string> &tokens, bool lenient_ok) {
  std::size_t j = i;
  std::size_t last = i;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    if (t > 0)
      while (j < line.words.size() && line.words[j].folded.empty())
        ++j;
    if (j >= line.words.size())
      return std::nullopt;
    const auto &word = line.words[j];
    // A short label read with one slip ("NPL:", "NPIL:") still counts when it is a lone word
    // closed by a colon: the colon says it is a label.
    bool lenient = lenient_ok && tokens.size() == 1 && tokens[t].size() >= 3 &&
                   ends_with_colon(word) && edit_distance_within(tokens[t], word.folded, 1);
    if (!token_matches(tokens[t], word.folded) && !lenient)
      return std::nullopt;
    last = j++;
  }
  // A trailing ":" or "#:" printed as its own word belongs to the label.
  while (j < line.words.size() && line.words[j].folded.empty() &&
         line.words[j].box.x0 - line.words[last].box.x1 < line.height())
    last = j++;
  return last;
}

bool line_has_phrase(const LayoutLine &line, const std::vector<std::string> &tokens) {
  for (std::size_t i = 0; i < line.words.size(); ++i)
    if (match_at(line, i, tokens, false))
      return true;
  return false;
}

// Captions are short lines: a clause that mentions a signature is not one.
constexpr std::size_t max_caption_words = 12;

} // namespace

bool token_matches(std::string_view a, std::string_view b) {
  if (a == b)
    return true;
  // OCR slips: one edit in a word of five letters or more, two from ten.
  std::size_t allowed = a.size() >= 10 ? 2 : a.size() >= 5 ? 1 : 0;
  return allowed > 0 && edit_distance_within(a, b, allowed);
}

// Optimal string alignment: insertions, deletions, substitutions and swaps of two neighbouring
// letters ("Brith" for "Birth") each count one edit.
bool edit_distance_within(std::string_view a, std::string_view b, std::size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit)
    return false;
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      row[j] = std::min(
          {previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], before[j - 2] + 1);
      best = std::min(best, row[j]);
    }
    if (best > limit)
      return false;
    std::swap(before, previous);
    std::swap(previous, row);
  }
  return previous[b.size()] <= limit;
}

const LabelHit *PageLabels::starting_at(std::size_t line, std::size_t word) const {
  for (const auto &h : hits)
    if (h.line == line && h.first == word)
      return &h;
  return nullptr;
}

PageLabels find_labels(const PageLayout &layout, const ExtractRules &rules) {
  std::vector<Phrase> phrases;
  for (const auto &[name, rule] : rules.fields)
    for (std::size_t r = 0; r < rule.labels.size(); ++r)
      phrases.push_back({&rule.labels[r], name, rule.signature_context, r,
                         r < rule.label_needs_colon.size() && rule.label_needs_colon[r]});
  for (const auto &tokens : rules.stop_labels)
    phrases.push_back({&tokens, std::string(), false, 0, false});
  // Longest first; at equal length a field with a context comes first, so that where the
  // context holds it wins, and elsewhere it is skipped and the plain field takes the words.
  std::stable_sort(phrases.begin(), phrases.end(), [](const Phrase &a, const Phrase &b) {
    if (a.tokens->size() != b.tokens->size())
      return a.tokens->size() > b.tokens->size();
    return a.signature_context && !b.signature_context;
  });

  PageLabels out;
  for (std::size_t l = 0; l < layout.lines.size(); ++l) {
    const auto &line = layout.lines[l];
    if (line.words.size() <= max_caption_words)
      for (const auto &caption : rules.signature.captions)
        if (line_has_phrase(line, caption)) {
          out.signature_lines.push_back(l);
          break;
        }
  }

  for (std::size_t l = 0; l < layout.lines.size(); ++l) {
    const auto &line = layout.lines[l];
    bool signature_line = std::find(out.signature_lines.begin(), out.signature_lines.end(), l) !=
                          out.signature_lines.end();
    std::size_t i = 0;
    while (i < line.words.size()) {
      if (line.words[i].folded.empty()) {
        ++i;
        continue;
      }
      bool segment_start = line.segment_starts[line.segment_of(i)] == i;
      bool after_colon = i > 0 && ends_with_colon(line.words[i - 1]);
      std::optional<LabelHit> found;
      // Exact wordings first; a slip is considered only when no phrase matches exactly, so
      // "DOS:" is the date of service and never a misread "DOB". A slip one edit from the labels
      // of two fields ("DO8:" from "dob" and "dos") names neither.
      for (int pass = 0; pass < 2 && !found; ++pass) {
        std::optional<LabelHit> candidate;
        bool ambiguous = false;
        for (const auto &phrase : phrases) {
          if (phrase.signature_context && !signature_line)
            continue;
          auto last = match_at(line, i, *phrase.tokens, pass == 1);
          if (!last)
            continue;
          bool colon = ends_with_colon(line.words[*last]);
          if ((!segment_start && !after_colon && !colon) || (phrase.needs_colon && !colon))
            continue;
          if (candidate) {
            // Exact: the first (longest) phrase wins. Slips: any other field is a conflict.
            if (pass == 1 && candidate->field != phrase.field)
              ambiguous = true;
            if (pass == 0)
              break;
            continue;
          }
          LabelHit hit;
          hit.field = phrase.field;
          hit.rank = phrase.rank;
          hit.line = l;
          hit.first = i;
          hit.last = *last;
          hit.colon = colon;
          hit.box = line.words[i].box;
          for (std::size_t k = i; k <= *last; ++k) {
            const auto &b = line.words[k].box;
            hit.box = {std::min(hit.box.x0, b.x0), std::min(hit.box.y0, b.y0),
                       std::max(hit.box.x1, b.x1), std::max(hit.box.y1, b.y1)};
            hit.confidence = std::min(hit.confidence, line.words[k].confidence);
          }
          candidate = hit;
          if (pass == 0)
            break;
        }
        if (candidate && !ambiguous)
          found = candidate;
      }
      if (found) {
        i = found->last + 1;
        out.hits.push_back(std::move(*found));
      } else {
        ++i;
      }
    }
  }
  return out;
}

} // namespace mi::extract
