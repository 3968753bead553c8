#include "redact/detectors.hpp"

#include "extract/identifiers.hpp"
#include "extract/label_finder.hpp"
#include "extract/ocr_repair.hpp"
#include "extract/value_finder.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace mi::redact {
namespace {

using extract::LayoutLine;
using extract::PageLayout;

// A line as one string, and which word each character came from.
struct LineText {
  std::string text;
  std::vector<std::size_t> word_of; // per character: index into line.words (spaces: the next)
};

// A word as the number patterns read it: OCR's letters inside a digit run ("555-O101",
// "(G08)") read as the digits they stand for, when digits are most of the word — the same
// confusions and the same minority rule as mi-extract's repairs (ocr_repair.hpp). One letter
// for one digit, so offsets into the line stay those of the words.
std::string digit_view(const std::string &word) {
  std::size_t digits = 0, letters = 0;
  for (char c : word) {
    if (std::isdigit(static_cast<unsigned char>(c)))
      ++digits;
    else if (extract::confusable_digit(c))
      ++letters;
  }
  if (letters == 0 || letters > 2 || digits < 2 || 2 * letters > digits)
    return word;
  std::string out = word;
  for (auto &c : out)
    if (auto d = extract::confusable_digit(c))
      c = *d;
  return out;
}

// raw: the words as read (e-mail addresses); otherwise their digit views.
LineText line_text(const LayoutLine &line, bool raw = false) {
  LineText out;
  for (std::size_t i = 0; i < line.words.size(); ++i) {
    if (i > 0) {
      out.text += ' ';
      out.word_of.push_back(i);
    }
    auto text = raw ? line.words[i].text : digit_view(line.words[i].text);
    out.text += text;
    out.word_of.insert(out.word_of.end(), text.size(), i);
  }
  return out;
}

bool is_digit_at(const std::string &s, std::ptrdiff_t i) {
  return i >= 0 && i < static_cast<std::ptrdiff_t>(s.size()) &&
         std::isdigit(static_cast<unsigned char>(s[static_cast<std::size_t>(i)]));
}

DetectorHit hit_of(Detector detector, const LayoutLine &line, const LineText &lt, std::size_t begin,
                   std::size_t end) {
  DetectorHit hit;
  hit.detector = detector;
  std::size_t first = lt.word_of[begin], last = lt.word_of[end - 1];
  for (std::size_t w = first; w <= last; ++w)
    hit.words.push_back(line.words[w].index);
  hit.text = lt.text.substr(begin, end - begin);
  return hit;
}

// Every match of `pattern` in the line not glued to more digits on either side (a phone
// number inside a longer digit run is some other number).
void find_pattern(Detector detector, const std::regex &pattern, const LayoutLine &line,
                  const LineText &lt, bool digit_bounded, std::vector<DetectorHit> &out) {
  for (auto it = std::sregex_iterator(lt.text.begin(), lt.text.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    auto begin = static_cast<std::size_t>(it->position());
    auto end = begin + static_cast<std::size_t>(it->length());
    if (end == begin)
      continue;
    if (digit_bounded && (is_digit_at(lt.text, static_cast<std::ptrdiff_t>(begin) - 1) ||
                          is_digit_at(lt.text, static_cast<std::ptrdiff_t>(end))))
      continue;
    out.push_back(hit_of(detector, line, lt, begin, end));
  }
}

const std::regex &email_pattern() {
  static const std::regex r(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})");
  return r;
}
const std::regex &phone_pattern() {
  static const std::regex r(R"((\+?1[ .-]?)?\(?[2-9][0-9]{2}\)?[ .-]?[0-9]{3}[ .-]?[0-9]{4})");
  return r;
}
const std::regex &ssn_pattern() {
  static const std::regex r(R"([0-9]{3}[- ][0-9]{2}[- ][0-9]{4})");
  return r;
}
const std::regex &npi_pattern() {
  static const std::regex r(R"([0-9]{10})");
  return r;
}
const std::regex &street_pattern() {
  static const std::regex r(
      R"(\b[0-9]{1,6}[A-Za-z]?\s+([A-Za-z0-9'.]+\s+){0,4}(St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Way|Ct|Court|Pl|Place|Pkwy|Parkway|Hwy|Highway|Ter|Terrace|Cir|Circle|Loop|Trl|Trail|Sq|Square|Row|Run|Pike)\b\.?)",
      std::regex::icase);
  return r;
}
const std::regex &state_zip_pattern() {
  static const std::regex r(R"(\b[A-Z]{2},?\s+[0-9]{5}(-[0-9]{4})?)");
  return r;
}

// Dates: every run of one to four words that mi-extract's date reader accepts as a whole.
void find_dates(const LayoutLine &line, extract::CivilDate today, std::vector<DetectorHit> &out) {
  for (std::size_t i = 0; i < line.words.size(); ++i) {
    for (std::size_t n = std::min<std::size_t>(4, line.words.size() - i); n >= 1; --n) {
      std::string text;
      for (std::size_t k = i; k < i + n; ++k)
        text += (k > i ? " " : "") + digit_view(line.words[k].text);
      auto reading = extract::read_us_date(text, today);
      if (!reading.looks_like_date)
        continue;
      DetectorHit hit{Detector::dates, {}, text};
      for (std::size_t k = i; k < i + n; ++k)
        hit.words.push_back(line.words[k].index);
      out.push_back(std::move(hit));
      i += n - 1;
      break;
    }
  }
}

// The rest of an address's segment after its street pattern (apartment, city) and a
// city-state-ZIP line: the whole segment goes.
void extend_to_segment(const LayoutLine &line, DetectorHit &hit) {
  auto first = std::find_if(line.words.begin(), line.words.end(),
                            [&](const auto &w) { return w.index == hit.words.front(); });
  if (first == line.words.end())
    return;
  auto start = static_cast<std::size_t>(first - line.words.begin());
  for (std::size_t w = start; w < line.segment_end(start); ++w)
    if (std::find(hit.words.begin(), hit.words.end(), line.words[w].index) == hit.words.end())
      hit.words.push_back(line.words[w].index);
}

extract::FieldKind label_kind(Detector d) {
  return d == Detector::names || d == Detector::address ? extract::FieldKind::person_name
                                                        : extract::FieldKind::mrn;
}

bool has_digit(const std::string &s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}
std::size_t alnum_count(const std::string &s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c); }));
}
bool has_letter(const std::string &s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isalpha(c); });
}

// What a label's value must look like to be taken: an id holds a digit, a name a letter.
bool plausible(Detector d, const std::string &text) {
  switch (d) {
  case Detector::ids:
  case Detector::ssn:
  case Detector::phone:
    return has_digit(text) && alnum_count(text) >= 3;
  case Detector::names:
    return has_letter(text);
  default:
    return has_digit(text) || has_letter(text);
  }
}

std::optional<Detector> detector_for_kind(extract::FieldKind kind) {
  switch (kind) {
  case extract::FieldKind::person_name:
    return Detector::names;
  case extract::FieldKind::mrn:
    return Detector::ids;
  case extract::FieldKind::phone:
    return Detector::phone;
  case extract::FieldKind::npi:
    return Detector::npi;
  case extract::FieldKind::date:
    return std::nullopt; // dates are found by their shape, wherever they are
  }
  return std::nullopt;
}

// Rules in mi-extract's shape whose "fields" are the label detectors, so labels and values are
// found exactly as mi-extract finds them. The extract fields' labels become stop labels: a
// name ends where "DOB:" begins.
extract::ExtractRules label_rules(const std::set<Detector> &wanted, const RedactionRules &redaction,
                                  const extract::ExtractRules &extract) {
  extract::ExtractRules rules;
  rules.signature = extract.signature;
  std::set<std::vector<std::string>> taken;
  for (const auto &[detector, phrases] : redaction.labels) {
    if (!wanted.contains(detector))
      continue;
    extract::FieldRule rule;
    rule.name = std::string(detector_name(detector));
    rule.kind = label_kind(detector);
    rule.where = {extract::Direction::right, extract::Direction::below};
    rule.labels = phrases;
    taken.insert(phrases.begin(), phrases.end());
    rules.fields[rule.name] = std::move(rule);
  }
  auto stop = [&](const std::vector<std::string> &phrase) {
    if (!taken.contains(phrase)) {
      rules.stop_labels.push_back(phrase);
      taken.insert(phrase);
    }
  };
  // A label mi-extract reads a field by names the same kind of identifier here ("Daytime
  // phone:" is a phone label, "Chart No." an id label), when that detector is wanted.
  for (const auto &[name, field] : extract.fields) {
    auto d = detector_for_kind(field.kind);
    auto it = d && wanted.contains(*d) ? rules.fields.find(std::string(detector_name(*d)))
                                       : rules.fields.end();
    for (const auto &phrase : field.labels) {
      if (it != rules.fields.end() && !taken.contains(phrase)) {
        it->second.labels.push_back(phrase);
        taken.insert(phrase);
      }
    }
  }
  for (const auto &phrase : extract.stop_labels)
    stop(phrase);
  for (const auto &[name, field] : extract.fields)
    for (const auto &phrase : field.labels)
      stop(phrase);
  for (const auto &[detector, phrases] : redaction.labels)
    if (!wanted.contains(detector))
      for (const auto &phrase : phrases)
        stop(phrase);
  return rules;
}

} // namespace

std::vector<DetectorHit> detect_patterns(const PageLayout &layout, const std::set<Detector> &wanted,
                                         extract::CivilDate today) {
  std::vector<DetectorHit> out;
  for (const auto &line : layout.lines) {
    if (line.words.empty())
      continue;
    auto lt = line_text(line);
    if (wanted.contains(Detector::email))
      find_pattern(Detector::email, email_pattern(), line, line_text(line, true), false, out);
    if (wanted.contains(Detector::phone))
      find_pattern(Detector::phone, phone_pattern(), line, lt, true, out);
    if (wanted.contains(Detector::ssn))
      find_pattern(Detector::ssn, ssn_pattern(), line, lt, true, out);
    if (wanted.contains(Detector::npi)) {
      std::vector<DetectorHit> tens;
      find_pattern(Detector::npi, npi_pattern(), line, lt, true, tens);
      for (auto &h : tens)
        if (extract::npi_is_valid(h.text))
          out.push_back(std::move(h));
    }
    if (wanted.contains(Detector::dates))
      find_dates(line, today, out);
    if (wanted.contains(Detector::address)) {
      std::vector<DetectorHit> addresses;
      find_pattern(Detector::address, street_pattern(), line, lt, false, addresses);
      find_pattern(Detector::address, state_zip_pattern(), line, lt, true, addresses);
      for (auto &h : addresses) {
        extend_to_segment(line, h);
        out.push_back(std::move(h));
      }
    }
  }
  return out;
}

std::vector<DetectorHit> detect_labelled(const PageLayout &layout, const std::set<Detector> &wanted,
                                         const RedactionRules &redaction,
                                         const extract::ExtractRules &extract) {
  std::vector<DetectorHit> out;
  auto rules = label_rules(wanted, redaction, extract);
  if (rules.fields.empty())
    return out;
  auto labels = extract::find_labels(layout, rules);
  for (const auto &hit : labels.hits) {
    if (hit.field.empty())
      continue;
    const auto &rule = rules.fields.at(hit.field);
    Detector detector = Detector::names;
    for (auto d : all_detectors)
      if (detector_name(d) == hit.field)
        detector = d;
    for (const auto &value : extract::find_value_words(layout, labels, hit, rule)) {
      auto text = value.text();
      if (!plausible(detector, text))
        continue;
      DetectorHit h{detector, {}, text};
      for (const auto *w : value.words)
        h.words.push_back(w->index);
      out.push_back(std::move(h));
      break;
    }
  }
  return out;
}

std::vector<ocr::Box> signature_regions(const PageLayout &layout,
                                        const extract::ExtractRules &extract) {
  extract::ExtractRules rules;
  rules.signature = extract.signature;
  auto labels = extract::find_labels(layout, rules);
  std::vector<ocr::Box> out;
  for (auto l : labels.signature_lines) {
    const auto &line = layout.lines[l];
    double h = line.height();
    ocr::Box upright{std::max(0.0, line.box.x0 - h),
                     line.box.y0 - extract.signature.region_height_pt,
                     std::min(layout.width, line.box.x1 + 12 * h), line.box.y0};
    upright.y0 = std::max(0.0, upright.y0);
    out.push_back(layout.upright_to_page.apply(upright));
  }
  return out;
}

} // namespace mi::redact
