#include "ocr/ocr_pool.hpp"

#include "ocr/page_render.hpp"
#include "ocr/text_layer.hpp"

#include "pdf/page_census.hpp"

#include <ctime>
#include <sched.h>

namespace mi::ocr {
namespace {

double thread_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

} // namespace

int default_jobs() noexcept {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return CPU_COUNT(&set);
  unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? static_cast<int>(n) : 1;
}

struct PageWorker::State {
  OcrPoolOptions options;
  pdf::MupdfContext context;
  // The document read last: consecutive pages of one document reuse it.
  std::shared_ptr<const SourceDocument> source;
  std::unique_ptr<pdf::MupdfDocument> document;
  std::unique_ptr<TesseractEngine> engine;

  const pdf::MupdfDocument &open(const std::shared_ptr<const SourceDocument> &wanted) {
    if (source != wanted || !document) {
      document.reset();
      source.reset();
      document = std::make_unique<pdf::MupdfDocument>(context, wanted->bytes.view(), wanted->mime);
      source = wanted;
    }
    return *document;
  }
  TesseractEngine &tesseract() {
    if (!engine)
      engine = std::make_unique<TesseractEngine>(options.language);
    return *engine;
  }
};

PageWorker::PageWorker(const OcrPoolOptions &options) : state_(std::make_unique<State>()) {
  state_->options = options;
}

PageWorker::~PageWorker() = default;

std::size_t PageWorker::tesseract_calls() const noexcept {
  return state_->engine ? state_->engine->recognize_calls() + state_->engine->orientation_calls()
                        : 0;
}

PageResult PageWorker::process(const PageJob &job) {
  PageResult result;
  double started = thread_cpu_seconds();
  try {
    const auto &document = state_->open(job.source);
    int index = job.page - 1;
    if (index < 0 || index >= document.page_count())
      throw Error(Reason::compartment_malformed, "a page range lies outside the source");
    PageHint hint;
    std::optional<pdf::PageCensus> census;
    if (job.hint) {
      hint = *job.hint;
    } else {
      census = pdf::take_page_census(state_->context, document, index);
      hint.needs_ocr = census->needs_ocr();
      hint.rotate_attribute = census->rotate_attribute;
      hint.dpi_x = census->dpi_x;
      hint.dpi_y = census->dpi_y;
      hint.images = census->images;
    }
    if (!hint.needs_ocr) {
      result.text = text_layer_words(state_->context, document, index);
      const auto &regions = state_->options.regions;
      // A page with no image pays nothing here: no census (mi-split counted its images), no
      // engine, no Tesseract call.
      if (regions.enabled && hint.images.value_or(1) > 0) {
        if (!census)
          census = pdf::take_page_census(state_->context, document, index);
        for (const auto &box : regions_to_ocr(*census, result.text.words, regions))
          add_region_words(result.text, box,
                           read_region(state_->tesseract(), state_->context, document, index, box,
                                       state_->options.dpi, state_->options.page));
      }
    } else {
      auto rendered = render_page(state_->context, document, index, state_->options.dpi);
      result.text = ocr_rendered_page(state_->tesseract(), rendered, state_->options.page,
                                      hint.content_rotation);
      result.text.width = rendered.width;
      result.text.height = rendered.height;
      result.text.dpi_x = hint.dpi_x.value_or(0);
      result.text.dpi_y = hint.dpi_y.value_or(0);
    }
    result.text.page = job.page;
    result.text.rotate_attribute = hint.rotate_attribute;
  } catch (const Error &e) {
    result.failure = e.reason();
    result.detail = e.detail();
  } catch (const std::bad_alloc &) {
    result.failure = Reason::resource_limit;
    result.detail = "out of memory on a page";
  }
  result.text.seconds = thread_cpu_seconds() - started;
  return result;
}

OcrPool::OcrPool(const OcrPoolOptions &options) : options_(options) {
  limit_openmp_threads(); // before any thread or engine exists
  int jobs = options.jobs > 0 ? options.jobs : 1;
  for (int i = 0; i < jobs; ++i)
    workers_.push_back(nullptr);
  for (int i = 0; i < jobs; ++i)
    threads_.emplace_back([this, i] { run(static_cast<std::size_t>(i)); });
}

OcrPool::~OcrPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto &[job, promise] : queue_) {
      PageResult dropped;
      dropped.failure = Reason::internal;
      dropped.detail = "the OCR pool stopped before this page";
      promise.set_value(std::move(dropped));
    }
    queue_.clear();
  }
  wake_.notify_all();
  for (auto &t : threads_)
    t.join();
}

std::future<PageResult> OcrPool::submit(PageJob job) {
  std::promise<PageResult> promise;
  auto future = promise.get_future();
  {
    std::lock_guard lock(mutex_);
    queue_.emplace_back(std::move(job), std::move(promise));
  }
  wake_.notify_one();
  return future;
}

std::size_t OcrPool::tesseract_calls() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto &w : workers_)
    if (w)
      n += w->tesseract_calls();
  return n;
}

void OcrPool::run(std::size_t index) {
  // The worker's MuPDF context and engine belong to this thread.
  auto worker = std::make_unique<PageWorker>(options_);
  PageWorker *self = worker.get();
  {
    std::lock_guard lock(mutex_);
    workers_[index] = std::move(worker);
  }
  for (;;) {
    std::pair<PageJob, std::promise<PageResult>> item;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty())
        return;
      item = std::move(queue_.front());
      queue_.pop_front();
    }
    PageResult result;
    try {
      result = self->process(item.first);
    } catch (...) {
      result.failure = Reason::internal;
      result.detail = "unexpected failure on a page";
    }
    item.second.set_value(std::move(result));
  }
}

} // namespace mi::ocr
