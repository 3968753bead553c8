#include "core/progress.hpp"

#include "core/log.hpp"

#include "test_support.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

using namespace mi;

namespace {

// Child exit statuses of the terminal test.
constexpr int drawn_ok = 0, not_a_terminal = 2;

// In a child whose stderr is a pseudo-terminal: draws a bar past its total and checks the line.
[[noreturn]] void draw_on_a_terminal() {
  int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0)
    ::_exit(not_a_terminal);
  int slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  if (slave < 0 || ::dup2(slave, STDERR_FILENO) < 0)
    ::_exit(not_a_terminal);
  ::unsetenv("NO_COLOR");
  Log::init("mi-progress");
  // Decided once per process: a parent that asked before the fork decided for us.
  if (!Log::stderr_is_terminal())
    ::_exit(not_a_terminal);
  try {
    Progress bar("pages", 3);
    bar.advance(10); // past the total: the bar must stay full, not throw
    bar.finish();
  } catch (...) {
    ::_exit(1);
  }
  char buffer[512];
  auto n = ::read(master, buffer, sizeof buffer);
  std::string shown(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  bool ok =
      shown.find("mi-progress: 10/3 pages [" + std::string(30, '#') + "]") != std::string::npos;
  ::_exit(ok ? drawn_ok : 1);
}

} // namespace

// First in this file: the child must be forked before anything here asks whether stderr is a
// terminal (the answer is cached per process).
TEST_CASE("on a terminal, a bar past its total stays full instead of throwing") {
  std::fflush(stderr);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0)
    draw_on_a_terminal();
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  if (WEXITSTATUS(status) == not_a_terminal) {
    MESSAGE("this process already decided stderr is not a terminal; run this file alone");
    return;
  }
  CHECK(WEXITSTATUS(status) == drawn_ok);
}

TEST_CASE("progress prints nothing when stderr is not a terminal") {
  test::StderrCapture capture; // a regular file: not a terminal
  if (Log::stderr_is_terminal()) {
    // The answer is decided once per process; a run started on a terminal decided it earlier.
    MESSAGE("stderr was a terminal when first checked; skipping");
    return;
  }
  {
    Progress counted("pages", 10);
    for (int i = 0; i < 25; ++i) // past the total, too
      counted.advance();
    counted.finish();
    Progress stream("records");
    stream.advance(1000);
  }
  CHECK(capture.text().empty());
}

TEST_CASE("progress prints nothing when quiet, whatever stderr is") {
  auto saved = Log::quiet();
  Log::set_quiet(true);
  test::StderrCapture capture;
  {
    Progress p("records", 3);
    p.advance(3);
  }
  Log::set_quiet(saved);
  CHECK(capture.text().empty());
}
