#pragma once
// Page classification and packet splitting, driven by the policy's "split" section (keywords per
// document type), so a site adds its own form wordings without a rebuild (mi-split(1)).
//
// A page's text (its text layer, or a fast OCR of its header band) is scored per document type:
// a header line that is exactly a title line ("FAX"), or a title keyword in the page's header,
// counts 3; any keyword anywhere counts 1. Whole-line titles let a bare "FAX" mark a cover sheet
// while the "Fax" of every letterhead does not. The best type
// wins when it reaches min_score; otherwise the page is "unknown". Splitting then walks the
// pages: a page of the current document's type without a title of its own, or with a
// continuation marker ("continued", "page 2 of 3"), continues that document; anything else
// starts a new one. Unknown pages are never dropped: a run of them becomes an "unknown"
// document that goes to review, unless a continuation marker attaches them.

#include "core/policy.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace mi::split {

inline constexpr std::string_view unknown_type = "unknown";

struct TypeRule {
  std::string type;
  std::vector<std::string> title_lines;    // a header line that is exactly this is a title
  std::vector<std::string> title_keywords; // lowercase
  std::vector<std::string> keywords;       // lowercase
};

struct SplitRules {
  std::vector<TypeRule> types;
  std::vector<std::string> continuation_keywords{"continued"};
  std::vector<std::string> set_aside_types{"fax_cover"}; // recorded, not extracted
  int min_score = 3;
  int header_lines = 12;    // text-layer lines that count as the page header
  double header_band = 0.3; // fraction of page height OCR'd for image pages
};

// The policy's split section (the built-in policy carries a vocabulary of common US intake
// wordings); throws Error(policy_invalid) naming the member at fault.
SplitRules split_rules_from_policy(const Policy &policy);

struct PageClass {
  std::string type{unknown_type};
  int score = 0;
  bool has_title = false;    // a title keyword of the chosen type in the header
  bool continuation = false; // "continued", "page N of M" with N > 1
};

// header: the first lines of the page (or its OCR'd header band); body: all of its text.
PageClass classify_page(std::string_view header, std::string_view body, const SplitRules &rules);
// Splits full page text into header (first rules.header_lines non-empty lines) and body.
PageClass classify_page_text(std::string_view text, const SplitRules &rules);

struct DocumentRange {
  std::string type;
  int first = 0, last = 0; // 1-based, inclusive
  bool set_aside = false;
  bool needs_review = false;
};

std::vector<DocumentRange> split_pages(const std::vector<PageClass> &pages,
                                       const SplitRules &rules);

// Lowercase ASCII, every run of non-alphanumerics (except '#' and '/') becomes one space, so
// "Name of\nPatient:" matches "name of patient".
std::string normalize_text(std::string_view text);

} // namespace mi::split
