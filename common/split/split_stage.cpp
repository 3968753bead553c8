#include "split/split_stage.hpp"

#include "split/header_ocr.hpp"

#include "pdf/page_census.hpp"

#include "core/error.hpp"

#include <chrono>
#include <memory>

namespace mi::split {
namespace {

const StageName &split_stage() {
  static const StageName stage = StageName::parse("split");
  return stage;
}

struct PageFindings {
  pdf::PageCensus census;
  PageClass cls;
  std::string class_source; // "text_layer" or "header_ocr"
  int content_rotation = 0;
  double skew_degrees = 0;
  double census_ms = 0;
};

bool informative(const std::string &text, const void *rules) {
  return classify_page(text, text, *static_cast<const SplitRules *>(rules)).type != unknown_type;
}

Json page_info(const PageFindings &f) {
  const auto &c = f.census;
  Json dpi = c.dpi_x ? Json::array({*c.dpi_x, *c.dpi_y}) : Json(nullptr);
  return {{"page", c.page},
          {"text_layer", std::string(pdf::text_layer_name(c.text_layer()))},
          {"needs_ocr", c.needs_ocr()},
          {"unmapped_glyphs", c.unmapped_glyphs},
          {"rotate_attribute", c.rotate_attribute},
          {"content_rotation", f.content_rotation},
          {"skew_degrees", f.skew_degrees},
          {"dpi", dpi},
          {"images", c.images},
          {"paths", c.paths},
          {"width", c.width},
          {"height", c.height},
          {"class", f.cls.type},
          {"class_score", f.cls.score},
          {"class_source", f.class_source},
          {"census_ms", f.census_ms}};
}

std::string_view status_of(const DocumentRange &range) {
  if (range.set_aside)
    return "set_aside";
  if (range.needs_review)
    return "needs_review";
  return "split";
}

} // namespace

StreamSummary run_split(const SplitContext &ctx, const StreamOptions &stream, LineWriter &output,
                        RejectWriter &rejects) {
  pdf::MupdfContext mupdf;
  std::unique_ptr<ocr::TesseractEngine> engine; // created on the first image page
  const Secret &ids_key = ctx.keys.primary("ids").secret;

  return process_stream(
      stream, output, rejects, [&](const Envelope &in, std::string_view, RecordSink &sink) {
        Json ops = in.open("ops", ctx.keys);
        Json phi = in.open("phi", ctx.keys);
        if (!phi.contains("source") || !phi["source"].is_object())
          throw Error(Reason::compartment_malformed, "the record has no source to split");
        const Json &source = phi["source"];
        auto object = ObjectId::parse(source.value("object", ""));
        auto mime = source.value("mime", "application/pdf");
        auto content_hash = source.value("sha256", "");
        Secret bytes = ctx.vault.get(object);
        pdf::MupdfDocument document(mupdf, bytes.view(), mime);
        int page_count = document.page_count();

        std::vector<PageFindings> pages(static_cast<std::size_t>(page_count));
        std::vector<PageClass> classes;
        for (int i = 0; i < page_count; ++i) {
          auto &f = pages[static_cast<std::size_t>(i)];
          auto start = std::chrono::steady_clock::now();
          f.census = pdf::take_page_census(mupdf, document, i);
          f.census_ms =
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count();
          if (f.census.has_usable_text()) {
            f.cls = classify_page_text(pdf::page_visible_text(mupdf, document, i), ctx.rules);
            f.class_source = "text_layer";
          } else if (ctx.header_ocr) {
            if (!engine)
              engine = std::make_unique<ocr::TesseractEngine>();
            auto header = read_header_band(mupdf, document, i, ctx.rules.header_band, *engine,
                                           informative, &ctx.rules);
            f.cls = classify_page(header.text, header.body, ctx.rules);
            f.class_source = header.whole_page ? "page_ocr" : "header_ocr";
            f.content_rotation = header.rotate_clockwise;
            f.skew_degrees = header.skew_degrees;
          } else {
            f.class_source = "none";
          }
          classes.push_back(f.cls);
        }

        auto ranges = split_pages(classes, ctx.rules);
        for (const auto &range : ranges) {
          auto id = DocumentId::derive(
              ids_key, "document\n" + in.header().tenant.str() + "\n" + content_hash + "\n" +
                           std::to_string(range.first) + "-" + std::to_string(range.last));
          Envelope out = in.successor(split_stage(), sink.count(), id);
          Json info = Json::array();
          for (int p = range.first; p <= range.last; ++p)
            info.push_back(page_info(pages[static_cast<std::size_t>(p - 1)]));
          Json reasons = Json::array();
          if (range.needs_review)
            reasons.push_back("unknown_document_type");
          Json out_ops = {{"stage", "split"},
                          {"status", status_of(range)},
                          {"document_type", range.type},
                          {"pages", {range.first, range.last}},
                          {"source_pages", page_count},
                          {"source_document", in.header().document.str()},
                          {"reasons", reasons},
                          {"page_info", info}};
          if (ops.contains("receipt"))
            out_ops["receipt"] = ops["receipt"];
          out.seal("ops", out_ops, ctx.keys);
          out.seal("phi", {{"source", source}}, ctx.keys);
          sink.emit(out);
          ctx.audit.record("split.document", AuditOutcome::ok, Reason::ok,
                           {Field("trace", in.header().trace), Field("doc", id),
                            Field("record", out.header().record),
                            Field("parent", in.header().record), Field("first_page", range.first),
                            Field("last_page", range.last), Field("review", range.needs_review),
                            Field("set_aside", range.set_aside)});
        }
      });
}

} // namespace mi::split
