// mi-keys: create, rotate, scope and re-wrap the keys that seal mi's records. See mi-keys(1).
#include "core/cli.hpp"
#include "core/key_admin.hpp"
#include "core/log.hpp"

#include <iostream>

int main(int argc, char **argv) {
  using namespace mi;
  Log::init("mi-keys");
  CLI::App app{"Create, rotate, scope and re-wrap mi keyrings.", "mi-keys"};
  app.set_version_flag("--version", cli::version_text("mi-keys"));
  app.require_subcommand(1);
  cli::CommonOptions common;
  cli::add_home_options(app, common, false, true);

  std::vector<std::string> compartments;
  bool force = false;
  auto *init = app.add_subcommand(
      "init", "create a new keyring (mode 0600) with ops, phi, ids, to:sign and a to: key for "
              "each destination of the policy");
  init->add_option("--compartments", compartments,
                   "compartments to create instead (comma-separated)")
      ->delimiter(',');
  init->add_flag("--force", force, "replace an existing keyring (its keys are lost)");

  std::string compartment;
  bool add = false;
  auto *rotate = app.add_subcommand("rotate", "new primary key for a compartment, or 'audit'");
  rotate->add_option("compartment", compartment, "ops, phi, to:<destination> or audit")->required();
  rotate->add_flag("--add", add, "create the compartment if the keyring lacks it");

  std::filesystem::path out;
  auto *exp = app.add_subcommand("export", "write a scoped keyring with only some compartments");
  exp->add_option("compartments", compartments,
                  "compartments to copy; 'audit' (signing) or 'audit-verify' (public only)")
      ->required();
  exp->add_option("-o,--output", out, "scoped keyring file to write (mode 0600)")->required();
  exp->add_flag("--force", force, "replace an existing output file");

  std::optional<std::filesystem::path> rejects_path;
  bool fail_fast = false;
  auto *rewrap = app.add_subcommand("rewrap", "re-wrap the data keys of an envelope stream "
                                              "(stdin to stdout) under the current primaries");
  rewrap->add_option("--rejects", rejects_path, "append reject records to FILE")->type_name("FILE");
  rewrap->add_flag("--fail-fast", fail_fast, "stop at the first rejected record");

  auto *list = app.add_subcommand("list", "list key ids per compartment (never key material)");

  return cli::run_tool(app, argc, argv, [&]() -> int {
    Log::set_quiet(common.quiet);
    auto paths = resolve_home(common.home);
    if (*init) {
      if (compartments.empty())
        compartments = compartments_for_policy(Policy::from_option(common.policy));
      init_keyring(paths, compartments, force);
      Log::info("keyring created", {Field("compartments", compartments.size())});
      return exit_status::ok;
    }
    if (*rotate) {
      auto id = rotate_key(paths, compartment, add);
      std::cout << id.str() << '\n';
      return exit_status::ok;
    }
    auto keys = cli::load_keyring(paths);
    AuditLog audit(paths.audit_log, Log::tool(), keys);
    if (*exp) {
      export_keyring(keys, compartments, out, force, audit);
      return exit_status::ok;
    }
    if (*rewrap) {
      LineWriter writer(stdout);
      RejectWriter rejects(rejects_path, &audit);
      StreamOptions options;
      options.fail_fast = fail_fast;
      auto summary = rewrap_stream(keys, options, writer, rejects, audit);
      Log::info("rewrap done",
                {Field("records", summary.read), Field("rejected", summary.rejected)});
      return summary.exit_status;
    }
    if (*list)
      for (const auto &line : describe_keyring(keys))
        std::cout << line << '\n';
    return exit_status::ok;
  });
}
