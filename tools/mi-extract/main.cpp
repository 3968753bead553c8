// mi-extract: the key fields of each document, found by layout and validated. See mi-extract(1).
#include "extract/extract_stage.hpp"

#include "core/cli.hpp"
#include "core/log.hpp"
#include "ocr/tesseract_engine.hpp"

int main(int argc, char **argv) {
  using namespace mi;
  using namespace mi::extract;
  ocr::restart_with_openmp_limit(argv); // a second read of fax pages runs Tesseract
  Log::init("mi-extract");
  CLI::App app{"Find the key fields of each document (stdin, from mi-ocr) by their labels' "
               "position, normalize and validate them, and mark each field and document "
               "accepted or needs_review. Values go into phi.fields, statuses and reason codes "
               "into ops.extract (stdout); documents needing review also go to the review queue "
               "(mi-review).",
               "mi-extract"};
  app.set_version_flag("--version", cli::version_text("mi-extract"));
  app.footer(
      "Examples:\n  mi-validate --tenant clinic-a packet.pdf | mi-split | mi-ocr | mi-extract "
      "> fields.ndjson\n"
      "  mi-extract --policy site-policy.json --rejects extract-rejects.ndjson < read.ndjson "
      "> fields.ndjson\n  mi-review list\n");
  cli::CommonOptions common;
  cli::add_home_options(app, common, true, true);
  std::optional<std::filesystem::path> rejects_path, queue_dir;
  std::optional<std::string> today_text;
  bool fail_fast = false, no_queue = false, no_retype = false, no_second_read = false;
  app.add_option("--review-dir", queue_dir, "review queue directory (default: <mi home>/review)")
      ->type_name("DIR");
  app.add_flag("--no-queue", no_queue, "do not file documents needing review in the queue");
  app.add_flag("--no-retype", no_retype,
               "keep mi-split's document type even when the full OCR'd page names another");
  app.add_flag("--no-second-read", no_second_read,
               "never read coarse (fax) pages again at 400 dpi when the first read left fields "
               "unaccepted");
  app.add_option("--today", today_text,
                 "the date validation treats as today, YYYY-MM-DD (default: the UTC date)")
      ->type_name("DATE");
  app.add_option("--rejects", rejects_path, "append reject records to FILE")->type_name("FILE");
  app.add_flag("--fail-fast", fail_fast, "stop at the first rejected record");

  return cli::run_tool(app, argc, argv, [&]() -> int {
    Log::set_quiet(common.quiet);
    CivilDate today = today_utc();
    if (today_text) {
      auto parsed = parse_iso_date(*today_text);
      if (!parsed)
        throw Error(Reason::usage, "--today takes a date as YYYY-MM-DD");
      today = *parsed;
    }
    cli::StageRuntime rt(common, rejects_path, fail_fast);
    auto rules = extract_rules_from_policy(rt.policy);
    auto types = split::split_rules_from_policy(rt.policy);
    ReviewQueue queue(queue_dir.value_or(rt.paths.root / "review"));
    ExtractContext ctx{rt.keys,
                       rt.vault,
                       rt.audit,
                       rules,
                       no_queue ? nullptr : &queue,
                       today,
                       no_retype ? nullptr : &types,
                       {}};
    ctx.second_read.enabled = !no_second_read;
    auto summary = run_extract(ctx, rt.stream, rt.output, rt.rejects);
    report_extract_summary(summary);
    return summary.stream.exit_status;
  });
}
