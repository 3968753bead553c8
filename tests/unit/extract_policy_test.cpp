#include "extract/extract_policy.hpp"

#include "core/error.hpp"

#include "test_support.hpp"

#include <algorithm>
#include <functional>

using namespace mi;
using namespace mi::extract;

namespace {

using Phrase = std::vector<std::string>;

// The built-in policy with its "extract" section changed by `edit`.
Policy edited_policy(const std::function<void(Json &)> &edit) {
  Json document = Policy::builtin().document();
  edit(document["extract"]);
  return Policy::parse(document.dump());
}

// The JSON pointer extract_rules_from_policy names for the policy (empty when it is accepted,
// "<not policy_invalid>" when it fails for another reason).
std::string refused_at(const std::function<void(Json &)> &edit) {
  Policy policy = edited_policy(edit);
  try {
    extract_rules_from_policy(policy);
  } catch (const Error &e) {
    if (e.reason() != Reason::policy_invalid)
      return "<not policy_invalid>";
    return e.config_location().pointer;
  }
  return "";
}

bool has_phrase(const std::vector<Phrase> &phrases, const Phrase &phrase) {
  return std::find(phrases.begin(), phrases.end(), phrase) != phrases.end();
}

} // namespace

TEST_CASE("the built-in policy's extract section parses into rules") {
  ExtractRules rules = extract_rules_from_policy(Policy::builtin());
  for (const char *name : {"patient_name", "dob", "mrn", "provider_name", "provider_npi",
                           "date_of_service", "signature_date", "patient_phone"})
    CHECK(rules.fields.contains(name));

  const FieldRule &patient = rules.fields.at("patient_name");
  CHECK(patient.name == "patient_name");
  CHECK(patient.kind == FieldKind::person_name);
  CHECK(patient.min_confidence == doctest::Approx(0.8));
  CHECK(patient.where == std::vector<Direction>{Direction::right, Direction::below});
  CHECK(patient.labels.front() == Phrase{"patient", "name"});
  CHECK(patient.label_needs_colon.size() == patient.labels.size());
  CHECK_FALSE(patient.signature_context);

  const FieldRule &signed_on = rules.fields.at("signature_date");
  CHECK(signed_on.kind == FieldKind::date);
  CHECK(signed_on.signature_context);
  CHECK(signed_on.where ==
        std::vector<Direction>{Direction::above, Direction::right, Direction::below});
  CHECK(has_phrase(signed_on.labels, {"date"}));

  CHECK(rules.fields.at("dob").kind == FieldKind::date);
  CHECK(rules.fields.at("mrn").kind == FieldKind::mrn);
  CHECK(rules.fields.at("provider_npi").kind == FieldKind::npi);
  CHECK(rules.fields.at("patient_phone").kind == FieldKind::phone);
  CHECK(has_phrase(rules.fields.at("dob").labels, {"date", "of", "birth"}));
  CHECK(has_phrase(rules.fields.at("dob").labels, {"d", "o", "b"}));

  CHECK(has_phrase(rules.stop_labels, {"member", "id"}));
  CHECK(has_phrase(rules.stop_labels, {"fax"}));
  CHECK(has_phrase(rules.signature.captions, {"signature"}));
  CHECK(has_phrase(rules.signature.captions, {"sign", "here"}));
  CHECK(rules.signature.ink_min_fraction == doctest::Approx(0.004));
  CHECK(rules.signature.ink_review_fraction == doctest::Approx(0.0015));
  CHECK(rules.signature.region_height_pt == doctest::Approx(40));
  CHECK(rules.checkbox.min_size_pt == doctest::Approx(6));
  CHECK(rules.checkbox.max_size_pt == doctest::Approx(16));
  CHECK(rules.checkbox.checked_min_fill == doctest::Approx(0.12));
  REQUIRE(rules.mrn_patterns.size() == 2);
  CHECK(rules.mrn_patterns[0].matches("54066404"));
  CHECK(rules.mrn_patterns[1].matches("MRN-00123456"));
  CHECK(rules.max_age_years == 120);
  CHECK(rules.signature_date_not_before_service ==
        std::vector<std::string>{"consent", "roi_request"});

  const DocumentTypeRule *referral = rules.document_type("referral");
  REQUIRE(referral != nullptr);
  CHECK(referral->fields.front() == "patient_name");
  CHECK(referral->required == std::vector<std::string>{"patient_name", "dob"});
  CHECK(referral->signature == DocumentTypeRule::Signature::not_required);
  CHECK(referral->checkboxes);
  const DocumentTypeRule *consent = rules.document_type("consent");
  REQUIRE(consent != nullptr);
  CHECK(consent->signature == DocumentTypeRule::Signature::required);
  const DocumentTypeRule *card = rules.document_type("insurance_card");
  REQUIRE(card != nullptr);
  CHECK(card->signature == DocumentTypeRule::Signature::none); // not stated in the policy
  CHECK_FALSE(card->checkboxes);
  CHECK(rules.document_type("fax_cover") == nullptr);
  CHECK(rules.document_type("") == nullptr);
}

TEST_CASE("a label written with a trailing colon counts only when printed with it") {
  ExtractRules rules = extract_rules_from_policy(Policy::builtin());
  const FieldRule &phone = rules.fields.at("patient_phone");
  REQUIRE(phone.labels.size() == phone.label_needs_colon.size());
  for (std::size_t i = 0; i < phone.labels.size(); ++i) {
    if (phone.labels[i] == Phrase{"phone"} || phone.labels[i] == Phrase{"telephone"})
      CHECK(phone.label_needs_colon[i]);
    else
      CHECK_FALSE(phone.label_needs_colon[i]);
  }
  CHECK(has_phrase(phone.labels, {"phone"})); // folded: the colon is not part of the phrase
  for (bool needs : rules.fields.at("patient_name").label_needs_colon)
    CHECK_FALSE(needs);
}

TEST_CASE("omitted settings take their defaults; where defaults to right then below") {
  Policy policy = edited_policy([](Json &extract) {
    extract = {{"fields", {{"dob", {{"kind", "date"}, {"labels", {"DOB"}}}}}}};
  });
  ExtractRules rules = extract_rules_from_policy(policy);
  const FieldRule &dob = rules.fields.at("dob");
  CHECK(dob.min_confidence == doctest::Approx(0.8));
  CHECK(dob.where == std::vector<Direction>{Direction::right, Direction::below});
  CHECK(dob.labels == std::vector<Phrase>{{"dob"}});
  CHECK(rules.signature.captions == std::vector<Phrase>{{"signature"}});
  CHECK(rules.signature.ink_min_fraction == doctest::Approx(0.004));
  CHECK(rules.mrn_patterns.empty());
  CHECK(rules.stop_labels.empty());
  CHECK(rules.document_types.empty());
  CHECK(rules.max_age_years == 120);
}

TEST_CASE("each invalid shape is refused with policy_invalid and the pointer of the problem") {
  CHECK(refused_at([](Json &) {}) == "");

  SUBCASE("fields") {
    CHECK(refused_at([](Json &x) { x.erase("fields"); }) == "/extract/fields");
    CHECK(refused_at([](Json &x) { x["fields"] = Json::object(); }) == "/extract/fields");
    CHECK(refused_at([](Json &x) { x["fields"]["dob"] = "date"; }) == "/extract/fields/dob");
  }
  SUBCASE("kind") {
    CHECK(refused_at([](Json &x) { x["fields"]["dob"]["kind"] = "birthday"; }) ==
          "/extract/fields/dob/kind");
    CHECK(refused_at([](Json &x) { x["fields"]["dob"].erase("kind"); }) ==
          "/extract/fields/dob/kind");
    CHECK(refused_at([](Json &x) { x["fields"]["dob"]["kind"] = 3; }) ==
          "/extract/fields/dob/kind");
  }
  SUBCASE("labels") {
    CHECK(refused_at([](Json &x) { x["fields"]["dob"]["labels"] = Json::array(); }) ==
          "/extract/fields/dob/labels");
    CHECK(refused_at([](Json &x) { x["fields"]["dob"].erase("labels"); }) ==
          "/extract/fields/dob/labels");
    CHECK(refused_at([](Json &x) {
            x["fields"]["dob"]["labels"] = {"dob", ""};
          }) == "/extract/fields/dob/labels");
    CHECK(refused_at([](Json &x) { x["fields"]["dob"]["labels"] = {"#:"}; }) ==
          "/extract/fields/dob/labels");
    CHECK(refused_at([](Json &x) { x["fields"]["dob"]["labels"] = "dob"; }) ==
          "/extract/fields/dob/labels");
  }
  SUBCASE("where") {
    CHECK(refused_at([](Json &x) {
            x["fields"]["dob"]["where"] = {"right", "left"};
          }) == "/extract/fields/dob/where");
    CHECK(refused_at([](Json &x) { x["fields"]["dob"]["where"] = "right"; }) ==
          "/extract/fields/dob/where");
  }
  SUBCASE("context") {
    CHECK(refused_at([](Json &x) { x["fields"]["signature_date"]["context"] = "footer"; }) ==
          "/extract/fields/signature_date/context");
    CHECK(refused_at([](Json &x) { x["fields"]["dob"]["context"] = true; }) ==
          "/extract/fields/dob/context");
  }
  SUBCASE("min_confidence") {
    CHECK(refused_at([](Json &x) { x["fields"]["dob"]["min_confidence"] = 1.5; }) ==
          "/extract/fields/dob/min_confidence");
    CHECK(refused_at([](Json &x) { x["fields"]["dob"]["min_confidence"] = "high"; }) ==
          "/extract/fields/dob/min_confidence");
  }
  SUBCASE("signature and checkboxes") {
    CHECK(refused_at([](Json &x) { x["signature"]["ink_review_fraction"] = 0.01; }) ==
          "/extract/signature");
    CHECK(refused_at([](Json &x) { x["signature"]["ink_min_fraction"] = 2; }) ==
          "/extract/signature/ink_min_fraction");
    CHECK(refused_at([](Json &x) { x["signature"]["region_height_pt"] = 1; }) ==
          "/extract/signature/region_height_pt");
    CHECK(refused_at([](Json &x) { x["signature"] = "yes"; }) == "/extract/signature");
    CHECK(refused_at([](Json &x) { x["checkboxes"]["min_size_pt"] = 20; }) ==
          "/extract/checkboxes");
  }
  SUBCASE("document types") {
    CHECK(refused_at([](Json &x) {
            x["document_types"]["referral"]["required"] = {"patient_name", "signature_date"};
          }) == "/extract/document_types/referral/required");
    CHECK(refused_at([](Json &x) {
            x["document_types"]["referral"]["fields"].push_back("favourite_colour");
          }) == "/extract/document_types/referral/fields");
    CHECK(refused_at([](Json &x) { x["document_types"]["consent"]["signature"] = "maybe"; }) ==
          "/extract/document_types/consent/signature");
    CHECK(refused_at([](Json &x) { x["document_types"]["consent"]["checkboxes"] = "yes"; }) ==
          "/extract/document_types/consent/checkboxes");
    CHECK(refused_at([](Json &x) { x["document_types"] = Json::array(); }) ==
          "/extract/document_types");
  }
  SUBCASE("mrn patterns") {
    CHECK(refused_at([](Json &x) {
            x["mrn_patterns"] = {"^[0-9]{6,10}$", "([A-Z"};
          }) == "/extract/mrn_patterns");
    CHECK(refused_at([](Json &x) { x["mrn_patterns"] = {""}; }) == "/extract/mrn_patterns");
  }
  SUBCASE("rules") {
    CHECK(refused_at([](Json &x) { x["rules"]["max_age_years"] = 0; }) ==
          "/extract/rules/max_age_years");
    CHECK(refused_at([](Json &x) {
            x["rules"]["signature_date_not_before_service"] = "consent";
          }) == "/extract/rules/signature_date_not_before_service");
  }
}

TEST_CASE("a refused policy's error carries no policy text, only the pointer") {
  Policy policy = edited_policy([](Json &x) { x["fields"]["dob"]["kind"] = "secret-kind-canary"; });
  try {
    extract_rules_from_policy(policy);
    FAIL("the policy was accepted");
  } catch (const Error &e) {
    CHECK(e.reason() == Reason::policy_invalid);
    CHECK(std::string(e.what()).find("secret-kind-canary") == std::string::npos);
    CHECK(std::string(e.what()).find("/extract/fields/dob/kind") != std::string::npos);
  }
}

TEST_CASE("fold_token keeps lower-case ASCII letters and digits; fold_phrase splits on spaces") {
  CHECK(fold_token("Medical") == "medical");
  CHECK(fold_token("#:") == "");
  CHECK(fold_token("D.O.B.:") == "dob");
  CHECK(fold_token("MRN-00123") == "mrn00123");
  CHECK(fold_token("caf\xc3\xa9") == "caf"); // non-ASCII letters are not folded in
  CHECK(fold_token("") == "");

  CHECK(fold_phrase("Medical Record #:") == Phrase{"medical", "record"});
  CHECK(fold_phrase("  Date   of\tBirth: ") == Phrase{"date", "of", "birth"});
  CHECK(fold_phrase("phone:") == Phrase{"phone"});
  CHECK(fold_phrase("D O B") == Phrase{"d", "o", "b"});
  CHECK(fold_phrase("- : #").empty());
  CHECK(fold_phrase("").empty());
}

TEST_CASE("field kinds have their policy names") {
  CHECK(field_kind_name(FieldKind::person_name) == "person_name");
  CHECK(field_kind_name(FieldKind::date) == "date");
  CHECK(field_kind_name(FieldKind::mrn) == "mrn");
  CHECK(field_kind_name(FieldKind::npi) == "npi");
  CHECK(field_kind_name(FieldKind::phone) == "phone");
}
