#include "extract/value_parser.hpp"

#include "extract/ocr_repair.hpp"
#include "extract/person_name.hpp"

#include "test_support.hpp"

#include <algorithm>

using namespace mi;
using namespace mi::extract;

namespace {

const CivilDate today{2026, 12, 4};

const ExtractRules &builtin_rules() {
  static const ExtractRules rules = extract_rules_from_policy(Policy::builtin());
  return rules;
}

// Value words as the finder hands them over, one per text.
class Words {
public:
  Words(std::initializer_list<const char *> texts) {
    for (const char *t : texts) {
      LayoutWord w;
      w.text = t;
      w.folded = fold_token(t);
      storage_.push_back(std::move(w));
    }
    for (const auto &w : storage_)
      value_.words.push_back(&w);
  }
  Words(const Words &) = delete;
  Words &operator=(const Words &) = delete;
  const ValueWords &value() const { return value_; }

private:
  std::vector<LayoutWord> storage_;
  ValueWords value_;
};

ParsedValue parse(FieldKind kind, const Words &words, const ExtractRules &rules = builtin_rules()) {
  return parse_value(kind, words.value(), rules, today);
}

bool has(const std::vector<std::string> &list, const std::string &item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

using Strings = std::vector<std::string>;

} // namespace

TEST_CASE("a date is the first prefix of the words with a date's shape") {
  auto p = parse(FieldKind::date, Words{"06-Jun-2024", "Routine"});
  CHECK(p.ok);
  CHECK(p.normalized == "2024-06-06");
  CHECK(p.value == "06-Jun-2024");
  CHECK(p.words_used == 1);
  REQUIRE(p.date.has_value());
  CHECK(*p.date == CivilDate{2024, 6, 6});
  CHECK(p.reasons.empty());
  CHECK(p.fixes.empty());

  auto spelled = parse(FieldKind::date, Words{"Jan.", "5,", "1980", "follow", "up"});
  CHECK(spelled.ok);
  CHECK(spelled.normalized == "1980-01-05");
  CHECK(spelled.value == "Jan. 5, 1980");
  CHECK(spelled.words_used == 3);
}

TEST_CASE("quotes and bars OCR hangs on a date's words are trimmed") {
  auto quoted = parse(FieldKind::date, Words{"\u201803/15/1984"});
  CHECK(quoted.ok);
  CHECK(quoted.value == "03/15/1984");
  CHECK(quoted.normalized == "1984-03-15");

  auto year = parse(FieldKind::date, Words{"March", "15,", "\u20181984"});
  CHECK(year.ok);
  CHECK(year.value == "March 15, 1984");
  CHECK(year.normalized == "1984-03-15");
  CHECK(year.words_used == 3);

  auto barred = parse(FieldKind::date, Words{"|03/15/1984|"});
  CHECK(barred.normalized == "1984-03-15");
}

TEST_CASE("a date's shape on no calendar day is impossible_date, not absent") {
  auto p = parse(FieldKind::date, Words{"02/30/2023", "signed"});
  CHECK_FALSE(p.ok);
  CHECK(p.reasons == Strings{reason::impossible_date});
  CHECK(p.value == "02/30/2023");
  CHECK(p.normalized.empty());
  CHECK(p.words_used == 1);
  CHECK_FALSE(p.date.has_value());

  auto words = parse(FieldKind::date, Words{"Routine", "visit"});
  CHECK_FALSE(words.ok);
  CHECK(words.reasons == Strings{reason::not_a_date});
  CHECK(words.value == "Routine visit");
  CHECK(words.words_used == 2);

  auto nothing = parse(FieldKind::date, Words{});
  CHECK_FALSE(nothing.ok);
  CHECK(nothing.reasons == Strings{reason::not_a_date});
}

TEST_CASE("numeric dates are repaired where their shape allows one reading, and it is recorded") {
  auto letter = parse(FieldKind::date, Words{"O3/15/1980"});
  CHECK(letter.ok);
  CHECK(letter.normalized == "1980-03-15");
  CHECK(letter.fixes == Strings{"O_as_0"});

  auto spaced = parse(FieldKind::date, Words{"03/", "15/1980"});
  CHECK(spaced.ok);
  CHECK(spaced.normalized == "1980-03-15");
  CHECK(spaced.words_used == 2);
  CHECK(has(spaced.fixes, std::string(fix::spaced_separator)));
}

TEST_CASE("two-digit years pivot on today") {
  CHECK(parse(FieldKind::date, Words{"03/15/52"}).normalized == "1952-03-15");
  CHECK(parse(FieldKind::date, Words{"03/15/24"}).normalized == "2024-03-15");
}

TEST_CASE("names: LAST, FIRST is reordered and cased") {
  auto p = parse(FieldKind::person_name, Words{"DOE,", "JANE"});
  CHECK(p.ok);
  CHECK(p.normalized == "Jane Doe");
  CHECK(p.words_used == 2);
  CHECK(has(p.fixes, std::string(name_fix::last_first_reordered)));
  CHECK(has(p.fixes, std::string(name_fix::case_normalized)));
}

TEST_CASE("names: trailing words that are not a name are left out") {
  auto p = parse(FieldKind::person_name, Words{"Jane", "Doe", "555-1234"});
  CHECK(p.ok);
  CHECK(p.normalized == "Jane Doe");
  CHECK(p.words_used == 2);
  CHECK(p.value == "Jane Doe");
}

TEST_CASE("names: a faxed \"Dr.\" read as \"Or.\" is dropped and recorded") {
  auto p = parse(FieldKind::person_name, Words{"Or.", "Jane", "Doe"});
  CHECK(p.ok);
  CHECK(p.normalized == "Jane Doe");
  CHECK(p.words_used == 3);
  CHECK(has(p.fixes, "misread_title_dropped"));

  auto zero = parse(FieldKind::person_name, Words{"0r.", "Alan", "Smith"});
  CHECK(zero.normalized == "Alan Smith");
  CHECK(has(zero.fixes, "misread_title_dropped"));

  auto real = parse(FieldKind::person_name, Words{"Dr.", "Alan", "Smith"});
  CHECK(real.normalized == "Alan Smith");
  CHECK(has(real.fixes, std::string(name_fix::title_removed)));
  CHECK_FALSE(has(real.fixes, "misread_title_dropped"));
}

TEST_CASE("names: a lower-case short word after a comma is a misread credential") {
  auto p = parse(FieldKind::person_name, Words{"Jane", "Doe,", "po"});
  CHECK(p.ok);
  CHECK(p.normalized == "Jane Doe");
  CHECK(p.words_used == 3);
  CHECK(has(p.fixes, "misread_credential_dropped"));

  // A capitalized given name after the comma is the name, not a credential.
  auto given = parse(FieldKind::person_name, Words{"Doe,", "Jo"});
  CHECK(given.ok);
  CHECK(given.normalized == "Jo Doe");
  CHECK_FALSE(has(given.fixes, "misread_credential_dropped"));
}

TEST_CASE("names: form words and lone words are not names") {
  auto refused = [](const Words &words) {
    auto p = parse(FieldKind::person_name, words);
    CHECK_FALSE(p.ok);
    CHECK(p.reasons == Strings{reason::not_a_name});
    CHECK(p.normalized.empty());
  };
  refused(Words{"Signature"});
  refused(Words{"Patient", "Name"});
  refused(Words{"Date", "Signed"});
  refused(Words{});
}

TEST_CASE("NPI: ten digits with the check digit, groups joined and letters repaired") {
  auto plain = parse(FieldKind::npi, Words{"1234567893", "Cardiology"});
  CHECK(plain.ok);
  CHECK(plain.normalized == "1234567893");
  CHECK(plain.words_used == 1);
  CHECK(plain.fixes.empty());
  CHECK(plain.reasons.empty());

  auto grouped = parse(FieldKind::npi, Words{"1234", "567", "893", "Cardiology"});
  CHECK(grouped.ok);
  CHECK(grouped.normalized == "1234567893");
  CHECK(grouped.words_used == 3);
  CHECK(grouped.value == "1234 567 893");
  CHECK(grouped.fixes == Strings{std::string(fix::joined_digit_run)});

  auto letter = parse(FieldKind::npi, Words{"l234567893"});
  CHECK(letter.ok);
  CHECK(letter.normalized == "1234567893");
  CHECK(letter.fixes == Strings{"l_as_1"});
}

TEST_CASE("NPI: a bad check digit or a wrong shape is refused with its reason") {
  auto check = parse(FieldKind::npi, Words{"1234567890"});
  CHECK_FALSE(check.ok);
  CHECK(check.reasons == Strings{reason::npi_check_digit});
  CHECK(check.words_used == 1);

  auto shape = parse(FieldKind::npi, Words{"12345", "6789"});
  CHECK_FALSE(shape.ok);
  CHECK(shape.reasons == Strings{reason::npi_shape});
  CHECK(shape.value == "12345");
  CHECK(shape.words_used == 1);
  CHECK(shape.normalized.empty());

  auto none = parse(FieldKind::npi, Words{});
  CHECK(none.reasons == Strings{reason::npi_shape});
  CHECK(none.words_used == 0);
}

TEST_CASE("MRN: the policy's patterns decide; digit groups split by OCR are joined") {
  auto plain = parse(FieldKind::mrn, Words{"54066404"});
  CHECK(plain.ok);
  CHECK(plain.normalized == "54066404");
  CHECK(plain.fixes.empty());

  auto grouped = parse(FieldKind::mrn, Words{"5406", "6404", "Smith"});
  CHECK(grouped.ok);
  CHECK(grouped.normalized == "54066404");
  CHECK(grouped.words_used == 2);
  CHECK(grouped.fixes == Strings{std::string(fix::joined_digit_run)});

  auto prefixed = parse(FieldKind::mrn, Words{"mrn-00123456"});
  CHECK(prefixed.ok);
  CHECK(prefixed.normalized == "MRN-00123456");

  // A letter in a value that matches no pattern as read is repaired to a digit.
  auto letter = parse(FieldKind::mrn, Words{"54O66404"});
  CHECK(letter.ok);
  CHECK(letter.normalized == "54066404");
  CHECK(letter.fixes == Strings{"O_as_0"});

  // A word with letters after the number is not one of its digit groups.
  auto followed = parse(FieldKind::mrn, Words{"123456", "Smith"});
  CHECK(followed.ok);
  CHECK(followed.words_used == 1);

  auto shape = parse(FieldKind::mrn, Words{"A12", "Smith"});
  CHECK_FALSE(shape.ok);
  CHECK(shape.reasons == Strings{reason::mrn_shape});
  CHECK(shape.value == "A12");
  CHECK(shape.normalized.empty());
}

TEST_CASE("MRN: a site's own pattern replaces the built-in ones") {
  ExtractRules rules = builtin_rules();
  rules.mrn_patterns.clear();
  rules.mrn_patterns.emplace_back("^MR[0-9]{5}$");
  CHECK(parse(FieldKind::mrn, Words{"MR12345"}, rules).ok);
  CHECK(parse(FieldKind::mrn, Words{"mr12345"}, rules).normalized == "MR12345");
  auto digits = parse(FieldKind::mrn, Words{"54066404"}, rules);
  CHECK_FALSE(digits.ok);
  CHECK(digits.reasons == Strings{reason::mrn_shape});

  // Without patterns any identifier is taken as read.
  rules.mrn_patterns.clear();
  auto any = parse(FieldKind::mrn, Words{"x-77"}, rules);
  CHECK(any.ok);
  CHECK(any.normalized == "X-77");
}

TEST_CASE("phone: a NANP number of up to four words, extension left out") {
  auto p = parse(FieldKind::phone, Words{"(555)", "234-5678", "ext", "12"});
  CHECK(p.ok);
  CHECK(p.normalized == "5552345678");
  CHECK(p.words_used == 2);
  CHECK(p.value == "(555) 234-5678");

  auto spaced = parse(FieldKind::phone, Words{"+1", "555", "234", "5678"});
  CHECK(spaced.ok);
  CHECK(spaced.normalized == "5552345678");
  CHECK(spaced.words_used == 4);

  auto service = parse(FieldKind::phone, Words{"(555)", "123-4567"});
  CHECK_FALSE(service.ok);
  CHECK(service.reasons == Strings{reason::phone_invalid});
  CHECK(service.value == "(555) 123-4567");
  CHECK(service.normalized.empty());
}

TEST_CASE("typed values: all of the text is the value") {
  const auto &rules = builtin_rules();
  auto date = parse_typed_value(FieldKind::date, "  01/02/1980 ", rules, today);
  CHECK(date.ok);
  CHECK(date.normalized == "1980-01-02");
  CHECK(date.reasons.empty());

  auto trailing = parse_typed_value(FieldKind::date, "01/02/1980 x", rules, today);
  CHECK_FALSE(trailing.ok);
  CHECK(has(trailing.reasons, reason::trailing_text));

  auto name = parse_typed_value(FieldKind::person_name, "Jane Doe 12345", rules, today);
  CHECK_FALSE(name.ok);
  CHECK(has(name.reasons, reason::trailing_text));

  auto phone = parse_typed_value(FieldKind::phone, "(555) 234-5678 x12", rules, today);
  CHECK_FALSE(phone.ok);
  CHECK(has(phone.reasons, reason::trailing_text));

  auto empty = parse_typed_value(FieldKind::date, "", rules, today);
  CHECK_FALSE(empty.ok);
  CHECK(empty.reasons == Strings{reason::not_a_date});
}

TEST_CASE("typed values: what reads only after an OCR repair is a typing error") {
  const auto &rules = builtin_rules();
  auto date = parse_typed_value(FieldKind::date, "O1/02/1980", rules, today);
  CHECK_FALSE(date.ok);
  CHECK(has(date.reasons, reason::typed_value_malformed));

  auto npi = parse_typed_value(FieldKind::npi, "l234567893", rules, today);
  CHECK_FALSE(npi.ok);
  CHECK(has(npi.reasons, reason::typed_value_malformed));

  auto mrn = parse_typed_value(FieldKind::mrn, "5406 6404", rules, today);
  CHECK_FALSE(mrn.ok);
  CHECK(has(mrn.reasons, reason::typed_value_malformed));

  CHECK(parse_typed_value(FieldKind::npi, "1234567893", rules, today).ok);
  CHECK(parse_typed_value(FieldKind::mrn, "54066404", rules, today).ok);
  CHECK(parse_typed_value(FieldKind::phone, "555-234-5678", rules, today).normalized ==
        "5552345678");

  // A name's normal form is not a repair: a typed "Doe, Jane" is Jane Doe.
  auto name = parse_typed_value(FieldKind::person_name, "DOE, JANE", rules, today);
  CHECK(name.ok);
  CHECK(name.normalized == "Jane Doe");
}

// A person's typing gets no OCR repair: a typed "smith, al" keeps its given name (a misread
// credential is an OCR habit), and a typed "Or. Jane Doe" is not rewritten.
TEST_CASE("typed values: a typed name gets no misread-title or misread-credential repair") {
  const auto &rules = builtin_rules();
  auto lower = parse_typed_value(FieldKind::person_name, "smith, al", rules, today);
  CHECK(lower.ok);
  CHECK(lower.normalized == "Al Smith");
  CHECK_FALSE(has(lower.fixes, "misread_credential_dropped"));

  auto title = parse_typed_value(FieldKind::person_name, "Or. Jane Doe", rules, today);
  CHECK_FALSE(has(title.fixes, "misread_title_dropped"));
}

TEST_CASE("a month name with one OCR slip is repaired when only one month is that near") {
  auto rules = extract_rules_from_policy(Policy::builtin());
  CivilDate today{2026, 12, 4};
  auto p = parse_typed_value(FieldKind::date, "Navember 16, 2002", rules, today);
  // Typed values take no OCR repair...
  CHECK_FALSE(p.ok);
  // ...but read ones do, and say so.
  LayoutWord a, b, c;
  a.text = "Septemher";
  b.text = "3,";
  c.text = "2024";
  ValueWords v;
  v.words = {&a, &b, &c};
  auto read = parse_value(FieldKind::date, v, rules, today);
  CHECK(read.ok);
  CHECK(read.normalized == "2024-09-03");
  CHECK(std::find(read.fixes.begin(), read.fixes.end(), "month_name_repaired") != read.fixes.end());
  // "Jume" is one edit from June but June is too short to repair: no date.
  a.text = "Jume";
  CHECK_FALSE(parse_value(FieldKind::date, v, rules, today).ok);
}
