#include "extract/extract_stage.hpp"

#include "extract/document_extractor.hpp"
#include "extract/second_read.hpp"
#include "extract/type_check.hpp"
#include "extract/value_parser.hpp"

#include "core/error.hpp"
#include "core/log.hpp"
#include "pdf/mupdf.hpp"

#include <map>
#include <memory>

namespace mi::extract {
namespace {

const StageName &extract_stage() {
  static const StageName stage = StageName::parse("extract");
  return stage;
}

// The document's page images, rendered only when a signature or checkbox needs one, and only
// once per page.
class PageImages {
public:
  PageImages(pdf::MupdfContext &context, const Vault &vault, const Json &source)
      : context_(context), vault_(vault), source_(source) {}

  // The source document, opened on first use; throws vault or PDF errors.
  const pdf::MupdfDocument &document() {
    if (!document_) {
      bytes_ = vault_.get(ObjectId::parse(source_.value("object", "")));
      document_ = std::make_unique<pdf::MupdfDocument>(context_, bytes_.view(),
                                                       source_.value("mime", "application/pdf"));
    }
    return *document_;
  }

  const MarksImage *page(int number) {
    if (auto it = images_.find(number); it != images_.end())
      return it->second.get();
    auto &slot = images_[number];
    try {
      slot = std::make_unique<MarksImage>(render_for_marks(context_, document(), number - 1));
    } catch (const Error &) {
      // Without the image, ink and boxes cannot be read: those fields go to review.
      slot.reset();
    }
    return slot.get();
  }

private:
  pdf::MupdfContext &context_;
  const Vault &vault_;
  const Json &source_;
  Secret bytes_;
  std::unique_ptr<pdf::MupdfDocument> document_;
  std::map<int, std::unique_ptr<MarksImage>> images_;
};

} // namespace

bool passes_through(const Json &ops) {
  return ops.value("document_type", "") == "fax_cover" || ops.value("status", "") == "set_aside";
}

namespace {

struct DocumentRead {
  std::string type;
  DocumentFields fields;
};

// The document's type (mi-split's, or the one a second look at an OCR-typed first page finds)
// and its fields, from one set of page words.
DocumentRead read_document(const ExtractContext &ctx, const std::vector<ocr::PageText> &pages,
                           const std::string &split_type, const Json &page_info,
                           PageImages &images) {
  DocumentRead read;
  read.type = split_type;
  if (ctx.types)
    if (auto revised = revised_document_type(pages, split_type, page_info, *ctx.types))
      read.type = *revised;
  read.fields = extract_document(read.type, pages, ctx.rules, ctx.today,
                                 [&](int page) { return images.page(page); });
  return read;
}

} // namespace

ExtractSummary run_extract(const ExtractContext &ctx, const StreamOptions &stream,
                           LineWriter &output, RejectWriter &rejects) {
  pdf::MupdfContext mupdf;
  std::unique_ptr<ocr::TesseractEngine> engine; // created by the first second read
  ExtractSummary summary;
  summary.stream = process_stream(
      stream, output, rejects, [&](const Envelope &in, std::string_view, RecordSink &sink) {
        Json ops = in.open("ops", ctx.keys);
        Json phi = in.open("phi", ctx.keys);
        if (!ops.is_object() || !phi.is_object())
          throw Error(Reason::compartment_malformed, "ops and phi must be objects");
        Envelope out = in.successor(extract_stage(), in.header().sequence);
        if (passes_through(ops)) {
          out.seal("ops", ops, ctx.keys);
          out.seal("phi", phi, ctx.keys);
          sink.emit(out);
          ++summary.passed_through;
          return;
        }
        if (!phi.contains("pages") || !phi["pages"].is_array())
          throw Error(Reason::stage_missing, "the record has no pages of text (run mi-ocr first)");
        std::vector<ocr::PageText> pages;
        for (const auto &p : phi["pages"])
          pages.push_back(ocr::page_text_from_json(p));
        if (!phi.contains("source") || !phi["source"].is_object())
          throw Error(Reason::compartment_malformed, "the record has no source");

        PageImages images(mupdf, ctx.vault, phi["source"]);
        const std::string split_type = ops.value("document_type", "unknown");
        auto read =
            read_document(ctx, pages, split_type, ops.value("page_info", Json::array()), images);
        // A second, finer read of coarse pages when the first left fields unaccepted.
        auto again = pages_to_reread(read.fields, pages, ctx.second_read);
        if (!again.empty()) {
          try {
            if (!engine)
              engine = std::make_unique<ocr::TesseractEngine>();
            auto finer = pages;
            for (auto i : again)
              finer[i] = reread_page(*engine, mupdf, images.document(), pages[i], ctx.second_read);
            auto second = read_document(ctx, finer, split_type,
                                        ops.value("page_info", Json::array()), images);
            bool used = better_read(second.fields, read.fields);
            if (used) {
              read = std::move(second);
              pages = std::move(finer);
              Json phi_pages = Json::array();
              for (const auto &p : pages)
                phi_pages.push_back(ocr::to_json(p));
              phi["pages"] = phi_pages;
            }
            ops["second_read"] = {{"pages", again.size()}, {"used", used}};
            ++summary.second_reads;
            summary.second_reads_used += used ? 1 : 0;
          } catch (const Error &) {
            // The first read stands; its fields are what they are.
            ops["second_read"] = {{"pages", again.size()}, {"used", false}};
          }
        }
        const bool retyped = read.type != split_type;
        if (retyped) {
          ops["type_revised_from"] = split_type;
          ops["document_type"] = read.type;
          ++summary.retyped;
        }
        auto document = std::move(read.fields);
        if (retyped) {
          // A person confirms a type the header read and the full page disagree on.
          for (auto &f : document.fields)
            if (f.name == "document_type")
              f.reasons.push_back(reason::document_type_revised);
          settle_status(document);
        }

        Json extract = fields_to_ops(document);
        ops["stage"] = "extract";
        ops["extract"] = extract;
        // The document's status now says whether its fields can be trusted.
        if (ops.value("status", "") != "needs_review" || document.status == "needs_review")
          ops["status"] = document.status;
        Json reasons =
            ops.contains("reasons") && ops["reasons"].is_array() ? ops["reasons"] : Json::array();
        for (const auto &r : document.reasons)
          if (std::find(reasons.begin(), reasons.end(), r) == reasons.end())
            reasons.push_back(r);
        ops["reasons"] = reasons;
        phi["fields"] = fields_to_phi(document);
        out.seal("ops", ops, ctx.keys);
        out.seal("phi", phi, ctx.keys);

        bool review = ops["status"] == "needs_review";
        bool queued = review && ctx.queue && ctx.queue->enqueue(out);
        sink.emit(out);

        std::size_t accepted = 0;
        for (const auto &f : document.fields)
          accepted += f.status == "accepted" ? 1 : 0;
        ++summary.documents;
        (review ? summary.needs_review : summary.accepted) += 1;
        summary.queued += queued ? 1 : 0;
        summary.fields += document.fields.size();
        summary.fields_accepted += accepted;
        ctx.audit.record("extract.document", AuditOutcome::ok, Reason::ok,
                         {Field("trace", in.header().trace), Field("doc", in.header().document),
                          Field("record", out.header().record), Field("parent", in.header().record),
                          Field("fields", document.fields.size()),
                          Field("accepted_fields", accepted),
                          Field("missing_fields", document.missing.size()),
                          Field("needs_review", review), Field("queued", queued)});
      });
  return summary;
}

void report_extract_summary(const ExtractSummary &s) {
  Log::info("done",
            {Field("records", s.stream.read), Field("documents", s.documents),
             Field("retyped", s.retyped), Field("second_reads", s.second_reads),
             Field("second_reads_used", s.second_reads_used), Field("accepted", s.accepted),
             Field("needs_review", s.needs_review), Field("queued", s.queued),
             Field("passed_through", s.passed_through), Field("rejected", s.stream.rejected),
             Field("fields", s.fields), Field("accepted_fields", s.fields_accepted)});
}

} // namespace mi::extract
