#include "core/policy.hpp"

#include "core/atomic_file.hpp"

#include "test_support.hpp"

#include <cstdlib>

using namespace mi;

namespace {

// The Error a policy text fails with; FAILs if it parses.
Error policy_error(std::string_view text) {
  try {
    Policy::parse(text);
  } catch (const Error &e) {
    return e;
  }
  FAIL("the policy was accepted");
  return Error(Reason::ok);
}

const char *minimal = R"({
  "schema": "mi-policy/1",
  "policy_version": "1.0"
})";

} // namespace

TEST_CASE("the built-in policy parses and answers questions") {
  auto p = Policy::builtin();
  CHECK(p.version() == "2026.12.2");
  CHECK(p.document()["schema"] == "mi-policy/1");
  CHECK(p.section("fields")["patient_name"]["class"] == "phi");
  CHECK(p.section("routing").is_object());
  CHECK(p.section("routing").empty()); // omitted sections read as empty objects
  auto t = parse_time("2026-01-01T00:00:00Z").value();
  CHECK(p.retention_deadline("source", t) == parse_time("2027-01-01T00:00:00Z"));
  CHECK(p.retention_deadline("signing_packet", t) == parse_time("2026-01-31T00:00:00Z"));
  CHECK_FALSE(p.retention_deadline("nonsense", t));
  CHECK(default_policy_text().find("mi-policy/1") != std::string_view::npos);
}

TEST_CASE("a bad field class names its pointer and line") {
  const char *text = R"({
  "schema": "mi-policy/1",
  "policy_version": "1.0",
  "fields": {
    "patient_name": { "class": "phi" },
    "mrn": {
      "class": "secret"
    }
  }
})";
  auto e = policy_error(text);
  CHECK(e.reason() == Reason::policy_invalid);
  CHECK(e.config_location().pointer == "/fields/mrn/class");
  CHECK(e.config_location().line == 7);
  CHECK(std::string(e.what()).find("line 7") != std::string::npos);
  CHECK(e.exit_status() == exit_status::config);
}

TEST_CASE("the line points at the right member even when the name appears earlier") {
  const char *text = R"({
  "schema": "mi-policy/1",
  "description": "class fields mrn",
  "policy_version": "1.0",
  "fields": {
    "class": { "class": "ops" },
    "mrn": { "class": "ops" },
    "dob": {
      "class": 3
    }
  }
})";
  auto e = policy_error(text);
  CHECK(e.config_location().pointer == "/fields/dob/class");
  CHECK(e.config_location().line == 9);
}

TEST_CASE("unknown sections, a missing version and a wrong schema are rejected") {
  auto unknown = policy_error(R"({
  "schema": "mi-policy/1",
  "policy_version": "1.0",
  "routting": []
})");
  CHECK(unknown.reason() == Reason::policy_invalid);
  CHECK(unknown.config_location().pointer == "/routting");
  CHECK(unknown.config_location().line == 4);

  auto missing = policy_error(R"({
  "schema": "mi-policy/1"
})");
  CHECK(missing.config_location().pointer == "/policy_version");

  auto empty_version = policy_error(R"({"schema": "mi-policy/1", "policy_version": ""})");
  CHECK(empty_version.config_location().pointer == "/policy_version");
  auto number_version = policy_error(R"({"schema": "mi-policy/1", "policy_version": 2})");
  CHECK(number_version.config_location().pointer == "/policy_version");
  auto spaced_version =
      policy_error(R"({"schema": "mi-policy/1", "policy_version": "2026 Jane Doe"})");
  CHECK(spaced_version.config_location().pointer == "/policy_version");

  auto schema = policy_error(R"({
  "schema": "mi-policy/2",
  "policy_version": "1.0"
})");
  CHECK(schema.config_location().pointer == "/schema");
  CHECK(schema.config_location().line == 2);
  CHECK(policy_error(R"({"policy_version": "1.0"})").config_location().pointer == "/schema");
  CHECK(policy_error("[]").reason() == Reason::policy_invalid);
}

TEST_CASE("a syntax error reports its line") {
  auto e = policy_error(R"({
  "schema": "mi-policy/1",
  "policy_version": "1.0",
  "fields": {
    "mrn": { "class": "phi" }
    "dob": { "class": "phi" }
  }
})");
  CHECK(e.reason() == Reason::policy_invalid);
  CHECK(e.config_location().line == 6);
  CHECK(std::string(e.what()).find("not valid JSON") != std::string::npos);
  CHECK(policy_error("").config_location().line == 1);
  CHECK(policy_error("{\n\n\n").config_location().line == 4);
}

TEST_CASE("sections are type-checked") {
  auto with = [](const std::string &member) {
    return policy_error(R"({"schema": "mi-policy/1", "policy_version": "1.0", )" + member + "}")
        .config_location()
        .pointer;
  };
  CHECK(with(R"("routing": {})") == "/routing");
  CHECK(with(R"("limits": [])") == "/limits");
  CHECK(with(R"("fields": [])") == "/fields");
  CHECK(with(R"("fields": {"mrn": "phi"})") == "/fields/mrn");
  CHECK(with(R"("fields": {"mrn": {}})") == "/fields/mrn/class");
  CHECK(with(R"("retention": {"source": 3})") == "/retention/source");
  CHECK(with(R"("retention": {"source_days": -3})") == "/retention/source_days");
  CHECK(with(R"("retention": {"source_days": 1.5})") == "/retention/source_days");
  CHECK(with(R"("retention": {"source_days": "30"})") == "/retention/source_days");
  CHECK_NOTHROW(Policy::parse(minimal));
  CHECK_NOTHROW(Policy::parse(
      R"({"schema": "mi-policy/1", "policy_version": "1.0", "routing": [], "retention": {"x_days": 0}})"));
}

TEST_CASE("load and from_option read files: --policy, then MI_POLICY, then built in") {
  test::TempDir dir;
  write_file_atomically(dir / "p.json", std::string_view(minimal), 0600);
  CHECK(Policy::load(dir / "p.json").version() == "1.0");
  CHECK(test::reason_of([&] { Policy::load(dir / "missing.json"); }) == Reason::input_missing);

  const char *saved = std::getenv("MI_POLICY");
  std::string saved_value = saved ? saved : "";
  unsetenv("MI_POLICY");
  CHECK(Policy::from_option(std::nullopt).version() == "2026.12.2");
  setenv("MI_POLICY", (dir / "p.json").c_str(), 1);
  CHECK(Policy::from_option(std::nullopt).version() == "1.0");
  write_file_atomically(
      dir / "q.json", std::string_view(R"({"schema":"mi-policy/1","policy_version":"2.0"})"), 0600);
  CHECK(Policy::from_option(dir / "q.json").version() == "2.0");
  setenv("MI_POLICY", (dir / "missing.json").c_str(), 1);
  CHECK(test::reason_of([] { Policy::from_option(std::nullopt); }) == Reason::input_missing);
  if (saved)
    setenv("MI_POLICY", saved_value.c_str(), 1);
  else
    unsetenv("MI_POLICY");
}
