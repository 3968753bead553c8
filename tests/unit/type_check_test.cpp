#include "extract/type_check.hpp"

#include "extract_support.hpp"
#include "test_support.hpp"

using namespace mi;
using namespace mi::extract;

namespace {

// One page, a row of text every 14 points.
ocr::PageText ocr_page(const std::vector<std::string> &rows, ocr::TextSource source) {
  test::PageBuilder b(source, 2);
  double y = 50;
  for (const auto &row : rows) {
    b.put(54, y, row, 0.9);
    y += 14;
  }
  return b.page;
}

const split::SplitRules &rules() {
  static const split::SplitRules r = split::split_rules_from_policy(Policy::builtin());
  return r;
}

const std::vector<std::string> referral_under_lab_letterhead = {"MARROWSTONE CLINICAL LABORATORY",
                                                                "1115 Thistle Ln Clearwater Bay",
                                                                "Outpatient Referral Form",
                                                                "Name of Patient Date of Birth",
                                                                "Urgency Routine Urgent",
                                                                "Clinical Indication",
                                                                "ICD-10: E11.65",
                                                                "Please see the attached referral"};

} // namespace

TEST_CASE("an OCR-typed page whose full text names another document type is revised") {
  auto page = ocr_page(referral_under_lab_letterhead, ocr::TextSource::ocr);
  Json info = Json::array({{{"page", 2}, {"class_source", "header_ocr"}}});
  auto revised = revised_document_type({page}, "lab_result", info, rules());
  REQUIRE(revised);
  CHECK(*revised == "referral");
  // The same type: nothing to revise.
  CHECK_FALSE(revised_document_type({page}, "referral", info, rules()));
}

TEST_CASE("a page typed from its text layer, or with no title in its full text, is not revised") {
  auto page = ocr_page(referral_under_lab_letterhead, ocr::TextSource::ocr);
  Json from_text = Json::array({{{"page", 2}, {"class_source", "text_layer"}}});
  CHECK_FALSE(revised_document_type({page}, "lab_result", from_text, rules()));
  auto born_digital = ocr_page(referral_under_lab_letterhead, ocr::TextSource::text_layer);
  Json info = Json::array({{{"page", 2}, {"class_source", "header_ocr"}}});
  CHECK_FALSE(revised_document_type({born_digital}, "lab_result", info, rules()));
  auto untitled =
      ocr_page({"Some clinic", "notes about nothing in particular"}, ocr::TextSource::ocr);
  CHECK_FALSE(revised_document_type({untitled}, "lab_result", info, rules()));
  CHECK_FALSE(revised_document_type({}, "lab_result", info, rules()));
  CHECK_FALSE(revised_document_type({page}, "lab_result", Json::array(), rules()));
}

TEST_CASE("page_reading_text gives a line per row in reading order") {
  auto page = ocr_page({"first row", "second row"}, ocr::TextSource::ocr);
  CHECK(page_reading_text(page) == "first row\nsecond row\n");
}
