#include "extract/label_finder.hpp"

#include "extract_support.hpp"
#include "test_support.hpp"

#include <algorithm>

using namespace mi;
using namespace mi::extract;
using test::builtin_extract_rules;
using test::PageBuilder;

namespace {

// "field=Label words" for every hit, in page order ("" for a stop label's field).
std::vector<std::string> found(const PageLayout &layout, const PageLabels &labels) {
  std::vector<std::string> out;
  for (const auto &h : labels.hits) {
    std::string text;
    for (std::size_t k = h.first; k <= h.last; ++k)
      text += (text.empty() ? "" : " ") + layout.lines[h.line].words[k].text;
    out.push_back(h.field + "=" + text);
  }
  return out;
}

struct Found {
  PageLayout layout;
  PageLabels labels;
  std::vector<std::string> hits;
};

Found labels_of(const PageBuilder &b, const ExtractRules &rules = builtin_extract_rules()) {
  Found f;
  f.layout = build_page_layout(b.page);
  f.labels = find_labels(f.layout, rules);
  f.hits = found(f.layout, f.labels);
  return f;
}

std::size_t rank_of(const std::string &field, const std::string &label) {
  const auto &labels = builtin_extract_rules().fields.at(field).labels;
  auto it = std::find(labels.begin(), labels.end(), fold_phrase(label));
  REQUIRE(it != labels.end());
  return static_cast<std::size_t>(it - labels.begin());
}

using Hits = std::vector<std::string>;

} // namespace

TEST_CASE("\"Patient Name:\" at the start of a row is a label") {
  PageBuilder b;
  b.put(50, 100, "Patient Name: Jane Doe");
  auto f = labels_of(b);
  CHECK(f.hits == Hits{"patient_name=Patient Name:"});
  REQUIRE(f.labels.hits.size() == 1);
  const LabelHit &h = f.labels.hits[0];
  CHECK(h.rank == 0);
  CHECK(h.line == 0);
  CHECK(h.first == 0);
  CHECK(h.last == 1);
  CHECK(h.colon);
  CHECK(h.confidence == 1);
  CHECK(h.box.x0 == doctest::Approx(50));
  CHECK(h.box.x1 == doctest::Approx(50 + 42 + 4 + 30));
  CHECK(h.box.y0 == doctest::Approx(100));
  CHECK(h.box.y1 == doctest::Approx(110));
  CHECK(f.labels.starting_at(0, 0) == &h);
  CHECK(f.labels.starting_at(0, 1) == nullptr);
  CHECK(f.labels.starting_at(1, 0) == nullptr);
  CHECK(f.labels.signature_lines.empty());
}

TEST_CASE("\"the patient\" inside a sentence is not a label") {
  PageBuilder b;
  b.put(50, 100, "I authorize the patient named above to release records");
  CHECK(labels_of(b).hits.empty());
}

TEST_CASE("a label may start a segment, follow a colon, or end with its own colon") {
  PageBuilder b;
  double x = b.put(50, 100, "Jane Doe");
  b.put(x + 40, 100, "Patient Jane Doe");      // starts its segment: a label without a colon
  b.put(50, 130, "Re: Patient Jane Doe");      // follows "Re:"
  b.put(50, 160, "Seen today MRN: 123456");    // mid-sentence, but closed by a colon
  b.put(50, 190, "Seen today patient 123456"); // mid-sentence, no colon
  auto f = labels_of(b);
  CHECK(f.hits == Hits{"patient_name=Patient", "=Re:", "patient_name=Patient", "mrn=MRN:"});
}

TEST_CASE("the longest phrase wins: \"Date of Birth\" over \"Date\"") {
  PageBuilder b;
  b.put(50, 100, "Date of Birth: 01/02/1980");
  b.put(50, 130, "Date: 05/01/2024");
  auto f = labels_of(b);
  CHECK(f.hits == Hits{"dob=Date of Birth:", "date_of_service=Date:"});
  CHECK(f.labels.hits[0].rank == rank_of("dob", "date of birth"));
  CHECK(f.labels.hits[1].rank == rank_of("date_of_service", "date"));
}

TEST_CASE("a stop label is found and hides its shorter prefix") {
  PageBuilder b;
  b.put(50, 100, "Member ID: XQ1234567");
  b.put(50, 130, "Member: Jane Doe");
  auto f = labels_of(b);
  CHECK(f.hits == Hits{"=Member ID:", "patient_name=Member:"});
  CHECK(f.labels.hits[0].field.empty());
}

TEST_CASE("\"Medical Record #:\" takes its trailing \"#:\" and so its colon") {
  PageBuilder b;
  b.put(50, 100, "Medical Record #: 54066404");
  auto f = labels_of(b);
  CHECK(f.hits == Hits{"mrn=Medical Record #:"});
  REQUIRE(f.labels.hits.size() == 1);
  CHECK(f.labels.hits[0].last == 2);
  CHECK(f.labels.hits[0].colon);
}

TEST_CASE("\"Date\" on a signature line is the signature date, elsewhere the date of service") {
  PageBuilder b;
  b.put(50, 100, "Date: 05/01/2024");
  b.put(50, 300, "Signature of Patient");
  b.put(300, 300, "Date");
  auto f = labels_of(b);
  CHECK(f.hits == Hits{"date_of_service=Date:", "signature_date=Date"});
  CHECK(f.labels.signature_lines == std::vector<std::size_t>{1});
}

TEST_CASE("a long clause that mentions a signature is not a signature caption") {
  PageBuilder b;
  b.put(50, 300, "By my signature below I authorize the clinic to release all of my records");
  b.put(540, 300, "Date");
  auto f = labels_of(b);
  CHECK(f.labels.signature_lines.empty());
  CHECK(f.hits == Hits{"date_of_service=Date"});
}

TEST_CASE("OCR's slips in longer label words still match") {
  PageBuilder b(ocr::TextSource::ocr);
  b.put(50, 100, "Patlent Name: Jane Doe", 0.9);
  b.put(50, 300, "Legal Representaive", 0.9);
  b.put(300, 300, "Date", 0.9);
  auto f = labels_of(b);
  CHECK(f.hits == Hits{"patient_name=Patlent Name:", "signature_date=Date"});
  CHECK(f.labels.signature_lines == std::vector<std::size_t>{1});
  CHECK(f.labels.hits[0].confidence == doctest::Approx(0.9));
}

TEST_CASE("a short label read with one slip counts only as a lone word with its colon") {
  PageBuilder b(ocr::TextSource::ocr);
  b.put(50, 100, "NPL: 1234567893", 0.9);
  b.put(50, 130, "NPL 1234567893", 0.9);
  b.put(50, 160, "Provider NPL: 1234567893", 0.9);
  auto f = labels_of(b);
  // "Provider" is the provider's name label; "NPL:" after it is the NPI again.
  CHECK(f.hits == Hits{"provider_npi=NPL:", "provider_name=Provider", "provider_npi=NPL:"});
}

// A slip one edit from the labels of two fields is not guessed: "DOB:" read as "DO8:" (8 for B,
// one of OCR's commonest confusions) is as near "dos" as "dob", so it is no label at all, rather
// than a birth date reported as the date of service.
TEST_CASE("a slip one edit from labels of two fields is not guessed: \"DO8:\" is not \"DOS\"") {
  PageBuilder b(ocr::TextSource::ocr);
  b.put(50, 100, "DO8: 03/15/1980", 0.9);
  auto f = labels_of(b);
  CHECK_MESSAGE((f.hits.empty() || f.hits == Hits{"dob=DO8:"}),
                "\"DO8:\" is one edit from both \"dob\" and \"dos\"");
  CHECK(f.hits != Hits{"date_of_service=DO8:"});
}

TEST_CASE("an exact label is never taken for a slip of another: \"DOS:\" is not \"DOB\"") {
  PageBuilder b;
  b.put(50, 100, "DOS: 05/01/2024");
  b.put(50, 130, "DOB: 01/02/1980");
  auto f = labels_of(b);
  CHECK(f.hits == Hits{"date_of_service=DOS:", "dob=DOB:"});
}

TEST_CASE("a label written \"phone:\" in the policy needs its colon on the page") {
  PageBuilder b;
  b.put(50, 40, "Phone (555) 234-5678"); // a letterhead: the clinic's number
  b.put(50, 100, "Phone: (555) 234-5678");
  b.put(50, 130, "Home Phone (555) 234-5678"); // "home phone" is written without a colon
  auto f = labels_of(b);
  CHECK(f.hits == Hits{"patient_phone=Phone:", "patient_phone=Home Phone"});

  // The same policy with "phone" written without its colon takes the letterhead too.
  Json document = Policy::builtin().document();
  auto &labels = document["extract"]["fields"]["patient_phone"]["labels"];
  for (auto &label : labels)
    if (label == "phone:")
      label = "phone";
  ExtractRules relaxed = extract_rules_from_policy(Policy::parse(document.dump()));
  CHECK(labels_of(b, relaxed).hits ==
        Hits{"patient_phone=Phone", "patient_phone=Phone:", "patient_phone=Home Phone"});
}

TEST_CASE("the label's confidence is its least confident word") {
  PageBuilder b(ocr::TextSource::ocr);
  double x = b.put(50, 100, "Patient", 0.92);
  b.line = 0; // the same source line
  b.put(x, 100, "Name:", 0.71);
  auto f = labels_of(b);
  REQUIRE(f.labels.hits.size() == 1);
  CHECK(f.labels.hits[0].confidence == doctest::Approx(0.71));
}

TEST_CASE("token_matches allows one slip from five letters and two from ten") {
  CHECK(token_matches("patient", "patient"));
  CHECK(token_matches("patient", "patlent"));
  CHECK(token_matches("patient", "patent"));
  CHECK(token_matches("medical", "medicai"));
  CHECK_FALSE(token_matches("medical", "mebicai"));
  CHECK(token_matches("representative", "representaive"));
  CHECK(token_matches("representative", "reprezentaive"));
  CHECK_FALSE(token_matches("representative", "reprezentaiue"));
  CHECK_FALSE(token_matches("dob", "dos")); // short words must be exact
  CHECK_FALSE(token_matches("name", "nane"));
  CHECK_FALSE(token_matches("date", "data"));
  CHECK_FALSE(token_matches("npi", "npl"));
  CHECK_FALSE(token_matches("patient", ""));
}

TEST_CASE("edit_distance_within counts insertions, deletions and substitutions") {
  CHECK(edit_distance_within("", "", 0));
  CHECK(edit_distance_within("abc", "abc", 0));
  CHECK_FALSE(edit_distance_within("abc", "abd", 0));
  CHECK(edit_distance_within("abc", "abd", 1));
  CHECK(edit_distance_within("kitten", "sitting", 3));
  CHECK_FALSE(edit_distance_within("kitten", "sitting", 2));
  CHECK(edit_distance_within("", "abc", 3));
  CHECK_FALSE(edit_distance_within("abc", "", 2));
  CHECK(edit_distance_within("flaw", "lawn", 2));
  CHECK_FALSE(edit_distance_within("flaw", "lawn", 1));
  CHECK(edit_distance_within("npi", "npil", 1));
  // Two neighbouring swaps ("ab" -> "ba") are one edit each: 5, not Levenshtein's 6.
  CHECK_FALSE(edit_distance_within("abcdef", "fedcba", 4));
  CHECK(edit_distance_within("abcdef", "fedcba", 5));
}

TEST_CASE("an OCR'd label whose colon was read as a semicolon is still a label; printed text is "
          "taken as it is") {
  PageBuilder ocr_page(ocr::TextSource::ocr);
  ocr_page.put(54, 100, "Pt. Name; Jane Doe", 0.9);
  auto layout = build_page_layout(ocr_page.page);
  auto labels = find_labels(layout, builtin_extract_rules());
  REQUIRE(labels.hits.size() == 1);
  CHECK(labels.hits[0].field == "patient_name");
  CHECK(labels.hits[0].colon);

  PageBuilder printed;
  printed.put(54, 100, "See the note below; patient: Jane Doe");
  auto printed_layout = build_page_layout(printed.page);
  auto printed_labels = find_labels(printed_layout, builtin_extract_rules());
  for (const auto &h : printed_labels.hits)
    CHECK_FALSE(printed_layout.lines[h.line].words[h.last].text == "below;");
}

TEST_CASE("edit distance counts a swap of neighbouring letters as one edit") {
  CHECK(edit_distance_within("birth", "brith", 1));
  CHECK(edit_distance_within("patient", "patietn", 1));
  CHECK_FALSE(edit_distance_within("birth", "brtih", 1));
  CHECK(edit_distance_within("birth", "brtih", 2));
  CHECK(edit_distance_within("", "ab", 2));
  CHECK_FALSE(edit_distance_within("abc", "", 2));
}
