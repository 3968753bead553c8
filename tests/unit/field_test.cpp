#include "core/field.hpp"

#include "test_support.hpp"

#include <type_traits>

using namespace mi;

// The point of Field: document text cannot become one.
static_assert(!std::is_constructible_v<Field, StaticText, std::string>);
static_assert(!std::is_constructible_v<Field, StaticText, std::string_view>);

TEST_CASE("fields render ids, reasons, numbers, booleans and static text") {
  auto trace = TraceId::generate();
  Field id("trace", trace);
  CHECK(id.key() == "trace");
  CHECK(id.text() == trace.str());
  CHECK(id.json() == Json(trace.str()));

  Field reason("reason", Reason::key_unknown);
  CHECK(reason.text() == "key_unknown");
  CHECK(reason.json() == Json("key_unknown"));

  Field count("count", 42u);
  CHECK(count.text() == "42");
  CHECK(count.json() == Json(42));
  CHECK(count.json().is_number_integer());

  Field negative("delta", -7);
  CHECK(negative.text() == "-7");

  Field flag("phi", true);
  CHECK(flag.text() == "true");
  CHECK(flag.json() == Json(true));
  CHECK(Field("phi", false).text() == "false");

  Field ratio("confidence", 0.91234);
  CHECK(ratio.text() == "0.912");
  CHECK(ratio.json().get<double>() == doctest::Approx(0.91234));

  Field words("cause", StaticText("out of memory"));
  CHECK(words.text() == "out of memory");
}
