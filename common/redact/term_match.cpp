#include "redact/term_match.hpp"

#include "extract/label_finder.hpp"

#include <algorithm>
#include <functional>

namespace mi::redact {
namespace {

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

bool is_line_break(unsigned char c) { return c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The length of the well-formed UTF-8 sequence starting at text[i] (its code point in *code),
// or 0 when the bytes there are not UTF-8. Raw PDF bytes are mostly not UTF-8: their stray high
// bytes must split tokens, not glue a value to its neighbours ("\xFE\xFF" + a UTF-16 name with
// its NULs removed still has to read as the name).
std::size_t utf8_sequence(std::string_view text, std::size_t i, char32_t *code) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  std::size_t length = lead >= 0xF0 && lead <= 0xF4   ? 4
                       : lead >= 0xE0 && lead <= 0xEF ? 3
                       : lead >= 0xC2 && lead <= 0xDF ? 2
                                                      : 0;
  if (length == 0 || i + length > text.size())
    return 0;
  char32_t value = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80)
      return 0;
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  bool overlong = (length == 3 && value < 0x800) || (length == 4 && value < 0x10000);
  if (overlong || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
    return 0;
  *code = value;
  return length;
}

// Non-ASCII code points that separate words: Latin-1 symbols, general punctuation and spaces,
// CJK punctuation, the byte order mark and the replacement character. Everything else beyond
// ASCII is taken to be part of a word.
bool separates_words(char32_t code) {
  return (code >= 0x80 && code <= 0xBF) || code == 0xD7 || code == 0xF7 ||
         (code >= 0x2000 && code <= 0x206F) || (code >= 0x3000 && code <= 0x303F) ||
         code == 0xFEFF || code == 0xFFFD;
}

// Latin-1 capitals (U+00C0-U+00DE but the multiplication sign) fold to their small letters, so
// "MÜLLER" and "Müller" are one token; other scripts keep their bytes.
void append_folded(std::string &token, std::string_view bytes, char32_t code) {
  if (code >= 0xC0 && code <= 0xDE && code != 0xD7) {
    token.push_back(bytes[0]);
    token.push_back(static_cast<char>(bytes[1] + 0x20));
    return;
  }
  token.append(bytes);
}

// Calls on_token for each token of one line, in order.
template <class OnToken> void for_each_token(std::string_view text, OnToken on_token) {
  std::string token;
  auto close = [&] {
    if (!token.empty())
      on_token(std::move(token));
    token.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (is_ascii_alnum(c))
        token.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 0x20 : c));
      else
        close();
      ++i;
      continue;
    }
    char32_t code = 0;
    std::size_t length = utf8_sequence(text, i, &code);
    if (length == 0 || separates_words(code))
      close();
    else
      append_folded(token, text.substr(i, length), code);
    i += length == 0 ? 1 : length;
  }
  close();
}

std::string digits_of(std::string_view text) {
  std::string digits;
  for (char c : text)
    if (is_digit(static_cast<unsigned char>(c)))
      digits.push_back(c);
  return digits;
}

bool all_digits(std::string_view token) {
  return !token.empty() &&
         std::all_of(token.begin(), token.end(), [](char c) { return is_digit(c); });
}

// A term's digits form exists from six digits: fewer match too many unrelated numbers.
constexpr std::size_t min_term_digits = 6;
// A number is a different number after one wrong digit; only long ones (an MRN, a phone, a
// date) are specific enough to survive one OCR slip.
constexpr std::size_t min_fuzzy_digits = 7;

// Edits OCR may have made in a token of the term. Numbers follow the digit rule above rather
// than the word rule, so "123456" never matches "123457" while "Marta" matches "Marfa".
std::size_t allowed_edits(std::string_view term_token) {
  if (all_digits(term_token))
    return term_token.size() >= min_fuzzy_digits ? 1 : 0;
  return term_token.size() >= 10 ? 2 : term_token.size() >= 5 ? 1 : 0;
}

bool token_close(const std::string &term_token, const std::string &text_token) {
  if (term_token == text_token)
    return true;
  std::size_t edits = allowed_edits(term_token);
  return edits > 0 && extract::edit_distance_within(term_token, text_token, edits);
}

template <class Equal>
bool sequence_occurs(const std::vector<std::string> &text, const std::vector<std::string> &term,
                     Equal equal) {
  if (term.empty() || term.size() > text.size())
    return false;
  for (std::size_t start = 0; start + term.size() <= text.size(); ++start) {
    std::size_t k = 0;
    while (k < term.size() && equal(term[k], text[start + k]))
      ++k;
    if (k == term.size())
      return true;
  }
  return false;
}

// Whether some stretch of `line` is within one edit of `digits` (a missed, doubled or misread
// digit), tried over the stretches of length n-1, n and n+1.
bool digits_within_one_edit(std::string_view line, std::string_view digits) {
  if (line.find(digits) != std::string_view::npos)
    return true;
  std::size_t n = digits.size();
  for (std::size_t start = 0; start + n - 1 <= line.size(); ++start)
    for (std::size_t length = n - 1; length <= n + 1 && start + length <= line.size(); ++length)
      if (extract::edit_distance_within(line.substr(start, length), digits, 1))
        return true;
  return false;
}

} // namespace

std::vector<std::string> text_tokens(std::string_view text) {
  std::vector<std::string> tokens;
  for_each_token(text, [&](std::string &&token) { tokens.push_back(std::move(token)); });
  return tokens;
}

Term make_term(std::string kind, std::string_view value) {
  Term term;
  term.kind = std::move(kind);
  term.tokens = text_tokens(value);
  term.digits = digits_of(value);
  if (term.digits.size() < min_term_digits)
    term.digits.clear();
  return term;
}

TextIndex::TextIndex(std::string_view text) { add(text); }

void TextIndex::add(std::string_view text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = start;
    while (end < text.size() && !is_line_break(static_cast<unsigned char>(text[end])))
      ++end;
    std::string_view line = text.substr(start, end - start);
    for_each_token(line, [&](std::string &&token) { tokens_.push_back(std::move(token)); });
    // A line with fewer digits than any term's digits form can never hold one.
    std::string digits = digits_of(line);
    if (digits.size() >= min_term_digits)
      line_digits_.push_back(std::move(digits));
    start = end + 1;
  }
}

bool TextIndex::contains(const Term &term) const {
  if (term.tokens.empty())
    return false;
  if (sequence_occurs(tokens_, term.tokens, std::equal_to<std::string>()))
    return true;
  if (term.digits.empty())
    return false;
  return std::any_of(line_digits_.begin(), line_digits_.end(), [&](const std::string &line) {
    return line.find(term.digits) != std::string::npos;
  });
}

bool TextIndex::contains_fuzzy(const Term &term) const {
  if (term.tokens.empty())
    return false;
  if (sequence_occurs(tokens_, term.tokens, token_close))
    return true;
  if (term.digits.empty())
    return false;
  bool fuzzy = term.digits.size() >= min_fuzzy_digits;
  return std::any_of(line_digits_.begin(), line_digits_.end(), [&](const std::string &line) {
    return fuzzy ? digits_within_one_edit(line, term.digits)
                 : line.find(term.digits) != std::string::npos;
  });
}

} // namespace mi::redact
