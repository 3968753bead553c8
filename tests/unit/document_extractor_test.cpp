#include "extract/document_extractor.hpp"

#include "extract/person_name.hpp"
#include "extract/value_parser.hpp"

#include "core/error.hpp"

#include "extract_support.hpp"
#include "test_support.hpp"

#include <leptonica/allheaders.h>

#include <algorithm>

using namespace mi;
using namespace mi::extract;
using test::builtin_extract_rules;
using test::PageBuilder;

namespace {

constexpr const char *canary_surname = "Canaryweather";
const CivilDate today{2026, 12, 4};

struct Referral {
  std::string dob = "03/15/1980";
  std::string npi = "1234567893";
  std::string service = "05/01/2024";
  bool with_dob = true;
  int rotation = 0;

  ocr::PageText page() const {
    PageBuilder b(ocr::TextSource::text_layer, 2, rotation);
    b.put(50, 100, std::string("Patient Name: Jane ") + canary_surname);
    if (with_dob)
      b.put(330, 100, "DOB: " + dob);
    b.put(50, 120, "MRN: 54066404");
    b.put(330, 120, "Phone: (555) 234-5678");
    b.put(50, 140, "Referring Provider: Dr. Alan Smith");
    b.put(330, 140, "NPI: " + npi);
    b.put(50, 160, "Date of Service: " + service);
    return b.page;
  }
};

// A MarksSource that has no image, and counts the pages it was asked for.
struct NoImages {
  std::vector<int> asked;
  MarksSource source() {
    return [this](int page) -> const MarksImage * {
      asked.push_back(page);
      return nullptr;
    };
  }
};

DocumentFields read_document(const std::string &type, const std::vector<ocr::PageText> &pages,
                             NoImages &marks) {
  return extract_document(type, pages, builtin_extract_rules(), today, marks.source());
}

const ExtractedField *field(const DocumentFields &d, const std::string &name) {
  for (const auto &f : d.fields)
    if (f.name == name)
      return &f;
  return nullptr;
}

bool has(const std::vector<std::string> &list, const std::string &item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::vector<std::string> names(const DocumentFields &d) {
  std::vector<std::string> out;
  for (const auto &f : d.fields)
    out.push_back(f.name);
  return out;
}

void check_box(const std::optional<ocr::Box> &actual, const ocr::Box &expected) {
  REQUIRE(actual.has_value());
  CHECK(actual->x0 == doctest::Approx(expected.x0));
  CHECK(actual->y0 == doctest::Approx(expected.y0));
  CHECK(actual->x1 == doctest::Approx(expected.x1));
  CHECK(actual->y1 == doctest::Approx(expected.y1));
}

// A white page image at 72 dpi (a pixel a point) for signature and checkbox reading.
MarksImage blank_image() {
  MarksImage image;
  image.gray = ocr::PixPtr(pixCreate(612, 792, 8));
  pixSetAllArbitrary(image.gray.get(), 255);
  image.page_to_pixel = {};
  image.dpi = 72;
  return image;
}

void ink(MarksImage &image, int x0, int y0, int x1, int y1) {
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x)
      pixSetPixel(image.gray.get(), x, y, 0);
}

// A consent page whose signature caption sits on the row at y = 300.
ocr::PageText consent_page(const std::string &signed_on = "05/02/2024") {
  PageBuilder b(ocr::TextSource::text_layer, 1);
  b.put(50, 100, "Patient Name: Jane Doe");
  b.put(330, 100, "DOB: 03/15/1980");
  b.put(50, 120, "Date of Service: 05/01/2024");
  b.put(50, 160, "I authorize the clinic to share my records with my insurer");
  if (!signed_on.empty())
    b.put(300, 280, signed_on);
  b.put(50, 300, "Signature of Patient");
  b.put(300, 300, "Date");
  return b.page;
}

} // namespace

TEST_CASE("a referral's fields are found, read and accepted") {
  NoImages marks;
  auto d = read_document("referral", {Referral{}.page()}, marks);
  CHECK(d.status == "accepted");
  CHECK(d.reasons.empty());
  CHECK(d.missing.empty());
  CHECK(names(d) == std::vector<std::string>{"document_type", "patient_name", "dob", "mrn",
                                             "provider_name", "provider_npi", "date_of_service",
                                             "patient_phone", "signature_status"});
  for (const auto &f : d.fields) {
    CAPTURE(f.name);
    CHECK(f.status == "accepted");
    CHECK(f.reasons.empty());
    CHECK(f.page == 2);
  }

  const auto *type = field(d, "document_type");
  CHECK(type->value == "referral");
  CHECK(type->source == "split");

  const auto *name = field(d, "patient_name");
  CHECK(name->value == std::string("Jane ") + canary_surname);
  CHECK(name->normalized == std::string("Jane ") + canary_surname);
  CHECK(name->source == "text_layer");
  CHECK(name->confidence == doctest::Approx(1));
  CHECK(name->label_rank == 0);
  check_box(name->box, {130, 100, 236, 110}); // "Jane" and the surname, in page space

  CHECK(field(d, "dob")->normalized == "1980-03-15");
  CHECK(field(d, "dob")->value == "03/15/1980");
  CHECK(field(d, "mrn")->normalized == "54066404");
  CHECK(field(d, "provider_name")->normalized == "Alan Smith");
  CHECK(has(field(d, "provider_name")->fixes, std::string(name_fix::title_removed)));
  CHECK(field(d, "provider_npi")->normalized == "1234567893");
  CHECK(field(d, "date_of_service")->normalized == "2024-05-01");
  CHECK(field(d, "patient_phone")->normalized == "5552345678");
  CHECK(field(d, "patient_phone")->value == "(555) 234-5678");

  const auto *signature = field(d, "signature_status");
  CHECK(signature->value == "not_required");
  CHECK(signature->source == "policy");

  // Checkboxes were looked for on the page; without an image there are none.
  CHECK_FALSE(marks.asked.empty());
  for (int page : marks.asked)
    CHECK(page == 2);
  CHECK(field(d, "checkboxes") == nullptr);
}

TEST_CASE("on a turned page a field's box is reported in page space") {
  Referral referral;
  referral.rotation = 90;
  NoImages marks;
  ocr::PageText page = referral.page();
  auto d = read_document("referral", {page}, marks);
  CHECK(d.status == "accepted");
  const auto *name = field(d, "patient_name");
  REQUIRE(name != nullptr);
  CHECK(name->normalized == std::string("Jane ") + canary_surname);
  // The union of the page-space boxes of "Jane" and the surname (words 2 and 3).
  const ocr::Box &jane = page.words[2].box, &surname = page.words[3].box;
  check_box(name->box, {std::min(jane.x0, surname.x0), std::min(jane.y0, surname.y0),
                        std::max(jane.x1, surname.x1), std::max(jane.y1, surname.y1)});
  CHECK(name->box->x1 - name->box->x0 == doctest::Approx(10)); // a column, as displayed
}

TEST_CASE("a value read below its field's confidence threshold needs review") {
  PageBuilder b(ocr::TextSource::ocr, 1);
  double x = b.put(50, 100, "Patient Name: Jane", 0.95);
  b.line = 0;
  b.put(x, 100, "Doe", 0.55);
  b.put(330, 100, "DOB: 03/15/1980", 0.93);
  NoImages marks;
  auto d = read_document("referral", {b.page}, marks);
  const auto *name = field(d, "patient_name");
  REQUIRE(name != nullptr);
  CHECK(name->normalized == "Jane Doe");
  CHECK(name->source == "ocr");
  CHECK(name->confidence == doctest::Approx(0.55));
  CHECK(name->reasons == std::vector<std::string>{reason::below_confidence});
  CHECK(name->status == "needs_review");
  const auto *dob = field(d, "dob");
  REQUIRE(dob != nullptr);
  CHECK(dob->status == "accepted");
  CHECK(dob->confidence == doctest::Approx(0.93));
  CHECK(d.reasons == std::vector<std::string>{reason::below_confidence});
}

TEST_CASE("the same label giving two different values in one document is a conflict") {
  auto page_naming = [](int number, const std::string &name) {
    PageBuilder b(ocr::TextSource::text_layer, number);
    b.put(50, 100, "Patient Name: " + name);
    b.put(330, 100, "DOB: 03/15/1980");
    return b.page;
  };
  NoImages marks;
  auto same =
      read_document("referral", {page_naming(1, "Jane Doe"), page_naming(2, "DOE, JANE")}, marks);
  CHECK(field(same, "patient_name")->reasons.empty());
  CHECK(field(same, "patient_name")->page == 1);

  auto differ =
      read_document("referral", {page_naming(1, "Jane Doe"), page_naming(2, "John Roe")}, marks);
  const auto *name = field(differ, "patient_name");
  REQUIRE(name != nullptr);
  CHECK(name->normalized == "Jane Doe"); // the first in reading order
  CHECK(name->page == 1);
  CHECK(name->reasons == std::vector<std::string>{reason::conflicting_values});
  CHECK(differ.status == "needs_review");
  // The repeated date of birth agrees with itself.
  CHECK(field(differ, "dob")->reasons.empty());
}

TEST_CASE("a date of birth after the date of service fails its gate") {
  Referral referral;
  referral.dob = "06/01/2024";
  NoImages marks;
  auto d = read_document("referral", {referral.page()}, marks);
  const auto *dob = field(d, "dob");
  REQUIRE(dob != nullptr);
  CHECK(dob->normalized == "2024-06-01");
  CHECK(dob->reasons == std::vector<std::string>{reason::dob_after_service});
  CHECK(dob->status == "needs_review");
  CHECK(field(d, "date_of_service")->status == "accepted");
  CHECK(d.status == "needs_review");
  CHECK(d.reasons == std::vector<std::string>{reason::dob_after_service});
}

TEST_CASE("an NPI with a bad check digit needs review") {
  Referral referral;
  referral.npi = "1234567890";
  NoImages marks;
  auto d = read_document("referral", {referral.page()}, marks);
  const auto *npi = field(d, "provider_npi");
  REQUIRE(npi != nullptr);
  CHECK(npi->status == "needs_review");
  CHECK(npi->reasons == std::vector<std::string>{reason::npi_check_digit});
  CHECK(npi->value == "1234567890");
  CHECK(d.status == "needs_review");
  CHECK(has(d.reasons, reason::npi_check_digit));
}

TEST_CASE("a required field that is not found is missing_required") {
  Referral referral;
  referral.with_dob = false;
  NoImages marks;
  auto d = read_document("referral", {referral.page()}, marks);
  CHECK(field(d, "dob") == nullptr);
  CHECK(d.missing == std::vector<std::string>{"dob"});
  CHECK(d.status == "needs_review");
  CHECK(d.reasons == std::vector<std::string>{reason::missing_required});
  // The fields that were found are still accepted.
  CHECK(field(d, "patient_name")->status == "accepted");
  Json ops = fields_to_ops(d);
  CHECK(ops["status"] == "needs_review");
  CHECK(ops["fields"]["dob"]["status"] == "missing");
  CHECK(ops["fields"]["dob"]["reasons"] == Json::array({reason::missing_required}));
}

TEST_CASE("an unknown document type is sent to review with nothing extracted") {
  NoImages marks;
  auto d = read_document("recipe", {Referral{}.page()}, marks);
  CHECK(d.status == "needs_review");
  CHECK(d.reasons == std::vector<std::string>{reason::unknown_document_type});
  CHECK(d.fields.empty());
  CHECK(marks.asked.empty());
}

TEST_CASE("a required signature without a page image is signature_unclear") {
  NoImages marks;
  auto d = read_document("consent", {consent_page()}, marks);
  const auto *signature = field(d, "signature_status");
  REQUIRE(signature != nullptr);
  CHECK(signature->value == "unknown");
  CHECK(signature->reasons == std::vector<std::string>{reason::signature_unclear});
  CHECK(signature->status == "needs_review");
  CHECK(signature->page == 1);
  CHECK(d.status == "needs_review");
  CHECK(d.reasons == std::vector<std::string>{reason::signature_unclear});
  CHECK(std::find(marks.asked.begin(), marks.asked.end(), 1) != marks.asked.end());
  // The date over the signature line's "Date" caption is the signature date.
  const auto *signed_on = field(d, "signature_date");
  REQUIRE(signed_on != nullptr);
  CHECK(signed_on->normalized == "2024-05-02");
  CHECK(signed_on->status == "accepted");
  CHECK(field(d, "date_of_service")->normalized == "2024-05-01");
}

TEST_CASE("a required signature with no caption on the page is signature_unclear") {
  PageBuilder b(ocr::TextSource::text_layer, 1);
  b.put(50, 100, "Patient Name: Jane Doe");
  b.put(330, 100, "DOB: 03/15/1980");
  NoImages marks;
  auto d = read_document("consent", {b.page}, marks);
  CHECK(field(d, "signature_status")->value == "unknown");
  CHECK(d.reasons == std::vector<std::string>{reason::signature_unclear});
}

TEST_CASE("ink over the signature caption reads as signed; a blank line as unsigned") {
  // The caption "Signature of Patient" spans x 50..166 on the row at y = 300; its ink region
  // is the 40 points above it, up to the "Date" column.
  ocr::PageText page = consent_page();
  MarksImage image = blank_image();
  MarksSource source = [&](int) -> const MarksImage * { return &image; };

  auto blank = extract_document("consent", {page}, builtin_extract_rules(), today, source);
  const auto *unsigned_field = field(blank, "signature_status");
  REQUIRE(unsigned_field != nullptr);
  CHECK(unsigned_field->value == "unsigned");
  CHECK(unsigned_field->reasons.empty());
  CHECK(unsigned_field->source == "image");
  check_box(unsigned_field->box, {40, 260, 290, 299});

  for (int x = 60; x < 200; ++x) { // a zigzag scribble
    int phase = x % 20 < 10 ? x % 20 : 20 - x % 20;
    ink(image, x, 270 + phase, x + 1, 272 + phase);
  }
  auto signed_document =
      extract_document("consent", {page}, builtin_extract_rules(), today, source);
  const auto *signature = field(signed_document, "signature_status");
  CHECK(signature->value == "signed");
  CHECK(signature->normalized == "signed");
  CHECK(signature->reasons.empty());
  CHECK(signature->confidence == doctest::Approx(1));
  CHECK(signed_document.status == "accepted");

  // A few specks: between the review and the signed thresholds.
  MarksImage faint = blank_image();
  ink(faint, 100, 280, 104, 284); // 16 of 9750 pixels: 0.0016
  source = [&](int) -> const MarksImage * { return &faint; };
  auto unclear = extract_document("consent", {page}, builtin_extract_rules(), today, source);
  CHECK(field(unclear, "signature_status")->value == "unsigned");
  CHECK(field(unclear, "signature_status")->reasons ==
        std::vector<std::string>{reason::signature_unclear});
}

TEST_CASE("checkboxes are read from the page image beside their labels") {
  PageBuilder b(ocr::TextSource::text_layer, 1);
  b.put(50, 100, "Patient Name: Jane Doe");
  b.put(330, 100, "DOB: 03/15/1980");
  b.put(70, 200, "Urgent");
  b.put(70, 230, "Routine");
  MarksImage image = blank_image();
  auto box = [&](int x, int y) { // 10 points, a one-pixel border
    ink(image, x, y, x + 10, y + 1);
    ink(image, x, y + 9, x + 10, y + 10);
    ink(image, x, y, x + 1, y + 10);
    ink(image, x + 9, y, x + 10, y + 10);
  };
  box(52, 200);
  for (int i = 1; i < 9; ++i) { // ticked with an X
    ink(image, 52 + i, 200 + i, 53 + i, 201 + i);
    ink(image, 61 - i, 200 + i, 62 - i, 201 + i);
  }
  box(52, 230);
  MarksSource source = [&](int) -> const MarksImage * { return &image; };
  auto d = extract_document("referral", {b.page}, builtin_extract_rules(), today, source);
  const auto *boxes = field(d, "checkboxes");
  REQUIRE(boxes != nullptr);
  CHECK(boxes->value == Json{{"Routine", false}, {"Urgent", true}});
  CHECK(boxes->source == "image");
  CHECK(boxes->page == 1);
  CHECK(boxes->status == "accepted");
  check_box(boxes->box, {52, 200, 62, 240});
}

TEST_CASE("fields survive phi.fields and come back from it") {
  Referral referral;
  referral.npi = "1234567890"; // a field with reasons
  NoImages marks;
  auto d = read_document("referral", {referral.page()}, marks);
  Json phi = fields_to_phi(d);
  CHECK(phi["patient_name"]["value"] == std::string("Jane ") + canary_surname);
  CHECK(phi["patient_name"]["box"] == Json::array({130, 100, 236, 110}));
  CHECK(phi["dob"]["normalized"] == "1980-03-15");
  CHECK(phi["signature_status"]["source"] == "policy");

  auto back = fields_from_phi(parse_json(phi.dump()).value());
  REQUIRE(back.size() == d.fields.size());
  for (const auto &f : d.fields) {
    CAPTURE(f.name);
    auto it = std::find_if(back.begin(), back.end(),
                           [&](const ExtractedField &b) { return b.name == f.name; });
    REQUIRE(it != back.end());
    CHECK(it->value == f.value);
    CHECK(it->normalized == f.normalized);
    CHECK(it->status == f.status);
    CHECK(it->reasons == f.reasons);
    CHECK(it->fixes == f.fixes);
    CHECK(it->confidence == doctest::Approx(f.confidence).epsilon(0.001));
    CHECK(it->page == f.page);
    CHECK(it->source == f.source);
    CHECK(it->box.has_value() == f.box.has_value());
    if (f.box && it->box) {
      CHECK(it->box->x0 == doctest::Approx(f.box->x0).epsilon(0.01));
      CHECK(it->box->y1 == doctest::Approx(f.box->y1).epsilon(0.01));
    }
  }
  CHECK(test::reason_of([] {
          fields_from_phi(Json{{"dob", {{"value", "x"}}}});
        }) == Reason::compartment_malformed);
  CHECK(test::reason_of([] {
          fields_from_phi(Json{{"dob", 3}});
        }) == Reason::compartment_malformed);
}

TEST_CASE("ops.extract carries statuses and reason codes, never a value") {
  Referral referral;
  referral.npi = "1234567890";
  NoImages marks;
  auto d = read_document("referral", {referral.page()}, marks);
  Json ops = fields_to_ops(d);
  CHECK(ops["status"] == "needs_review");
  CHECK(ops["reasons"] == Json::array({reason::npi_check_digit}));
  CHECK(ops["fields"]["patient_name"]["status"] == "accepted");
  CHECK(ops["fields"]["patient_name"]["source"] == "text_layer");
  CHECK(ops["fields"]["patient_name"]["page"] == 2);
  CHECK(ops["fields"]["provider_npi"]["reasons"] == Json::array({reason::npi_check_digit}));
  for (const auto &[name, f] : ops["fields"].items()) {
    CAPTURE(name);
    CHECK_FALSE(f.contains("value"));
    CHECK_FALSE(f.contains("normalized"));
    CHECK_FALSE(f.contains("box"));
  }
  std::string text = ops.dump();
  for (const char *value : {canary_surname, "Jane", "54066404", "1980", "5552345678", "234-5678",
                            "Alan", "Smith", "1234567890", "2024-05-01", "05/01/2024"})
    CHECK_MESSAGE(text.find(value) == std::string::npos, value);
}

TEST_CASE("apply_gates re-checks a reviewer's typed correction by the same rules") {
  Referral referral;
  referral.dob = "06/01/2024";
  NoImages marks;
  auto d = read_document("referral", {referral.page()}, marks);
  REQUIRE(d.status == "needs_review");

  auto retype = [&](const std::string &typed) {
    auto parsed = parse_typed_value(FieldKind::date, typed, builtin_extract_rules(), today);
    REQUIRE(parsed.ok);
    for (auto &f : d.fields)
      if (f.name == "dob") {
        f.value = typed;
        f.normalized = parsed.normalized;
        f.reasons = parsed.reasons;
      }
    apply_gates(d.fields, "referral", builtin_extract_rules(), today);
    settle_status(d);
  };
  retype("06/02/2024"); // still after the date of service
  CHECK(field(d, "dob")->reasons == std::vector<std::string>{reason::dob_after_service});
  CHECK(d.status == "needs_review");
  retype("03/15/1980");
  CHECK(field(d, "dob")->reasons.empty());
  CHECK(field(d, "dob")->status == "accepted");
  CHECK(d.status == "accepted");
  CHECK(d.reasons.empty());
}

TEST_CASE("apply_gates: every gate, on normalized values") {
  auto typed = [](const std::string &name, const std::string &normalized) {
    ExtractedField f;
    f.name = name;
    f.value = normalized;
    f.normalized = normalized;
    return f;
  };
  auto reasons_of = [](const std::vector<ExtractedField> &fields, const std::string &name) {
    for (const auto &f : fields)
      if (f.name == name)
        return f.reasons;
    return std::vector<std::string>{"<no field>"};
  };
  const auto &rules = builtin_extract_rules();
  using Reasons = std::vector<std::string>;

  std::vector<ExtractedField> future{typed("dob", "2027-01-01"),
                                     typed("date_of_service", "2027-02-01"),
                                     typed("signature_date", "2027-03-01")};
  apply_gates(future, "referral", rules, today);
  CHECK(reasons_of(future, "dob") == Reasons{reason::dob_in_future});
  CHECK(reasons_of(future, "date_of_service") == Reasons{reason::date_in_future});
  CHECK(reasons_of(future, "signature_date") == Reasons{reason::date_in_future});

  std::vector<ExtractedField> old{typed("dob", "1900-01-01")};
  apply_gates(old, "referral", rules, today);
  CHECK(reasons_of(old, "dob") == Reasons{reason::age_over_limit});

  std::vector<ExtractedField> early{typed("date_of_service", "2024-05-01"),
                                    typed("signature_date", "2024-04-30")};
  apply_gates(early, "referral", rules, today);
  CHECK(reasons_of(early, "signature_date").empty()); // only consent and roi_request
  apply_gates(early, "consent", rules, today);
  CHECK(reasons_of(early, "signature_date") == Reasons{reason::signature_before_form_date});
  apply_gates(early, "consent", rules, today); // a reason is added once
  CHECK(reasons_of(early, "signature_date") == Reasons{reason::signature_before_form_date});

  std::vector<ExtractedField> shapes{
      typed("provider_npi", "1234567890"),  typed("mrn", "A12"),
      typed("patient_phone", "5551234567"), typed("date_of_service", "2023-02-30"),
      typed("document_type", "referral"),   typed("signature_status", "signed")};
  apply_gates(shapes, "referral", rules, today);
  CHECK(reasons_of(shapes, "provider_npi") == Reasons{reason::npi_check_digit});
  CHECK(reasons_of(shapes, "mrn") == Reasons{reason::mrn_shape});
  CHECK(reasons_of(shapes, "patient_phone") == Reasons{reason::phone_invalid});
  CHECK(reasons_of(shapes, "date_of_service") == Reasons{reason::impossible_date});
  CHECK(reasons_of(shapes, "document_type").empty());
  CHECK(reasons_of(shapes, "signature_status").empty());

  std::vector<ExtractedField> good{typed("provider_npi", "1234567893"), typed("mrn", "54066404"),
                                   typed("patient_phone", "5552345678"), typed("dob", "1980-03-15"),
                                   typed("date_of_service", "2024-05-01")};
  apply_gates(good, "referral", rules, today);
  for (const auto &f : good)
    CHECK(f.reasons.empty());
}

TEST_CASE("settle_status: a field with reasons needs review, and so does its document") {
  DocumentFields d;
  ExtractedField a, b;
  a.name = "dob";
  b.name = "mrn";
  b.reasons = {reason::below_confidence, reason::mrn_shape};
  d.fields = {a, b};
  settle_status(d);
  CHECK(d.fields[0].status == "accepted");
  CHECK(d.fields[1].status == "needs_review");
  CHECK(d.status == "needs_review");
  CHECK(d.reasons == std::vector<std::string>{reason::below_confidence, reason::mrn_shape});
  d.fields[1].reasons.clear();
  d.missing = {"patient_name"};
  settle_status(d);
  CHECK(d.fields[1].status == "accepted");
  CHECK(d.reasons == std::vector<std::string>{reason::missing_required});
  d.missing.clear();
  settle_status(d);
  CHECK(d.status == "accepted");
}
