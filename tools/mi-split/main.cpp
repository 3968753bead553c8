// mi-split: pages to logical documents. See mi-split(1).
#include "split/split_stage.hpp"

#include "ocr/tesseract_engine.hpp"

#include "core/cli.hpp"
#include "core/log.hpp"

int main(int argc, char **argv) {
  using namespace mi;
  // Debian's OpenMP reads OMP_THREAD_LIMIT before main(): set it and re-exec, once.
  ocr::restart_with_openmp_limit(argv);
  Log::init("mi-split");
  CLI::App app{"Inspect every page of each intake record (stdin), classify pages from their text "
               "layer or a fast OCR of their header band, and emit one record per logical "
               "document (stdout). Fax covers are set aside, unknown pages go to review.",
               "mi-split"};
  app.set_version_flag("--version", cli::version_text("mi-split"));
  app.footer("Examples:\n  mi-validate --tenant clinic-a drop/ | mi-split | mi-inspect -c ops\n"
             "  mi-split --no-header-ocr < batch.ndjson > documents.ndjson   # text layers only\n");
  cli::CommonOptions common;
  cli::add_home_options(app, common, true, true);
  std::optional<std::filesystem::path> rejects_path;
  bool fail_fast = false, no_header_ocr = false;
  app.add_option("--rejects", rejects_path, "append reject records to FILE")->type_name("FILE");
  app.add_flag("--fail-fast", fail_fast, "stop at the first rejected record");
  app.add_flag("--no-header-ocr", no_header_ocr,
               "classify image pages as unknown instead of OCR'ing their header band");

  return cli::run_tool(app, argc, argv, [&]() -> int {
    Log::set_quiet(common.quiet);
    cli::StageRuntime rt(common, rejects_path, fail_fast);
    auto rules = split::split_rules_from_policy(rt.policy);
    auto summary = split::run_split({rt.keys, rt.vault, rt.audit, rules, !no_header_ocr}, rt.stream,
                                    rt.output, rt.rejects);
    Log::info("done", {Field("records", summary.read), Field("documents", summary.emitted),
                       Field("rejected", summary.rejected)});
    return summary.exit_status;
  });
}
