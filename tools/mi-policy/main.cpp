// mi-policy: check and show the policy file that drives mi's decisions. See mi-policy(1).
#include "core/cli.hpp"
#include "core/log.hpp"

#include <iostream>

int main(int argc, char **argv) {
  using namespace mi;
  Log::init("mi-policy");
  CLI::App app{"Check and show mi policy files.", "mi-policy"};
  app.set_version_flag("--version", cli::version_text("mi-policy"));
  app.require_subcommand(1);
  std::optional<std::filesystem::path> file;
  auto *check = app.add_subcommand("check", "validate a policy file; exit 0 if it is usable");
  check->add_option("file", file, "policy file (default $MI_POLICY, else the built-in policy)");
  auto *show = app.add_subcommand("show", "print the effective policy as JSON");
  show->add_option("file", file, "policy file (default $MI_POLICY, else the built-in policy)");

  return cli::run_tool(app, argc, argv, [&]() -> int {
    auto policy = Policy::from_option(file);
    if (*show) {
      std::cout << to_pretty_json_text(policy.document()) << '\n';
      return exit_status::ok;
    }
    std::cout << "ok: policy_version " << policy.version() << '\n';
    (void)check;
    return exit_status::ok;
  });
}
