#include "ocr/ocr_stage.hpp"

#include "ocr_support.hpp"
#include "stream_support.hpp"

#include "core/object_store.hpp"

using namespace mi;
using namespace mi::ocr;

namespace {

struct StageFixture {
  test::TempDir dir;
  Keyring keys = Keyring::create({"ops", "phi", "ids"});
  DirectoryObjectStore store{dir / "vault"};
  Vault vault{store, keys};
  AuditLog audit{dir / "audit.ndjson", "mi-ocr", keys};

  ObjectId put(const std::string &name) {
    PutRequest request;
    request.tenant = TenantId::parse("acme");
    return vault.put(test::packet_bytes(name), request).id;
  }

  // A record as mi-validate emits it (no page range: the whole source).
  std::string validated(const ObjectId &object, int pages, std::uint64_t sequence) {
    Envelope e(test::make_header(sequence));
    e.seal("ops", {{"stage", "validate"}, {"status", "accepted"}}, keys);
    e.seal("phi",
           {{"source", {{"object", object.str()}, {"mime", "application/pdf"}, {"pages", pages}}}},
           keys);
    return e.serialize();
  }

  // A record as mi-split emits it; `images` (when given) is every page's image count.
  std::string split(const ObjectId &object, int first, int last, const std::string &type,
                    std::uint64_t sequence, std::optional<int> images = std::nullopt) {
    Envelope e(test::make_header(sequence));
    Json info = Json::array();
    for (int p = first; p <= last; ++p) {
      info.push_back(
          {{"page", p}, {"needs_ocr", false}, {"rotate_attribute", 0}, {"dpi", nullptr}});
      if (images)
        info.back()["images"] = *images;
    }
    e.seal("ops",
           {{"stage", "split"},
            {"status", type == "fax_cover" ? "set_aside" : "split"},
            {"document_type", type},
            {"pages", {first, last}},
            {"page_info", info}},
           keys);
    e.seal("phi",
           {{"source", {{"object", object.str()}, {"mime", "application/pdf"}, {"pages", 2}}}},
           keys);
    return e.serialize();
  }
};

} // namespace

TEST_CASE("records flow in order; a missing source is rejected; fax covers pass through") {
  StageFixture f;
  auto letter = f.put("p01-referral-letter.pdf");
  auto rotated = f.put("p14-rotate-attribute.pdf");
  auto missing = ObjectId::generate();
  std::string input = f.validated(letter, 2, 1) + "\n" + f.validated(missing, 1, 2) + "\n" +
                      f.split(rotated, 2, 2, "referral", 3) + "\n" +
                      f.split(letter, 1, 1, "fax_cover", 4) + "\n" + f.validated(rotated, 2, 5) +
                      "\n";
  test::InputFile in(f.dir, "in.ndjson", input);
  test::OutputFile out(f.dir, "out.ndjson");
  OcrSummary summary;
  test::StderrCapture stderr_capture;
  {
    RejectWriter rejects(f.dir / "rejects.ndjson", &f.audit);
    StreamOptions stream;
    stream.input_fd = in.fd();
    OcrStageOptions options;
    options.pool.jobs = 2;
    options.window_per_job = 1;
    summary = run_ocr_stream({f.keys, f.vault, f.audit}, options, stream, out.writer(), rejects);
  }
  stderr_capture.restore();
  CHECK(summary.stream.read == 5);
  CHECK(summary.stream.emitted == 4);
  CHECK(summary.stream.rejected == 1);
  CHECK(summary.stream.exit_status == 65);
  CHECK(summary.passed_through == 1);
  CHECK(summary.text_layer_pages == 5);
  CHECK(summary.ocr_pages == 0);
  CHECK(summary.tesseract_calls == 0);

  auto lines = out.lines();
  REQUIRE(lines.size() == 4);
  std::vector<std::uint64_t> sequences;
  std::vector<std::size_t> page_counts;
  for (const auto &line : lines) {
    auto e = Envelope::parse(line);
    CHECK(e.header().stage.str() == "ocr");
    sequences.push_back(e.header().sequence);
    auto ops = e.open("ops", f.keys);
    auto phi = e.open("phi", f.keys);
    page_counts.push_back(phi.contains("pages") ? phi["pages"].size() : 0);
    if (ops.value("document_type", "") == "fax_cover") {
      CHECK_FALSE(ops.contains("ocr"));
      continue;
    }
    CHECK(ops["stage"] == "ocr");
    for (const auto &p : ops["ocr"]["pages"]) {
      CHECK(p["source"] == "text_layer");
      CHECK(p["words"].get<int>() > 10);
      CHECK(p["applied_rotation"] == 0);
    }
    for (const auto &p : phi["pages"])
      CHECK_NOTHROW(page_text_from_json(p));
  }
  CHECK(sequences == std::vector<std::uint64_t>{1, 3, 4, 5});
  CHECK(page_counts == std::vector<std::size_t>{2, 1, 0, 2});
  auto rejects = test::split_lines(test::read_text(f.dir / "rejects.ndjson"));
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0].find("vault_object_missing") != std::string::npos);
}

TEST_CASE("pictures on text-layer pages are read when mi-split counted images there") {
  StageFixture f;
  auto card = f.put("p06-insurance-card.pdf");
  auto letter = f.put("p01-referral-letter.pdf");
  // The card page as mi-split describes it (two images), the same page claimed image-free
  // (the hint is trusted: no census, no OCR), and a letter page without images.
  std::string input = f.split(card, 1, 1, "insurance_card", 1, 2) + "\n" +
                      f.split(card, 1, 1, "insurance_card", 2, 0) + "\n" +
                      f.split(letter, 1, 1, "referral", 3, 0) + "\n";
  test::InputFile in(f.dir, "in.ndjson", input);
  test::OutputFile out(f.dir, "out.ndjson");
  OcrSummary summary;
  test::StderrCapture stderr_capture;
  {
    RejectWriter rejects(f.dir / "rejects.ndjson", &f.audit);
    StreamOptions stream;
    stream.input_fd = in.fd();
    OcrStageOptions options;
    options.pool.jobs = 1;
    summary = run_ocr_stream({f.keys, f.vault, f.audit}, options, stream, out.writer(), rejects);
  }
  stderr_capture.restore();
  CHECK(summary.stream.emitted == 3);
  CHECK(summary.text_layer_pages == 3);
  CHECK(summary.ocr_pages == 0);
  CHECK(summary.tesseract_calls == 2);
  auto lines = out.lines();
  REQUIRE(lines.size() == 3);
  std::vector<int> regions;
  for (const auto &line : lines) {
    auto e = Envelope::parse(line);
    auto ops = e.open("ops", f.keys);
    auto phi = e.open("phi", f.keys);
    const auto &figures = ops["ocr"]["pages"][0];
    CHECK(figures["source"] == "text_layer");
    regions.push_back(figures.value("ocr_regions", 0));
    auto page = page_text_from_json(phi["pages"][0]);
    CHECK(static_cast<int>(page.regions.size()) == figures.value("ocr_regions", 0));
  }
  CHECK(regions == std::vector<int>{2, 0, 0});
}
