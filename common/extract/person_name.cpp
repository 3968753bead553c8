#include "extract/person_name.hpp"

#include <algorithm>
#include <iterator>

namespace mi::extract {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_punctuation(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f && !is_ascii_letter(c) && !(c >= '0' && c <= '9');
}
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view text) {
  auto trimmable = [](char c) { return is_space(c) || is_ascii_punctuation(c); };
  while (!text.empty() && trimmable(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && trimmable(text.back()))
    text.remove_suffix(1);
  return text;
}

template <std::size_t N> bool contains(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

// Keys are uppercase with periods removed ("Dr." -> DR, "M.D." -> MD, "Ph.D." -> PHD).
constexpr std::string_view titles[] = {"DR", "MR", "MRS", "MS", "MISS", "MX", "PROF", "DOCTOR"};
constexpr std::string_view credentials[] = {
    "MD",   "NP",     "PA-C",  "RN",   "PHD",   "FACP",  "DDS",  "DPM",    "MBBS", "FNP",
    "APRN", "DNP",    "CNM",   "CRNA", "LPN",   "LVN",   "LCSW", "PHARMD", "DMD",  "MPH",
    "MSN",  "BSN",    "MS",    "FAAP", "FACS",  "FACOG", "FACC", "FACEP",  "DPT",  "PT",
    "OT",   "FNP-BC", "FNP-C", "NP-C", "ANP",   "CNP",   "AGNP", "PMHNP",  "RPH",  "RD",
    "MBA",  "ESQ",    "LMFT",  "PSYD", "NP-BC", "CNS"};
// Credentials that are also surnames or given names: removed only in a comma part of their own.
constexpr std::string_view surname_credentials[] = {"DO", "PA", "MA", "OD", "DC"};
constexpr std::string_view suffix_keys[] = {"JR", "SR", "II", "III", "IV"};
constexpr std::string_view suffix_forms[] = {"Jr", "Sr", "II", "III", "IV"};
// Words a form prints next to a name; lowercase. OCR that returns one of them picked up a label.
constexpr std::string_view form_words[] = {
    "name",     "patient",      "date",          "birth",   "dob",      "signature", "signed",
    "sign",     "print",        "printed",       "first",   "last",     "middle",    "address",
    "phone",    "telephone",    "fax",           "email",   "provider", "physician", "witness",
    "guardian", "relationship", "insurance",     "member",  "mrn",      "npi",       "ssn",
    "sex",      "gender",       "none",          "unknown", "self",     "same",      "above",
    "here",     "please",       "form",          "page",    "referral", "referring", "and",
    "the",      "of",           "representative"};

struct Word {
  std::string text; // as written, trailing periods removed
  std::string key;  // uppercase, every period removed
};

Word make_word(std::string_view raw) {
  while (!raw.empty() && raw.back() == '.')
    raw.remove_suffix(1);
  Word word{std::string(raw), {}};
  for (char c : raw)
    if (c != '.')
      word.key += upper(c);
  return word;
}

bool has_period(const Word &word) { return word.text.find('.') != std::string::npos; }
bool is_title(const Word &word) { return !has_period(word) && contains(titles, word.key); }
bool is_suffix(const Word &word) { return !has_period(word) && contains(suffix_keys, word.key); }
bool is_credential(const Word &word) { return contains(credentials, word.key); }
bool is_any_credential(const Word &word) {
  return is_credential(word) || contains(surname_credentials, word.key);
}

std::vector<Word> split_words(std::string_view part) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < part.size()) {
    while (i < part.size() && is_space(part[i]))
      ++i;
    std::size_t start = i;
    while (i < part.size() && !is_space(part[i]))
      ++i;
    if (i > start)
      words.push_back(make_word(part.substr(start, i - start)));
  }
  return words;
}

void note(std::vector<std::string> &fixes, std::string_view code) {
  if (std::find(fixes.begin(), fixes.end(), code) == fixes.end())
    fixes.emplace_back(code);
}

// "J.R." and "A.B.C" are initials: one word per letter. Other words keep no inner period.
bool split_initials(const Word &word, std::vector<std::string> &out) {
  if (!has_period(word)) {
    out.push_back(word.text);
    return true;
  }
  std::size_t i = 0;
  while (i < word.text.size()) {
    if (!is_ascii_letter(word.text[i]) || (i + 1 < word.text.size() && word.text[i + 1] != '.'))
      return false;
    out.emplace_back(1, word.text[i]);
    i += 2;
  }
  return true;
}

// One character of a word: an ASCII byte, a two-byte Latin-1 letter (U+00C0..U+00FF, encoded
// C3 80..C3 BF) or any other UTF-8 sequence, which is treated as a letter without case.
enum class Case { none, upper, lower };

Case case_of(std::string_view word, std::size_t i) {
  char c = word[i];
  if (c >= 'A' && c <= 'Z')
    return Case::upper;
  if (c >= 'a' && c <= 'z')
    return Case::lower;
  if (static_cast<unsigned char>(c) == 0xC3 && i + 1 < word.size()) {
    auto next = static_cast<unsigned char>(word[i + 1]);
    if (next >= 0x80 && next <= 0x9E && next != 0x97)
      return Case::upper;
    if (next >= 0xA0 && next <= 0xBF && next != 0xB7)
      return Case::lower;
  }
  return Case::none;
}

std::size_t character_length(std::string_view word, std::size_t i) {
  auto c = static_cast<unsigned char>(word[i]);
  std::size_t length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  return std::min(length, word.size() - i);
}

bool is_segment_break(std::string_view word, std::size_t i) {
  return word[i] == '\'' || word[i] == '-' || word.substr(i, 3) == "\xE2\x80\x99"; // ’
}

// A name word holds letters, apostrophes and hyphens only, and at least one letter.
bool is_name_word(std::string_view word) {
  bool letter = false;
  for (std::size_t i = 0; i < word.size(); i += character_length(word, i)) {
    auto c = static_cast<unsigned char>(word[i]);
    if (is_segment_break(word, i))
      continue;
    if (is_ascii_letter(word[i]) || c >= 0x80)
      letter = true;
    else
      return false;
  }
  return letter;
}

bool is_single_case(std::string_view word) {
  bool upper_seen = false, lower_seen = false;
  for (std::size_t i = 0; i < word.size(); i += character_length(word, i)) {
    Case c = case_of(word, i);
    upper_seen |= c == Case::upper;
    lower_seen |= c == Case::lower;
  }
  return !(upper_seen && lower_seen);
}

void set_case(std::string &word, std::size_t i, Case wanted) {
  Case current = case_of(word, i);
  if (current == Case::none || current == wanted)
    return;
  if (static_cast<unsigned char>(word[i]) == 0xC3) {
    if (static_cast<unsigned char>(word[i + 1]) == 0x9F) // ß has no one-letter capital
      return;
    word[i + 1] = static_cast<char>(word[i + 1] + (wanted == Case::upper ? -0x20 : 0x20));
  } else {
    word[i] = wanted == Case::upper ? upper(word[i]) : lower(word[i]);
  }
}

// Capital at the start of each part between apostrophes and hyphens (O'Brien-Smith), and after
// Mc in a part of four letters or more (McDonald): Mc names are written so almost without
// exception. Mac is not (Macy, Mack, Machado).
std::string title_case(std::string word) {
  bool segment_start = true;
  std::size_t segment_begin = 0;
  for (std::size_t i = 0; i < word.size(); i += character_length(word, i)) {
    if (is_segment_break(word, i)) {
      segment_start = true;
      segment_begin = i + character_length(word, i);
      continue;
    }
    bool after_mc = i == segment_begin + 2 && word.compare(segment_begin, 2, "Mc") == 0 &&
                    i + 1 < word.size() && case_of(word, i + 1) != Case::none;
    set_case(word, i, segment_start || after_mc ? Case::upper : Case::lower);
    segment_start = false;
  }
  return word;
}

std::optional<std::string> suffix_form(const Word &word) {
  for (std::size_t i = 0; i < std::size(suffix_keys); ++i)
    if (word.key == suffix_keys[i])
      return std::string(suffix_forms[i]);
  return std::nullopt;
}

std::string lowercase(std::string_view word) {
  std::string out;
  for (char c : word)
    out += lower(c);
  return out;
}

} // namespace

std::optional<PersonName> normalize_person_name(std::string_view text) {
  PersonName result;
  std::vector<std::vector<Word>> parts;
  std::vector<Word> suffixes;

  text = trim(text);
  std::size_t comma_parts = 0;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t comma = std::min(text.find(',', begin), text.size());
    std::vector<Word> words = split_words(trim(text.substr(begin, comma - begin)));
    begin = comma + 1;
    if (words.empty())
      continue;
    bool first_part = comma_parts++ == 0;
    if (!first_part && std::all_of(words.begin(), words.end(), is_any_credential)) {
      note(result.fixes, name_fix::credential_removed);
      continue;
    }
    std::vector<Word> kept;
    for (Word &word : words)
      (is_suffix(word) ? suffixes : kept).push_back(std::move(word));
    std::size_t leading_titles = 0;
    while (leading_titles < kept.size() && is_title(kept[leading_titles]))
      ++leading_titles;
    if (leading_titles > 0) {
      kept.erase(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(leading_titles));
      note(result.fixes, name_fix::title_removed);
    }
    bool credential_trailing = false;
    while (!kept.empty() && is_credential(kept.back())) {
      kept.pop_back();
      credential_trailing = true;
    }
    if (credential_trailing)
      note(result.fixes, name_fix::credential_removed);
    if (!kept.empty())
      parts.push_back(std::move(kept));
  }

  std::vector<Word> ordered;
  if (parts.size() == 1) {
    ordered = std::move(parts[0]);
  } else if (parts.size() == 2) {
    ordered = std::move(parts[1]);
    ordered.insert(ordered.end(), parts[0].begin(), parts[0].end());
    note(result.fixes, name_fix::last_first_reordered);
  } else {
    return std::nullopt;
  }

  std::vector<std::string> names;
  for (const Word &word : ordered)
    if (!split_initials(word, names))
      return std::nullopt;
  if (names.size() < 2 || names.size() > 5)
    return std::nullopt;

  for (const std::string &name : names) {
    if (!is_name_word(name) || contains(form_words, lowercase(name)))
      return std::nullopt;
    std::string cased = is_single_case(name) ? title_case(name) : name;
    if (cased != name)
      note(result.fixes, name_fix::case_normalized);
    if (!result.normalized.empty())
      result.normalized += ' ';
    result.normalized += cased;
  }
  for (const Word &word : suffixes) {
    std::string form = *suffix_form(word);
    if (form != word.text)
      note(result.fixes, name_fix::case_normalized);
    result.normalized += ' ';
    result.normalized += form;
  }
  return result;
}

} // namespace mi::extract
