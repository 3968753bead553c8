#include "redact/redaction_plan.hpp"

#include "extract_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace mi;
using namespace mi::redact;

namespace {

const RedactionRules &rules() {
  static const RedactionRules r = redaction_rules_from_policy(Policy::builtin());
  return r;
}

constexpr extract::CivilDate today{2026, 12, 4};

Json fields() {
  return Json::parse(R"({
    "patient_name": {"value": "WOBBEHOLL, MARTA", "normalized": "Marta Wobbeholl", "status": "accepted",
                     "page": 1, "box": [100, 40, 200, 50]},
    "dob": {"value": "03/14/1961", "normalized": "1961-03-14", "status": "accepted", "page": 1,
            "box": [300, 40, 360, 50]},
    "mrn": {"value": "48 213 77", "normalized": "4821377", "status": "accepted", "page": 1,
            "box": [100, 60, 160, 70]}
  })");
}

// Whether some box covers the centre of the page's word `word`.
bool covered(const RedactionPlan &plan, const ocr::PageText &page, const std::string &word) {
  auto it = plan.boxes.find(page.page);
  for (const auto &w : page.words) {
    if (w.text != word)
      continue;
    double x = (w.box.x0 + w.box.x1) / 2, y = (w.box.y0 + w.box.y1) / 2;
    if (it == plan.boxes.end())
      return false;
    if (std::none_of(it->second.begin(), it->second.end(), [&](const ocr::Box &b) {
          return x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1;
        }))
      return false;
  }
  return true;
}

RedactionPlan plan(const std::vector<ocr::PageText> &pages, const DocumentRule &rule,
                   const Json &f = fields(),
                   const std::map<int, ocr::PageText> *printed = nullptr) {
  std::string type = "consent";
  return plan_redaction(
      {pages, f, type, rule, rules(), test::builtin_extract_rules(), today, printed});
}

DocumentRule fields_only(std::set<std::string> names) {
  DocumentRule r;
  r.fields = std::move(names);
  return r;
}

bool has_term(const RedactionPlan &p, std::vector<std::string> tokens) {
  return std::any_of(p.terms.begin(), p.terms.end(),
                     [&](const Term &t) { return t.tokens == tokens; });
}

} // namespace

TEST_CASE("an extracted value is removed wherever the document repeats it, in any form") {
  test::PageBuilder one(ocr::TextSource::text_layer, 1);
  one.put(40, 40, "Patient: WOBBEHOLL, MARTA   DOB: 03/14/1961");
  one.put(40, 60, "MRN: 48 213 77");
  test::PageBuilder two(ocr::TextSource::text_layer, 2);
  two.put(40, 40, "Dear Marta Wobbeholl,");
  two.put(40, 60, "born March 14, 1961 (chart 4821377)");
  two.put(40, 80, "Wobbeholl family history reviewed. Annual Marta review.");
  std::vector<ocr::PageText> pages{one.page, two.page};
  auto p = plan(pages, fields_only({"patient_name", "dob", "mrn"}));
  for (const char *w : {"WOBBEHOLL,", "MARTA", "03/14/1961", "48", "213", "77"})
    CHECK_MESSAGE(covered(p, pages[0], w), w);
  for (const char *w : {"Marta", "Wobbeholl,", "March", "14,", "1961", "4821377)", "Wobbeholl"})
    CHECK_MESSAGE(covered(p, pages[1], w), w);
  CHECK_FALSE(covered(p, pages[1], "Annual")); // a word is not a part of a longer one
  CHECK_FALSE(covered(p, pages[1], "family"));
  CHECK(p.found.at("patient_name") > 0);
  // Terms for the gate: the value, its parts, its other date styles, its digits.
  CHECK(has_term(p, {"wobbeholl", "marta"}));
  CHECK(has_term(p, {"wobbeholl"}));
  CHECK(has_term(p, {"march", "14", "1961"}));
  CHECK(std::any_of(p.terms.begin(), p.terms.end(),
                    [](const Term &t) { return t.digits == "4821377"; }));
}

TEST_CASE("a field the rule does not name stays on the page") {
  test::PageBuilder b;
  b.put(40, 40, "Patient: WOBBEHOLL, MARTA   DOB: 03/14/1961");
  std::vector<ocr::PageText> pages{b.page};
  auto p = plan(pages, fields_only({"dob"}));
  CHECK(covered(p, pages[0], "03/14/1961"));
  CHECK_FALSE(covered(p, pages[0], "MARTA"));
  CHECK_FALSE(has_term(p, {"marta"}));
}

TEST_CASE("OCR'd words are matched with the slips the leak gate tolerates") {
  test::PageBuilder b(ocr::TextSource::ocr);
  b.put(40, 40, "Patient: W0BBEHOLL, MARTA");
  b.put(40, 80, "signed by Wobbeho1l");
  std::vector<ocr::PageText> pages{b.page};
  auto p = plan(pages, fields_only({"patient_name"}));
  CHECK(covered(p, pages[0], "W0BBEHOLL,"));
  CHECK(covered(p, pages[0], "Wobbeho1l"));
}

TEST_CASE("detectors and policy regions add boxes; short detections are not gate terms") {
  test::PageBuilder b;
  b.put(40, 40, "SSN: 987-65-4321   Phone: (555) 010-0123");
  b.put(40, 60, "Group: 7");
  std::vector<ocr::PageText> pages{b.page};
  DocumentRule rule;
  rule.detectors = {Detector::ssn, Detector::phone, Detector::ids, Detector::regions};
  auto with_region = rules();
  with_region.regions.push_back({"consent", 1, 500, 700, 600, 760});
  std::string type = "consent";
  auto p = plan_redaction({pages, Json::object(), type, rule, with_region,
                           test::builtin_extract_rules(), today, nullptr});
  CHECK(covered(p, pages[0], "987-65-4321"));
  CHECK(covered(p, pages[0], "(555)"));
  CHECK(covered(p, pages[0], "010-0123"));
  CHECK_FALSE(covered(p, pages[0], "SSN:"));
  CHECK(p.found.at("regions") == 1);
  const auto &boxes = p.boxes.at(1);
  CHECK(std::any_of(boxes.begin(), boxes.end(), [](const ocr::Box &x) {
    return x.x0 == 500 && x.y0 == 700 && x.x1 == 600 && x.y1 == 760;
  }));
  for (const auto &t : p.terms) {
    std::size_t chars = 0;
    for (const auto &tok : t.tokens)
      chars += tok.size();
    CHECK(chars >= 3);
  }
}

TEST_CASE("printed words the page lacked (form values, notes) are planned against too") {
  test::PageBuilder b;
  b.put(40, 40, "Patient Name:");
  test::PageBuilder printed;
  printed.put(40, 40, "Patient Name:");
  printed.put(40, 300, "Print Name: Marta Wobbeholl"); // a flattened form field
  std::map<int, ocr::PageText> extra{{1, printed.page}};
  std::vector<ocr::PageText> pages{b.page};
  auto p = plan(pages, fields_only({"patient_name"}), fields(), &extra);
  // Boxes land on the printed words' places.
  const auto &boxes = p.boxes.at(1);
  CHECK(std::any_of(boxes.begin(), boxes.end(), [](const ocr::Box &x) { return x.y0 > 290; }));
}

TEST_CASE("text-layer boxes keep the word's width and less than its height; OCR boxes are padded") {
  test::PageBuilder text;
  text.put(40, 40, "SSN: 987-65-4321");
  test::PageBuilder scan(ocr::TextSource::ocr);
  scan.put(40, 40, "SSN: 987-65-4321");
  DocumentRule rule;
  rule.detectors = {Detector::ssn};
  auto t = plan({text.page}, rule, Json::object());
  auto s = plan({scan.page}, rule, Json::object());
  const auto &word = text.page.words[1].box;
  REQUIRE(t.boxes.at(1).size() >= 1);
  const auto &tb = t.boxes.at(1)[0];
  CHECK(tb.x0 < word.x0);
  CHECK(tb.x1 > word.x1);
  CHECK(tb.y0 > word.y0); // clear of the line above in tight leading
  CHECK(tb.y1 < word.y1);
  const auto &sb = s.boxes.at(1)[0];
  CHECK(sb.y0 < word.y0);
  CHECK(sb.y1 > word.y1);
}

TEST_CASE("a field with a malformed page or box is still searched for, never a crash") {
  test::PageBuilder b;
  b.put(40, 40, "Patient: WOBBEHOLL, MARTA");
  std::vector<ocr::PageText> pages{b.page};
  auto f = fields();
  f["patient_name"]["box"] = Json::array({"a", nullptr, 3, 4});
  f["dob"]["page"] = "one";
  auto p = plan(pages, fields_only({"patient_name", "dob"}), f);
  CHECK(covered(p, pages[0], "WOBBEHOLL,"));
  CHECK(has_term(p, {"wobbeholl", "marta"}));
}
