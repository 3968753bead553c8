// mi-ocr: the text and layout of every page, from the text layer or by OCR. See mi-ocr(1).
#include "ocr/ocr_stage.hpp"

#include "core/cli.hpp"
#include "core/log.hpp"

int main(int argc, char **argv) {
  using namespace mi;
  using namespace mi::ocr;
  // Debian's OpenMP Tesseract otherwise burns several times the CPU; libgomp reads the limit
  // before main, so this re-executes the program once with OMP_THREAD_LIMIT=1 when needed.
  restart_with_openmp_limit(argv);
  limit_openmp_threads();
  Log::init("mi-ocr");
  CLI::App app{"Read the words of every page of each document (stdin, from mi-split or "
               "mi-validate): born-digital pages from their text layer, image pages by OCR. "
               "Words, boxes and page geometry go into phi, per-page figures into ops (stdout).",
               "mi-ocr"};
  app.set_version_flag("--version", cli::version_text("mi-ocr"));
  app.footer(
      "Examples:\n  mi-validate --tenant clinic-a packet.pdf | mi-split | mi-ocr > read.ndjson\n"
      "  mi-ocr --jobs 4 --rejects ocr-rejects.ndjson < split.ndjson > read.ndjson\n");
  cli::CommonOptions common;
  cli::add_home_options(app, common, true, true);
  OcrStageOptions options;
  options.pool.jobs = default_jobs();
  auto &page = options.pool.page;
  std::optional<std::filesystem::path> rejects_path;
  bool fail_fast = false, no_deskew = false, no_orientation = false, no_image_regions = false;
  app.add_option("-j,--jobs", options.pool.jobs, "worker threads (default: the cores available)")
      ->check(CLI::Range(1, 256));
  app.add_option("--lang", options.pool.language,
                 "Tesseract language(s), e.g. eng or eng+spa (default eng)");
  app.add_option("--dpi", options.pool.dpi, "resolution image pages are rendered at (default 300)")
      ->check(CLI::Range(72, 600));
  app.add_flag("--no-deskew", no_deskew, "never straighten skewed image pages");
  app.add_option("--deskew-min", page.deskew_min_degrees,
                 "straighten only pages skewed at least this many degrees (default 1.0)")
      ->check(CLI::Range(0.0, 45.0));
  app.add_flag("--no-orientation", no_orientation,
               "never turn image pages (no orientation detection)");
  app.add_option("--osd-min-confidence", page.osd_min_confidence,
                 "try a rotation Tesseract OSD proposes only at this confidence (default 1.0)")
      ->check(CLI::Range(0.0, 100.0));
  app.add_flag("--no-image-regions", no_image_regions,
               "read text-layer pages from the text layer only (no OCR of pictures on them)");
  app.add_option("--rejects", rejects_path, "append reject records to FILE")->type_name("FILE");
  app.add_flag("--fail-fast", fail_fast, "stop at the first rejected record");

  return cli::run_tool(app, argc, argv, [&]() -> int {
    Log::set_quiet(common.quiet);
    page.deskew = !no_deskew;
    page.orientation = !no_orientation;
    options.pool.regions.enabled = !no_image_regions;
    cli::StageRuntime rt(common, rejects_path, fail_fast);
    auto summary =
        run_ocr_stream({rt.keys, rt.vault, rt.audit}, options, rt.stream, rt.output, rt.rejects);
    report_ocr_summary(summary);
    return summary.stream.exit_status;
  });
}
