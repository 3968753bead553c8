// mi-validate: the quarantined intake zone. See mi-validate(1).
#include "intake/intake.hpp"

#include "core/cli.hpp"
#include "core/log.hpp"
#include "core/temp_dir.hpp"

#include <iostream>

int main(int argc, char **argv) {
  using namespace mi;
  using namespace mi::intake;
  Log::init("mi-validate");
  CLI::App app{"Check uploads (PDF, TIFF, PNG, JPEG) in quarantine: malware scan, type agreement, "
               "real parse, limits, active content. Accepted uploads go to the vault and out as "
               "envelopes (stdout); refused ones become reject records.",
               "mi-validate"};
  app.set_version_flag("--version", cli::version_text("mi-validate"));
  app.footer(
      "Examples:\n  mi-validate --tenant clinic-a --case intake-0412 /srv/fax-drop > batch.ndjson\n"
      "  find drop -name '*.pdf' | mi-validate --tenant clinic-a - | mi-inspect -c ops\n");
  cli::CommonOptions common;
  cli::add_home_options(app, common, true, true);
  std::vector<std::string> arguments;
  std::string tenant, case_id, user;
  std::optional<std::filesystem::path> manifest, rejects_path, clamav_db;
  IntakeOptions options;
  app.add_option("inputs", arguments,
                 "files, directories (a fax drop), or - for a path list on stdin");
  app.add_option("--tenant", tenant, "tenant the uploads belong to (slug: a-z 0-9 . _ -)");
  app.add_option("--case", case_id, "case id to bind the uploads to (slug)");
  app.add_option("--user", user, "uploading user to bind (slug; default none)");
  app.add_option("--manifest", manifest, "NDJSON of {path, tenant, case, user}, one per upload")
      ->type_name("FILE");
  app.add_option("--rejects", rejects_path, "append reject records to FILE")->type_name("FILE");
  app.add_option("--quarantine", options.quarantine, "move rejected uploads into DIR (renamed)")
      ->type_name("DIR");
  app.add_option("--clamav-db", clamav_db,
                 "ClamAV database (default $MI_CLAMAV_DB, policy, "
                 "/var/lib/clamav)")
      ->type_name("PATH");
  app.add_flag("--reemit-duplicates", options.reemit_duplicates,
               "emit uploads already in the vault again (same ids) instead of skipping them");
  app.add_flag("--fail-fast", options.fail_fast, "stop at the first rejected upload");

  return cli::run_tool(app, argc, argv, [&]() -> int {
    Log::set_quiet(common.quiet);
    if (arguments.empty() && !manifest)
      throw Error(Reason::usage, "give files, directories, - or --manifest");
    UploadBinding defaults;
    try {
      if (!tenant.empty())
        defaults.tenant = TenantId::parse(tenant);
      if (!case_id.empty())
        defaults.case_id = CaseId::parse(case_id);
      if (!user.empty())
        defaults.user = UserId::parse(user);
    } catch (const Error &) {
      throw Error(Reason::usage,
                  "--tenant and --case take slugs (a-z 0-9 . _ -), --user also A-Z and @");
    }
    auto inputs = expand_inputs(arguments, std::cin, defaults, manifest);
    cli::StageRuntime rt(common, rejects_path, options.fail_fast);
    auto rules = intake_rules_from_policy(rt.policy);
    PrivateTempDir scratch(rt.paths.root / "tmp");
    MalwareScanner scanner(resolve_clamav_database(clamav_db, rules.clamav_database),
                           scratch.path());
    auto summary = run_intake({rt.keys, rt.vault, rt.audit, rt.policy, rules, scanner}, inputs,
                              options, rt.output, rt.rejects);
    report_intake_summary(summary);
    return summary.exit_status;
  });
}
