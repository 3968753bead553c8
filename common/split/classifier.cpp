#include "split/classifier.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cctype>

namespace mi::split {
namespace {

// Keywords are normalized like the text they are matched against; type names are kept as is.
std::vector<std::string> string_list(const Json &value, const std::string &pointer,
                                     bool keywords = true) {
  if (!value.is_array())
    throw Error(Reason::policy_invalid, "must be an array of strings", ConfigLocation{pointer, 0});
  std::vector<std::string> out;
  for (const auto &item : value) {
    if (!item.is_string() || item.get<std::string>().empty())
      throw Error(Reason::policy_invalid, "must be an array of non-empty strings",
                  ConfigLocation{pointer, 0});
    out.push_back(keywords ? normalize_text(item.get<std::string>()) : item.get<std::string>());
  }
  return out;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

bool contains_phrase(std::string_view haystack, std::string_view phrase) {
  // Whole words on normalized text: "fax" must not match inside "faxed", while "total pages"
  // does match "total pages:" (the kept ':' is a word boundary too).
  std::size_t at = 0;
  while ((at = haystack.find(phrase, at)) != std::string_view::npos) {
    auto end = at + phrase.size();
    bool starts = at == 0 || !is_word_char(haystack[at - 1]) || !is_word_char(phrase.front());
    bool ends =
        end == haystack.size() || !is_word_char(haystack[end]) || !is_word_char(phrase.back());
    if (starts && ends)
      return true;
    ++at;
  }
  return false;
}

// "page 2 of 3", "page 2/3", "pg 2": a page number above one.
bool has_later_page_number(std::string_view text) {
  for (std::string_view marker : {"page ", "pg "}) {
    std::size_t at = 0;
    while ((at = text.find(marker, at)) != std::string_view::npos) {
      at += marker.size();
      int number = 0;
      std::size_t i = at;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
        number = number * 10 + (text[i++] - '0');
      if (i > at && number > 1 && number < 1000)
        return true;
    }
  }
  return false;
}

} // namespace

std::string normalize_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = true;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '#' || c == '/' || c == ':') {
      out += static_cast<char>(std::tolower(c));
      space = false;
    } else if (!space) {
      out += ' ';
      space = true;
    }
  }
  if (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

SplitRules split_rules_from_policy(const Policy &policy) {
  SplitRules rules;
  const Json &split = policy.section("split");
  auto types = split.find("document_types");
  if (types == split.end() || !types->is_object() || types->empty())
    throw Error(Reason::policy_invalid, "mi-split needs document types with keywords",
                ConfigLocation{"/split/document_types", 0});
  for (const auto &[type, spec] : types->items()) {
    std::string pointer = "/split/document_types/" + type;
    if (!spec.is_object())
      throw Error(Reason::policy_invalid, "must be an object", ConfigLocation{pointer, 0});
    TypeRule rule{type, {}, {}, {}};
    if (spec.contains("title_lines"))
      rule.title_lines = string_list(spec["title_lines"], pointer + "/title_lines");
    if (spec.contains("title_keywords"))
      rule.title_keywords = string_list(spec["title_keywords"], pointer + "/title_keywords");
    if (spec.contains("keywords"))
      rule.keywords = string_list(spec["keywords"], pointer + "/keywords");
    rules.types.push_back(std::move(rule));
  }
  if (split.contains("continuation_keywords"))
    rules.continuation_keywords =
        string_list(split["continuation_keywords"], "/split/continuation_keywords");
  if (split.contains("set_aside_types"))
    rules.set_aside_types = string_list(split["set_aside_types"], "/split/set_aside_types", false);
  if (auto it = split.find("min_score"); it != split.end()) {
    if (!it->is_number_unsigned() || it->get<int>() == 0)
      throw Error(Reason::policy_invalid, "must be a positive whole number",
                  ConfigLocation{"/split/min_score", 0});
    rules.min_score = it->get<int>();
  }
  if (auto it = split.find("header_band"); it != split.end()) {
    if (!it->is_number() || it->get<double>() <= 0 || it->get<double>() > 1)
      throw Error(Reason::policy_invalid, "must be a fraction of the page height (0..1]",
                  ConfigLocation{"/split/header_band", 0});
    rules.header_band = it->get<double>();
  }
  return rules;
}

PageClass classify_page(std::string_view header, std::string_view body, const SplitRules &rules) {
  auto head = normalize_text(header);
  auto all = normalize_text(body);
  std::vector<std::string> header_lines;
  for (std::size_t start = 0; start <= header.size();) {
    auto end = header.find('\n', start);
    if (end == std::string_view::npos)
      end = header.size();
    auto line = normalize_text(header.substr(start, end - start));
    if (!line.empty())
      header_lines.push_back(std::move(line));
    start = end + 1;
  }
  PageClass best;
  for (const auto &rule : rules.types) {
    int score = 0;
    bool title = false;
    for (const auto &t : rule.title_lines)
      if (std::find(header_lines.begin(), header_lines.end(), t) != header_lines.end())
        title = true;
    if (title)
      score += 3;
    for (const auto &k : rule.title_keywords) {
      if (title)
        break; // one title is enough; several wordings of it are one signal
      if (contains_phrase(head, k)) {
        score += 3;
        title = true;
      }
    }
    for (const auto &k : rule.keywords)
      score += contains_phrase(all, k) ? 1 : 0;
    if (score > best.score) {
      best.type = rule.type;
      best.score = score;
      best.has_title = title;
    }
  }
  if (best.score < rules.min_score) {
    best.type = std::string(unknown_type);
    best.has_title = false;
  }
  for (const auto &k : rules.continuation_keywords)
    if (contains_phrase(head, k))
      best.continuation = true;
  if (has_later_page_number(all))
    best.continuation = true;
  return best;
}

PageClass classify_page_text(std::string_view text, const SplitRules &rules) {
  std::size_t position = 0;
  int lines = 0;
  while (position < text.size() && lines < rules.header_lines) {
    auto newline = text.find('\n', position);
    if (newline == std::string_view::npos) {
      position = text.size();
      break;
    }
    if (newline > position)
      ++lines;
    position = newline + 1;
  }
  return classify_page(text.substr(0, position), text, rules);
}

std::vector<DocumentRange> split_pages(const std::vector<PageClass> &pages,
                                       const SplitRules &rules) {
  std::vector<DocumentRange> out;
  auto set_aside = [&](const std::string &type) {
    return std::find(rules.set_aside_types.begin(), rules.set_aside_types.end(), type) !=
           rules.set_aside_types.end();
  };
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const auto &page = pages[i];
    int number = static_cast<int>(i) + 1;
    DocumentRange *current = out.empty() ? nullptr : &out.back();
    bool unknown = page.type == unknown_type;
    bool continues = false;
    if (current && !current->set_aside) {
      if (unknown)
        continues = page.continuation || current->type == unknown_type;
      else
        continues = current->type == page.type && (page.continuation || !page.has_title);
    }
    if (continues) {
      current->last = number;
      continue;
    }
    DocumentRange range;
    range.type = page.type;
    range.first = range.last = number;
    range.set_aside = !unknown && set_aside(page.type);
    range.needs_review = unknown;
    out.push_back(range);
  }
  return out;
}

} // namespace mi::split
