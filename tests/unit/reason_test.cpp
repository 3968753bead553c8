#include "core/reason.hpp"

#include "test_support.hpp"

#include <cctype>
#include <set>
#include <string>

using namespace mi;

namespace {

std::vector<Reason> all_reasons() {
  return {
#define MI_REASON_LIST(code, status, text) Reason::code,
      MI_REASON_CODES(MI_REASON_LIST)
#undef MI_REASON_LIST
  };
}

} // namespace

TEST_CASE("every reason code round-trips through its wire name and names are unique") {
  std::set<std::string_view> seen;
  for (auto r : all_reasons()) {
    auto code = reason_code(r);
    CHECK_FALSE(code.empty());
    CHECK(seen.insert(code).second);
    auto back = reason_from_code(code);
    REQUIRE(back);
    CHECK(*back == r);
  }
  CHECK(seen.size() == all_reasons().size());
  CHECK_FALSE(reason_from_code("no_such_reason"));
  CHECK_FALSE(reason_from_code(""));
  CHECK_FALSE(reason_from_code("Envelope_Malformed"));
}

TEST_CASE("descriptions follow git's style: lowercase start, no full stop") {
  for (auto r : all_reasons()) {
    auto text = reason_description(r);
    INFO(reason_code(r));
    REQUIRE(text.size() > 1);
    // Capitals only for an acronym ("PDF cannot be parsed").
    if (std::isupper(static_cast<unsigned char>(text[0])))
      CHECK(std::isupper(static_cast<unsigned char>(text[1])));
    CHECK(text.back() != '.');
    CHECK(text.find('\n') == std::string_view::npos);
  }
}

TEST_CASE("exit statuses follow sysexits") {
  CHECK(reason_exit_status(Reason::ok) == exit_status::ok);
  CHECK(reason_exit_status(Reason::usage) == exit_status::usage);
  CHECK(reason_exit_status(Reason::input_missing) == exit_status::no_input);
  CHECK(reason_exit_status(Reason::output_failed) == exit_status::io);
  CHECK(reason_exit_status(Reason::temporary_failure) == exit_status::temporary);
  CHECK(reason_exit_status(Reason::key_file_permissions) == exit_status::permission);
  CHECK(reason_exit_status(Reason::key_not_held) == exit_status::permission);
  CHECK(reason_exit_status(Reason::policy_invalid) == exit_status::config);
  CHECK(reason_exit_status(Reason::internal) == exit_status::internal);
  CHECK(reason_exit_status(Reason::envelope_malformed) == exit_status::data);
  CHECK(reason_exit_status(Reason::vault_legal_hold) == exit_status::data);
  std::set<int> allowed{0, 64, 65, 66, 70, 74, 75, 77, 78};
  for (auto r : all_reasons())
    CHECK(allowed.count(reason_exit_status(r)) == 1);
}

TEST_CASE("an out-of-range reason value falls back to internal instead of reading past the table") {
  auto bogus = static_cast<Reason>(60000);
  CHECK(reason_code(bogus) == "internal");
  CHECK(reason_exit_status(bogus) == exit_status::internal);
}
