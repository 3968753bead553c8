#include "core/cli.hpp"

#include "core/log.hpp"
#include "core/ndjson.hpp"
#include "core/secret.hpp"

#include <new>

namespace mi::cli {

void add_home_options(CLI::App &app, CommonOptions &o, bool with_vault, bool with_policy) {
  app.add_option("--home", o.home.home, "mi home directory (default $MI_HOME, ~/.local/share/mi)")
      ->type_name("DIR");
  app.add_option("--keyring", o.home.keyring,
                 "keyring file (default $MI_KEYRING, HOME/keyring.json)")
      ->type_name("FILE");
  app.add_option("--audit-log", o.home.audit_log,
                 "audit log (default $MI_AUDIT_LOG, HOME/audit.log)")
      ->type_name("FILE");
  if (with_vault)
    app.add_option("--vault", o.home.vault, "vault directory (default $MI_VAULT, HOME/vault)")
        ->type_name("DIR");
  if (with_policy)
    app.add_option("--policy", o.policy, "policy file (default $MI_POLICY, else built in)")
        ->type_name("FILE");
  app.add_flag("-q,--quiet", o.quiet, "no progress or summary on stderr; errors still shown");
  // Common options are accepted after a subcommand too: "mi-keys init --home DIR".
  app.fallthrough();
}

std::string version_text(std::string_view tool) { return std::string(tool) + " (mi) " MI_VERSION; }

namespace {

// CLI11 quotes the offending value ("File does not exist: Jane Doe referral.pdf"); values can be
// file names holding PHI, so only the option's name (the text before CLI11's first ':') is kept.
void report_bad_value(const CLI::ParseError &e) {
  std::string_view message = e.what();
  auto colon = message.find(':');
  std::string option;
  if (colon != std::string_view::npos && message.starts_with("-"))
    option = std::string(message.substr(0, colon));
  if (option.find_first_of(" \t") != std::string::npos)
    option.clear();
  if (option.empty())
    std::fprintf(stderr, "%s: error: invalid value for an option or argument; see --help\n",
                 Log::tool().c_str());
  else
    std::fprintf(stderr, "%s: error: invalid value for %s; see --help\n", Log::tool().c_str(),
                 option.c_str());
}

} // namespace

int run_tool(CLI::App &app, int argc, char **argv, const std::function<int()> &body) {
  protect_process_memory();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &) {
    std::fputs(app.help().c_str(), stdout);
    return close_stdout_checked() ? exit_status::ok : exit_status::io;
  } catch (const CLI::CallForAllHelp &) {
    std::fputs(app.help("", CLI::AppFormatMode::All).c_str(), stdout);
    return close_stdout_checked() ? exit_status::ok : exit_status::io;
  } catch (const CLI::CallForVersion &e) {
    std::puts(e.what());
    return close_stdout_checked() ? exit_status::ok : exit_status::io;
  } catch (const CLI::Success &) {
    return exit_status::ok;
  } catch (const CLI::ExtrasError &) {
    // CLI11 would quote the extra arguments, and arguments can be file names holding PHI.
    std::fprintf(stderr, "%s: error: unexpected extra arguments; see --help\n",
                 Log::tool().c_str());
    return exit_status::usage;
  } catch (const CLI::ConversionError &e) {
    report_bad_value(e);
    return exit_status::usage;
  } catch (const CLI::ValidationError &e) {
    report_bad_value(e);
    return exit_status::usage;
  } catch (const CLI::FileError &e) {
    report_bad_value(e);
    return exit_status::usage;
  } catch (const CLI::ParseError &e) {
    // Required/excluded/missing-argument errors name options, never values.
    std::fprintf(stderr, "%s: error: %s; see --help\n", Log::tool().c_str(), e.what());
    return exit_status::usage;
  }

  int status;
  try {
    status = body();
  } catch (const Error &e) {
    Log::report(Severity::error, e);
    status = e.exit_status();
  } catch (const std::bad_alloc &) {
    Log::report(Severity::error, Reason::internal, {},
                {Field("cause", StaticText("out of memory"))});
    status = exit_status::internal;
  } catch (const std::exception &) {
    Log::report(Severity::error, Reason::internal);
    status = exit_status::internal;
  }
  if (!close_stdout_checked() && status != exit_status::io) {
    Log::report(Severity::error, Reason::output_failed, Location{"<stdout>"});
    if (status == exit_status::ok || status == exit_status::data)
      status = exit_status::io;
  }
  return status;
}

Keyring load_keyring(const HomePaths &paths) { return Keyring::load(paths.keyring); }

StageRuntime::StageRuntime(const CommonOptions &options,
                           const std::optional<std::filesystem::path> &rejects_path, bool fail_fast)
    : policy(Policy::from_option(options.policy)), paths(resolve_home(options.home)),
      keys(load_keyring(paths)), store(paths.vault), vault(store, keys),
      audit(paths.audit_log, Log::tool(), keys), rejects(rejects_path, &audit) {
  audit.set_policy_version(policy.version());
  stream.fail_fast = fail_fast;
}

} // namespace mi::cli
