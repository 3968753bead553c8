#include "extract/person_name.hpp"

#include <doctest/doctest.h>

using namespace mi::extract;
using Fixes = std::vector<std::string>;

namespace {
std::optional<std::string> normalized(std::string_view text) {
  auto name = normalize_person_name(text);
  if (!name)
    return std::nullopt;
  return name->normalized;
}
} // namespace

TEST_CASE("last, first is reordered to given names first") {
  auto name = normalize_person_name("DOE, JANE A");
  REQUIRE(name);
  CHECK(name->normalized == "Jane A Doe");
  CHECK(name->fixes == Fixes{"last_first_reordered", "case_normalized"});
  CHECK(normalized("Doe, Jane") == "Jane Doe");
  CHECK(normalized("Doe , Jane A.") == "Jane A Doe");
  CHECK(normalized("Smith-Jones, Mary Ann") == "Mary Ann Smith-Jones");
}

TEST_CASE("the same person normalizes to the same text from every form") {
  for (auto text :
       {"DOE, JANE A", "Jane A Doe", "JANE A. DOE", "jane a doe", "Doe, Jane A.",
        "Dr. Jane A. Doe, MD", "Ms. Jane A Doe", "  Jane   A\n Doe ;", "Doe, Jane A, MD"}) {
    CAPTURE(text);
    CHECK(normalized(text) == "Jane A Doe");
  }
}

TEST_CASE("titles and credentials are removed and recorded") {
  auto name = normalize_person_name("Dr. Fenwick Voskumski, MD");
  REQUIRE(name);
  CHECK(name->normalized == "Fenwick Voskumski");
  CHECK(name->fixes == Fixes{"title_removed", "credential_removed"});

  CHECK(normalized("Fenwick Voskumski MD") == "Fenwick Voskumski");
  CHECK(normalized("Fenwick Voskumski M.D.") == "Fenwick Voskumski");
  CHECK(normalized("Fenwick Voskumski, M.D., F.A.C.P.") == "Fenwick Voskumski");
  CHECK(normalized("Mary Smith, PA-C") == "Mary Smith");
  CHECK(normalized("Mary Smith RN BSN") == "Mary Smith");
  CHECK(normalized("Mary Smith, PhD") == "Mary Smith");
  CHECK(normalized("Mary Smith Ph.D.") == "Mary Smith");
  CHECK(normalized("Mary Smith, DPM") == "Mary Smith");
  CHECK(normalized("Mary Smith MBBS") == "Mary Smith");
  CHECK(normalized("Mary Smith, FNP, APRN") == "Mary Smith");
  CHECK(normalized("Mary Smith DDS") == "Mary Smith");
  CHECK(normalized("Prof Mary Smith") == "Mary Smith");
  CHECK(normalized("Mrs. Mary Smith") == "Mary Smith");
  CHECK(normalized("Miss Mary Smith") == "Mary Smith");
  CHECK(normalized("Mr John Smith") == "John Smith");
  CHECK(normalized("Smith, Dr. Mary") == "Mary Smith");

  auto only_title = normalize_person_name("Dr. Mary Smith");
  REQUIRE(only_title);
  CHECK(only_title->fixes == Fixes{"title_removed"});
}

TEST_CASE("credentials that are also surnames are removed only after a comma") {
  CHECK(normalized("Jane Doe, DO") == "Jane Doe");
  CHECK(normalized("Jane Doe, D.O.") == "Jane Doe");
  CHECK(normalized("Jane Doe, PA") == "Jane Doe");
  CHECK(normalized("Jane Doe, MD, DO") == "Jane Doe");
  CHECK(normalized("Jane Do") == "Jane Do");
  CHECK(normalized("Jane A Do") == "Jane A Do");
  CHECK(normalized("Wei Ma") == "Wei Ma");
  CHECK(normalized("DO, JANE A") == "Jane A Do"); // the first comma part is the surname
  CHECK(normalized("Ma, Wei") == "Wei Ma");
}

TEST_CASE("generational suffixes are kept at the end") {
  CHECK(normalized("John Smith Jr.") == "John Smith Jr");
  CHECK(normalized("John Smith, Jr.") == "John Smith Jr");
  CHECK(normalized("SMITH JR, JOHN") == "John Smith Jr");
  CHECK(normalized("Smith, John III") == "John Smith III");
  CHECK(normalized("john smith iv") == "John Smith IV");
  CHECK(normalized("Dr. John Smith Sr., MD") == "John Smith Sr");
  CHECK(normalized("JOHN SMITH II") == "John Smith II");
  CHECK_FALSE(normalized("Smith Jr")); // a suffix is not a name word
}

TEST_CASE("words in one case are title-cased; mixed case is kept as written") {
  CHECK(normalized("JANE DOE") == "Jane Doe");
  CHECK(normalized("jane doe") == "Jane Doe");
  CHECK(normalized("jane o'brien-smith") == "Jane O'Brien-Smith");
  CHECK(normalized("JANE D'ANGELO") == "Jane D'Angelo");
  CHECK(normalized("Ronald McDonald") == "Ronald McDonald");
  CHECK(normalized("RONALD MCDONALD") == "Ronald McDonald");
  CHECK(normalized("ronald mcdonald") == "Ronald McDonald");
  CHECK(normalized("Ron DeSantis") == "Ron DeSantis");
  CHECK(normalized("LEE MACY") == "Lee Macy"); // Mac is not Mc
  CHECK(normalized("JOSÉ NÚÑEZ") == "José Núñez");
  CHECK(normalized("josé núñez") == "José Núñez");
  CHECK(normalized("ANNE O\xE2\x80\x99NEILL") == "Anne O\xE2\x80\x99Neill"); // ’

  auto kept = normalize_person_name("Jane McDonald");
  REQUIRE(kept);
  CHECK(kept->fixes.empty());
}

TEST_CASE("whitespace, end punctuation and initials' periods are normalized silently") {
  auto name = normalize_person_name("  \"Jane   A.  Doe\"  ");
  REQUIRE(name);
  CHECK(name->normalized == "Jane A Doe");
  CHECK(name->fixes.empty());
  CHECK(normalized("J.R.R. Tolkien") == "J R R Tolkien");
  CHECK(normalized("Jane\tDoe\r\n") == "Jane Doe");
}

TEST_CASE("fewer than 2 or more than 5 name words is not a plausible name") {
  CHECK_FALSE(normalized(""));
  CHECK_FALSE(normalized("   "));
  CHECK_FALSE(normalized("Cher"));
  CHECK_FALSE(normalized("Dr. Smith"));
  CHECK_FALSE(normalized("Smith, MD"));
  CHECK_FALSE(normalized("MD"));
  CHECK(normalized("Maria de la Cruz Garcia") == "Maria De La Cruz Garcia");
  CHECK(normalized("Maria Luisa de la Cruz") == "Maria Luisa De La Cruz");
  CHECK_FALSE(normalized("Maria Luisa de la Cruz Garcia"));
  CHECK(normalized("Maria Luisa de la Cruz Jr") == "Maria Luisa De La Cruz Jr");
}

TEST_CASE("digits, other characters and form words are not names") {
  CHECK_FALSE(normalized("J0hn Smith"));
  CHECK_FALSE(normalized("John Smith 3"));
  CHECK_FALSE(normalized("John Smith 01/05/1980"));
  CHECK_FALSE(normalized("John/Smith Doe"));
  CHECK_FALSE(normalized("John @ Smith"));
  CHECK_FALSE(normalized("John - Smith"));
  CHECK_FALSE(normalized("St.John Smith"));
  CHECK_FALSE(normalized("Patient Name"));
  CHECK_FALSE(normalized("Patient: Jane Doe"));
  CHECK_FALSE(normalized("Jane Doe Signature"));
  CHECK_FALSE(normalized("Print Name"));
  CHECK_FALSE(normalized("DATE OF BIRTH"));
  CHECK_FALSE(normalized("First Last"));
  CHECK_FALSE(normalized("Jane and John Doe"));
  CHECK_FALSE(normalized("UNKNOWN PATIENT"));
}

TEST_CASE("more than two comma parts naming someone is ambiguous") {
  CHECK_FALSE(normalized("Doe, Jane, Ann"));
  CHECK_FALSE(normalized("Doe, Jane, Smith, John"));
  CHECK(normalized("Doe, Jane, MD") == "Jane Doe");
}
