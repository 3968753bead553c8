#include "redact/redact_policy.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace mi;
using namespace mi::redact;

namespace {

Policy with_sections(const std::string &destinations, const std::string &redaction = "{}") {
  auto doc = Policy::builtin().document();
  doc["destinations"] = Json::parse(destinations);
  doc["redaction"] = Json::parse(redaction);
  return Policy::parse(doc.dump());
}

std::string pointer_of(const std::function<void()> &f) {
  try {
    f();
  } catch (const Error &e) {
    CHECK(e.reason() == Reason::policy_invalid);
    return e.config_location().pointer;
  }
  FAIL("no error");
  return "";
}

} // namespace

TEST_CASE("the built-in policy names three destinations, default deny for everything else") {
  auto rules = redaction_rules_from_policy(Policy::builtin());
  REQUIRE(rules.destinations.size() == 3);
  const Destination *research = nullptr, *ehr = nullptr;
  for (const auto &d : rules.destinations) {
    if (d.name == "research")
      research = &d;
    if (d.name == "ehr")
      ehr = &d;
  }
  REQUIRE(research);
  REQUIRE(ehr);
  CHECK(research->external);
  REQUIRE(research->document);
  CHECK(research->document->mode == RedactMode::raster);
  // safe_harbor: every PHI-class field and every detector but NPI.
  CHECK(research->document->fields.contains("patient_name"));
  CHECK(research->document->fields.contains("dob"));
  CHECK_FALSE(research->document->fields.contains("provider_npi")); // an ops-class field
  CHECK(research->document->detectors.contains(Detector::ssn));
  CHECK_FALSE(research->document->detectors.contains(Detector::npi));
  CHECK(research->receives("lab_result"));
  CHECK_FALSE(research->receives("consent"));
  CHECK_FALSE(ehr->document);
  CHECK(rules.labels.at(Detector::names).size() > 5);
}

TEST_CASE("mode defaults to raster for external destinations, vector for internal ones") {
  auto rules = redaction_rules_from_policy(with_sections(
      R"({"out": {"document_types": ["*"], "document": {"redact": ["ssn"]}},
          "in": {"external": false, "document_types": ["*"], "document": {"redact": []}}})"));
  REQUIRE(rules.destinations.size() == 2);
  for (const auto &d : rules.destinations) {
    REQUIRE(d.document);
    CHECK(d.document->mode == (d.name == "out" ? RedactMode::raster : RedactMode::vector));
    CHECK(d.fields.empty()); // no fields listed: none sent
    CHECK(d.receives("anything"));
  }
}

TEST_CASE("policy mistakes are reported at their JSON pointer") {
  CHECK(pointer_of([] {
          redaction_rules_from_policy(
              with_sections(R"({"x": {"document_types": ["*"], "fields": ["ssn_number"]}})"));
        }) == "/destinations/x/fields");
  CHECK(
      pointer_of([] {
        redaction_rules_from_policy(with_sections(
            R"({"x": {"document_types": ["*"], "document": {"redact": ["ssn"], "mode": "blur"}}})"));
      }) == "/destinations/x/document/mode");
  CHECK(pointer_of([] {
          redaction_rules_from_policy(with_sections(
              R"({"x": {"document_types": ["*"], "document": {"redact": ["everything"]}}})"));
        }) == "/destinations/x/document/redact");
  CHECK(pointer_of([] {
          redaction_rules_from_policy(with_sections(R"({"Bad Name": {"document_types": ["*"]}})"));
        }) == "/destinations/Bad Name");
  CHECK(pointer_of([] {
          redaction_rules_from_policy(with_sections(R"({"x": {"fields": []}})"));
        }) == "/destinations/x");
  CHECK(pointer_of([] {
          redaction_rules_from_policy(
              with_sections("{}", R"({"regions": [{"page": 1, "box": [10, 10, 5, 20]}]})"));
        }) == "/redaction/regions/0/box");
  CHECK(pointer_of([] {
          redaction_rules_from_policy(with_sections("{}", R"({"labels": {"faces": ["x"]}})"));
        }) == "/redaction/labels/faces");
  CHECK(pointer_of([] {
          redaction_rules_from_policy(with_sections("{}", R"({"raster_dpi": 5000})"));
        }) == "/redaction/raster_dpi");
}

TEST_CASE("regions are read in page space points for a document type and page") {
  auto rules = redaction_rules_from_policy(with_sections(
      "{}", R"({"regions": [{"document_type": "consent", "page": 2, "box": [10, 20, 110, 60]}]})"));
  REQUIRE(rules.regions.size() == 1);
  CHECK(rules.regions[0].document_type == "consent");
  CHECK(rules.regions[0].page == 2);
  CHECK(rules.regions[0].x1 == 110);
  CHECK(rules.regions[0].y1 == 60);
}
