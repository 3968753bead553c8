#include "extract/value_parser.hpp"

#include "extract/identifiers.hpp"
#include "extract/label_finder.hpp"
#include "extract/ocr_repair.hpp"
#include "extract/person_name.hpp"

#include <algorithm>
#include <cctype>

namespace mi::extract {
namespace {

// OCR hangs quotes, bars and specks on the ends of words ("‘1984", "|Smith"): a value's
// words are read without them. A trailing '.' or ',' is kept: it belongs to "Jr." or "28,".
std::string_view trimmed(std::string_view word) {
  auto junk_prefix = [](std::string_view w) -> std::size_t {
    for (std::string_view mark : {"\u2018", "\u2019", "\u201c", "\u201d", "'", "\"", "`", "|", ";",
                                  ":", ",", ".", "_", "~", "*"})
      if (w.starts_with(mark))
        return mark.size();
    return 0;
  };
  auto junk_suffix = [](std::string_view w) -> std::size_t {
    for (std::string_view mark :
         {"\u2018", "\u2019", "\u201c", "\u201d", "'", "\"", "`", "|", ";", "_", "~", "*"})
      if (w.ends_with(mark))
        return mark.size();
    return 0;
  };
  while (std::size_t n = junk_prefix(word))
    word.remove_prefix(n);
  while (std::size_t n = junk_suffix(word))
    word.remove_suffix(n);
  return word;
}

std::string join(const ValueWords &v, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n && i < v.words.size(); ++i) {
    auto word = trimmed(v.words[i]->text);
    if (word.empty())
      continue;
    if (!out.empty())
      out += ' ';
    out += word;
  }
  return out;
}

void add_fixes(ParsedValue &p, const std::vector<std::string> &fixes) {
  for (const auto &f : fixes)
    if (std::find(p.fixes.begin(), p.fixes.end(), f) == p.fixes.end())
      p.fixes.push_back(f);
}

// A month name with one OCR slip ("Navember", "Septemher"): fixed when it is within one edit
// of exactly one month name of five letters or more, and recorded. Shorter names and
// abbreviations are left alone ("Jan" is one edit from "Jun").
std::string repaired_month(const std::string &word, std::vector<std::string> &fixes) {
  static constexpr std::string_view months[] = {"january",   "february", "march",    "april",
                                                "may",       "june",     "july",     "august",
                                                "september", "october",  "november", "december"};
  std::string letters, lower;
  std::size_t end = 0;
  while (end < word.size() && std::isalpha(static_cast<unsigned char>(word[end])))
    ++end;
  if (end < 5)
    return word;
  lower = word.substr(0, end);
  for (auto &c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view match;
  for (auto month : months) {
    if (lower == month)
      return word;
    if (month.size() >= 5 && edit_distance_within(month, lower, 1)) {
      if (!match.empty())
        return word; // two months are as near: not unambiguous
      match = month;
    }
  }
  if (match.empty())
    return word;
  fixes.push_back("month_name_repaired");
  std::string fixed(match);
  fixed[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(fixed[0])));
  return fixed + word.substr(end);
}

// A date is at most four words ("Jan. 5, 1980" is three); the first prefix with a date's
// shape is the value, so "06-Jun-2024 Routine" reads as the date alone.
ParsedValue parse_date(const ValueWords &v, CivilDate today) {
  ParsedValue p;
  std::size_t limit = std::min<std::size_t>(4, v.words.size());
  for (std::size_t n = 1; n <= limit; ++n) {
    std::vector<std::string> fixes;
    std::string text = join(v, n);
    if (auto space = text.find(' ');
        !text.empty() && !std::isdigit(static_cast<unsigned char>(text[0])))
      text = repaired_month(text.substr(0, space), fixes) +
             (space == std::string::npos ? std::string() : text.substr(space));
    DateReading reading = read_us_date(text, today);
    if (!reading.looks_like_date) {
      if (auto repaired = repair_numeric_date(text)) {
        DateReading again = read_us_date(repaired->text, today);
        if (again.looks_like_date) {
          reading = again;
          fixes = repaired->fixes;
        }
      }
    }
    if (!reading.looks_like_date)
      continue;
    p.value = text;
    p.words_used = n;
    add_fixes(p, fixes);
    if (reading.date) {
      p.ok = true;
      p.date = reading.date;
      p.normalized = reading.date->iso();
    } else {
      p.reasons.push_back(reason::impossible_date);
    }
    return p;
  }
  p.value = v.text();
  p.words_used = v.words.size();
  p.reasons.push_back(reason::not_a_date);
  return p;
}

// Names run to the end of the value words; trailing words that stop it being a name (a
// specialty after the provider) are dropped one at a time.
// A lower-case word of up to three letters after a comma ends a name only as a misread
// credential ("Voskumski, po" for "DO"): given names are capitalized.
std::string without_misread_credential(std::string text, std::vector<std::string> &fixes) {
  auto comma = text.rfind(',');
  if (comma == std::string::npos)
    return text;
  std::string_view tail(text);
  tail.remove_prefix(comma + 1);
  while (!tail.empty() && tail.front() == ' ')
    tail.remove_prefix(1);
  if (tail.empty() || tail.size() > 3)
    return text;
  for (char c : tail)
    if (c < 'a' || c > 'z')
      return text;
  fixes.push_back("misread_credential_dropped");
  text.resize(comma);
  return text;
}

// "Dr." as OCR reads it on faxes: the D's bowl closes into an O.
std::string without_misread_title(std::string text, std::vector<std::string> &fixes) {
  for (std::string_view title : {"Or. ", "0r. ", "Or, ", "Dr, "})
    if (text.starts_with(title) && text.size() > title.size() &&
        std::isupper(static_cast<unsigned char>(text[title.size()]))) {
      fixes.push_back("misread_title_dropped");
      return text.substr(title.size());
    }
  return text;
}

ParsedValue parse_name(const ValueWords &v, bool ocr_repairs) {
  ParsedValue p;
  for (std::size_t n = std::min<std::size_t>(v.words.size(), 6); n >= 2; --n) {
    std::vector<std::string> dropped;
    std::string text = join(v, n);
    if (ocr_repairs)
      text = without_misread_credential(without_misread_title(text, dropped), dropped);
    if (auto name = normalize_person_name(text)) {
      p.ok = true;
      p.value = text;
      p.normalized = name->normalized;
      p.words_used = n;
      add_fixes(p, dropped);
      add_fixes(p, name->fixes);
      return p;
    }
  }
  p.value = v.text();
  p.words_used = v.words.size();
  p.reasons.push_back(reason::not_a_name);
  return p;
}

// An NPI printed in groups ("1234 567 893") spans up to three words.
ParsedValue parse_npi(const ValueWords &v) {
  ParsedValue p;
  for (std::size_t n = 1; n <= std::min<std::size_t>(3, v.words.size()); ++n) {
    std::string text = join(v, n);
    if (auto repaired = repair_digit_field(text, 10, 10)) {
      p.value = text;
      p.words_used = n;
      p.normalized = repaired->text;
      add_fixes(p, repaired->fixes);
      p.ok = npi_is_valid(repaired->text);
      if (!p.ok)
        p.reasons.push_back(reason::npi_check_digit);
      return p;
    }
  }
  p.value = v.words.empty() ? std::string() : v.words[0]->text;
  p.words_used = v.words.empty() ? 0 : 1;
  p.reasons.push_back(reason::npi_shape);
  return p;
}

bool mrn_shape(const ExtractRules &rules, const std::string &value) {
  if (rules.mrn_patterns.empty())
    return !value.empty();
  return std::any_of(rules.mrn_patterns.begin(), rules.mrn_patterns.end(),
                     [&](const ShapePattern &s) { return s.matches(value); });
}

std::string upper(std::string s) {
  for (auto &c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// An MRN is one word, or digit groups split by OCR ("5406 6404"); the site's patterns decide
// its shape. Letter-for-digit repairs are tried only when the value does not match as read.
ParsedValue parse_mrn(const ValueWords &v, const ExtractRules &rules) {
  ParsedValue p;
  for (std::size_t n = 1; n <= std::min<std::size_t>(3, v.words.size()); ++n) {
    std::string text = join(v, n);
    Repaired compact = compact_identifier(text);
    std::string candidate = upper(compact.text);
    if (n > 1 && compact.text.find(' ') != std::string::npos)
      break; // the extra words are not digit groups of the identifier
    if (mrn_shape(rules, candidate)) {
      p.ok = true;
      p.value = text;
      p.normalized = candidate;
      p.words_used = n;
      add_fixes(p, compact.fixes);
      return p;
    }
    if (auto digits = repair_digit_field(compact.text, 4, 12);
        digits && mrn_shape(rules, digits->text)) {
      p.ok = true;
      p.value = text;
      p.normalized = digits->text;
      p.words_used = n;
      add_fixes(p, compact.fixes);
      add_fixes(p, digits->fixes);
      return p;
    }
  }
  p.value = v.words.empty() ? std::string() : v.words[0]->text;
  p.words_used = v.words.empty() ? 0 : 1;
  p.reasons.push_back(reason::mrn_shape);
  return p;
}

ParsedValue parse_phone(const ValueWords &v) {
  ParsedValue p;
  for (std::size_t n = 1; n <= std::min<std::size_t>(4, v.words.size()); ++n) {
    std::string text = join(v, n);
    if (auto phone = nanp_phone(text)) {
      p.ok = true;
      p.value = text;
      p.normalized = *phone;
      p.words_used = n;
      return p;
    }
  }
  p.value = v.text();
  p.words_used = v.words.size();
  p.reasons.push_back(reason::phone_invalid);
  return p;
}

} // namespace

ParsedValue parse_value(FieldKind kind, const ValueWords &words, const ExtractRules &rules,
                        CivilDate today) {
  switch (kind) {
  case FieldKind::date:
    return parse_date(words, today);
  case FieldKind::person_name:
    return parse_name(words, true);
  case FieldKind::npi:
    return parse_npi(words);
  case FieldKind::mrn:
    return parse_mrn(words, rules);
  default:
    return parse_phone(words);
  }
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ')
      ++i;
    std::size_t start = i;
    while (i < text.size() && text[i] != ' ')
      ++i;
    if (i > start)
      out.emplace_back(text.substr(start, i - start));
  }
  return out;
}

ParsedValue parse_typed_value(FieldKind kind, std::string_view text, const ExtractRules &rules,
                              CivilDate today) {
  std::vector<LayoutWord> words;
  for (auto &text_word : split_words(text)) {
    LayoutWord w;
    w.text = std::move(text_word);
    words.push_back(std::move(w));
  }
  ValueWords v;
  for (const auto &w : words)
    v.words.push_back(&w);
  ParsedValue p =
      kind == FieldKind::person_name ? parse_name(v, false) : parse_value(kind, v, rules, today);
  if (p.ok && p.words_used != words.size()) {
    p.ok = false;
    p.reasons.push_back(reason::trailing_text);
  }
  if (!p.fixes.empty() && kind != FieldKind::person_name) {
    // A typed value that only reads after OCR repairs is a typing error: refuse it.
    p.ok = false;
    p.reasons.push_back(reason::typed_value_malformed);
  }
  return p;
}

} // namespace mi::extract
