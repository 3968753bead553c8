#pragma once
// The worker threads of mi-ocr: each owns a MuPDF context (MuPDF contexts are not shared
// between threads), the document it read last, and one TesseractEngine created the first time
// the thread meets a page that needs OCR (or a picture worth reading on a text-layer page), then
// kept for the life of the pool. Born-digital pages without such pictures never create an
// engine. Pages are submitted in any mix of documents; each submission returns a
// future, so the caller collects results in input order whatever order workers finish in.

#include "ocr/image_regions.hpp"
#include "ocr/page_ocr.hpp"
#include "ocr/page_text.hpp"

#include "core/error.hpp"
#include "core/secret.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace mi::ocr {

// A source file held in memory for as long as any of its pages is pending.
struct SourceDocument {
  Secret bytes;
  std::string mime; // "application/pdf", "image/tiff", ...
};

// What mi-split already measured about a page (ops.page_info); without it the worker takes the
// page census itself.
struct PageHint {
  bool needs_ocr = true;
  int rotate_attribute = 0;
  int content_rotation = 0; // clockwise turn mi-split found the content needs (header OCR)
  std::optional<double> dpi_x, dpi_y;
  // Images drawn on the page (page_info "images"). A text-layer page with none is read from its
  // text layer alone, without a census; unknown (nullopt) means take the census to find out.
  std::optional<std::size_t> images;
};

struct PageJob {
  std::shared_ptr<const SourceDocument> source;
  int page = 1; // 1-based
  std::optional<PageHint> hint;
};

struct PageResult {
  Reason failure = Reason::ok; // ok: text holds the page
  StaticText detail = "";
  PageText text;
};

struct OcrPoolOptions {
  int jobs = 1;
  std::string language = "eng";
  int dpi = 300;
  PageOcrOptions page;
  // Pictures on text-layer pages read by OCR (image_regions.hpp).
  ImageRegionOptions regions;
};

// Processes one page in the calling thread with the given worker state; what each pool worker
// runs, exposed for tests.
class PageWorker {
public:
  explicit PageWorker(const OcrPoolOptions &options);
  ~PageWorker();
  PageWorker(const PageWorker &) = delete;
  PageWorker &operator=(const PageWorker &) = delete;
  PageResult process(const PageJob &job);
  std::size_t tesseract_calls() const noexcept;

private:
  struct State;
  std::unique_ptr<State> state_;
};

class OcrPool {
public:
  explicit OcrPool(const OcrPoolOptions &options);
  ~OcrPool(); // drops jobs not yet started and joins the workers
  OcrPool(const OcrPool &) = delete;
  OcrPool &operator=(const OcrPool &) = delete;

  std::future<PageResult> submit(PageJob job);
  int jobs() const noexcept { return static_cast<int>(threads_.size()); }
  std::size_t tesseract_calls() const; // recognitions + orientation detections, all workers

private:
  void run(std::size_t worker);
  OcrPoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<PageJob, std::promise<PageResult>>> queue_;
  bool stopping_ = false;
  std::vector<std::unique_ptr<PageWorker>> workers_;
  std::vector<std::thread> threads_;
};

// The default for --jobs: the cores this process may run on.
int default_jobs() noexcept;

} // namespace mi::ocr
