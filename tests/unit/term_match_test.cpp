#include "redact/term_match.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace mi::redact;

namespace {

bool found(std::string_view text, std::string_view value) {
  return TextIndex(text).contains(make_term("patient_name", value));
}

bool found_fuzzy(std::string_view text, std::string_view value) {
  return TextIndex(text).contains_fuzzy(make_term("patient_name", value));
}

} // namespace

TEST_CASE("tokens are lowercased runs of letters and digits") {
  CHECK(text_tokens("WOBBEHOLL, Marta (MRN 0412)") ==
        std::vector<std::string>{"wobbeholl", "marta", "mrn", "0412"});
  CHECK(text_tokens(" -- ,;").empty());
  // Latin-1 capitals fold; UTF-8 punctuation separates; stray bytes (raw PDF data) separate.
  CHECK(text_tokens("M\xC3\x9CLLER\xE2\x80\x94Jos\xC3\xA9") ==
        std::vector<std::string>{"m\xC3\xBCller", "jos\xC3\xA9"});
  CHECK(text_tokens("\xFE\xFFTarkithmont\x93") == std::vector<std::string>{"tarkithmont"});
}

TEST_CASE("a term knows its kind, tokens and digits form") {
  auto phone = make_term("phone", "(503) 555-0117");
  CHECK(phone.kind == "phone");
  CHECK(phone.tokens == std::vector<std::string>{"503", "555", "0117"});
  CHECK(phone.digits == "5035550117");
  // Fewer than six digits: no digits form.
  CHECK(make_term("zip", "97201").digits.empty());
  CHECK(make_term("patient_name", "Marta").digits.empty());
}

TEST_CASE("matching ignores case and punctuation, and crosses line breaks") {
  CHECK(found("Patient: WOBBEHOLL, Marta", "wobbeholl marta"));
  CHECK(found("wobbeholl marta", "WOBBEHOLL, Marta"));
  CHECK(found("Name: Wobbeholl,\nMarta  DOB", "Wobbeholl Marta"));
  CHECK_FALSE(found("Marta Wobbeholl", "Wobbeholl Marta"));
  CHECK(found("Herr M\xC3\x9CLLER", "M\xC3\xBCller"));
}

TEST_CASE("a term never matches inside a longer word") {
  CHECK_FALSE(found("Annual report", "Ann"));
  CHECK_FALSE(found("Joanna", "Ann"));
  CHECK(found("Dear Ann.", "Ann"));
  // The digits form errs towards finding: a number inside a longer one counts.
  CHECK(found("MRN 941967501", "94196750"));
}

TEST_CASE("digits match across separators within a line, not across lines") {
  CHECK(found("Phone 5035550117", "(503) 555-0117"));
  CHECK(found("call (503) 555-0117 today", "5035550117"));
  CHECK(found("DOB 03/14/1961", "03-14-1961"));
  CHECK(found("MRN 941 967 50", "94196750"));
  CHECK_FALSE(found("Phone 503-555\n0117", "5035550117"));
  CHECK_FALSE(found("503 555\r0117", "5035550117"));
  // Below six digits there is no digits form: "12 345" is not "12345".
  CHECK_FALSE(found("code 12 345", "12345"));
  // add() starts a new line.
  TextIndex index("Phone 503-555");
  index.add("0117");
  CHECK_FALSE(index.contains(make_term("phone", "5035550117")));
  index.add("tel 5035550117");
  CHECK(index.contains(make_term("phone", "5035550117")));
}

TEST_CASE("fuzzy matching allows OCR edits by token length") {
  // Below 5 characters: exact only.
  CHECK_FALSE(found_fuzzy("Ann Wobbeholl", "Anm"));
  CHECK(found_fuzzy("Ann", "Ann"));
  // From 5: one edit (a swap of neighbours counts one).
  CHECK(found_fuzzy("Marfa", "Marta"));
  CHECK(found_fuzzy("Mrata", "Marta"));
  CHECK_FALSE(found_fuzzy("Mafra", "Marta"));
  CHECK(found_fuzzy("Wobbehol1", "Wobbeholl"));
  CHECK_FALSE(found_fuzzy("Wobbeho11", "Wobbeholl"));
  // From 10: two edits, not three.
  CHECK(found_fuzzy("Tarkithmont", "Tarkithmont"));
  CHECK(found_fuzzy("Tarklthmonl", "Tarkithmont"));
  CHECK_FALSE(found_fuzzy("Tarklthrnont", "Tarkithmont")); // "rn" for "m" costs two
  // Every token of the term must match, in order.
  CHECK(found_fuzzy("EVANDER B. TARKITHM0NT", "Evander B Tarkithmont"));
  CHECK_FALSE(found_fuzzy("Evander C. Tarkithmont", "Evander B Tarkithmont"));
  // Exact matching stays exact.
  CHECK_FALSE(found("Marfa", "Marta"));
}

TEST_CASE("fuzzy digits allow one edit from seven digits") {
  // Six digits: exact only, in tokens and digits form.
  CHECK_FALSE(found_fuzzy("ID 123457", "123456"));
  CHECK(found_fuzzy("ID 123456", "123456"));
  // Seven and more: one wrong, missing or extra digit, never two.
  CHECK(found_fuzzy("ID 1234568", "1234567"));
  CHECK(found_fuzzy("MRN 94196759", "94196750"));
  CHECK(found_fuzzy("MRN 9419675O", "94196750")); // letter O for zero
  CHECK(found_fuzzy("Phone (503) 555-017", "5035550117"));
  CHECK(found_fuzzy("Phone (503) 5555-0117", "5035550117"));
  CHECK_FALSE(found_fuzzy("MRN 94196859", "94196750"));
  CHECK_FALSE(found_fuzzy("NPI 1078760000", "1078760554"));
  // Still within one line.
  CHECK_FALSE(found_fuzzy("Phone 503 555\n0117", "5035550117"));
}

TEST_CASE("an empty term never matches") {
  auto empty = make_term("patient_name", " -- / ");
  CHECK(empty.tokens.empty());
  CHECK(empty.digits.empty());
  for (std::string_view text : {"", " ", "-- /", "anything at all 123456"}) {
    CHECK_FALSE(TextIndex(text).contains(empty));
    CHECK_FALSE(TextIndex(text).contains_fuzzy(empty));
  }
  CHECK_FALSE(TextIndex().contains(make_term("patient_name", "Marta")));
}
