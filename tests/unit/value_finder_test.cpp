#include "extract/value_finder.hpp"

#include "extract_support.hpp"
#include "test_support.hpp"

using namespace mi;
using namespace mi::extract;
using test::builtin_extract_rules;
using test::PageBuilder;

namespace {

const char *direction_name(Direction d) {
  switch (d) {
  case Direction::right:
    return "right";
  case Direction::below:
    return "below";
  default:
    return "above";
  }
}

struct Read {
  PageLayout layout;
  PageLabels labels;
  std::vector<ValueWords> values;
  std::vector<std::string> texts; // "direction:words"
};

// The candidate values of the first label of `field` on the page (of the rule given, or the
// built-in one).
Read values_of(const PageBuilder &b, const std::string &field, const FieldRule *rule = nullptr) {
  Read r;
  r.layout = build_page_layout(b.page);
  r.labels = find_labels(r.layout, builtin_extract_rules());
  const LabelHit *hit = nullptr;
  for (const auto &h : r.labels.hits)
    if (h.field == field) {
      hit = &h;
      break;
    }
  REQUIRE_MESSAGE(hit != nullptr, "no label of " << field);
  r.values = find_value_words(r.layout, r.labels, *hit,
                              rule ? *rule : builtin_extract_rules().fields.at(field));
  for (const auto &v : r.values)
    r.texts.push_back(std::string(direction_name(v.direction)) + ":" + v.text());
  return r;
}

using Texts = std::vector<std::string>;

} // namespace

TEST_CASE("right: the rest of the label's segment after its colon") {
  PageBuilder b;
  b.put(50, 100, "Patient Name: Jane Doe");
  auto r = values_of(b, "patient_name");
  CHECK(r.texts == Texts{"right:Jane Doe"});
  REQUIRE(r.values.size() == 1);
  const ValueWords &v = r.values[0];
  CHECK(v.line == 0);
  REQUIRE(v.words.size() == 2);
  ocr::Box box = v.box();
  CHECK(box.x0 == doctest::Approx(130));
  CHECK(box.x1 == doctest::Approx(130 + 24 + 4 + 18));
  CHECK(box.y0 == doctest::Approx(100));
  CHECK(box.y1 == doctest::Approx(110));
  CHECK(v.confidence() == 1);
  CHECK_FALSE(v.from_ocr());
}

TEST_CASE("right: a value stops at the next label of its segment") {
  PageBuilder b;
  b.put(50, 100, "Patient: Jane Doe DOB: 01/02/1980");
  CHECK(values_of(b, "patient_name").texts == Texts{"right:Jane Doe"});
  CHECK(values_of(b, "dob").texts == Texts{"right:01/02/1980"});
}

TEST_CASE("right: the next segment, for a label printed apart from its value") {
  SUBCASE("without a colon") {
    PageBuilder b;
    b.put(50, 100, "Patient Name");
    b.put(200, 100, "Jane Doe");
    CHECK(values_of(b, "patient_name").texts == Texts{"right:Jane Doe"});
  }
  SUBCASE("with a colon") {
    PageBuilder b;
    b.put(50, 100, "Patient Name:");
    b.put(200, 100, "Jane Doe");
    CHECK(values_of(b, "patient_name").texts == Texts{"right:Jane Doe"});
  }
  SUBCASE("not when the next segment is another label") {
    PageBuilder b;
    b.put(50, 100, "Patient Name");
    b.put(200, 100, "DOB: 01/02/1980");
    CHECK(values_of(b, "patient_name").texts.empty());
  }
  SUBCASE("not from across the page") {
    PageBuilder b;
    b.put(50, 100, "Patient Name");
    b.put(450, 100, "Jane Doe");
    CHECK(values_of(b, "patient_name").texts.empty());
  }
}

TEST_CASE("right: a label without a colon heads a shaped value only") {
  SUBCASE("a date after \"DOB\" whose colon was lost") {
    PageBuilder b;
    b.put(50, 100, "DOB 01/02/1980");
    CHECK(values_of(b, "dob").texts == Texts{"right:01/02/1980"});
  }
  SUBCASE("never a name after \"Patient\"") {
    PageBuilder b;
    b.put(50, 100, "Patient Jane Doe");
    CHECK(values_of(b, "patient_name").texts.empty());
  }
  SUBCASE("not more than four words") {
    PageBuilder b;
    b.put(50, 100, "DOB 01 02 1980 per chart");
    CHECK(values_of(b, "dob").texts.empty());
  }
}

TEST_CASE("below: a caption over a fill-in line, within the caption's column") {
  PageBuilder b;
  b.put(50, 100, "Patient Name");
  b.put(300, 100, "Date of Birth");
  b.put(50, 114, "Jane Doe");
  b.put(300, 114, "01/02/1980");
  CHECK(values_of(b, "patient_name").texts == Texts{"below:Jane Doe"});
  auto dob = values_of(b, "dob");
  CHECK(dob.texts == Texts{"below:01/02/1980"});
  REQUIRE(dob.values.size() == 1);
  CHECK(dob.values[0].line == 1);
}

TEST_CASE("below: a value inside a ruled box sits lower, but not farther than 30 points") {
  PageBuilder near;
  near.put(50, 100, "Patient Name");
  near.put(50, 130, "Jane Doe"); // 20 points under the caption
  CHECK(values_of(near, "patient_name").texts == Texts{"below:Jane Doe"});

  PageBuilder far;
  far.put(50, 100, "Patient Name");
  far.put(50, 145, "Jane Doe"); // 35 points under it: another part of the form
  CHECK(values_of(far, "patient_name").texts.empty());
}

TEST_CASE("below: the next label's row ends the search") {
  PageBuilder b;
  b.put(50, 100, "Patient Name");
  b.put(50, 114, "MRN: 54066404");
  b.put(50, 128, "Jane Doe");
  CHECK(values_of(b, "patient_name").texts.empty());
}

TEST_CASE("below: a line of nine or more words is a clause, not a value") {
  PageBuilder clause;
  clause.put(50, 100, "Patient Name");
  clause.put(50, 114, "I hereby authorize the clinic to release my records");
  CHECK(values_of(clause, "patient_name").texts.empty());

  PageBuilder eight;
  eight.put(50, 100, "Patient Name");
  eight.put(50, 114, "one two three four five six seven eight");
  CHECK(values_of(eight, "patient_name").texts ==
        Texts{"below:one two three four five six seven eight"});
}

TEST_CASE("above: a date written over the \"Date\" caption of a signature line") {
  PageBuilder b;
  b.put(50, 280, "J.Doe");       // the scribble over the signature, not in the date's column
  b.put(300, 280, "05/01/2024"); // the date over its caption
  b.put(50, 300, "Signature of Patient");
  b.put(300, 300, "Date");
  auto r = values_of(b, "signature_date");
  CHECK(r.texts == Texts{"above:05/01/2024"});
  REQUIRE(r.values.size() == 1);
  CHECK(r.values[0].direction == Direction::above);
  CHECK(r.values[0].line == 0);
}

TEST_CASE("candidates come in the rule's order of directions") {
  PageBuilder b;
  b.put(50, 100, "Patient Name: Jane Doe");
  b.put(50, 114, "John Roe");
  CHECK(values_of(b, "patient_name").texts == Texts{"right:Jane Doe", "below:John Roe"});
  FieldRule reversed = builtin_extract_rules().fields.at("patient_name");
  reversed.where = {Direction::below, Direction::right};
  CHECK(values_of(b, "patient_name", &reversed).texts == Texts{"below:John Roe", "right:Jane Doe"});
  FieldRule right_only = reversed;
  right_only.where = {Direction::right};
  CHECK(values_of(b, "patient_name", &right_only).texts == Texts{"right:Jane Doe"});
}

TEST_CASE("a value's confidence is its least confident word; OCR words mark it from_ocr") {
  PageBuilder b(ocr::TextSource::ocr);
  double x = b.put(50, 100, "Patient Name:", 0.95);
  b.line = 0;
  x = b.put(x, 100, "Jane", 0.62);
  b.line = 0;
  b.put(x, 100, "Doe", 0.88);
  auto r = values_of(b, "patient_name");
  REQUIRE(r.values.size() == 1);
  CHECK(r.values[0].text() == "Jane Doe");
  CHECK(r.values[0].confidence() == doctest::Approx(0.62));
  CHECK(r.values[0].from_ocr());

  ValueWords none;
  CHECK(none.text().empty());
  CHECK(none.confidence() == 0);
  CHECK_FALSE(none.from_ocr());
}
