#include "redact/redaction_plan.hpp"

#include "redact/detectors.hpp"

#include "extract/label_finder.hpp"
#include "extract/page_layout.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <set>

namespace mi::redact {
namespace {

using extract::PageLayout;

constexpr std::array month_names{"january",   "february", "march",    "april",
                                 "may",       "june",     "july",     "august",
                                 "september", "october",  "november", "december"};

std::string two(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

// A date written in each style US forms use, so a date of birth typed as "03/14/1961" on one
// page is also found as "March 14, 1961" or "1961-03-14" on another.
std::vector<std::string> date_styles(const extract::CivilDate &d) {
  std::string m = std::to_string(d.month), dd = std::to_string(d.day), y = std::to_string(d.year);
  std::string y2 = two(d.year % 100);
  std::string name = month_names[static_cast<std::size_t>(d.month - 1)];
  std::string abbr = name.substr(0, 3);
  return {two(d.month) + "/" + two(d.day) + "/" + y,
          m + "/" + dd + "/" + y,
          two(d.month) + "/" + two(d.day) + "/" + y2,
          m + "/" + dd + "/" + y2,
          d.iso(),
          name + " " + dd + " " + y,
          abbr + " " + dd + " " + y,
          dd + " " + abbr + " " + y,
          two(d.day) + " " + abbr + " " + y};
}

// A term of one or two characters ("4", "M") would be found in any text and any compressed
// stream: it cannot be searched for, only covered where it was read.
void add_term(std::vector<Term> &terms, Term term) {
  std::size_t chars = 0;
  for (const auto &t : term.tokens)
    chars += t.size();
  if (chars < 3)
    return;
  for (const auto &t : terms)
    if (t.tokens == term.tokens && t.digits == term.digits)
      return;
  terms.push_back(std::move(term));
}

// How many edits an OCR'd word may differ by and still be the term's token: as the gate's
// fuzzy check (term_match.hpp), so whatever the gate would flag is already covered.
std::size_t allowed_slips(std::size_t length) { return length >= 10 ? 2 : length >= 5 ? 1 : 0; }

struct PageWords {
  const ocr::PageText &page;
  PageLayout layout;
  // Reading-order tokens of the page with the word each came from.
  std::vector<std::string> tokens;
  std::vector<std::size_t> token_word;
  std::vector<bool> token_ocr;
  // Per line: the digits of the line and the word each digit came from.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> line_digits;

  explicit PageWords(const ocr::PageText &p) : page(p), layout(extract::build_page_layout(p)) {
    for (const auto &line : layout.lines) {
      std::pair<std::string, std::vector<std::size_t>> digits;
      for (const auto &w : line.words) {
        for (auto &t : text_tokens(w.text)) {
          tokens.push_back(std::move(t));
          token_word.push_back(w.index);
          token_ocr.push_back(w.from_ocr);
        }
        for (char c : w.text)
          if (std::isdigit(static_cast<unsigned char>(c))) {
            digits.first += c;
            digits.second.push_back(w.index);
          }
      }
      line_digits.push_back(std::move(digits));
    }
  }

  bool token_is(std::size_t i, const std::string &want) const {
    if (tokens[i] == want)
      return true;
    auto slips = allowed_slips(want.size());
    return token_ocr[i] && slips > 0 && extract::edit_distance_within(tokens[i], want, slips);
  }

  // Words holding the term, as a token run or as digits within a line.
  std::set<std::size_t> find(const Term &term) const {
    std::set<std::size_t> words;
    const auto &want = term.tokens;
    if (!want.empty() && tokens.size() >= want.size())
      for (std::size_t i = 0; i + want.size() <= tokens.size(); ++i) {
        std::size_t k = 0;
        while (k < want.size() && token_is(i + k, want[k]))
          ++k;
        if (k == want.size())
          for (k = 0; k < want.size(); ++k)
            words.insert(token_word[i + k]);
      }
    if (!term.digits.empty())
      for (const auto &[digits, word_of] : line_digits)
        for (auto at = digits.find(term.digits); at != std::string::npos;
             at = digits.find(term.digits, at + 1))
          for (std::size_t k = at; k < at + term.digits.size(); ++k)
            words.insert(word_of[k]);
    return words;
  }
};

// Whether a word was read by OCR (a scanned page, or a picture on a text-layer page): its box is
// the ink's, tight, and gets padding on every side.
bool from_ocr(const ocr::PageText &page, std::size_t word) {
  if (page.source == ocr::TextSource::ocr)
    return true;
  return std::any_of(page.regions.begin(), page.regions.end(), [&](const ocr::OcrRegion &r) {
    return word >= r.first_word && word < r.first_word + r.word_count;
  });
}

ocr::Box padded(const ocr::Box &b, double pad, const ocr::PageText &page) {
  return {std::max(0.0, b.x0 - pad), std::max(0.0, b.y0 - pad), std::min(page.width, b.x1 + pad),
          std::min(page.height, b.y1 + pad)};
}

double overlap_share(const ocr::Box &a, const ocr::Box &b) {
  double w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
  double h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  double smaller = std::min((a.x1 - a.x0) * (a.y1 - a.y0), (b.x1 - b.x0) * (b.y1 - b.y0));
  return w <= 0 || h <= 0 || smaller <= 0 ? 0 : w * h / smaller;
}

// Printed words the page lacks (same tokens over the same place count as present). They keep
// their own line numbers, apart from the page's, so layout does not take them for one line.
void add_printed_words(ocr::PageText &page, const ocr::PageText &printed) {
  constexpr int apart = 1'000'000;
  std::vector<std::vector<std::string>> known;
  for (const auto &w : page.words)
    known.push_back(text_tokens(w.text));
  std::size_t count = page.words.size();
  for (const auto &w : printed.words) {
    auto tokens = text_tokens(w.text);
    if (tokens.empty())
      continue;
    bool present = false;
    for (std::size_t i = 0; i < count && !present; ++i)
      present = known[i] == tokens && overlap_share(page.words[i].box, w.box) > 0.5;
    if (present)
      continue;
    auto added = w;
    added.line += apart;
    added.block += apart;
    page.words.push_back(std::move(added));
  }
}

class Planner {
public:
  explicit Planner(const PlanInput &in) : in_(in) {
    merged_.reserve(in.pages.size());
    for (const auto &p : in.pages) {
      merged_.push_back(p);
      if (in.printed)
        if (auto it = in.printed->find(p.page); it != in.printed->end())
          add_printed_words(merged_.back(), it->second);
    }
    for (const auto &p : merged_)
      pages_.emplace_back(p);
  }

  RedactionPlan run() {
    plan_fields();
    plan_detectors();
    plan_regions();
    return std::move(plan_);
  }

private:
  void cover_words(const PageWords &pw, const std::set<std::size_t> &words,
                   const std::string &kind) {
    for (auto w : words)
      if (w < pw.page.words.size()) {
        const auto &b = pw.page.words[w].box;
        if (from_ocr(pw.page, w)) {
          cover(pw.page, b, kind);
          continue;
        }
        // A text-layer word's box spans its font's ascent and descent, which touch the lines
        // above and below in tight leading, and MuPDF removes every glyph a box touches: the
        // box keeps the word's width (plus padding) but not its full height.
        double inset = 0.15 * (b.y1 - b.y0), pad = in_.redaction.padding_pt;
        plan_.boxes[pw.page.page].push_back({std::max(0.0, b.x0 - pad), b.y0 + inset,
                                             std::min(pw.page.width, b.x1 + pad), b.y1 - inset});
        ++plan_.found[kind];
      }
  }
  // The page and box mi-extract recorded for a field; nothing when either is absent or not
  // numbers.
  void cover_place(const Json &field, const std::string &kind) {
    if (!field.is_object() || !field.contains("page") || !field["page"].is_number_integer())
      return;
    const auto &b = field.contains("box") ? field["box"] : Json();
    if (!b.is_array() || b.size() != 4 ||
        !std::all_of(b.begin(), b.end(), [](const Json &v) { return v.is_number(); }))
      return;
    int page = field["page"].get<int>();
    for (const auto &p : in_.pages)
      if (p.page == page)
        cover(p, {b[0].get<double>(), b[1].get<double>(), b[2].get<double>(), b[3].get<double>()},
              kind);
  }

  // Padded by the policy's padding unless `exact` (a region the policy drew itself).
  void cover(const ocr::PageText &page, const ocr::Box &box, const std::string &kind,
             bool exact = false) {
    plan_.boxes[page.page].push_back(padded(box, exact ? 0 : in_.redaction.padding_pt, page));
    ++plan_.found[kind];
  }

  void plan_fields() {
    if (!in_.fields.is_object())
      return;
    for (const auto &name : in_.rule.fields) {
      auto it = in_.fields.find(name);
      if (it == in_.fields.end() || !it->is_object())
        continue;
      const auto &f = *it;
      std::string value =
          f.contains("value") && f["value"].is_string() ? f["value"].get<std::string>() : "";
      std::string normalized = f.contains("normalized") && f["normalized"].is_string()
                                   ? f["normalized"].get<std::string>()
                                   : "";
      // Where mi-extract read the value: covered even when OCR read it differently there.
      if (!value.empty())
        cover_place(f, name);
      for (auto &term : value_terms(name, value, normalized)) {
        for (const auto &pw : pages_)
          cover_words(pw, pw.find(term), name);
        add_term(plan_.terms, std::move(term));
      }
    }
  }

  void plan_detectors() {
    const auto &wanted = in_.rule.detectors;
    for (const auto &pw : pages_) {
      auto hits = detect_patterns(pw.layout, wanted, in_.today);
      auto labelled = detect_labelled(pw.layout, wanted, in_.redaction, in_.extract);
      hits.insert(hits.end(), std::make_move_iterator(labelled.begin()),
                  std::make_move_iterator(labelled.end()));
      for (auto &hit : hits) {
        std::string kind(detector_name(hit.detector));
        cover_words(pw, {hit.words.begin(), hit.words.end()}, kind);
        // The same value elsewhere on the document (a name in a sentence, an id in a footer).
        auto term = make_term(kind, hit.text);
        for (const auto &other : pages_)
          cover_words(other, other.find(term), kind);
        add_term(plan_.terms, std::move(term));
      }
      if (wanted.contains(Detector::signature))
        for (const auto &region : signature_regions(pw.layout, in_.extract))
          cover(pw.page, region, "signature");
    }
    if (wanted.contains(Detector::signature) && in_.fields.is_object() &&
        in_.fields.contains("signature_status")) {
      cover_place(in_.fields["signature_status"], "signature");
    }
  }

  void plan_regions() {
    if (!in_.rule.detectors.contains(Detector::regions))
      return;
    for (const auto &r : in_.redaction.regions) {
      if (r.document_type != "*" && r.document_type != in_.document_type)
        continue;
      if (r.page < 1 || static_cast<std::size_t>(r.page) > in_.pages.size())
        continue;
      const auto &page = in_.pages[static_cast<std::size_t>(r.page - 1)];
      cover(page, {r.x0, r.y0, std::min(r.x1, page.width), std::min(r.y1, page.height)}, "regions",
            true);
    }
  }

  const PlanInput &in_;
  std::vector<ocr::PageText> merged_; // the pages' words plus the printed words they lacked
  std::vector<PageWords> pages_;
  RedactionPlan plan_;
};

} // namespace

std::size_t RedactionPlan::box_count() const {
  std::size_t n = 0;
  for (const auto &[page, list] : boxes)
    n += list.size();
  return n;
}

std::vector<Term> value_terms(const std::string &kind, const std::string &value,
                              const std::string &normalized) {
  std::vector<Term> terms;
  add_term(terms, make_term(kind, value));
  add_term(terms, make_term(kind, normalized));
  if (auto date = extract::parse_iso_date(normalized))
    for (const auto &style : date_styles(*date))
      add_term(terms, make_term(kind, style));
  if (kind.find("name") != std::string::npos)
    for (const auto &source : {normalized, value})
      for (const auto &token : text_tokens(source)) {
        bool letters = std::all_of(token.begin(), token.end(),
                                   [](unsigned char c) { return std::isalpha(c) || c >= 0x80; });
        if (token.size() >= 3 && letters)
          add_term(terms, Term{kind, {token}, {}});
      }
  return terms;
}

RedactionPlan plan_redaction(const PlanInput &input) { return Planner(input).run(); }

} // namespace mi::redact
