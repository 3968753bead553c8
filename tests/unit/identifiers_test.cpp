#include "extract/identifiers.hpp"

#include "test_support.hpp"

using namespace mi;
using namespace mi::extract;

TEST_CASE("an NPI is 10 digits with the Luhn check digit over 80840 and the first 9") {
  CHECK(npi_is_valid("1234567893")); // the example in the CMS check-digit note
  CHECK(npi_is_valid("1000000004"));
  CHECK(npi_is_valid("1987654328"));
  CHECK(npi_is_valid("2999999990")); // check digit 0
  CHECK_FALSE(npi_is_valid("1234567890"));
  for (char last = '0'; last <= '9'; ++last)
    if (last != '3')
      CHECK_FALSE(npi_is_valid(std::string("123456789") + last));
}

TEST_CASE("an NPI with a misread digit or a transposition fails the check") {
  CHECK_FALSE(npi_is_valid("1234567883")); // one digit changed
  CHECK_FALSE(npi_is_valid("2134567893")); // adjacent digits swapped
  CHECK_FALSE(npi_is_valid("1243567893"));
}

TEST_CASE("an NPI must be exactly 10 ASCII digits") {
  CHECK_FALSE(npi_is_valid(""));
  CHECK_FALSE(npi_is_valid("123456789"));       // 9
  CHECK_FALSE(npi_is_valid("12345678930"));     // 11
  CHECK_FALSE(npi_is_valid("808401234567893")); // the prefix is implied, never written
  CHECK_FALSE(npi_is_valid("123456789O"));
  CHECK_FALSE(npi_is_valid("12345 67893"));
  CHECK_FALSE(npi_is_valid(" 1234567893"));
  CHECK_FALSE(npi_is_valid("1234567893\n"));
  CHECK_FALSE(npi_is_valid("-234567893"));
}

TEST_CASE("digits_only keeps ASCII digits in order") {
  CHECK(digits_only("(555) 234-5678") == "5552345678");
  CHECK(digits_only("MRN-00123") == "00123");
  CHECK(digits_only("") == "");
  CHECK(digits_only("none") == "");
  CHECK(digits_only("\xd9\xa3 3") == "3"); // an Arabic-Indic digit is not an ASCII digit
}

TEST_CASE("NANP phone numbers in their usual written forms") {
  CHECK(nanp_phone("(555) 234-5678") == "5552345678");
  CHECK(nanp_phone("555-234-5678") == "5552345678");
  CHECK(nanp_phone("555.234.5678") == "5552345678");
  CHECK(nanp_phone("555 234 5678") == "5552345678");
  CHECK(nanp_phone("5552345678") == "5552345678");
  CHECK(nanp_phone("1-555-234-5678") == "5552345678");
  CHECK(nanp_phone("1 (555) 234-5678") == "5552345678");
  CHECK(nanp_phone("+1 555 234 5678") == "5552345678");
  CHECK(nanp_phone("+15552345678") == "5552345678");
  CHECK(nanp_phone("  (212) 555-0100 ") == "2125550100");
  CHECK(nanp_phone("(999) 999-9999") == "9999999999");
}

TEST_CASE("NANP area code and exchange start with 2-9") {
  CHECK_FALSE(nanp_phone("(055) 234-5678"));
  CHECK_FALSE(nanp_phone("(155) 234-5678"));
  CHECK_FALSE(nanp_phone("(555) 034-5678"));
  CHECK_FALSE(nanp_phone("(555) 134-5678"));
  CHECK(nanp_phone("(255) 234-5678"));
  CHECK(nanp_phone("(555) 200-0000"));
}

TEST_CASE("N11 service codes are neither area codes nor exchanges") {
  for (auto area : {"211", "311", "411", "511", "611", "711", "811", "911"}) {
    CAPTURE(area);
    CHECK_FALSE(nanp_phone(std::string(area) + "2345678"));
    CHECK_FALSE(nanp_phone(std::string("555") + area + "5678"));
  }
  CHECK_FALSE(nanp_phone("911"));
  CHECK(nanp_phone("(912) 234-5678"));
  CHECK(nanp_phone("(555) 910-5678"));
  CHECK_FALSE(nanp_phone("(555) 121-5678")); // exchange starts with 1
}

TEST_CASE("NANP refuses wrong lengths, other characters and other country codes") {
  CHECK_FALSE(nanp_phone(""));
  CHECK_FALSE(nanp_phone("234-5678"));           // 7 digits: no area code
  CHECK_FALSE(nanp_phone("555-234-567"));        // 9
  CHECK_FALSE(nanp_phone("555-234-56789"));      // 11 not starting with 1
  CHECK_FALSE(nanp_phone("2-555-234-5678"));     // 11 with another leading digit
  CHECK_FALSE(nanp_phone("11-555-234-5678"));    // 12
  CHECK_FALSE(nanp_phone("+44 555 234 5678"));   // another country
  CHECK_FALSE(nanp_phone("+5552345678"));        // + without the 1
  CHECK_FALSE(nanp_phone("1+5552345678"));       // + not first
  CHECK_FALSE(nanp_phone("+1 +1 555 234 5678")); // two
  CHECK_FALSE(nanp_phone("555-234-5678 x123"));  // an extension is cut off by the caller
  CHECK_FALSE(nanp_phone("555-234-567O"));       // OCR letters are repaired elsewhere
  CHECK_FALSE(nanp_phone("555/234/5678"));
  CHECK_FALSE(nanp_phone("Tel: 555-234-5678"));
}

TEST_CASE("ShapePattern matches the whole value only") {
  ShapePattern pattern("MRN-?\\d{6,8}");
  CHECK(pattern.source() == "MRN-?\\d{6,8}");
  CHECK(pattern.matches("MRN-00123456"));
  CHECK(pattern.matches("MRN123456"));
  CHECK_FALSE(pattern.matches("MRN-12345"));
  CHECK_FALSE(pattern.matches("MRN-001234567"));
  CHECK_FALSE(pattern.matches("xMRN-00123456"));
  CHECK_FALSE(pattern.matches("MRN-00123456 "));
  CHECK_FALSE(pattern.matches(""));

  ShapePattern digits("\\d{8}");
  CHECK(digits.matches("00123456"));
  CHECK_FALSE(digits.matches("1001234567")); // 8 digits inside a longer number
}

TEST_CASE("ShapePattern matches string_views that are not NUL-terminated") {
  ShapePattern pattern("[A-Z]{2}\\d{4}");
  std::string_view text = "AB1234567";
  CHECK(pattern.matches(text.substr(0, 6)));
  CHECK_FALSE(pattern.matches(text.substr(0, 7)));
}

TEST_CASE("ShapePattern refuses very long values instead of risking the matcher's stack") {
  ShapePattern pattern("(a|b)*");
  CHECK(pattern.matches(std::string(ShapePattern::max_value_length, 'a')));
  CHECK_FALSE(pattern.matches(std::string(ShapePattern::max_value_length + 1, 'a')));
  CHECK_FALSE(pattern.matches(std::string(100000, 'a')));
}

TEST_CASE("a bad shape pattern is a policy error with no pattern text in it") {
  for (auto bad : {"(", "[a-", "a{2,1}", "*a", "\\", ""}) {
    CAPTURE(bad);
    CHECK(test::reason_of([&] { ShapePattern pattern(bad); }) == Reason::policy_invalid);
  }
  try {
    ShapePattern pattern("MRN(SECRET");
    FAIL("expected an error");
  } catch (const Error &error) {
    CHECK(error.reason() == Reason::policy_invalid);
    CHECK(std::string(error.what()).find("SECRET") == std::string::npos);
  }
}

TEST_CASE("a ShapePattern can be copied and used from const references") {
  ShapePattern original("\\d{3}");
  ShapePattern copy = original;
  const ShapePattern &view = copy;
  CHECK(view.matches("123"));
  CHECK(view.source() == "\\d{3}");
}
