// mi-vault: list vault objects by metadata, set legal holds and retention, run the retention
// sweep. See mi-vault(1).
#include "core/cli.hpp"
#include "core/log.hpp"
#include "core/vault_admin.hpp"

#include <iostream>

int main(int argc, char **argv) {
  using namespace mi;
  Log::init("mi-vault");
  CLI::App app{"Manage the mi vault: metadata listing, legal holds, retention, sweep.", "mi-vault"};
  app.set_version_flag("--version", cli::version_text("mi-vault"));
  app.footer("Examples:\n  mi-vault list | awk -F'\\t' '$5 == \"hold\"'\n"
             "  mi-vault get obj_... -o redacted.pdf   # with the destination's keyring\n"
             "  mi-vault sweep --dry-run && mi-vault sweep   # e.g. nightly from cron\n");
  app.require_subcommand(1);
  cli::CommonOptions common;
  cli::add_home_options(app, common, true);
  std::string object, until;
  bool dry_run = false, clear = false;
  auto *list = app.add_subcommand("list", "one line per object: id, tenant, kind, created, "
                                          "retention deadline, hold, bytes, lineage");
  auto *hold = app.add_subcommand("hold", "put an object under legal hold (never swept)");
  hold->add_option("object", object, "object id (obj_...)")->required();
  auto *release = app.add_subcommand("release", "lift a legal hold");
  release->add_option("object", object, "object id (obj_...)")->required();
  auto *retain = app.add_subcommand("retain", "set or clear an object's retention deadline");
  retain->add_option("object", object, "object id (obj_...)")->required();
  retain->add_option("--until", until, "deadline, RFC 3339 UTC (2027-06-30T00:00:00Z)");
  retain->add_flag("--clear", clear, "no deadline: keep until deleted by hand");
  std::filesystem::path output;
  auto *get = app.add_subcommand(
      "get", "decrypt an object into a new file (0600), e.g. a redacted PDF for its destination");
  get->add_option("object", object, "object id (obj_...)")->required();
  get->add_option("-o,--output", output, "file to create (never overwritten)")->required();
  auto *sweep = app.add_subcommand("sweep", "delete objects past their deadline and not held");
  sweep->add_flag("--dry-run", dry_run, "only count what would be deleted");

  return cli::run_tool(app, argc, argv, [&]() -> int {
    Log::set_quiet(common.quiet);
    auto paths = resolve_home(common.home);
    auto keys = cli::load_keyring(paths);
    DirectoryObjectStore store(paths.vault);
    Vault vault(store, keys);
    if (*list) {
      for (const auto &m : vault.list())
        std::cout << describe_object(m) << '\n';
      return exit_status::ok;
    }
    AuditLog audit(paths.audit_log, Log::tool(), keys);
    if (*sweep) {
      auto n = sweep_vault(vault, audit, now(), dry_run);
      std::cout << (dry_run ? "due: " : "deleted: ") << n << '\n';
      return exit_status::ok;
    }
    if (!is_valid_id(IdKind::object, object))
      throw Error(Reason::usage, "object ids look like obj_ followed by 26 characters");
    auto id = ObjectId::parse(object);
    if (*get) {
      export_object(vault, audit, id, output);
      return exit_status::ok;
    }
    if (*hold || *release) {
      set_legal_hold(vault, audit, id, static_cast<bool>(*hold));
      return exit_status::ok;
    }
    std::optional<TimePoint> deadline;
    if (!clear) {
      deadline = parse_time(until);
      if (!deadline)
        throw Error(Reason::usage, "give --until YYYY-MM-DDTHH:MM:SSZ or --clear");
    }
    set_retention_deadline(vault, audit, id, deadline);
    (void)retain;
    return exit_status::ok;
  });
}
