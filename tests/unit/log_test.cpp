#include "core/log.hpp"

#include "test_support.hpp"

#include <regex>

using namespace mi;

namespace {

// Colour is decided once per process from isatty(2); strip it so the tests hold either way.
std::string without_colour(const std::string &text) {
  return std::regex_replace(text, std::regex("\033\\[[0-9;]*m"), "");
}

// Sets the tool name and quiet flag for one test and restores them after.
struct LogScope {
  LogScope(StaticText tool, bool quiet) : saved_tool(Log::tool()), saved_quiet(Log::quiet()) {
    Log::init(tool, quiet);
  }
  ~LogScope() { Log::init(saved_tool, saved_quiet); }
  StaticText saved_tool;
  bool saved_quiet;
};

} // namespace

TEST_CASE("report writes git-style lines with location, fields, description and code") {
  LogScope scope("mi-test", false);
  test::StderrCapture capture;
  auto trace = TraceId::generate();
  Log::report(Severity::error, Reason::envelope_authentication_failed,
              Location::line("<stdin>", 17), {Field("trace", trace)});
  Log::report(Severity::warning, Reason::key_unknown);
  Log::report(Severity::note, Reason::ok, Location::input(3), {Field("pages", 2)});
  auto lines = test::split_lines(without_colour(capture.text()));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "mi-test: error (at <stdin>:17, trace=" + trace.str() +
                        "): compartment failed authentication (tampered, spliced or wrong key) "
                        "[envelope_authentication_failed]");
  CHECK(lines[1] ==
        "mi-test: warning: the key id named by the record is not in the keyring [key_unknown]");
  CHECK(lines[2] == "mi-test: note (at input #3, pages=2): no error [ok]");
}

TEST_CASE("report of an Error adds its static detail and config location") {
  LogScope scope("mi-test", false);
  test::StderrCapture capture;
  Log::report(Severity::error, Error(Reason::keyring_invalid, "not a JSON object"));
  Log::report(Severity::error,
              Error(Reason::policy_invalid, "must be an object", ConfigLocation{"/limits", 4}));
  // Both a stream location and a config location: they must stay readable apart.
  Log::report(Severity::error,
              Error(Reason::policy_invalid, "must be an object", ConfigLocation{"/limits", 4}),
              Location::line("<stdin>", 2));
  auto lines = test::split_lines(without_colour(capture.text()));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] ==
        "mi-test: error: keyring file is malformed: not a JSON object [keyring_invalid]");
  CHECK(lines[1] == "mi-test: error (at /limits, line 4): policy file is invalid: must be an "
                    "object [policy_invalid]");
  CHECK(lines[2] == "mi-test: error (at <stdin>:2, at /limits, line 4): policy file is invalid: "
                    "must be an object [policy_invalid]");
}

TEST_CASE("quiet suppresses notes and info but never errors or warnings") {
  LogScope scope("mi-quiet", true);
  test::StderrCapture capture;
  Log::report(Severity::note, Reason::ok);
  Log::info("processed", {Field("records", 5)});
  CHECK(capture.text().empty());
  Log::report(Severity::warning, Reason::key_unknown);
  Log::report(Severity::error, Reason::internal);
  auto lines = test::split_lines(without_colour(capture.text()));
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].starts_with("mi-quiet: warning: "));
  CHECK(lines[1].starts_with("mi-quiet: error: "));
}

TEST_CASE("info prints a message and its fields") {
  LogScope scope("mi-info", false);
  test::StderrCapture capture;
  Log::info("done", {Field("records", 5), Field("rejected", 0)});
  Log::info("started");
  CHECK(capture.text() == "mi-info: done: records 5, rejected 0\nmi-info: started\n");
}

TEST_CASE("init and set_quiet are observable") {
  LogScope scope("mi-a", false);
  CHECK(Log::tool().view() == "mi-a");
  CHECK_FALSE(Log::quiet());
  Log::set_quiet(true);
  CHECK(Log::quiet());
}
