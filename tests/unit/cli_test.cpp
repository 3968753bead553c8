#include "core/cli.hpp"

#include "core/log.hpp"

#include "test_support.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

using namespace mi;

namespace {

struct ToolRun {
  int status = -1;
  std::string out;
  std::string err;
};

// run_tool closes stdout, so each run happens in a child process with stdout and stderr sent to
// files (stdout to `stdout_path` when given, e.g. /dev/full).
ToolRun run(std::vector<std::string> args, const std::function<int()> &body,
            const char *stdout_path = nullptr) {
  test::TempDir dir;
  auto out_path = dir / "out", err_path = dir / "err";
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int out =
        ::open(stdout_path ? stdout_path : out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0 || err < 0)
      ::_exit(120);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    Log::init("mi-clitest");
    CLI::App app{"cli test tool", "mi-clitest"};
    app.set_version_flag("--version", cli::version_text("mi-clitest"));
    cli::CommonOptions options;
    cli::add_home_options(app, options, true, true);
    std::vector<std::string> names;
    app.add_option("--count", names, "a number")->type_name("N")->check(CLI::Range(1, 5));
    args.insert(args.begin(), "mi-clitest");
    std::vector<char *> argv;
    for (auto &a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    int status = cli::run_tool(app, static_cast<int>(args.size()), argv.data(), body);
    std::fflush(stderr);
    ::_exit(status);
  }
  int wstatus = 0;
  REQUIRE(::waitpid(pid, &wstatus, 0) == pid);
  REQUIRE(WIFEXITED(wstatus));
  ToolRun r;
  r.status = WEXITSTATUS(wstatus);
  r.out = test::read_text(out_path);
  r.err = test::read_text(err_path);
  return r;
}

int ok_body() { return 0; }

} // namespace

TEST_CASE("help and version exit 0 on stdout") {
  auto help = run({"--help"}, ok_body);
  CHECK(help.status == 0);
  for (auto option : {"--home", "--keyring", "--audit-log", "--vault", "--policy", "--quiet"})
    CHECK(help.out.find(option) != std::string::npos);
  CHECK(help.err.empty());
  auto version = run({"--version"}, ok_body);
  CHECK(version.status == 0);
  CHECK(version.out == cli::version_text("mi-clitest") + "\n");
  CHECK(cli::version_text("mi-x") == std::string("mi-x (mi) ") + MI_VERSION);
}

TEST_CASE("usage errors exit 64 without quoting arguments") {
  auto extra = run({"Jane-Canary-referral.pdf"}, ok_body);
  CHECK(extra.status == 64);
  CHECK(extra.err.find("Canary") == std::string::npos);
  CHECK(extra.err.starts_with("mi-clitest: error: "));
  auto unknown = run({"--frobnicate"}, ok_body);
  CHECK(unknown.status == 64);
  auto missing_value = run({"--home"}, ok_body);
  CHECK(missing_value.status == 64);
  auto out_of_range = run({"--count", "9"}, ok_body);
  CHECK(out_of_range.status == 64);
}

TEST_CASE("the body's result and errors map to sysexits") {
  CHECK(run({}, ok_body).status == 0);
  CHECK(run({}, [] { return 65; }).status == 65);
  auto refused = run({}, []() -> int { throw Error(Reason::key_not_held); });
  CHECK(refused.status == 77);
  CHECK(refused.err ==
        "mi-clitest: error: the keyring holds no key for this compartment [key_not_held]\n");
  auto policy = run({}, []() -> int {
    throw Error(Reason::policy_invalid, "must be an object", ConfigLocation{"/limits", 3});
  });
  CHECK(policy.status == 78);
  CHECK(policy.err.find("(at /limits, line 3)") != std::string::npos);
  auto foreign = run({}, []() -> int { throw std::runtime_error("Jane Canary DOB 1970"); });
  CHECK(foreign.status == 70);
  CHECK(foreign.err.find("Canary") == std::string::npos);
  CHECK(foreign.err.find("[internal]") != std::string::npos);
  auto oom = run({}, []() -> int { throw std::bad_alloc(); });
  CHECK(oom.status == 70);
  CHECK(oom.err.find("out of memory") != std::string::npos);
}

TEST_CASE("a stdout that cannot be written turns success into 74") {
  auto body = [] {
    std::fputs("{\"record\":1}\n", stdout);
    return 0;
  };
  CHECK(run({}, body).status == 0);
  auto full = run({}, body, "/dev/full");
  CHECK(full.status == 74);
  CHECK(full.err.find("[output_failed]") != std::string::npos);
  CHECK(run(
            {},
            [] {
              std::fputs("x\n", stdout);
              return 65;
            },
            "/dev/full")
            .status == 74);
  // A worse status than 65 is kept.
  CHECK(run(
            {},
            []() -> int {
              std::fputs("x\n", stdout);
              throw Error(Reason::key_unknown);
            },
            "/dev/full")
            .status == 77);
  CHECK(run({"--help"}, ok_body, "/dev/full").status == 74);
}

TEST_CASE("common options land in the options struct") {
  CLI::App app{"t", "t"};
  cli::CommonOptions o;
  cli::add_home_options(app, o, true, true);
  std::vector<std::string> args{"t",      "--home",  "/h", "--keyring", "/k.json", "--audit-log",
                                "/a.log", "--vault", "/v", "--policy",  "/p.json", "-q"};
  std::vector<char *> argv;
  for (auto &a : args)
    argv.push_back(a.data());
  app.parse(static_cast<int>(argv.size()), argv.data());
  CHECK(o.home.home == std::filesystem::path("/h"));
  CHECK(o.home.keyring == std::filesystem::path("/k.json"));
  CHECK(o.home.audit_log == std::filesystem::path("/a.log"));
  CHECK(o.home.vault == std::filesystem::path("/v"));
  CHECK(o.policy == std::filesystem::path("/p.json"));
  CHECK(o.quiet);

  CLI::App plain{"t", "t"};
  cli::CommonOptions p;
  cli::add_home_options(plain, p);
  std::vector<std::string> vault_args{"t", "--vault", "/v"};
  std::vector<char *> vault_argv;
  for (auto &a : vault_args)
    vault_argv.push_back(a.data());
  CHECK_THROWS_AS(plain.parse(static_cast<int>(vault_argv.size()), vault_argv.data()),
                  CLI::ParseError);
}

TEST_CASE("load_keyring reads the resolved keyring path") {
  test::TempDir dir;
  HomePaths paths;
  paths.keyring = dir / "keyring.json";
  CHECK(test::reason_of([&] { cli::load_keyring(paths); }) == Reason::keyring_missing);
  Keyring::create({"ops"}).save(paths.keyring, false);
  CHECK(cli::load_keyring(paths).holds("ops"));
}
