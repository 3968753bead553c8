#include "redact/redact_stage.hpp"

#include "redact/leak_gate.hpp"

#include "extract_support.hpp"
#include "ocr_support.hpp"
#include "stream_support.hpp"

#include "core/object_store.hpp"
#include "ocr/page_text.hpp"
#include "ocr/text_layer.hpp"

#include <doctest/doctest.h>
#include <mupdf/fitz.h>

using namespace mi;
using namespace mi::redact;

namespace {

constexpr const char *canary = "Canaryweather";

Policy test_policy() {
  auto doc = Policy::builtin().document();
  doc["destinations"] = Json::parse(R"({
    "archive": {"external": true, "document_types": ["consent"], "fields": ["document_type"],
                "document": {"redact": ["patient_name"]}},
    "ehr": {"external": false, "document_types": ["*"], "fields": ["patient_name", "dob"],
            "match_key": true}})");
  return Policy::parse(doc.dump());
}

// A gray picture of big printed text, for a page whose text only pixels hold.
test::TestImage picture_of_text(pdf::MupdfContext &context, const std::string &text) {
  auto pdf = test::one_page_pdf("BT /F1 40 Tf 20 30 Td (" + text + ") Tj ET", {}, "0 0 400 100");
  pdf::MupdfDocument document(context, pdf);
  fz_context *ctx = context.get();
  fz_pixmap *pix = fz_new_pixmap_from_page_number(
      ctx, document.get(), 0, fz_scale(150.0f / 72, 150.0f / 72), fz_device_gray(ctx), 0);
  test::TestImage image{pix->w, pix->h, {}};
  for (int y = 0; y < pix->h; ++y)
    image.gray.append(reinterpret_cast<const char *>(pix->samples + y * pix->stride),
                      static_cast<std::size_t>(pix->w));
  fz_drop_pixmap(ctx, pix);
  return image;
}

struct StageFixture {
  test::TempDir dir;
  Keyring keys = Keyring::create({"ops", "phi", "ids", "to:archive", "to:ehr"});
  DirectoryObjectStore store{dir / "vault"};
  Vault vault{store, keys};
  AuditLog audit{dir / "audit.ndjson", "mi-redact", keys};
  ReviewQueue queue{dir / "review"};
  Policy policy = test_policy();
  RedactionRules rules = redaction_rules_from_policy(policy);
  extract::ExtractRules extract = extract::extract_rules_from_policy(policy);
  pdf::MupdfContext mupdf;

  ObjectId put(const Bytes &pdf) {
    PutRequest request;
    request.tenant = TenantId::parse("acme");
    return vault.put(pdf, request).id;
  }

  // A record as mi-extract emits it: the pages' words and the fields.
  Envelope extracted(std::uint64_t sequence, const ObjectId &source,
                     const std::vector<ocr::PageText> &pages, const Json &fields) {
    Envelope e(test::make_header(sequence));
    e.seal("ops",
           {{"stage", "extract"},
            {"status", "accepted"},
            {"document_type", "consent"},
            {"pages", {1, 1}},
            {"extract", {{"status", "accepted"}}}},
           keys);
    Json phi_pages = Json::array();
    for (const auto &p : pages)
      phi_pages.push_back(ocr::to_json(p));
    e.seal("phi",
           {{"source", {{"object", source.str()}, {"mime", "application/pdf"}, {"pages", 1}}},
            {"pages", phi_pages},
            {"fields", fields}},
           keys);
    return e;
  }

  struct Run {
    RedactSummary summary;
    std::vector<std::string> lines;
    std::string log;
  };

  Run run(const std::vector<Envelope> &records) {
    std::string input;
    for (const auto &e : records)
      input += e.serialize() + "\n";
    test::InputFile in(dir, "in.ndjson", input);
    test::OutputFile out(dir, "out.ndjson");
    Run r;
    test::StderrCapture stderr_capture;
    {
      RejectWriter rejects(dir / "rejects.ndjson", &audit);
      StreamOptions stream;
      stream.input_fd = in.fd();
      RedactContext context{keys,    vault,  audit,         policy, rules,
                            extract, &queue, {2026, 12, 4}, true};
      r.summary = run_redact(context, stream, out.writer(), rejects);
    }
    r.log = stderr_capture.text();
    stderr_capture.restore();
    r.lines = out.lines();
    return r;
  }
};

Json name_field(const ocr::Box &box) {
  return {{"patient_name",
           {{"value", std::string("Marta ") + canary},
            {"normalized", std::string("Marta ") + canary},
            {"status", "accepted"},
            {"page", 1},
            {"box", {box.x0, box.y0, box.x1, box.y1}}}},
          {"dob", {{"value", "03/14/1961"}, {"normalized", "1961-03-14"}, {"status", "accepted"}}}};
}

std::vector<Term> canary_terms() { return {make_term("patient_name", canary)}; }

} // namespace

TEST_CASE("each destination gets its payload; a clean redacted copy is released under its key") {
  StageFixture f;
  auto pdf = test::one_page_pdf(std::string("BT /F1 14 Tf 72 700 Td (Patient Name: Marta ") +
                                canary + ") Tj 0 -40 Td (Date of Birth: 03/14/1961) Tj ET");
  pdf::MupdfDocument document(f.mupdf, pdf);
  auto words = ocr::text_layer_words(f.mupdf, document, 0);
  ocr::Box name_box{1e9, 1e9, -1e9, -1e9};
  for (const auto &w : words.words)
    if (w.text == "Marta" || w.text == canary)
      name_box = {std::min(name_box.x0, w.box.x0), std::min(name_box.y0, w.box.y0),
                  std::max(name_box.x1, w.box.x1), std::max(name_box.y1, w.box.y1)};
  auto r = f.run({f.extracted(1, f.put(pdf), {words}, name_field(name_box))});
  REQUIRE(r.lines.size() == 1);
  CHECK(r.summary.released == 1);
  CHECK(r.summary.withheld == 0);
  CHECK(r.summary.payloads == 2);

  auto out = Envelope::parse(r.lines[0]);
  auto ops = out.open("ops", f.keys);
  CHECK(ops["status"] == "accepted");
  CHECK(ops["redact"]["destinations"]["archive"]["document"] == "released");
  CHECK(ops["redact"]["destinations"]["archive"]["gate"] == "passed");
  CHECK(ops["redact"]["destinations"]["ehr"]["document"] == "none");
  CHECK(ops.dump().find(canary) == std::string::npos);

  auto ehr = out.open("to:ehr", f.keys);
  CHECK(ehr["fields"]["patient_name"]["value"] == std::string("Marta ") + canary);
  CHECK(ehr["match_key"].get<std::string>().rfind("mk1_", 0) == 0);
  auto archive = out.open("to:archive", f.keys);
  CHECK(archive.dump().find(canary) == std::string::npos);
  auto copy_id = ObjectId::parse(archive["redacted_document"]["object"].get<std::string>());
  auto meta = f.vault.metadata(copy_id);
  CHECK(meta.kind == ObjectKind::redacted_pdf);
  CHECK(meta.compartment == "to:archive");
  auto copy = f.vault.get(copy_id);
  CHECK(check_mupdf_text(f.mupdf, copy.view(), canary_terms()).empty());
  CHECK(check_pdftotext(copy.view(), canary_terms()).empty());

  // A keyring without the destination's key opens neither the payload nor the copy.
  auto ops_only = f.keys.export_scoped({"ops", "ids"});
  CHECK(test::reason_of([&] { out.open("to:archive", ops_only); }) == Reason::key_not_held);
  CHECK(r.log.find(canary) == std::string::npos);
  CHECK(test::read_text(f.dir / "audit.ndjson").find(canary) == std::string::npos);
}

TEST_CASE("a copy the gate finds PHI in is withheld and sent to review, and the stream goes on") {
  StageFixture f;
  // The surname only in pixels, and mi-ocr's words (none) missed it: the plan cannot cover it,
  // and the gate's OCR of the output sees it.
  auto image = picture_of_text(f.mupdf, "CANARYWEATHER");
  auto pdf = test::one_page_pdf("q 400 0 0 100 100 500 cm /Im0 Do Q", {image});
  ocr::PageText page;
  page.page = 1;
  page.width = 612;
  page.height = 792;
  auto hidden = f.extracted(1, f.put(pdf), {page}, name_field({50, 50, 60, 60}));
  // A record that never went through mi-extract.
  Envelope raw(test::make_header(2));
  raw.seal("ops", {{"stage", "ocr"}, {"document_type", "consent"}}, f.keys);
  raw.seal("phi", Json::object(), f.keys);
  auto r = f.run({hidden, raw});
  CHECK(r.summary.stream.read == 2);
  CHECK(r.summary.stream.rejected == 1);
  CHECK(r.summary.stream.exit_status == 65);
  REQUIRE(r.lines.size() == 1);
  CHECK(r.summary.withheld == 1);
  CHECK(r.summary.raster_retries == 0); // already raster (external destination)
  CHECK(r.summary.queued == 1);

  auto out = Envelope::parse(r.lines[0]);
  auto ops = out.open("ops", f.keys);
  CHECK(ops["status"] == "needs_review");
  auto reasons = ops["reasons"].get<std::vector<std::string>>();
  CHECK(std::find(reasons.begin(), reasons.end(), "redaction_leak") != reasons.end());
  const auto &report = ops["redact"]["destinations"]["archive"];
  CHECK(report["document"] == "withheld");
  CHECK(report["gate"] == "failed");
  bool ocr_saw_it = false;
  for (const auto &finding : report["findings"])
    ocr_saw_it |= finding["check"] == "ocr" && finding["kind"] == "patient_name";
  CHECK(ocr_saw_it);
  auto archive = out.open("to:archive", f.keys);
  CHECK(archive["redacted_document"].is_null());
  CHECK(archive["redacted_document_withheld"] == "redaction_leak");
  // Nothing was stored for the destination.
  for (const auto &m : f.vault.list())
    CHECK(m.kind != ObjectKind::redacted_pdf);
  REQUIRE(f.queue.pending().size() == 1);
  CHECK(f.queue.pending()[0].document == out.header().document);
  auto rejects = test::read_text(f.dir / "rejects.ndjson");
  CHECK(rejects.find("stage_missing") != std::string::npos);
  CHECK(r.log.find(canary) == std::string::npos);
  CHECK(test::read_text(f.dir / "audit.ndjson").find("redact.withhold") != std::string::npos);
}

TEST_CASE("a destination without its key stops the stage before any record") {
  auto rules = redaction_rules_from_policy(test_policy());
  auto keys = Keyring::create({"ops", "phi", "ids", "to:ehr"});
  test::StderrCapture capture;
  CHECK(test::reason_of([&] { require_destination_keys(rules, keys); }) == Reason::key_not_held);
  auto log = capture.text();
  capture.restore();
  CHECK(log.find("archive") != std::string::npos); // names which one
  keys.add_compartment("to:archive");
  require_destination_keys(rules, keys);
}
