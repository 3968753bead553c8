#include "core/json.hpp"

#include "test_support.hpp"

using namespace mi;

TEST_CASE("to_json_text is compact with sorted keys") {
  Json j = {{"b", 1}, {"a", "x"}, {"c", Json::array({1, 2})}};
  CHECK(to_json_text(j) == R"({"a":"x","b":1,"c":[1,2]})");
  auto pretty = to_pretty_json_text(j);
  CHECK(pretty.find("\n  \"a\": \"x\"") != std::string::npos);
}

TEST_CASE("invalid UTF-8 is replaced, never thrown") {
  Json j = {{"text", std::string("ok \xff\xfe bad \xc3")}};
  std::string out;
  CHECK_NOTHROW(out = to_json_text(j));
  CHECK(out.find("\xef\xbf\xbd") != std::string::npos); // U+FFFD
  CHECK(out.find('\xff') == std::string::npos);
  auto back = parse_json(out);
  REQUIRE(back);
  CHECK((*back)["text"].get<std::string>().starts_with("ok "));
  CHECK_NOTHROW(to_pretty_json_text(j));
}

TEST_CASE("parse_json returns nullopt on malformed text instead of throwing") {
  CHECK(parse_json(R"({"a":1})").value()["a"] == 1);
  CHECK(parse_json("[1,2]").value().is_array());
  CHECK_FALSE(parse_json(""));
  CHECK_FALSE(parse_json("{"));
  CHECK_FALSE(parse_json(R"({"a":1} x)"));
  CHECK_FALSE(parse_json("{\"a\":\"\xff\"}"));
  CHECK_FALSE(parse_json("{'a':1}"));
}
