#include "split/classifier.hpp"

#include "core/error.hpp"

#include <doctest/doctest.h>

using namespace mi;
using namespace mi::split;

namespace {
const SplitRules &rules() {
  static const SplitRules r = split_rules_from_policy(Policy::builtin());
  return r;
}
} // namespace

TEST_CASE("normalize_text folds case, punctuation and line breaks") {
  CHECK(normalize_text("Name of\nPatient:  JANE") == "name of patient: jane");
  CHECK(normalize_text("  --Release of Information--  ") == "release of information");
}

TEST_CASE("pages are classified by title and body keywords of many wordings") {
  CHECK(classify_page_text("Valley Clinic\nOutpatient Referral Form\nReason for referral: knee\n"
                           "Referring Provider: Dr A",
                           rules())
            .type == "referral");
  CHECK(classify_page_text("INFORMED CONSENT FOR PROCEDURE\nI understand the risks, benefits and "
                           "alternatives.\nPatient signature",
                           rules())
            .type == "consent");
  CHECK(classify_page_text("Clinical Laboratory Report\nSpecimen collected 01/02/2024\nTest "
                           "Result Units Reference Range Flag",
                           rules())
            .type == "lab_result");
  CHECK(classify_page_text("AUTHORIZATION FOR RELEASE OF INFORMATION\nI authorize the disclosure "
                           "of my protected health information to the recipient below.",
                           rules())
            .type == "roi_request");
  CHECK(classify_page_text("FAX COVER SHEET\nTo: Records\nFrom: Clinic\nNumber of pages "
                           "including cover: 4\nConfidentiality notice",
                           rules())
            .type == "fax_cover");
  CHECK(classify_page_text("Member ID Card\nMember: J DOE\nGroup 4411 RxBIN 610014 Copay $20",
                           rules())
            .type == "insurance_card");
}

TEST_CASE("a letterhead's Fax number does not make a page a fax cover") {
  auto c = classify_page_text("Tidewater Imaging\nTel (608) 555-0124 Fax (503) 555-0181\n"
                              "Referral (continued)\nClinical summary\nReason for referral",
                              rules());
  CHECK(c.type == "referral");
  CHECK(c.continuation);
}

TEST_CASE("text without signal is unknown") {
  CHECK(classify_page_text("the quick brown fox", rules()).type == unknown_type);
  CHECK(classify_page_text("", rules()).type == unknown_type);
}

TEST_CASE("splitting: continuation pages join, new titles start documents, nothing is dropped") {
  auto page = [](std::string type, bool title, bool cont = false) {
    PageClass p;
    p.type = std::move(type);
    p.score = p.type == unknown_type ? 0 : 5;
    p.has_title = title;
    p.continuation = cont;
    return p;
  };
  auto ranges =
      split_pages({page("fax_cover", true), page("referral", true), page("referral", false),
                   page("consent", true), page("consent", true),
                   page(std::string(unknown_type), false), page(std::string(unknown_type), false),
                   page("lab_result", true), page(std::string(unknown_type), false, true)},
                  rules());
  REQUIRE(ranges.size() == 6);
  CHECK(ranges[0].type == "fax_cover");
  CHECK(ranges[0].set_aside);
  CHECK(ranges[1].first == 2);
  CHECK(ranges[1].last == 3);
  CHECK(ranges[2].first == 4); // a second consent with its own title is its own document
  CHECK(ranges[2].last == 4);
  CHECK(ranges[3].first == 5);
  CHECK(ranges[4].type == unknown_type);
  CHECK(ranges[4].needs_review);
  CHECK(ranges[4].first == 6);
  CHECK(ranges[4].last == 7);
  CHECK(ranges[5].type == "lab_result");
  CHECK(ranges[5].last == 9); // "continued" attaches an otherwise unknown page
  int covered = 0;
  for (const auto &r : ranges)
    covered += r.last - r.first + 1;
  CHECK(covered == 9);
}

TEST_CASE("the policy's vocabulary, not code, decides the types") {
  auto policy = Policy::parse(R"({"schema":"mi-policy/1","policy_version":"t.1",
    "split":{"document_types":{"referral":{"title_keywords":["zz special intake"]},
                               "prior_auth":{"title_keywords":["prior authorization"],
                                             "keywords":["payer"]}},
             "min_score":3}})");
  CHECK(classify_page_text("Outpatient Referral Form\nReason for referral",
                           split_rules_from_policy(policy))
            .type == unknown_type);
  auto custom = split_rules_from_policy(policy);
  CHECK(classify_page_text("ZZ Special Intake\nnothing else", custom).type == "referral");
  CHECK(classify_page_text("Prior Authorization Request\npayer", custom).type == "prior_auth");
  auto bad = Policy::parse(R"({"schema":"mi-policy/1","policy_version":"t.1",
    "split":{"document_types":{"referral":{"keywords":"not a list"}}}})");
  CHECK_THROWS_AS(split_rules_from_policy(bad), Error);
  auto none = Policy::parse(R"({"schema":"mi-policy/1","policy_version":"t.1"})");
  CHECK_THROWS_AS(split_rules_from_policy(none), Error);
}

TEST_CASE("labels with colons still match their keywords") {
  auto c =
      classify_page("FOXGLOVE INTERNAL MEDICINE\nFROM\nFAX NUMBER",
                    "TOTAL PAGES: 3\nRE: Records\nCONFIDENTIALITY NOTICE: This facsimile", rules());
  CHECK(c.type == "fax_cover");
  CHECK_FALSE(c.has_title);
}
