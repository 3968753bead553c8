#include "ocr/ocr_stage.hpp"

#include "core/error.hpp"
#include "core/log.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <deque>

namespace mi::ocr {
namespace {

const StageName &ocr_stage() {
  static const StageName stage = StageName::parse("ocr");
  return stage;
}

constexpr int max_pages_per_document = 100000;

// A record whose pages are being read. It keeps its input line so that a page failure found
// later can still be rejected with the sealed envelope, as process_stream would have.
struct PendingDocument {
  Envelope in;
  std::string raw;
  std::uint64_t ordinal = 0;
  Json ops, phi;
  bool pass_through = false;
  std::vector<std::future<PageResult>> pages;
};

std::optional<PageHint> hint_from(const Json &info) {
  if (!info.is_object() || !info.contains("needs_ocr") || !info["needs_ocr"].is_boolean())
    return std::nullopt;
  PageHint hint;
  hint.needs_ocr = info["needs_ocr"].get<bool>();
  if (info.contains("rotate_attribute") && info["rotate_attribute"].is_number_integer())
    hint.rotate_attribute = info["rotate_attribute"].get<int>();
  if (info.contains("content_rotation") && info["content_rotation"].is_number_integer())
    hint.content_rotation = info["content_rotation"].get<int>();
  if (info.contains("images") && info["images"].is_number_integer() &&
      info["images"].get<std::int64_t>() >= 0)
    hint.images = info["images"].get<std::size_t>();
  const auto &dpi = info.contains("dpi") ? info["dpi"] : Json();
  if (dpi.is_array() && dpi.size() == 2 && dpi[0].is_number() && dpi[1].is_number()) {
    hint.dpi_x = dpi[0].get<double>();
    hint.dpi_y = dpi[1].get<double>();
  }
  return hint;
}

// The 1-based inclusive page range of the record: ops.pages from mi-split, else the whole
// source (records straight from mi-validate).
std::pair<int, int> page_range(const Json &ops, const Json &source) {
  int first = 1, last = 0;
  try {
    if (ops.contains("pages") && ops["pages"].is_array()) {
      first = ops["pages"].at(0).get<int>();
      last = ops["pages"].at(1).get<int>();
    } else {
      last = source.at("pages").get<int>();
    }
  } catch (const std::exception &) {
    throw Error(Reason::compartment_malformed, "the record has no page range");
  }
  if (first < 1 || last < first || last - first >= max_pages_per_document)
    throw Error(Reason::compartment_malformed, "the record's page range is invalid");
  return {first, last};
}

bool passes_through(const Json &ops) {
  return ops.value("document_type", "") == "fax_cover" || ops.value("status", "") == "set_aside";
}

class OcrRun {
public:
  OcrRun(const OcrStageContext &ctx, const OcrStageOptions &options, const StreamOptions &stream,
         RejectWriter &rejects)
      : ctx_(ctx), stream_(stream), rejects_(rejects), pool_(options.pool),
        window_(std::max(1, options.window_per_job) * std::max(1, pool_.jobs())) {}

  OcrSummary summary;

  void accept(const Envelope &in, std::string_view raw, RecordSink &sink) {
    PendingDocument doc;
    doc.ordinal = ++ordinal_;
    doc.ops = in.open("ops", ctx_.keys);
    doc.phi = in.open("phi", ctx_.keys);
    if (!doc.ops.is_object() || !doc.phi.is_object() || !doc.phi.contains("source") ||
        !doc.phi["source"].is_object())
      throw Error(Reason::compartment_malformed, "the record has no source to read");
    doc.pass_through = passes_through(doc.ops);
    if (!doc.pass_through) {
      const Json &source = doc.phi["source"];
      ObjectId object;
      try {
        object = ObjectId::parse(source.value("object", ""));
      } catch (const Error &) {
        throw Error(Reason::compartment_malformed, "the source object id is invalid");
      }
      auto [first, last] = page_range(doc.ops, source);
      auto document = std::make_shared<SourceDocument>(
          SourceDocument{ctx_.vault.get(object), source.value("mime", "application/pdf")});
      std::map<int, PageHint> hints;
      if (doc.ops.contains("page_info") && doc.ops["page_info"].is_array())
        for (const auto &info : doc.ops["page_info"])
          if (info.is_object() && info.contains("page") && info["page"].is_number_integer())
            if (auto hint = hint_from(info))
              hints[info["page"].get<int>()] = *hint;
      for (int p = first; p <= last; ++p) {
        PageJob job{document, p, std::nullopt};
        if (auto it = hints.find(p); it != hints.end())
          job.hint = it->second;
        doc.pages.push_back(pool_.submit(std::move(job)));
        ++in_flight_;
      }
    }
    doc.in = in;
    doc.raw = std::string(raw);
    pending_.push_back(std::move(doc));

    if (stream_.fail_fast) {
      // One document at a time: a page failure must stop the stream at this very record.
      while (!pending_.empty())
        if (!finish_front(sink, true))
          break;
      return;
    }
    while (!pending_.empty() && (in_flight_ > window_ || front_ready()))
      finish_front(sink, false);
  }

  void drain(RecordSink &sink) {
    while (!pending_.empty())
      finish_front(sink, false);
    summary.tesseract_calls = pool_.tesseract_calls();
  }

private:
  bool front_ready() const {
    for (const auto &f : pending_.front().pages)
      if (f.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return false;
    return true;
  }

  // Emits (or rejects) the oldest pending document, waiting for its pages. With throw_errors, a
  // page failure is thrown (process_stream rejects the record) instead of rejected here.
  bool finish_front(RecordSink &sink, bool throw_errors) {
    PendingDocument doc = std::move(pending_.front());
    pending_.pop_front();
    std::vector<PageResult> results;
    results.reserve(doc.pages.size());
    for (auto &f : doc.pages)
      results.push_back(f.get());
    in_flight_ -= doc.pages.size();

    for (const auto &r : results)
      if (r.failure != Reason::ok) {
        // A failure that is not about this record (the OCR language cannot be loaded) stops the
        // run, as process_stream does.
        if (throw_errors || !is_record_level(r.failure))
          throw Error(r.failure, r.detail);
        RejectInput reject;
        reject.reason = r.failure;
        reject.detail = r.detail;
        reject.where = Location{stream_.input_name, doc.ordinal, true};
        reject.header = &doc.in.header();
        reject.sealed_envelope = doc.raw;
        reject.input_sha256 = crypto::sha256(as_bytes(doc.raw));
        rejects_.reject(reject);
        return false;
      }

    Envelope out = doc.in.successor(ocr_stage(), doc.in.header().sequence);
    Json ops = doc.ops;
    Json phi = doc.phi;
    std::uint64_t ocr_pages = 0, layer_pages = 0, rotated = 0;
    if (!doc.pass_through) {
      Json page_figures = Json::array();
      Json pages = Json::array();
      double seconds = 0;
      for (const auto &r : results) {
        const auto &t = r.text;
        bool ocr = t.source == TextSource::ocr;
        (ocr ? ocr_pages : layer_pages) += 1;
        rotated += t.applied_rotation != 0 ? 1 : 0;
        seconds += t.seconds;
        Json figures = {{"page", t.page},
                        {"source", text_source_name(t.source)},
                        {"seconds", std::round(t.seconds * 1e4) / 1e4},
                        {"words", t.words.size()},
                        {"mean_confidence", std::round(t.mean_confidence() * 1e3) / 1e3},
                        {"applied_rotation", t.applied_rotation},
                        {"content_rotation", t.content_rotation},
                        {"skew_degrees", std::round(t.skew_degrees * 100) / 100}};
        if (!t.regions.empty())
          figures["ocr_regions"] = t.regions.size();
        page_figures.push_back(std::move(figures));
        pages.push_back(to_json(t));
      }
      ops["stage"] = "ocr";
      ops["ocr"] = {{"pages", page_figures},
                    {"ocr_pages", ocr_pages},
                    {"text_layer_pages", layer_pages},
                    {"seconds", std::round(seconds * 1e4) / 1e4}};
      phi["pages"] = std::move(pages);
    }
    out.seal("ops", ops, ctx_.keys);
    out.seal("phi", phi, ctx_.keys);
    sink.emit(out);

    ++summary.documents;
    summary.passed_through += doc.pass_through ? 1 : 0;
    summary.ocr_pages += ocr_pages;
    summary.text_layer_pages += layer_pages;
    summary.rotated_pages += rotated;
    ctx_.audit.record("ocr.document", AuditOutcome::ok, Reason::ok,
                      {Field("trace", doc.in.header().trace),
                       Field("doc", doc.in.header().document), Field("record", out.header().record),
                       Field("parent", doc.in.header().record), Field("pages", results.size()),
                       Field("ocr_pages", ocr_pages), Field("text_layer_pages", layer_pages),
                       Field("rotated_pages", rotated), Field("passed_through", doc.pass_through)});
    return true;
  }

  const OcrStageContext &ctx_;
  const StreamOptions &stream_;
  RejectWriter &rejects_;
  OcrPool pool_;
  std::size_t window_;
  std::size_t in_flight_ = 0;
  std::uint64_t ordinal_ = 0;
  std::deque<PendingDocument> pending_;
};

} // namespace

OcrSummary run_ocr_stream(const OcrStageContext &context, const OcrStageOptions &options,
                          const StreamOptions &stream, LineWriter &output, RejectWriter &rejects) {
  OcrRun run(context, options, stream, rejects);
  auto summary = process_stream(stream, output, rejects,
                                [&](const Envelope &in, std::string_view raw, RecordSink &sink) {
                                  run.accept(in, raw, sink);
                                });
  // Documents still in flight when the input ended.
  RecordSink tail(output);
  run.drain(tail);
  OcrSummary out = run.summary;
  out.stream = summary;
  out.stream.emitted += tail.count();
  out.stream.rejected = rejects.count();
  out.stream.exit_status = rejects.exit_status();
  return out;
}

void report_ocr_summary(const OcrSummary &s) {
  Log::info("done",
            {Field("records", s.stream.read), Field("documents", s.documents),
             Field("rejected", s.stream.rejected), Field("ocr_pages", s.ocr_pages),
             Field("text_layer_pages", s.text_layer_pages), Field("rotated_pages", s.rotated_pages),
             Field("passed_through", s.passed_through)});
}

} // namespace mi::ocr
