// mi-redact: minimized payloads per destination, redacted documents proven clean. See mi-redact(1).
#include "redact/redact_stage.hpp"

#include "core/cli.hpp"
#include "core/log.hpp"
#include "ocr/tesseract_engine.hpp"

int main(int argc, char **argv) {
  using namespace mi;
  using namespace mi::redact;
  ocr::restart_with_openmp_limit(argv);
  Log::init("mi-redact");
  CLI::App app{
      "For each document (stdin, from mi-extract) and each destination the policy sends it "
      "to, seal the smallest payload the policy allows into the destination's own "
      "to:<destination> compartment, and, where the destination receives the document "
      "itself, a truly redacted PDF (content removed, not covered) that has passed the "
      "leak gate: two text extractors, raw and decompressed bytes, OCR of the rendered "
      "pages and a structure check. A document failing the gate is withheld and sent to "
      "review.",
      "mi-redact"};
  app.set_version_flag("--version", cli::version_text("mi-redact"));
  app.footer(
      "Examples:\n  mi-validate --tenant clinic-a packet.pdf | mi-split | mi-ocr | mi-extract "
      "| mi-redact > redacted.ndjson\n"
      "  mi-redact --policy site-policy.json --rejects redact-rejects.ndjson < fields.ndjson "
      "> redacted.ndjson\n  mi-keys rotate to:research --add   # a key for a new destination\n");
  cli::CommonOptions common;
  cli::add_home_options(app, common, true, true);
  std::optional<std::filesystem::path> rejects_path, queue_dir;
  std::optional<std::string> today_text;
  bool fail_fast = false, no_queue = false;
  app.add_option("--review-dir", queue_dir, "review queue directory (default: <mi home>/review)")
      ->type_name("DIR");
  app.add_flag("--no-queue", no_queue, "do not file withheld documents in the review queue");
  app.add_option("--today", today_text,
                 "the date two-digit years pivot on when dates are detected, YYYY-MM-DD "
                 "(default: the UTC date)")
      ->type_name("DATE");
  app.add_option("--rejects", rejects_path, "append reject records to FILE")->type_name("FILE");
  app.add_flag("--fail-fast", fail_fast, "stop at the first rejected record");

  return cli::run_tool(app, argc, argv, [&]() -> int {
    Log::set_quiet(common.quiet);
    auto today = extract::today_utc();
    if (today_text) {
      auto parsed = extract::parse_iso_date(*today_text);
      if (!parsed)
        throw Error(Reason::usage, "--today takes a date as YYYY-MM-DD");
      today = *parsed;
    }
    cli::StageRuntime rt(common, rejects_path, fail_fast);
    auto rules = redaction_rules_from_policy(rt.policy);
    auto extract_rules = extract::extract_rules_from_policy(rt.policy);
    require_destination_keys(rules, rt.keys);
    ReviewQueue queue(queue_dir.value_or(rt.paths.root / "review"));
    RedactContext ctx{
        rt.keys, rt.vault, rt.audit, rt.policy, rules, extract_rules, no_queue ? nullptr : &queue,
        today,   true};
    auto summary = run_redact(ctx, rt.stream, rt.output, rt.rejects);
    report_redact_summary(summary);
    return summary.stream.exit_status;
  });
}
