#include "redact/redact_policy.hpp"

#include "extract/extract_policy.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/policy_reading.hpp"

#include <algorithm>

namespace mi::redact {
namespace {

using policy_reading::flag;
using policy_reading::invalid;
using policy_reading::number_in;
using policy_reading::strings;

std::optional<Detector> detector_from(std::string_view name) {
  for (auto d : all_detectors)
    if (detector_name(d) == name)
      return d;
  return std::nullopt;
}

bool is_policy_field(const Policy &policy, const std::string &name) {
  const auto &fields = policy.section("fields");
  return fields.is_object() && fields.contains(name);
}

// The PHI-class fields of the policy: what "safe_harbor" removes of the extracted values.
std::set<std::string> phi_fields(const Policy &policy) {
  std::set<std::string> out;
  const auto &fields = policy.section("fields");
  if (fields.is_object())
    for (const auto &[name, rule] : fields.items())
      if (rule.is_object() && rule.value("class", "") == "phi")
        out.insert(name);
  return out;
}

DocumentRule document_rule(const Policy &policy, const Json &j, bool external,
                           const std::string &pointer) {
  if (!j.is_object())
    invalid("must be an object", pointer);
  DocumentRule rule;
  rule.mode = external ? RedactMode::raster : RedactMode::vector;
  if (auto it = j.find("mode"); it != j.end()) {
    if (*it == "vector")
      rule.mode = RedactMode::vector;
    else if (*it == "raster")
      rule.mode = RedactMode::raster;
    else
      invalid("mode is vector or raster", pointer + "/mode");
  }
  if (!j.contains("redact"))
    invalid("a document rule needs a redact list (it may be empty)", pointer);
  for (const auto &name : strings(j["redact"], pointer + "/redact")) {
    if (name == "safe_harbor") {
      auto fields = phi_fields(policy);
      rule.fields.insert(fields.begin(), fields.end());
      auto detectors = safe_harbor_detectors();
      rule.detectors.insert(detectors.begin(), detectors.end());
    } else if (auto d = detector_from(name)) {
      rule.detectors.insert(*d);
    } else if (is_policy_field(policy, name)) {
      rule.fields.insert(name);
    } else {
      invalid("names neither a field of the policy, a detector nor safe_harbor",
              pointer + "/redact");
    }
  }
  return rule;
}

Destination destination(const Policy &policy, const std::string &name, const Json &j,
                        const std::string &pointer) {
  if (!is_valid_id(IdKind::destination, name))
    invalid("a destination name is 1-32 of a-z, 0-9, '-' and '_'", pointer);
  if (!j.is_object())
    invalid("must be an object", pointer);
  Destination d;
  d.name = name;
  d.external = flag(j, "external", true, pointer);
  d.match_key = flag(j, "match_key", false, pointer);
  if (!j.contains("document_types"))
    invalid("a destination lists the document types it receives", pointer);
  for (const auto &t : strings(j["document_types"], pointer + "/document_types"))
    d.document_types.insert(t);
  if (j.contains("fields"))
    for (const auto &f : strings(j["fields"], pointer + "/fields")) {
      if (!is_policy_field(policy, f))
        invalid("names a field the policy does not define", pointer + "/fields");
      if (std::find(d.fields.begin(), d.fields.end(), f) == d.fields.end())
        d.fields.push_back(f);
    }
  if (j.contains("document") && !j["document"].is_null())
    d.document = document_rule(policy, j["document"], d.external, pointer + "/document");
  return d;
}

RegionRule region(const Json &j, const std::string &pointer) {
  if (!j.is_object())
    invalid("must be an object", pointer);
  RegionRule r;
  r.document_type = j.value("document_type", "*");
  r.page = static_cast<int>(number_in(j, "page", 1, 1, 10000, pointer));
  const auto &box = j.contains("box") ? j["box"] : Json();
  if (!box.is_array() || box.size() != 4 ||
      !std::all_of(box.begin(), box.end(), [](const Json &v) { return v.is_number(); }))
    invalid("box is [x0, y0, x1, y1] in points from the page's top-left corner", pointer + "/box");
  r.x0 = box[0].get<double>();
  r.y0 = box[1].get<double>();
  r.x1 = box[2].get<double>();
  r.y1 = box[3].get<double>();
  if (r.x1 <= r.x0 || r.y1 <= r.y0)
    invalid("box must have x0 < x1 and y0 < y1", pointer + "/box");
  return r;
}

} // namespace

std::string_view detector_name(Detector detector) noexcept {
  switch (detector) {
  case Detector::names:
    return "names";
  case Detector::dates:
    return "dates";
  case Detector::phone:
    return "phone";
  case Detector::email:
    return "email";
  case Detector::ssn:
    return "ssn";
  case Detector::ids:
    return "ids";
  case Detector::address:
    return "address";
  case Detector::npi:
    return "npi";
  case Detector::signature:
    return "signature";
  case Detector::regions:
    return "regions";
  }
  return "unknown";
}

std::string_view redact_mode_name(RedactMode mode) noexcept {
  return mode == RedactMode::vector ? "vector" : "raster";
}

std::set<Detector> safe_harbor_detectors() {
  return {Detector::names, Detector::dates,   Detector::phone,     Detector::email,  Detector::ssn,
          Detector::ids,   Detector::address, Detector::signature, Detector::regions};
}

bool Destination::receives(const std::string &document_type) const {
  return document_types.contains("*") || document_types.contains(document_type);
}

RedactionRules redaction_rules_from_policy(const Policy &policy) {
  RedactionRules rules;
  const auto &destinations = policy.section("destinations");
  if (!destinations.is_object())
    invalid("must be an object of destinations", "/destinations");
  for (const auto &[name, j] : destinations.items())
    rules.destinations.push_back(destination(policy, name, j, "/destinations/" + name));

  const auto &r = policy.section("redaction");
  if (!r.is_object())
    invalid("must be an object", "/redaction");
  rules.padding_pt = number_in(r, "padding_pt", rules.padding_pt, 0, 20, "/redaction");
  rules.raster_dpi =
      static_cast<int>(number_in(r, "raster_dpi", rules.raster_dpi, 72, 600, "/redaction"));
  rules.gate_ocr_dpi =
      static_cast<int>(number_in(r, "gate_ocr_dpi", rules.gate_ocr_dpi, 150, 600, "/redaction"));
  if (auto it = r.find("labels"); it != r.end()) {
    if (!it->is_object())
      invalid("must be an object of detector: [label phrases]", "/redaction/labels");
    for (const auto &[name, phrases] : it->items()) {
      auto d = detector_from(name);
      if (!d)
        invalid("names an unknown detector", "/redaction/labels/" + name);
      for (const auto &text : strings(phrases, "/redaction/labels/" + name)) {
        auto tokens = extract::fold_phrase(text);
        if (tokens.empty())
          invalid("a label must hold letters or digits", "/redaction/labels/" + name);
        rules.labels[*d].push_back(std::move(tokens));
      }
    }
  }
  if (auto it = r.find("regions"); it != r.end()) {
    if (!it->is_array())
      invalid("must be an array", "/redaction/regions");
    for (std::size_t i = 0; i < it->size(); ++i)
      rules.regions.push_back(region((*it)[i], "/redaction/regions/" + std::to_string(i)));
  }
  return rules;
}

} // namespace mi::redact
