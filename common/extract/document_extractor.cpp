#include "extract/document_extractor.hpp"

#include "extract/identifiers.hpp"
#include "extract/label_finder.hpp"
#include "extract/page_layout.hpp"
#include "extract/value_finder.hpp"
#include "extract/value_parser.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace mi::extract {
namespace {

struct Page {
  const ocr::PageText *text;
  PageLayout layout;
  PageLabels labels;
};

struct Candidate {
  ParsedValue parsed;
  ValueWords words;
  const Page *page = nullptr;
  std::size_t rank = 0;
  std::size_t order = 0; // reading order across the document
};

void add_reason(std::vector<std::string> &reasons, const std::string &reason) {
  if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end())
    reasons.push_back(reason);
}

ocr::Box to_page(const Page &page, const ocr::Box &upright) {
  return page.layout.upright_to_page.apply(upright);
}

// A value that failed its kind's reading but still looks like an attempt at one (a date's
// shape, enough digits for a number) goes to review; words that are nothing like the kind (the
// title under a letterhead's "Phone") are not the field's value at all.
bool plausible(FieldKind kind, const ParsedValue &p) {
  std::size_t digits = 0;
  for (char ch : p.value)
    digits += ch >= '0' && ch <= '9' ? 1 : 0;
  switch (kind) {
  case FieldKind::date:
    return std::find(p.reasons.begin(), p.reasons.end(), reason::impossible_date) !=
           p.reasons.end();
  case FieldKind::npi:
    return digits >= 5;
  case FieldKind::phone:
    return digits >= 7;
  case FieldKind::mrn:
    return digits >= 3;
  default:
    return false;
  }
}

// Better candidates first: a value with its kind's shape, then the stronger label wording, then
// reading order.
bool better(const Candidate &a, const Candidate &b) {
  if (a.parsed.ok != b.parsed.ok)
    return a.parsed.ok;
  if (a.rank != b.rank)
    return a.rank < b.rank;
  return a.order < b.order;
}

std::optional<ExtractedField> read_field(const FieldRule &rule, const std::vector<Page> &pages,
                                         const ExtractRules &rules, CivilDate today) {
  std::vector<Candidate> candidates;
  std::size_t order = 0;
  for (const auto &page : pages)
    for (const auto &hit : page.labels.hits) {
      if (hit.field != rule.name)
        continue;
      for (auto &words : find_value_words(page.layout, page.labels, hit, rule)) {
        Candidate c;
        c.parsed = parse_value(rule.kind, words, rules, today);
        if (!c.parsed.ok && !plausible(rule.kind, c.parsed))
          continue;
        c.words = std::move(words);
        c.page = &page;
        c.rank = hit.rank;
        c.order = order++;
        candidates.push_back(std::move(c));
      }
    }
  if (candidates.empty())
    return std::nullopt;
  auto best = std::min_element(candidates.begin(), candidates.end(), better);
  const Candidate &c = *best;

  ExtractedField f;
  f.name = rule.name;
  f.value = c.parsed.value;
  f.normalized = c.parsed.normalized;
  f.reasons = c.parsed.reasons;
  f.fixes = c.parsed.fixes;
  f.page = c.page->text->page;
  f.label_rank = c.rank;
  // The words the value was read from, not the whole run the finder offered.
  ValueWords used = c.words;
  if (c.parsed.words_used > 0 && c.parsed.words_used < used.words.size())
    used.words.resize(c.parsed.words_used);
  f.confidence = used.confidence();
  f.box = to_page(*c.page, used.box());
  f.source = used.from_ocr() ? "ocr" : "text_layer";
  if (f.confidence < rule.min_confidence)
    add_reason(f.reasons, reason::below_confidence);
  // The same label wording elsewhere in the document giving another valid value (a header
  // repeated on each page must agree with itself).
  if (c.parsed.ok)
    for (const auto &other : candidates)
      if (&other != &c && other.parsed.ok && other.rank == c.rank &&
          other.parsed.normalized != c.parsed.normalized) {
        add_reason(f.reasons, reason::conflicting_values);
        break;
      }
  return f;
}

ExtractedField signature_field(const DocumentTypeRule &type, const std::vector<Page> &pages,
                               const ExtractRules &rules, const MarksSource &marks) {
  ExtractedField f;
  f.name = "signature_status";
  f.source = "image";
  if (type.signature == DocumentTypeRule::Signature::not_required) {
    f.value = "not_required";
    f.normalized = "not_required";
    f.confidence = 1;
    f.page = pages.empty() ? 0 : pages.front().text->page;
    f.source = "policy";
    return f;
  }
  double best_ink = -1;
  for (const auto &page : pages)
    for (std::size_t l : page.labels.signature_lines) {
      const auto &line = page.layout.lines[l];
      // The caption's own segment: ink sits above it, up to the next column (the date).
      std::size_t start = 0;
      for (std::size_t s = 0; s < line.segment_starts.size(); ++s) {
        std::size_t first = line.segment_starts[s];
        std::size_t end = line.segment_end(first);
        bool caption = false;
        for (const auto &phrase : rules.signature.captions)
          for (std::size_t i = first; i < end && !caption; ++i)
            caption = token_matches(phrase.front(), line.words[i].folded);
        if (caption) {
          start = first;
          break;
        }
      }
      double h = line.height();
      double x0 = line.words[start].box.x0 - h;
      std::size_t next = line.segment_end(start);
      double x1 = next < line.words.size() ? line.words[next].box.x0 - h
                                           : line.words[next - 1].box.x1 + 20 * h;
      x1 = std::min(x1, page.layout.width);
      // Back from the deskewed rows to the page as read.
      double shift = page.layout.skew_slope * (x0 + x1) / 2;
      ocr::Box upright{x0, line.box.y0 - rules.signature.region_height_pt + shift, x1,
                       line.box.y0 - 1 + shift};
      const MarksImage *image = marks(page.text->page);
      if (!image)
        continue;
      // Printed words in the region (a typed name) are not ink; words OCR read from the
      // scribble itself are, so only confidently read words are left out.
      std::vector<ocr::Box> printed;
      for (const auto &other : page.layout.lines)
        for (const auto &w : other.words)
          if (!w.from_ocr || (w.confidence >= 0.9 && w.folded.size() >= 3))
            if (w.upright.y1 > upright.y0 && w.upright.y0 < upright.y1 &&
                w.upright.x1 > upright.x0 && w.upright.x0 < upright.x1)
              printed.push_back(to_page(page, w.upright));
      double ink = ink_fraction(*image, to_page(page, upright), printed);
      if (ink > best_ink) {
        best_ink = ink;
        f.page = page.text->page;
        f.box = to_page(page, upright);
      }
    }
  if (best_ink < 0) {
    f.value = "unknown";
    f.reasons.push_back(reason::signature_unclear);
    f.page = pages.empty() ? 0 : pages.front().text->page;
    return f;
  }
  if (best_ink >= rules.signature.ink_min_fraction) {
    f.value = "signed";
  } else if (best_ink < rules.signature.ink_review_fraction) {
    f.value = "unsigned";
  } else {
    f.value = "unsigned";
    f.reasons.push_back(reason::signature_unclear);
  }
  f.normalized = f.value.get<std::string>();
  // How far the ink is from the threshold that decides: 1 far from it, 0 at it.
  double threshold = rules.signature.ink_min_fraction;
  f.confidence = std::min(1.0, std::abs(best_ink - threshold) / threshold);
  return f;
}

std::optional<ExtractedField> checkbox_field(const std::vector<Page> &pages,
                                             const ExtractRules &rules, const MarksSource &marks) {
  ExtractedField f;
  f.name = "checkboxes";
  f.source = "image";
  Json boxes = Json::object();
  double confidence = 1;       // how clearly each box reads as ticked or empty
  double words_confidence = 1; // how well the boxes' labels were read
  const auto &rule = rules.checkbox;
  for (const auto &page : pages) {
    const MarksImage *image = nullptr;
    bool asked = false;
    for (std::size_t l = 0; l < page.layout.lines.size(); ++l) {
      const auto &line = page.layout.lines[l];
      for (std::size_t first : line.segment_starts) {
        std::size_t end = line.segment_end(first);
        // OCR may read the box itself as a short junk word: the label then starts after it.
        std::vector<std::size_t> starts{first};
        const auto &lead = line.words[first];
        bool numbered =
            !lead.folded.empty() && std::all_of(lead.folded.begin(), lead.folded.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
        if (first + 1 < end && !numbered && lead.folded.size() <= 2)
          starts.push_back(first + 1);
        for (std::size_t start : starts) {
          const auto &w = line.words[start];
          double mid = (w.box.y0 + w.box.y1) / 2 + page.layout.skew_slope * w.box.x0;
          double half = rule.max_size_pt / 2 + 2;
          ocr::Box search{w.box.x0 - rule.max_size_pt - 8, mid - half, w.box.x0 - 0.5, mid + half};
          if (start > 0 && start != first)
            search.x0 = std::max(search.x0, line.words[first].box.x0 - rule.max_size_pt - 8);
          else if (start > 0)
            search.x0 = std::max(search.x0, line.words[start - 1].box.x1 + 0.5);
          if (search.x1 - search.x0 < rule.min_size_pt)
            continue;
          if (!asked) {
            image = marks(page.text->page);
            asked = true;
          }
          if (!image)
            break;
          auto mark =
              find_checkbox(*image, to_page(page, search), rule.min_size_pt, rule.max_size_pt);
          if (!mark)
            continue;
          std::string label;
          double label_confidence = 1;
          for (std::size_t i = start; i < end; ++i) {
            if (i > start && page.labels.starting_at(l, i))
              break;
            if (!label.empty())
              label += ' ';
            label += line.words[i].text;
            label_confidence = std::min(label_confidence, line.words[i].confidence);
          }
          words_confidence = std::min(words_confidence, label_confidence);
          if (label.empty())
            continue;
          bool checked = mark->fill >= rule.checked_min_fill;
          // Two boxes with one label ("Yes" under two questions) must not overwrite each other.
          std::string key = label;
          for (int n = 2; boxes.contains(key); ++n)
            key = label + " #" + std::to_string(n);
          boxes[key] = checked;
          double margin = std::abs(mark->fill - rule.checked_min_fill);
          confidence = std::min(confidence, std::min(1.0, margin / rule.checked_min_fill));
          if (f.page == 0)
            f.page = page.text->page;
          if (!f.box)
            f.box = mark->box;
          else
            f.box = ocr::Box{std::min(f.box->x0, mark->box.x0), std::min(f.box->y0, mark->box.y0),
                             std::max(f.box->x1, mark->box.x1), std::max(f.box->y1, mark->box.y1)};
          break;
        }
      }
    }
  }
  if (boxes.empty())
    return std::nullopt;
  f.value = std::move(boxes);
  f.confidence = confidence;
  // A fill close to the threshold could be a smudge or a faint tick.
  if (confidence < 0.25)
    f.reasons.push_back(reason::checkbox_unclear);
  // The labels are the field's keys: a misread label is a wrong answer, however clear the tick.
  if (words_confidence < rules.checkbox.min_confidence)
    f.reasons.push_back(reason::below_confidence);
  return f;
}

ExtractedField *find(std::vector<ExtractedField> &fields, std::string_view name) {
  for (auto &f : fields)
    if (f.name == name)
      return &f;
  return nullptr;
}

std::optional<CivilDate> date_of(const ExtractedField *f) {
  if (!f || f->normalized.empty())
    return std::nullopt;
  return parse_iso_date(f->normalized);
}

Json box_json(const std::optional<ocr::Box> &b) {
  if (!b)
    return nullptr;
  auto r = [](double v) { return std::round(v * 100) / 100; };
  return Json::array({r(b->x0), r(b->y0), r(b->x1), r(b->y1)});
}

} // namespace

void apply_gates(std::vector<ExtractedField> &fields, const std::string &document_type,
                 const ExtractRules &rules, CivilDate today) {
  ExtractedField *dob = find(fields, "dob");
  ExtractedField *service = find(fields, "date_of_service");
  ExtractedField *signed_on = find(fields, "signature_date");
  auto dob_date = date_of(dob), service_date = date_of(service), signed_date = date_of(signed_on);
  if (dob_date) {
    if (*dob_date > today)
      add_reason(dob->reasons, reason::dob_in_future);
    else if (age_in_years(*dob_date, today) > rules.max_age_years)
      add_reason(dob->reasons, reason::age_over_limit);
    if (service_date && *dob_date > *service_date)
      add_reason(dob->reasons, reason::dob_after_service);
  }
  if (service_date && *service_date > today)
    add_reason(service->reasons, reason::date_in_future);
  if (signed_date && *signed_date > today)
    add_reason(signed_on->reasons, reason::date_in_future);
  const auto &types = rules.signature_date_not_before_service;
  if (signed_date && service_date && *signed_date < *service_date &&
      std::find(types.begin(), types.end(), document_type) != types.end())
    add_reason(signed_on->reasons, reason::signature_before_form_date);
  // Shapes are checked again on the normalized value, so a correction passes the same gates.
  for (auto &f : fields) {
    if (f.normalized.empty())
      continue;
    auto rule = rules.fields.find(f.name);
    if (rule == rules.fields.end())
      continue;
    switch (rule->second.kind) {
    case FieldKind::npi:
      if (!npi_is_valid(f.normalized))
        add_reason(f.reasons, reason::npi_check_digit);
      break;
    case FieldKind::mrn:
      if (!rules.mrn_patterns.empty() &&
          std::none_of(rules.mrn_patterns.begin(), rules.mrn_patterns.end(),
                       [&](const ShapePattern &p) { return p.matches(f.normalized); }))
        add_reason(f.reasons, reason::mrn_shape);
      break;
    case FieldKind::phone:
      if (!nanp_phone(f.normalized))
        add_reason(f.reasons, reason::phone_invalid);
      break;
    case FieldKind::date:
      if (!parse_iso_date(f.normalized))
        add_reason(f.reasons, reason::impossible_date);
      break;
    default:
      break;
    }
  }
}

void settle_status(DocumentFields &document) {
  document.reasons.clear();
  for (auto &f : document.fields) {
    f.status = f.reasons.empty() ? "accepted" : "needs_review";
    for (const auto &r : f.reasons)
      add_reason(document.reasons, r);
  }
  if (!document.missing.empty())
    add_reason(document.reasons, reason::missing_required);
  std::sort(document.reasons.begin(), document.reasons.end());
  document.status = document.reasons.empty() ? "accepted" : "needs_review";
}

DocumentFields extract_document(const std::string &document_type,
                                const std::vector<ocr::PageText> &page_texts,
                                const ExtractRules &rules, CivilDate today,
                                const MarksSource &marks) {
  DocumentFields out;
  const DocumentTypeRule *type = rules.document_type(document_type);
  if (!type) {
    out.reasons.push_back(reason::unknown_document_type);
    out.status = "needs_review";
    return out;
  }
  std::vector<Page> pages;
  pages.reserve(page_texts.size());
  for (const auto &t : page_texts) {
    Page p{&t, build_page_layout(t), {}};
    p.labels = find_labels(p.layout, rules);
    pages.push_back(std::move(p));
  }

  ExtractedField kind;
  kind.name = "document_type";
  kind.value = document_type;
  kind.normalized = document_type;
  kind.confidence = 1;
  kind.page = page_texts.empty() ? 0 : page_texts.front().page;
  kind.source = "split";
  out.fields.push_back(std::move(kind));

  for (const auto &name : type->fields) {
    const FieldRule &rule = rules.fields.at(name);
    if (auto f = read_field(rule, pages, rules, today))
      out.fields.push_back(std::move(*f));
  }
  if (type->signature != DocumentTypeRule::Signature::none)
    out.fields.push_back(signature_field(*type, pages, rules, marks));
  if (type->checkboxes)
    if (auto f = checkbox_field(pages, rules, marks))
      out.fields.push_back(std::move(*f));

  for (const auto &name : type->required)
    if (!find(out.fields, name))
      out.missing.push_back(name);
  apply_gates(out.fields, document_type, rules, today);
  settle_status(out);
  return out;
}

Json fields_to_phi(const DocumentFields &document) {
  Json out = Json::object();
  for (const auto &f : document.fields)
    out[f.name] = {{"value", f.value},
                   {"normalized", f.normalized.empty() ? Json(nullptr) : Json(f.normalized)},
                   {"status", f.status},
                   {"reasons", f.reasons},
                   {"fixes", f.fixes},
                   {"confidence", std::round(f.confidence * 1000) / 1000},
                   {"page", f.page},
                   {"box", box_json(f.box)},
                   {"source", f.source}};
  return out;
}

Json fields_to_ops(const DocumentFields &document) {
  Json fields = Json::object();
  for (const auto &f : document.fields)
    fields[f.name] = {{"status", f.status}, {"reasons", f.reasons},
                      {"fixes", f.fixes},   {"confidence", std::round(f.confidence * 1000) / 1000},
                      {"page", f.page},     {"source", f.source}};
  for (const auto &name : document.missing)
    fields[name] = {{"status", "missing"}, {"reasons", {reason::missing_required}}};
  return {{"status", document.status}, {"reasons", document.reasons}, {"fields", fields}};
}

std::vector<ExtractedField> fields_from_phi(const Json &fields) {
  std::vector<ExtractedField> out;
  try {
    for (const auto &[name, j] : fields.items()) {
      ExtractedField f;
      f.name = name;
      f.value = j.at("value");
      f.normalized = j.at("normalized").is_string() ? j["normalized"].get<std::string>() : "";
      f.status = j.at("status").get<std::string>();
      f.reasons = j.at("reasons").get<std::vector<std::string>>();
      f.fixes = j.value("fixes", std::vector<std::string>{});
      f.confidence = j.at("confidence").get<double>();
      f.page = j.at("page").get<int>();
      const auto &b = j.at("box");
      if (b.is_array() && b.size() == 4)
        f.box = ocr::Box{b[0].get<double>(), b[1].get<double>(), b[2].get<double>(),
                         b[3].get<double>()};
      f.source = j.at("source").get<std::string>();
      out.push_back(std::move(f));
    }
  } catch (const std::exception &) {
    throw Error(Reason::compartment_malformed, "the fields are not in the mi-extract(1) format");
  }
  return out;
}

} // namespace mi::extract
