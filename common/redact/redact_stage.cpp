#include "redact/redact_stage.hpp"

#include "redact/leak_gate.hpp"
#include "redact/payload.hpp"
#include "redact/redaction_plan.hpp"
#include "redact/redactor.hpp"

#include "extract/extract_stage.hpp"

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "ocr/tesseract_engine.hpp"
#include "pdf/mupdf.hpp"

#include <algorithm>
#include <memory>

namespace mi::redact {
namespace {

const StageName &redact_stage() {
  static const StageName stage = StageName::parse("redact");
  return stage;
}

Json findings_json(const std::vector<LeakFinding> &findings) {
  Json out = Json::array();
  for (const auto &f : findings)
    out.push_back({{"check", f.check}, {"kind", f.kind}, {"page", f.page}});
  return out;
}

// One document's trip through the destinations the policy sends it to.
class DocumentRedaction {
public:
  DocumentRedaction(const RedactContext &ctx, pdf::MupdfContext &mupdf,
                    std::unique_ptr<ocr::TesseractEngine> &engine, RedactSummary &summary,
                    const Envelope &in, Json &ops, const Json &phi)
      : ctx_(ctx), mupdf_(mupdf), engine_(engine), summary_(summary), in_(in), ops_(ops),
        phi_(phi) {}

  // Seals one "to:" compartment per destination into `out`; returns ops.redact.
  Json run(Envelope &out) {
    Json destinations = Json::object();
    const std::string type = ops_.value("document_type", "unknown");
    const Json &fields = phi_.contains("fields") ? phi_["fields"] : empty_;
    for (const auto &d : ctx_.rules.destinations) {
      if (!d.receives(type))
        continue;
      Json payload = build_payload({d, ops_, fields, in_.header().tenant, in_.header().document,
                                    in_.header().document_version, ctx_.policy.version()},
                                   ctx_.keys.primary("ids").secret);
      Json report = {{"fields", d.fields.size()}, {"match_key", payload.contains("match_key")}};
      if (d.document)
        document_for(d, *d.document, payload, report);
      else
        report["document"] = "none";
      out.seal("to:" + d.name, payload, ctx_.keys);
      ++summary_.payloads;
      destinations[d.name] = report;
    }
    return {{"destinations", destinations}, {"withheld", withheld_}};
  }

  bool withheld() const { return withheld_ > 0; }
  // Why copies were withheld, each reason once.
  const std::vector<Reason> &withheld_reasons() const { return withheld_reasons_; }

private:
  const Secret &source() {
    if (!source_loaded_) {
      const auto &s = phi_.at("source");
      source_id_ = ObjectId::parse(s.value("object", ""));
      mime_ = s.value("mime", "application/pdf");
      source_ = ctx_.vault.get(*source_id_);
      source_loaded_ = true;
    }
    return source_;
  }

  // The document's pages sanitized once, and their printed words, for every destination.
  const PreparedSource &prepared_source() {
    if (!prepared_) {
      std::vector<int> numbers;
      for (const auto &p : pages())
        numbers.push_back(p.page);
      prepared_ = prepare_source(source().view(), mime_, numbers);
      printed_ = printed_words(mupdf_, *prepared_);
    }
    return *prepared_;
  }

  std::vector<ocr::PageText> &pages() {
    if (pages_.empty())
      for (const auto &p : phi_.at("pages"))
        pages_.push_back(ocr::page_text_from_json(p));
    return pages_;
  }

  ocr::TesseractEngine *engine() {
    if (!ctx_.gate_ocr)
      return nullptr;
    if (!engine_)
      engine_ = std::make_unique<ocr::TesseractEngine>();
    return engine_.get();
  }

  void document_for(const Destination &d, const DocumentRule &rule, Json &payload, Json &report) {
    const std::string type = ops_.value("document_type", "unknown");
    const Json &fields = phi_.contains("fields") ? phi_["fields"] : empty_;
    auto destination = DestinationName::parse(d.name);
    try {
      const auto &prepared = prepared_source();
      auto plan = plan_redaction(
          {pages(), fields, type, rule, ctx_.rules, ctx_.extract, ctx_.today, &printed_});
      RedactRequest request{prepared, plan.boxes, rule.mode, ctx_.rules.raster_dpi};
      GateOptions gate_options{ctx_.gate_ocr, ctx_.rules.gate_ocr_dpi};

      auto pdf = redact_document(mupdf_, request);
      auto gate = run_leak_gate(mupdf_, engine(), view_of(pdf.bytes), plan.terms, gate_options);
      bool retried = false;
      if (!gate.passed() && pdf.vector_pages > 0) {
        // What vector redaction left behind, a raster of the page cannot keep.
        request.mode = RedactMode::raster;
        pdf = redact_document(mupdf_, request);
        gate = run_leak_gate(mupdf_, engine(), view_of(pdf.bytes), plan.terms, gate_options);
        retried = true;
        ++summary_.raster_retries;
      }
      Json found = Json::object();
      for (const auto &[kind, count] : plan.found)
        found[kind] = count;
      report["boxes"] = plan.box_count();
      report["found"] = found;
      report["terms"] = plan.terms.size();
      report["vector_pages"] = pdf.vector_pages;
      report["raster_pages"] = pdf.raster_pages;
      report["raster_retry"] = retried;
      report["gate"] = gate.passed() ? "passed" : "failed";
      report["findings"] = findings_json(gate.findings);
      if (!gate.passed()) {
        withhold(d, payload, report, Reason::redaction_leak);
        return;
      }
      PutRequest put;
      put.tenant = in_.header().tenant;
      put.case_id = ctx_.vault.metadata(*source_id_).case_id;
      put.kind = ObjectKind::redacted_pdf;
      put.lineage = source_id_;
      put.retention_until = ctx_.policy.retention_deadline("redacted_pdf", now());
      put.compartment = "to:" + d.name;
      auto stored = ctx_.vault.put(view_of(pdf.bytes), put);
      auto digest = crypto::sha256(view_of(pdf.bytes));
      payload["redacted_document"] = {
          {"object", stored.id.str()},
          {"sha256", hex_encode(ByteView(digest.data(), digest.size()))},
          {"pages", pdf.vector_pages + pdf.raster_pages},
          {"mode", pdf.raster_pages > 0 && pdf.vector_pages == 0 ? "raster"
                   : pdf.raster_pages > 0                        ? "mixed"
                                                                 : "vector"}};
      report["document"] = "released";
      ++summary_.released;
      ctx_.audit.record("redact.release", AuditOutcome::ok, Reason::ok,
                        {Field("trace", in_.header().trace), Field("doc", in_.header().document),
                         Field("destination", destination), Field("object", stored.id),
                         Field("source", *source_id_), Field("boxes", plan.box_count()),
                         Field("raster_pages", pdf.raster_pages),
                         Field("vector_pages", pdf.vector_pages)});
    } catch (const Error &e) {
      if (e.reason() == Reason::leak_check_failed || e.reason() == Reason::key_not_held ||
          e.reason() == Reason::config_invalid)
        throw; // the gate or the keys cannot work at all: stop rather than withhold everything
      // The cause, by its code and fixed text, for the operator; the document goes to review.
      Log::report(Severity::warning, e, {},
                  {Field("trace", in_.header().trace), Field("doc", in_.header().document),
                   Field("destination", destination)});
      report["gate"] = "not_run";
      report["error"] = std::string(reason_code(e.reason()));
      withhold(d, payload, report, Reason::redaction_failed);
    }
  }

  void withhold(const Destination &d, Json &payload, Json &report, Reason reason) {
    payload["redacted_document"] = nullptr;
    payload["redacted_document_withheld"] = std::string(reason_code(reason));
    report["document"] = "withheld";
    report["reason"] = std::string(reason_code(reason));
    ++withheld_;
    if (std::find(withheld_reasons_.begin(), withheld_reasons_.end(), reason) ==
        withheld_reasons_.end())
      withheld_reasons_.push_back(reason);
    ++summary_.withheld;
    ctx_.audit.record("redact.withhold", AuditOutcome::failed, reason,
                      {Field("trace", in_.header().trace), Field("doc", in_.header().document),
                       Field("destination", DestinationName::parse(d.name))});
  }

  static ByteView view_of(const std::string &bytes) {
    return {reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size()};
  }

  const RedactContext &ctx_;
  pdf::MupdfContext &mupdf_;
  std::unique_ptr<ocr::TesseractEngine> &engine_;
  RedactSummary &summary_;
  const Envelope &in_;
  Json &ops_;
  const Json &phi_;
  const Json empty_ = Json::object();
  bool source_loaded_ = false;
  std::optional<ObjectId> source_id_;
  std::string mime_;
  Secret source_;
  std::vector<ocr::PageText> pages_;
  std::optional<PreparedSource> prepared_;
  std::map<int, ocr::PageText> printed_;
  std::size_t withheld_ = 0;
  std::vector<Reason> withheld_reasons_;
};

} // namespace

void require_destination_keys(const RedactionRules &rules, const Keyring &keys) {
  for (const auto &d : rules.destinations)
    if (!keys.holds("to:" + d.name)) {
      Log::report(Severity::error, Reason::key_not_held, {},
                  {Field("destination", DestinationName::parse(d.name))});
      throw Error(Reason::key_not_held,
                  "add the destination's key with: mi-keys rotate to:<destination> --add");
    }
  if (!keys.holds("ids"))
    throw Error(Reason::key_not_held, "the ids key is needed for match keys and vault names");
}

RedactSummary run_redact(const RedactContext &ctx, const StreamOptions &stream, LineWriter &output,
                         RejectWriter &rejects) {
  pdf::MupdfContext mupdf;
  std::unique_ptr<ocr::TesseractEngine> engine; // created by the first gate that OCRs
  RedactSummary summary;
  summary.stream = process_stream(
      stream, output, rejects, [&](const Envelope &in, std::string_view, RecordSink &sink) {
        Json ops = in.open("ops", ctx.keys);
        Json phi = in.open("phi", ctx.keys);
        if (!ops.is_object() || !phi.is_object())
          throw Error(Reason::compartment_malformed, "ops and phi must be objects");
        Envelope out = in.successor(redact_stage(), in.header().sequence);
        if (extract::passes_through(ops)) {
          out.seal("ops", ops, ctx.keys);
          out.seal("phi", phi, ctx.keys);
          sink.emit(out);
          ++summary.passed_through;
          return;
        }
        if (!ops.contains("extract"))
          throw Error(Reason::stage_missing, "the record has no fields (run mi-extract first)");
        if (!phi.contains("pages") || !phi["pages"].is_array() || !phi.contains("source"))
          throw Error(Reason::compartment_malformed, "the record has no pages or no source");

        DocumentRedaction redaction(ctx, mupdf, engine, summary, in, ops, phi);
        Json report = redaction.run(out);
        ops["stage"] = "redact";
        ops["redact"] = report;
        if (redaction.withheld()) {
          ops["status"] = "needs_review";
          Json reasons =
              ops.contains("reasons") && ops["reasons"].is_array() ? ops["reasons"] : Json::array();
          for (auto reason : redaction.withheld_reasons()) {
            std::string code(reason_code(reason));
            if (std::find(reasons.begin(), reasons.end(), code) == reasons.end())
              reasons.push_back(code);
          }
          ops["reasons"] = reasons;
        }
        out.seal("ops", ops, ctx.keys);
        out.seal("phi", phi, ctx.keys);
        bool queued = redaction.withheld() && ctx.queue && ctx.queue->enqueue(out);
        summary.queued += queued ? 1 : 0;
        sink.emit(out);
        ++summary.documents;
        ctx.audit.record("redact.document", AuditOutcome::ok, Reason::ok,
                         {Field("trace", in.header().trace), Field("doc", in.header().document),
                          Field("record", out.header().record), Field("parent", in.header().record),
                          Field("withheld", redaction.withheld()), Field("queued", queued)});
      });
  return summary;
}

void report_redact_summary(const RedactSummary &s) {
  Log::info("done", {Field("records", s.stream.read), Field("documents", s.documents),
                     Field("passed_through", s.passed_through), Field("payloads", s.payloads),
                     Field("released", s.released), Field("withheld", s.withheld),
                     Field("raster_retries", s.raster_retries), Field("queued", s.queued),
                     Field("rejected", s.stream.rejected)});
}

} // namespace mi::redact
