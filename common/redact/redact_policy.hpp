#pragma once
// The "destinations" and "redaction" sections of the policy (mi-policy(5)): who receives what.
//
// Default deny: a destination receives only the fields its policy entry lists, only for the
// document types it lists, and a document image only when it asks for one, redacted by the
// targets it names. Raster output (pages re-drawn as pictures) is the default for external
// destinations, since nothing of the original content stream survives a raster; internal
// destinations default to vector redaction (text stays searchable), falling back to raster per
// page where vector content under a box cannot be removed.

#include "core/policy.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace mi::redact {

// What a redacted document may not show. Field names ("patient_name", "dob", ...) name an
// extracted value (searched on every page, in every form it can be written); detector names
// find PHI that was never extracted.
enum class Detector { names, dates, phone, email, ssn, ids, address, npi, signature, regions };
inline constexpr Detector all_detectors[] = {
    Detector::names, Detector::dates,   Detector::phone, Detector::email,     Detector::ssn,
    Detector::ids,   Detector::address, Detector::npi,   Detector::signature, Detector::regions};
std::string_view detector_name(Detector detector) noexcept;

enum class RedactMode { vector, raster };
std::string_view redact_mode_name(RedactMode mode) noexcept;

struct DocumentRule {
  std::set<std::string> fields; // extracted fields whose values are removed
  std::set<Detector> detectors;
  RedactMode mode = RedactMode::raster;
};

struct Destination {
  std::string name;
  bool external = true;
  std::set<std::string> document_types; // "*" = every type
  std::vector<std::string> fields;      // sent, in this order; nothing else is
  bool match_key = false;
  std::optional<DocumentRule> document;
  bool receives(const std::string &document_type) const;
};

struct RegionRule {
  std::string document_type;             // "*" = every type
  int page = 1;                          // 1-based within the document
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0; // page space points (top-left origin)
};

struct RedactionRules {
  std::vector<Destination> destinations;
  double padding_pt = 1.5;
  int raster_dpi = 200;
  int gate_ocr_dpi = 300;
  // Label phrases of the label-based detectors, folded (extract::fold_phrase).
  std::map<Detector, std::vector<std::vector<std::string>>> labels;
  std::vector<RegionRule> regions;
};

RedactionRules redaction_rules_from_policy(const Policy &policy);

// The expansion of "safe_harbor" in a redact list: every extracted PHI field plus the
// detectors for the HIPAA Safe Harbor identifiers that appear on intake forms (NPI only when
// listed by name: a provider's number is not the patient's).
std::set<Detector> safe_harbor_detectors();

} // namespace mi::redact
