#include "extract/extract_stage.hpp"

#include "extract_support.hpp"
#include "ocr_support.hpp"
#include "stream_support.hpp"

#include "core/object_store.hpp"
#include "ocr/page_text.hpp"

#include <algorithm>

using namespace mi;
using namespace mi::extract;

namespace {

constexpr const char *canary_surname = "Canaryweather";

// A referral page's words (text layer, page 1), 6 points a character, rows 10 points high.
ocr::PageText referral_page(bool with_dob = true) {
  test::PageBuilder b;
  auto put = [&](double x, double y, const std::string &text) { b.put(x, y, text); };
  put(50, 100, std::string("Patient Name: Jane ") + canary_surname);
  if (with_dob)
    put(330, 100, "DOB: 03/15/1980");
  put(50, 120, "MRN: 54066404");
  put(50, 140, "Date of Service: 05/01/2024");
  return b.page;
}

struct StageFixture {
  test::TempDir dir;
  Keyring keys = Keyring::create({"ops", "phi", "ids"});
  DirectoryObjectStore store{dir / "vault"};
  Vault vault{store, keys};
  AuditLog audit{dir / "audit.ndjson", "mi-extract", keys};
  ReviewQueue queue{dir / "review"};
  ExtractRules rules = extract_rules_from_policy(Policy::builtin());
  ObjectId source = put_blank_pdf();

  ObjectId put_blank_pdf() {
    PutRequest request;
    request.tenant = TenantId::parse("acme");
    return vault.put(test::one_page_pdf(""), request).id;
  }

  Json source_json() const {
    return {{"object", source.str()}, {"mime", "application/pdf"}, {"pages", 1}};
  }

  // A record as mi-ocr emits it.
  Envelope ocr_record(std::uint64_t sequence, const std::string &type,
                      const std::vector<ocr::PageText> &pages, Json ops_extra = Json::object()) {
    Envelope e(test::make_header(sequence));
    Json ops = {{"stage", "ocr"},
                {"status", type == "fax_cover" ? "set_aside" : "split"},
                {"document_type", type},
                {"pages", {1, 1}}};
    ops.update(ops_extra);
    e.seal("ops", ops, keys);
    Json phi_pages = Json::array();
    for (const auto &p : pages)
      phi_pages.push_back(ocr::to_json(p));
    Json phi = {{"source", source_json()}};
    if (type != "fax_cover" || !pages.empty())
      phi["pages"] = phi_pages;
    e.seal("phi", phi, keys);
    return e;
  }

  // A record as mi-validate emits it: never OCR'd.
  Envelope validated_record(std::uint64_t sequence) {
    Envelope e(test::make_header(sequence));
    e.seal("ops", {{"stage", "validate"}, {"status", "accepted"}}, keys);
    e.seal("phi", {{"source", source_json()}}, keys);
    return e;
  }

  struct Run {
    ExtractSummary summary;
    std::vector<std::string> lines;
    std::string log;
  };

  Run run(const std::vector<Envelope> &records, bool with_queue = true) {
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
      ExtractContext context{
          keys, vault, audit, rules, with_queue ? &queue : nullptr, CivilDate{2026, 12, 4}};
      r.summary = run_extract(context, stream, out.writer(), rejects);
    }
    r.log = stderr_capture.text();
    stderr_capture.restore();
    r.lines = out.lines();
    return r;
  }
};

} // namespace

TEST_CASE("documents are extracted; a record never OCR'd is rejected and the stream goes on") {
  StageFixture f;
  Envelope good = f.ocr_record(1, "referral", {referral_page()});
  Envelope raw = f.validated_record(2);
  Envelope cover = f.ocr_record(3, "fax_cover", {});
  Envelope incomplete = f.ocr_record(4, "referral", {referral_page(false)});
  auto r = f.run({good, raw, cover, incomplete});

  CHECK(r.summary.stream.read == 4);
  CHECK(r.summary.stream.emitted == 3);
  CHECK(r.summary.stream.rejected == 1);
  CHECK(r.summary.stream.exit_status == 65);
  CHECK(r.summary.documents == 2);
  CHECK(r.summary.accepted == 1);
  CHECK(r.summary.needs_review == 1);
  CHECK(r.summary.passed_through == 1);
  CHECK(r.summary.queued == 1);
  CHECK(r.summary.fields > 0);
  CHECK(r.summary.fields_accepted <= r.summary.fields);

  REQUIRE(r.lines.size() == 3);
  std::vector<Envelope> out;
  for (const auto &line : r.lines) {
    CHECK(line.find(canary_surname) == std::string::npos); // sealed
    out.push_back(Envelope::parse(line));
  }
  CHECK(out[0].header().sequence == 1);
  CHECK(out[1].header().sequence == 3);
  CHECK(out[2].header().sequence == 4);
  for (const auto &e : out)
    CHECK(e.header().stage.str() == "extract");
  CHECK(out[0].header().parent == good.header().record);
  CHECK(out[0].header().document == good.header().document);
  CHECK(out[0].header().document_version == good.header().document_version);

  // The extracted referral.
  Json ops = out[0].open("ops", f.keys);
  Json phi = out[0].open("phi", f.keys);
  CHECK(ops["stage"] == "extract");
  CHECK(ops["status"] == "accepted");
  CHECK(ops["document_type"] == "referral");
  REQUIRE(ops.contains("extract"));
  CHECK(ops["extract"]["status"] == "accepted");
  CHECK(ops["extract"]["fields"]["patient_name"]["status"] == "accepted");
  CHECK(ops.dump().find(canary_surname) == std::string::npos);
  REQUIRE(phi.contains("fields"));
  CHECK(phi["fields"]["patient_name"]["normalized"] == std::string("Jane ") + canary_surname);
  CHECK(phi["fields"]["dob"]["normalized"] == "1980-03-15");
  CHECK(phi["fields"]["mrn"]["normalized"] == "54066404");
  CHECK(phi["fields"]["date_of_service"]["normalized"] == "2024-05-01");
  CHECK(phi["pages"].size() == 1); // the words travel on
  CHECK(phi["source"]["object"] == f.source.str());

  // The fax cover, untouched.
  CHECK(out[1].open("ops", f.keys) == cover.open("ops", f.keys));
  CHECK(out[1].open("phi", f.keys) == cover.open("phi", f.keys));

  // The referral without a date of birth: needs review, and queued.
  Json review_ops = out[2].open("ops", f.keys);
  CHECK(review_ops["status"] == "needs_review");
  CHECK(review_ops["extract"]["fields"]["dob"]["status"] == "missing");
  auto reasons = review_ops["reasons"].get<std::vector<std::string>>();
  CHECK(std::find(reasons.begin(), reasons.end(), "missing_required") != reasons.end());

  auto pending = f.queue.pending();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].document == incomplete.header().document);
  CHECK(f.queue.load(pending[0]).serialize() == r.lines[2]);

  // The rejected record, with its reason code and no value.
  auto rejects = test::split_lines(test::read_text(f.dir / "rejects.ndjson"));
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0].find("stage_missing") != std::string::npos);

  // One audit record per extracted document; no value in the audit log or the log.
  std::string audit = test::read_text(f.dir / "audit.ndjson");
  std::size_t audited = 0;
  for (const auto &line : test::split_lines(audit))
    audited += line.find("extract.document") != std::string::npos ? 1 : 0;
  CHECK(audited == 2);
  CHECK(audit.find(canary_surname) == std::string::npos);
  CHECK(r.log.find(canary_surname) == std::string::npos);
}

TEST_CASE("a document needing review is queued once, and never again once reviewed") {
  StageFixture f;
  Envelope incomplete = f.ocr_record(1, "referral", {referral_page(false)});
  auto first = f.run({incomplete});
  CHECK(first.summary.queued == 1);
  REQUIRE(f.queue.pending().size() == 1);

  // The batch run again: the same document version, the same single entry.
  auto again = f.run({incomplete});
  CHECK(again.summary.needs_review == 1);
  auto pending = f.queue.pending();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].document == incomplete.header().document);
  CHECK(pending[0].version == 1);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto &item :
       std::filesystem::directory_iterator(f.queue.root() / "pending"))
    ++files;
  CHECK(files == 1);

  // Reviewed: a third run does not re-open it, though the record still says needs_review.
  f.queue.resolve(pending[0], nullptr);
  auto after = f.run({incomplete});
  CHECK(after.summary.needs_review == 1);
  CHECK(after.summary.queued == 0);
  CHECK(f.queue.pending().empty());
  REQUIRE(after.lines.size() == 1);
  CHECK(Envelope::parse(after.lines[0]).open("ops", f.keys)["status"] == "needs_review");
}

TEST_CASE("without a queue (--no-queue) documents needing review still flow on") {
  StageFixture f;
  auto r = f.run({f.ocr_record(1, "referral", {referral_page(false)})}, false);
  CHECK(r.summary.needs_review == 1);
  CHECK(r.summary.queued == 0);
  CHECK(r.lines.size() == 1);
  CHECK(f.queue.pending().empty());
}

TEST_CASE("a status mi-ocr set to needs_review is not cleared by accepted fields") {
  StageFixture f;
  Envelope low = f.ocr_record(1, "referral", {referral_page()},
                              {{"status", "needs_review"}, {"reasons", {"ocr_low_confidence"}}});
  auto r = f.run({low});
  REQUIRE(r.lines.size() == 1);
  Json ops = Envelope::parse(r.lines[0]).open("ops", f.keys);
  CHECK(ops["extract"]["status"] == "accepted");
  CHECK(ops["status"] == "needs_review");
  CHECK(ops["reasons"] == Json::array({"ocr_low_confidence"}));
  CHECK(r.summary.needs_review == 1);
  CHECK(r.summary.queued == 1);
}

TEST_CASE("a record without a source, or with malformed pages, is rejected") {
  StageFixture f;
  Envelope no_source(test::make_header(1));
  no_source.seal("ops", {{"stage", "ocr"}, {"status", "split"}, {"document_type", "referral"}},
                 f.keys);
  no_source.seal("phi", {{"pages", Json::array({ocr::to_json(referral_page())})}}, f.keys);
  Envelope bad_pages(test::make_header(2));
  bad_pages.seal("ops", {{"stage", "ocr"}, {"status", "split"}, {"document_type", "referral"}},
                 f.keys);
  bad_pages.seal("phi", {{"pages", Json::array({{{"page", "one"}}})}, {"source", f.source_json()}},
                 f.keys);
  Envelope good = f.ocr_record(3, "referral", {referral_page()});
  auto r = f.run({no_source, bad_pages, good});
  CHECK(r.summary.stream.rejected == 2);
  CHECK(r.summary.stream.emitted == 1);
  CHECK(r.summary.documents == 1);
  auto rejects = test::split_lines(test::read_text(f.dir / "rejects.ndjson"));
  REQUIRE(rejects.size() == 2);
  for (const auto &line : rejects)
    CHECK(line.find("compartment_malformed") != std::string::npos);
}
