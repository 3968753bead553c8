// mi-audit: verify and read mi's tamper-evident audit log. See mi-audit(1).
#include "core/audit_report.hpp"
#include "core/cli.hpp"
#include "core/log.hpp"

#include <iostream>

int main(int argc, char **argv) {
  using namespace mi;
  Log::init("mi-audit");
  CLI::App app{"Verify and read the mi audit log.", "mi-audit"};
  app.set_version_flag("--version", cli::version_text("mi-audit"));
  app.require_subcommand(1);
  cli::CommonOptions common;
  cli::add_home_options(app, common);

  app.add_subcommand("verify",
                     "check the hash chain, sequence, checkpoint signatures and head file");
  AuditSelection select;
  std::uint64_t last = 20;
  auto *show = app.add_subcommand("show", "print audit records (they hold no PHI)");
  show->add_option("--action", select.action, "only this action, or a prefix such as 'keys.'");
  show->add_option("--id", select.id, "only records naming this id (trace, document, record, key)");
  auto *tail = app.add_subcommand("tail", "print the last records");
  tail->add_option("-n,--lines", last, "how many records")->capture_default_str();
  auto *checkpoint =
      app.add_subcommand("checkpoint", "append a signed checkpoint now (e.g. from cron)");

  return cli::run_tool(app, argc, argv, [&]() -> int {
    Log::set_quiet(common.quiet);
    auto paths = resolve_home(common.home);
    if (*show || *tail) {
      if (*tail)
        select.last = last;
      print_audit_records(paths.audit_log, select, std::cout);
      return exit_status::ok;
    }
    auto keys = cli::load_keyring(paths);
    if (*checkpoint) {
      AuditLog audit(paths.audit_log, Log::tool(), keys);
      audit.record("audit.checkpoint", AuditOutcome::ok, Reason::ok);
      audit.checkpoint();
      return exit_status::ok;
    }
    if (keys.audit_keys().empty())
      throw Error(Reason::audit_key_missing);
    auto result = verify_audit_log(paths.audit_log, keys);
    print_verification(result, std::cout);
    return result.ok() ? exit_status::ok : exit_status::data;
  });
}
