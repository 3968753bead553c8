#include "redact/detectors.hpp"

#include "extract_support.hpp"

#include "extract/page_layout.hpp"

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

// The texts a detector found on the page, by detector.
std::vector<std::string> found(const std::vector<DetectorHit> &hits, Detector d) {
  std::vector<std::string> out;
  for (const auto &h : hits)
    if (h.detector == d)
      out.push_back(h.text);
  return out;
}

std::vector<DetectorHit> all_hits(const ocr::PageText &page) {
  auto layout = extract::build_page_layout(page);
  std::set<Detector> every(std::begin(all_detectors), std::end(all_detectors));
  auto hits = detect_patterns(layout, every, today);
  auto labelled = detect_labelled(layout, every, rules(), test::builtin_extract_rules());
  hits.insert(hits.end(), labelled.begin(), labelled.end());
  return hits;
}

bool contains(const std::vector<std::string> &v, const std::string &s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

TEST_CASE("pattern detectors find the identifiers intake forms carry") {
  test::PageBuilder b;
  b.put(40, 40, "Phone: (555) 010-0123   Fax 555.010.0199");
  b.put(40, 60, "Email: marta.wobbeholl@example.org");
  b.put(40, 80, "SSN: 987-65-4321");
  b.put(40, 100, "Address: 1522 Thistle Ln Apt 4");
  b.put(40, 120, "Brookhaven, OR 97455");
  b.put(40, 140, "Seen March 4, 2024 and on 3/5/24");
  b.put(40, 160, "NPI 1245319599 order 1234567890");
  auto hits = all_hits(b.page);
  auto phones = found(hits, Detector::phone);
  CHECK(contains(phones, "(555) 010-0123"));
  CHECK(contains(phones, "555.010.0199"));
  CHECK(contains(found(hits, Detector::email), "marta.wobbeholl@example.org"));
  CHECK(contains(found(hits, Detector::ssn), "987-65-4321"));
  auto addresses = found(hits, Detector::address);
  CHECK(std::any_of(addresses.begin(), addresses.end(),
                    [](const std::string &a) { return a.find("1522 Thistle Ln") == 0; }));
  CHECK(contains(addresses, "OR 97455"));
  auto dates = found(hits, Detector::dates);
  CHECK(contains(dates, "March 4, 2024"));
  CHECK(contains(dates, "3/5/24"));
  auto npis = found(hits, Detector::npi);
  CHECK(contains(npis, "1245319599"));       // passes the Luhn check over 80840
  CHECK_FALSE(contains(npis, "1234567890")); // does not
}

TEST_CASE("OCR's letters inside a number do not hide it") {
  test::PageBuilder b(ocr::TextSource::ocr);
  b.put(40, 40, "Daytime phone: (G08) 555-O149");
  auto hits = all_hits(b.page);
  auto phones = found(hits, Detector::phone);
  REQUIRE_FALSE(phones.empty());
  CHECK(phones[0] == "(608) 555-0149"); // read through the confusion table
  // The words it covers are the page's words as read.
  auto layout = extract::build_page_layout(b.page);
  auto p = detect_patterns(layout, {Detector::phone}, today);
  REQUIRE(p.size() == 1);
  CHECK(p[0].words.size() == 2);
}

TEST_CASE("label detectors take the value next to or under a name or id label") {
  test::PageBuilder b;
  b.put(40, 40, "Emergency Contact: Ruth Odell");
  b.put(40, 60, "Member ID: XQZ48213");
  b.put(300, 60, "Group: 7");
  b.put(40, 80, "Guardian");
  b.put(40, 92, "Tobias Wren");
  b.put(40, 120, "I consent to treatment by the clinic and its staff as described above.");
  auto hits = all_hits(b.page);
  auto names = found(hits, Detector::names);
  CHECK(contains(names, "Ruth Odell"));
  CHECK(contains(names, "Tobias Wren"));
  auto ids = found(hits, Detector::ids);
  CHECK(contains(ids, "XQZ48213"));
  CHECK_FALSE(contains(ids, "7")); // too short to be an identifier
  // A clause is not a value.
  for (const auto &n : names)
    CHECK(n.find("consent") == std::string::npos);
}

TEST_CASE("only the wanted detectors run") {
  test::PageBuilder b;
  b.put(40, 40, "Phone: (555) 010-0123");
  b.put(40, 60, "Patient Name: Marta Wobbeholl");
  auto layout = extract::build_page_layout(b.page);
  auto hits = detect_patterns(layout, {Detector::email}, today);
  CHECK(hits.empty());
  auto labelled =
      detect_labelled(layout, {Detector::phone}, rules(), test::builtin_extract_rules());
  CHECK(found(labelled, Detector::names).empty());
  CHECK_FALSE(found(labelled, Detector::phone).empty());
}

TEST_CASE("signature regions lie above signature captions, in page space") {
  test::PageBuilder b;
  b.put(40, 400, "Signature of Patient");
  b.put(40, 200, "Patient Name: Marta Wobbeholl");
  auto layout = extract::build_page_layout(b.page);
  auto regions = signature_regions(layout, test::builtin_extract_rules());
  REQUIRE(regions.size() == 1);
  CHECK(regions[0].y1 == doctest::Approx(400));
  CHECK(regions[0].y0 < 400 - 30);
  CHECK(regions[0].x0 <= 40);
}
