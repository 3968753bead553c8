// mi-inspect: print the compartments of an envelope stream that your keys can open. See
// mi-inspect(1).
#include "core/cli.hpp"
#include "core/inspect.hpp"
#include "core/log.hpp"

int main(int argc, char **argv) {
  using namespace mi;
  Log::init("mi-inspect");
  CLI::App app{"Open an envelope stream (stdin) with the keys you hold and print each record as "
               "plain JSON (stdout). Every record opened is audited.",
               "mi-inspect"};
  app.set_version_flag("--version", cli::version_text("mi-inspect"));
  cli::CommonOptions common;
  cli::add_home_options(app, common);
  InspectOptions inspect;
  std::optional<std::filesystem::path> rejects_path;
  bool fail_fast = false;
  app.add_option("-c,--compartment", inspect.compartments,
                 "only open these compartments (repeatable: ops, phi, to:<destination>)");
  app.add_flag("--pretty", inspect.pretty, "indent the JSON (one record spans several lines)");
  app.add_option("--rejects", rejects_path, "append reject records to FILE")->type_name("FILE");
  app.add_flag("--fail-fast", fail_fast, "stop at the first record that fails to open");

  return cli::run_tool(app, argc, argv, [&]() -> int {
    Log::set_quiet(common.quiet);
    auto paths = resolve_home(common.home);
    auto keys = cli::load_keyring(paths);
    AuditLog audit(paths.audit_log, Log::tool(), keys);
    LineWriter writer(stdout);
    RejectWriter rejects(rejects_path, &audit);
    StreamOptions stream;
    stream.fail_fast = fail_fast;
    auto summary = inspect_stream(keys, inspect, stream, writer, rejects, audit);
    Log::info("inspected", {Field("records", summary.read), Field("rejected", summary.rejected)});
    return summary.exit_status;
  });
}
