#include "core/error.hpp"

#include "test_support.hpp"

#include <string>

using namespace mi;

TEST_CASE("an error's message is its description, static detail and code") {
  Error plain(Reason::envelope_malformed);
  CHECK(plain.reason() == Reason::envelope_malformed);
  CHECK(plain.detail().empty());
  CHECK(std::string(plain.what()) == "record is not a well-formed envelope [envelope_malformed]");
  CHECK(plain.exit_status() == 65);

  Error detailed(Reason::keyring_invalid, "a key entry has no valid id");
  CHECK(detailed.detail().view() == "a key entry has no valid id");
  CHECK(std::string(detailed.what()) ==
        "keyring file is malformed: a key entry has no valid id [keyring_invalid]");
  CHECK(detailed.exit_status() == 78);
}

TEST_CASE("a config location names the pointer and line") {
  Error e(Reason::policy_invalid, "must be an object", ConfigLocation{"/routing/2", 14});
  CHECK(e.config_location().pointer == "/routing/2");
  CHECK(e.config_location().line == 14);
  CHECK(std::string(e.what()) ==
        "policy file is invalid: must be an object (at /routing/2, line 14) [policy_invalid]");

  Error root(Reason::policy_invalid, "not valid JSON", ConfigLocation{"", 3});
  CHECK(std::string(root.what()) ==
        "policy file is invalid: not valid JSON (at /, line 3) [policy_invalid]");

  Error no_line(Reason::config_invalid, "", ConfigLocation{"/x", 0});
  CHECK(std::string(no_line.what()) == "configuration is invalid (at /x) [config_invalid]");
}

TEST_CASE("errors are std::exceptions and keep their reason when caught as such") {
  try {
    throw Error(Reason::key_unknown);
  } catch (const std::exception &e) {
    auto *mi_error = dynamic_cast<const Error *>(&e);
    REQUIRE(mi_error != nullptr);
    CHECK(mi_error->reason() == Reason::key_unknown);
    CHECK(std::string(e.what()).ends_with("[key_unknown]"));
  }
}
