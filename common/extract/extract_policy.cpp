#include "extract/extract_policy.hpp"

#include "core/error.hpp"
#include "core/policy_reading.hpp"

#include <cctype>

namespace mi::extract {
namespace {

using policy_reading::invalid;
using policy_reading::number_in;
using policy_reading::strings;

std::vector<std::vector<std::string>> phrases(const Json &value, const std::string &pointer) {
  std::vector<std::vector<std::string>> out;
  for (const auto &text : strings(value, pointer)) {
    auto tokens = fold_phrase(text);
    if (tokens.empty())
      invalid("a label must hold letters or digits", pointer);
    out.push_back(std::move(tokens));
  }
  return out;
}

FieldKind kind_from(const std::string &text, const std::string &pointer) {
  if (text == "person_name")
    return FieldKind::person_name;
  if (text == "date")
    return FieldKind::date;
  if (text == "mrn")
    return FieldKind::mrn;
  if (text == "npi")
    return FieldKind::npi;
  if (text == "phone")
    return FieldKind::phone;
  invalid("kind is one of person_name, date, mrn, npi, phone", pointer);
}

Direction direction_from(const std::string &text, const std::string &pointer) {
  if (text == "right")
    return Direction::right;
  if (text == "below")
    return Direction::below;
  if (text == "above")
    return Direction::above;
  invalid("where lists right, below or above", pointer);
}

FieldRule field_from(const std::string &name, const Json &j, const std::string &pointer) {
  if (!j.is_object())
    invalid("a field rule is an object", pointer);
  FieldRule rule;
  rule.name = name;
  if (!j.contains("kind") || !j["kind"].is_string())
    invalid("a field rule needs a kind", pointer + "/kind");
  rule.kind = kind_from(j["kind"].get<std::string>(), pointer + "/kind");
  rule.min_confidence = number_in(j, "min_confidence", 0.8, 0.0, 1.0, pointer);
  if (!j.contains("labels"))
    invalid("a field rule needs labels", pointer + "/labels");
  rule.labels = phrases(j["labels"], pointer + "/labels");
  if (rule.labels.empty())
    invalid("a field rule needs labels", pointer + "/labels");
  for (const auto &text : strings(j["labels"], pointer + "/labels"))
    rule.label_needs_colon.push_back(text.ends_with(":"));
  if (j.contains("where"))
    for (const auto &w : strings(j["where"], pointer + "/where"))
      rule.where.push_back(direction_from(w, pointer + "/where"));
  if (rule.where.empty())
    rule.where = {Direction::right, Direction::below};
  if (j.contains("context")) {
    if (j["context"] != "signature_line")
      invalid("context is \"signature_line\"", pointer + "/context");
    rule.signature_context = true;
  }
  return rule;
}

DocumentTypeRule document_type_from(const Json &j, const std::string &pointer,
                                    const std::map<std::string, FieldRule> &fields) {
  if (!j.is_object())
    invalid("a document type rule is an object", pointer);
  DocumentTypeRule rule;
  if (j.contains("fields"))
    rule.fields = strings(j["fields"], pointer + "/fields");
  for (const auto &f : rule.fields)
    if (!fields.contains(f))
      invalid("names a field that /extract/fields does not define", pointer + "/fields");
  if (j.contains("required"))
    rule.required = strings(j["required"], pointer + "/required");
  for (const auto &f : rule.required)
    if (std::find(rule.fields.begin(), rule.fields.end(), f) == rule.fields.end())
      invalid("a required field must also be listed in fields", pointer + "/required");
  if (auto it = j.find("signature"); it != j.end()) {
    if (*it == "required")
      rule.signature = DocumentTypeRule::Signature::required;
    else if (*it == "not_required")
      rule.signature = DocumentTypeRule::Signature::not_required;
    else
      invalid("signature is \"required\" or \"not_required\"", pointer + "/signature");
  }
  if (auto it = j.find("checkboxes"); it != j.end()) {
    if (!it->is_boolean())
      invalid("checkboxes is true or false", pointer + "/checkboxes");
    rule.checkboxes = it->get<bool>();
  }
  return rule;
}

} // namespace

std::string fold_token(std::string_view text) {
  std::string out;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80)
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> fold_phrase(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
    std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
    auto token = fold_token(text.substr(start, i - start));
    if (!token.empty())
      out.push_back(std::move(token));
  }
  return out;
}

std::string_view field_kind_name(FieldKind kind) noexcept {
  switch (kind) {
  case FieldKind::person_name:
    return "person_name";
  case FieldKind::date:
    return "date";
  case FieldKind::mrn:
    return "mrn";
  case FieldKind::npi:
    return "npi";
  default:
    return "phone";
  }
}

const DocumentTypeRule *ExtractRules::document_type(const std::string &type) const {
  auto it = document_types.find(type);
  return it == document_types.end() ? nullptr : &it->second;
}

ExtractRules extract_rules_from_policy(const Policy &policy) {
  const Json &section = policy.section("extract");
  const std::string root = "/extract";
  if (!section.is_object() || !section.contains("fields") || !section["fields"].is_object() ||
      section["fields"].empty())
    invalid("mi-extract needs field rules", root + "/fields");
  ExtractRules rules;
  for (const auto &[name, j] : section["fields"].items())
    rules.fields.emplace(name, field_from(name, j, root + "/fields/" + name));
  if (section.contains("stop_labels"))
    rules.stop_labels = phrases(section["stop_labels"], root + "/stop_labels");

  if (auto it = section.find("signature"); it != section.end()) {
    const std::string p = root + "/signature";
    if (!it->is_object())
      invalid("signature is an object", p);
    if (it->contains("caption_words"))
      rules.signature.captions = phrases((*it)["caption_words"], p + "/caption_words");
    rules.signature.ink_min_fraction = number_in(*it, "ink_min_fraction", 0.004, 0.0, 1.0, p);
    rules.signature.ink_review_fraction =
        number_in(*it, "ink_review_fraction", 0.0015, 0.0, 1.0, p);
    rules.signature.region_height_pt = number_in(*it, "region_height_pt", 40, 5, 300, p);
    if (rules.signature.ink_review_fraction > rules.signature.ink_min_fraction)
      invalid("ink_review_fraction must not exceed ink_min_fraction", p);
  }
  if (rules.signature.captions.empty())
    rules.signature.captions = {{"signature"}};

  if (auto it = section.find("checkboxes"); it != section.end()) {
    const std::string p = root + "/checkboxes";
    if (!it->is_object())
      invalid("checkboxes is an object", p);
    rules.checkbox.min_size_pt = number_in(*it, "min_size_pt", 6, 2, 72, p);
    rules.checkbox.max_size_pt = number_in(*it, "max_size_pt", 16, 2, 72, p);
    rules.checkbox.checked_min_fill = number_in(*it, "checked_min_fill", 0.12, 0.0, 1.0, p);
    rules.checkbox.min_confidence = number_in(*it, "min_confidence", 0.8, 0.0, 1.0, p);
    if (rules.checkbox.min_size_pt > rules.checkbox.max_size_pt)
      invalid("min_size_pt must not exceed max_size_pt", p);
  }

  if (section.contains("mrn_patterns")) {
    const std::string p = root + "/mrn_patterns";
    for (const auto &pattern : strings(section["mrn_patterns"], p)) {
      try {
        rules.mrn_patterns.emplace_back(pattern);
      } catch (const Error &) {
        invalid("is not a valid regular expression", p);
      }
    }
  }

  if (auto it = section.find("rules"); it != section.end()) {
    const std::string p = root + "/rules";
    if (!it->is_object())
      invalid("rules is an object", p);
    rules.max_age_years = static_cast<int>(number_in(*it, "max_age_years", 120, 1, 200, p));
    if (it->contains("signature_date_not_before_service"))
      rules.signature_date_not_before_service = strings((*it)["signature_date_not_before_service"],
                                                        p + "/signature_date_not_before_service");
  }

  if (auto it = section.find("document_types"); it != section.end()) {
    if (!it->is_object())
      invalid("document_types is an object", root + "/document_types");
    for (const auto &[type, j] : it->items())
      rules.document_types.emplace(
          type, document_type_from(j, root + "/document_types/" + type, rules.fields));
  }
  return rules;
}

} // namespace mi::extract
