#include "extract/ocr_repair.hpp"

#include "extract/civil_date.hpp"
#include "extract/identifiers.hpp"

#include <doctest/doctest.h>

using namespace mi::extract;
using Fixes = std::vector<std::string>;

TEST_CASE("a clean digit field comes back unchanged with no fixes") {
  auto repaired = repair_digit_field("1234567893", 10, 10);
  REQUIRE(repaired);
  CHECK(repaired->text == "1234567893");
  CHECK(repaired->fixes.empty());
  CHECK(repair_digit_field("  1234567893\t", 10, 10)->fixes.empty());
}

TEST_CASE("spaces, hyphens and dots inside a digit run are joined") {
  auto repaired = repair_digit_field("12345 67893", 10, 10);
  REQUIRE(repaired);
  CHECK(repaired->text == "1234567893");
  CHECK(repaired->fixes == Fixes{"joined_digit_run"});
  CHECK(repair_digit_field("555-234-5678", 10, 10)->text == "5552345678");
  CHECK(repair_digit_field("555.234.5678", 10, 10)->text == "5552345678");
  CHECK(repair_digit_field("1 2 3 4 5 6 7 8 9 3", 10, 10)->text == "1234567893");
  CHECK(repair_digit_field("555 - 234 - 5678", 10, 10)->fixes == Fixes{"joined_digit_run"});
}

TEST_CASE("separators at either end are not inside a run") {
  CHECK_FALSE(repair_digit_field("-1234567893", 10, 10));
  CHECK_FALSE(repair_digit_field("1234567893-", 10, 10));
  CHECK_FALSE(repair_digit_field("1234567893.", 10, 10));
  CHECK_FALSE(repair_digit_field(".1234567893", 10, 10));
}

TEST_CASE("each confusable letter maps to its digit and is recorded by name") {
  struct Case {
    const char *text;
    const char *digits;
    const char *fix;
  };
  for (const Case &c :
       {Case{"12345678O3", "1234567803", "O_as_0"}, Case{"12345678o3", "1234567803", "o_as_0"},
        Case{"12345678D3", "1234567803", "D_as_0"}, Case{"12345678Q3", "1234567803", "Q_as_0"},
        Case{"I234567893", "1234567893", "I_as_1"}, Case{"l234567893", "1234567893", "l_as_1"},
        Case{"i234567893", "1234567893", "i_as_1"}, Case{"|234567893", "1234567893", "pipe_as_1"},
        Case{"!234567893", "1234567893", "exclamation_as_1"},
        Case{"1Z34567893", "1234567893", "Z_as_2"}, Case{"1z34567893", "1234567893", "z_as_2"},
        Case{"1234S67893", "1234567893", "S_as_5"}, Case{"1234s67893", "1234567893", "s_as_5"},
        Case{"12345G7893", "1234567893", "G_as_6"}, Case{"1234567B93", "1234567893", "B_as_8"}}) {
    CAPTURE(c.text);
    auto repaired = repair_digit_field(c.text, 10, 10);
    REQUIRE(repaired);
    CHECK(repaired->text == c.digits);
    CHECK(repaired->fixes == Fixes{c.fix});
  }
}

TEST_CASE("a repaired NPI can then pass its check digit") {
  auto repaired = repair_digit_field("l23456 789S", 10, 10);
  REQUIRE(repaired);
  CHECK(repaired->text == "1234567895");
  CHECK(repaired->fixes == Fixes{"l_as_1", "joined_digit_run", "S_as_5"});
  CHECK_FALSE(npi_is_valid(repaired->text)); // the check digit still guards the guess
  CHECK_FALSE(repair_digit_field("I23456789\xd0\x97", 10, 10)); // a Cyrillic Ze is no confusion
  CHECK_FALSE(repair_digit_field("l2345678g3", 10, 10));        // g is not mapped
  auto valid = repair_digit_field("l23456789 3", 10, 10);
  REQUIRE(valid);
  CHECK(npi_is_valid(valid->text));
}

TEST_CASE("each fix code is recorded once, in the order first needed") {
  auto repaired = repair_digit_field("1O234 5O78 9", 10, 10);
  REQUIRE(repaired);
  CHECK(repaired->text == "1023450789");
  CHECK(repaired->fixes == Fixes{"O_as_0", "joined_digit_run"});
}

TEST_CASE("letters must stay a minority: at most 2 and at most a third") {
  CHECK(repair_digit_field("1O34567O93", 10, 10));       // 2 of 10
  CHECK_FALSE(repair_digit_field("1O34567O9O", 10, 10)); // 3 of 10
  CHECK(repair_digit_field("1O3", 3, 3));                // 1 of 3
  CHECK(repair_digit_field("OO3456", 6, 6));             // 2 of 6 is a third
  CHECK_FALSE(repair_digit_field("OO345", 5, 5));        // 2 of 5 is more than a third
  CHECK_FALSE(repair_digit_field("O1", 2, 2));           // 1 of 2
  CHECK_FALSE(repair_digit_field("SOS", 3, 3));
  CHECK_FALSE(repair_digit_field("O", 1, 1));
}

TEST_CASE("letters that are not confusions, and other characters, refuse the repair") {
  CHECK_FALSE(repair_digit_field("12345678T3", 10, 10)); // T: 7 or 1 depending on the font
  CHECK_FALSE(repair_digit_field("12345678b3", 10, 10));
  CHECK_FALSE(repair_digit_field("12345678A3", 10, 10));
  CHECK_FALSE(repair_digit_field("12345678E3", 10, 10));
  CHECK_FALSE(repair_digit_field("(555)2345678", 10, 10));
  CHECK_FALSE(repair_digit_field("12345/67893", 10, 10));
  CHECK_FALSE(repair_digit_field("12345,67893", 10, 10));
  CHECK_FALSE(repair_digit_field("MRN 12345678", 8, 8));
}

TEST_CASE("the length must fall in the allowed range, bounds included") {
  CHECK(repair_digit_field("1234567", 7, 10));
  CHECK(repair_digit_field("1234567890", 7, 10));
  CHECK_FALSE(repair_digit_field("123456", 7, 10));
  CHECK_FALSE(repair_digit_field("12345678901", 7, 10));
  // Joining must not make two numbers into one that fits by accident.
  CHECK_FALSE(repair_digit_field("12345 678901", 10, 10));
  CHECK_FALSE(repair_digit_field("", 0, 10));
  CHECK_FALSE(repair_digit_field("   ", 0, 10));
}

TEST_CASE("numeric dates: confusions inside digit groups, separators kept") {
  auto repaired = repair_numeric_date("O3/15/198O");
  REQUIRE(repaired);
  CHECK(repaired->text == "03/15/1980");
  CHECK(repaired->fixes == Fixes{"O_as_0"});

  repaired = repair_numeric_date("03-l5-1980");
  REQUIRE(repaired);
  CHECK(repaired->text == "03-15-1980");
  CHECK(repaired->fixes == Fixes{"l_as_1"});

  repaired = repair_numeric_date("O3.I5.1980");
  REQUIRE(repaired);
  CHECK(repaired->text == "03.15.1980");
  CHECK(repaired->fixes == Fixes{"O_as_0", "I_as_1"});

  CHECK(repair_numeric_date("1S8O-01-05")->text == "1580-01-05");
  CHECK(repair_numeric_date("Z/5/1980")->text == "2/5/1980");
  CHECK(repair_numeric_date("12/3l/1999")->text == "12/31/1999");
}

TEST_CASE("numeric dates: stray spaces next to separators and inside groups") {
  auto repaired = repair_numeric_date("03/ 15/1980");
  REQUIRE(repaired);
  CHECK(repaired->text == "03/15/1980");
  CHECK(repaired->fixes == Fixes{"spaced_separator"});

  repaired = repair_numeric_date("03 / 15 /1980");
  REQUIRE(repaired);
  CHECK(repaired->text == "03/15/1980");
  CHECK(repaired->fixes == Fixes{"spaced_separator"});

  repaired = repair_numeric_date("03/15/1 980");
  REQUIRE(repaired);
  CHECK(repaired->text == "03/15/1980");
  CHECK(repaired->fixes == Fixes{"joined_digit_run"});

  repaired = repair_numeric_date("0 3/1 5/19 80");
  REQUIRE(repaired);
  CHECK(repaired->text == "03/15/1980");
  CHECK(repaired->fixes == Fixes{"joined_digit_run"});

  repaired = repair_numeric_date("2O 24-02-29");
  REQUIRE(repaired);
  CHECK(repaired->text == "2024-02-29");
  CHECK(repaired->fixes == Fixes{"O_as_0", "joined_digit_run"});
}

TEST_CASE("a repaired date reads as a date") {
  CivilDate today{2025, 6, 15};
  for (auto text : {"O3/15/198O", "03/ 15/1980", "03/15/1 980", "03-l5-1980"}) {
    CAPTURE(text);
    auto repaired = repair_numeric_date(text);
    REQUIRE(repaired);
    CHECK_FALSE(read_us_date(text, today).date);
    CHECK(read_us_date(repaired->text, today).date == CivilDate{1980, 3, 15});
  }
}

TEST_CASE("a clean numeric date comes back with no fixes") {
  auto repaired = repair_numeric_date(" 03/15/1980 ");
  REQUIRE(repaired);
  CHECK(repaired->text == "03/15/1980");
  CHECK(repaired->fixes.empty());
  CHECK(repair_numeric_date("3/5/80")->fixes.empty());
}

TEST_CASE("a group joined from single digits keeps a month's or day's length") {
  auto repaired = repair_numeric_date("1 2/15/1980");
  REQUIRE(repaired);
  CHECK(repaired->text == "12/15/1980");
  CHECK_FALSE(repair_numeric_date("1 2 3/15/1980")); // three digits: no month
  CHECK(repair_numeric_date("03/15/20 24")->text == "03/15/2024");
  CHECK_FALSE(repair_numeric_date("03/15/24 12")); // "2412" is no year a form prints
}

TEST_CASE("numeric date repair leaves written dates and other text alone") {
  for (auto text : {"March 5, 1980", "5 Jan 1980", "05-Jan-1980", "Oct 5, 1980", "O5JAN198O",
                    "03/15/1980 10:30", "03/15/1980x", "03/15/1980T", "DOB 03/15/1980"}) {
    CAPTURE(text);
    CHECK_FALSE(repair_numeric_date(text));
  }
}

TEST_CASE("numeric date repair refuses shapes it cannot vouch for") {
  CHECK_FALSE(repair_numeric_date(""));
  CHECK_FALSE(repair_numeric_date("03151980"));    // no separators: which digits are which?
  CHECK_FALSE(repair_numeric_date("03l15l1980"));  // l as separator or as 1: ambiguous
  CHECK_FALSE(repair_numeric_date("03 15 1980"));  // spaces are not separators
  CHECK_FALSE(repair_numeric_date("03/15"));       // two groups
  CHECK_FALSE(repair_numeric_date("03/15/19/80")); // four groups
  CHECK_FALSE(repair_numeric_date("03//15/1980")); // empty group
  CHECK_FALSE(repair_numeric_date("/03/15/1980"));
  CHECK_FALSE(repair_numeric_date("03/15/1980/"));
  CHECK_FALSE(repair_numeric_date("03/15-1980"));  // mixed separators
  CHECK_FALSE(repair_numeric_date("003/15/1980")); // no date has these lengths
  CHECK_FALSE(repair_numeric_date("03/15/198"));
  CHECK_FALSE(repair_numeric_date("3/15/80 12")); // a date and an hour, not year 8012
}

TEST_CASE("numeric date repair keeps letters a minority") {
  CHECK(repair_numeric_date("O3/l5/1980"));       // 2 of 8
  CHECK_FALSE(repair_numeric_date("O3/l5/198O")); // 3 of 8
  CHECK_FALSE(repair_numeric_date("O/l/80"));     // 2 of 4: more than a third
  CHECK(repair_numeric_date("O/1/80"));           // 1 of 4
}

TEST_CASE("compact_identifier joins only spaces between digits") {
  Repaired repaired = compact_identifier("MRN-001 234 56");
  CHECK(repaired.text == "MRN-00123456");
  CHECK(repaired.fixes == Fixes{"joined_digit_run"});

  repaired = compact_identifier("  MRN-00123456 ");
  CHECK(repaired.text == "MRN-00123456");
  CHECK(repaired.fixes.empty());

  repaired = compact_identifier("MRN 00123456"); // a letter and a digit: not a broken run
  CHECK(repaired.text == "MRN 00123456");
  CHECK(repaired.fixes.empty());

  repaired = compact_identifier("XJ4 556  7781 A"); // letters are never mapped
  CHECK(repaired.text == "XJ45567781 A");
  CHECK(repaired.fixes == Fixes{"joined_digit_run"});

  CHECK(compact_identifier("ABO 12O").text == "ABO 12O");
  CHECK(compact_identifier("123-45 678").text == "123-45678");
  CHECK(compact_identifier("").text.empty());
}
