#include "core/record_stream.hpp"

#include "stream_support.hpp"

using namespace mi;

namespace {

struct StreamFixture {
  test::TempDir dir;
  Keyring keys = Keyring::create({"ops", "phi", "ids"});
  std::vector<Envelope> good;
  std::string input;

  // good, garbage (with a canary), good, too long, blank, tampered, good
  StreamFixture() {
    for (int i = 1; i <= 3; ++i)
      good.push_back(test::make_envelope(keys, static_cast<std::uint64_t>(i)));
    input = good[0].serialize() + "\n" + "PATIENT Jane Canary garbage line\n" +
            good[1].serialize() + "\n" + std::string(9000, 'x') + "\n" + "  \t\n" +
            test::tampered_line(test::make_envelope(keys, 9)) + "\n" + good[2].serialize() + "\n";
  }

  // Opens ops (so tampering is found) and emits the successor with ops sealed again.
  RecordHandler handler() {
    return [this](const Envelope &in, std::string_view, RecordSink &sink) {
      auto ops = in.open("ops", keys);
      auto out = in.successor(StageName::parse("ocr"), 0);
      out.seal("ops", ops, keys);
      sink.emit(out);
    };
  }
};

} // namespace

TEST_CASE("good records flow, each bad one becomes exactly one reject, blank lines vanish") {
  StreamFixture f;
  test::InputFile in(f.dir, "in.ndjson", f.input);
  test::OutputFile out(f.dir, "out.ndjson");
  StreamSummary summary;
  test::StderrCapture stderr_capture;
  {
    RejectWriter rejects(f.dir / "rejects.ndjson", nullptr);
    StreamOptions options;
    options.input_fd = in.fd();
    options.max_line_bytes = 8192;
    summary = process_stream(options, out.writer(), rejects, f.handler());
  }
  auto diagnostics = stderr_capture.text();
  stderr_capture.restore();

  CHECK(summary.read == 6);
  CHECK(summary.emitted == 3);
  CHECK(summary.rejected == 3);
  CHECK(summary.exit_status == 65);

  auto emitted = out.lines();
  REQUIRE(emitted.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    auto e = Envelope::parse(emitted[i]);
    CHECK(e.header().parent == f.good[i].header().record);
    CHECK(e.open("ops", f.keys) == f.good[i].open("ops", f.keys));
  }

  auto rejects = test::split_lines(test::read_text(f.dir / "rejects.ndjson"));
  REQUIRE(rejects.size() == 3);
  auto r0 = parse_json(rejects[0]).value();
  auto r1 = parse_json(rejects[1]).value();
  auto r2 = parse_json(rejects[2]).value();
  CHECK(r0["reason"] == "envelope_malformed");
  CHECK(r0["input"]["line"] == 2);
  CHECK(r0["input"]["sha256"] ==
        hex_encode(crypto::sha256(as_bytes("PATIENT Jane Canary garbage line"))));
  CHECK_FALSE(r0.contains("envelope"));
  CHECK(r1["reason"] == "envelope_too_long");
  CHECK(r1["input"]["line"] == 4);
  CHECK_FALSE(r1["input"].contains("sha256"));
  CHECK(r2["reason"] == "envelope_authentication_failed");
  CHECK(r2["input"]["line"] == 6);
  CHECK(r2.contains("record"));
  CHECK(r2["envelope"].is_string()); // the sealed record, so it can be re-run
  for (const auto &line : rejects)
    CHECK(line.find("Canary") == std::string::npos);

  auto stderr_lines = test::split_lines(diagnostics);
  CHECK(stderr_lines.size() == 3);
  CHECK(diagnostics.find("Canary") == std::string::npos);
  CHECK(diagnostics.find("<stdin>:2") != std::string::npos);
  CHECK(diagnostics.find("<stdin>:6") != std::string::npos);
}

TEST_CASE("fail_fast stops after the first reject") {
  StreamFixture f;
  test::InputFile in(f.dir, "in.ndjson", f.input);
  test::OutputFile out(f.dir, "out.ndjson");
  test::StderrCapture quiet;
  RejectWriter rejects(f.dir / "rejects.ndjson", nullptr);
  StreamOptions options;
  options.input_fd = in.fd();
  options.max_line_bytes = 8192;
  options.fail_fast = true;
  auto summary = process_stream(options, out.writer(), rejects, f.handler());
  CHECK(summary.read == 2);
  CHECK(summary.emitted == 1);
  CHECK(summary.rejected == 1);
  CHECK(summary.exit_status == 65);
  CHECK(out.lines().size() == 1);
  CHECK(test::split_lines(test::read_text(f.dir / "rejects.ndjson")).size() == 1);
}

TEST_CASE("a clean stream exits 0 and a refused key exits 77") {
  StreamFixture f;
  std::string input;
  for (const auto &e : f.good)
    input += e.serialize() + "\n";
  {
    test::InputFile in(f.dir, "clean.ndjson", input);
    test::OutputFile out(f.dir, "out.ndjson");
    RejectWriter rejects(std::nullopt, nullptr);
    StreamOptions options;
    options.input_fd = in.fd();
    auto summary = process_stream(options, out.writer(), rejects, f.handler());
    CHECK(summary.exit_status == 0);
    CHECK(summary.read == 3);
    CHECK(summary.emitted == 3);
    CHECK(summary.rejected == 0);
  }
  {
    test::InputFile in(f.dir, "clean2.ndjson", input);
    test::OutputFile out(f.dir, "out2.ndjson");
    test::StderrCapture quiet;
    RejectWriter rejects(std::nullopt, nullptr);
    StreamOptions options;
    options.input_fd = in.fd();
    auto stranger = Keyring::create({"ops"});
    auto summary = process_stream(
        options, out.writer(), rejects,
        [&](const Envelope &e, std::string_view, RecordSink &) { e.open("ops", stranger); });
    CHECK(summary.rejected == 3);
    CHECK(summary.emitted == 0);
    CHECK(summary.exit_status == 77);
  }
}

TEST_CASE("errors that are not about one record stop the stream") {
  StreamFixture f;
  test::InputFile in(f.dir, "in.ndjson", f.good[0].serialize() + "\n" + f.good[1].serialize());
  test::OutputFile out(f.dir, "out.ndjson");
  RejectWriter rejects(std::nullopt, nullptr);
  StreamOptions options;
  options.input_fd = in.fd();
  int calls = 0;
  CHECK(test::reason_of([&] {
          process_stream(options, out.writer(), rejects,
                         [&](const Envelope &, std::string_view, RecordSink &) {
                           ++calls;
                           throw Error(Reason::temporary_failure);
                         });
        }) == Reason::temporary_failure);
  CHECK(calls == 1);
  CHECK(rejects.count() == 0);

  std::FILE *full = std::fopen("/dev/full", "w");
  REQUIRE(full);
  LineWriter failing(full);
  test::InputFile again(f.dir, "again.ndjson", f.good[0].serialize() + "\n");
  options.input_fd = again.fd();
  CHECK(test::reason_of([&] { process_stream(options, failing, rejects, f.handler()); }) ==
        Reason::output_failed);
  std::fclose(full);
}

TEST_CASE("the raw line handed to the handler is the input line") {
  StreamFixture f;
  auto line = f.good[0].serialize();
  test::InputFile in(f.dir, "in.ndjson", line); // no trailing newline: still a record
  test::OutputFile out(f.dir, "out.ndjson");
  RejectWriter rejects(std::nullopt, nullptr);
  StreamOptions options;
  options.input_fd = in.fd();
  std::string seen;
  auto summary = process_stream(options, out.writer(), rejects,
                                [&](const Envelope &, std::string_view raw, RecordSink &sink) {
                                  seen = raw;
                                  sink.emit_line("{\"plain\":true}");
                                });
  CHECK(seen == line);
  CHECK(summary.emitted == 1);
  CHECK(out.lines() == std::vector<std::string>{"{\"plain\":true}"});
}

TEST_CASE("record-level reasons are the data errors and refused keys") {
  CHECK(is_record_level(Reason::envelope_malformed));
  CHECK(is_record_level(Reason::envelope_authentication_failed));
  CHECK(is_record_level(Reason::compartment_missing));
  CHECK(is_record_level(Reason::key_not_held));
  CHECK(is_record_level(Reason::key_unknown));
  CHECK(is_record_level(Reason::vault_object_missing));
  CHECK_FALSE(is_record_level(Reason::internal));
  CHECK_FALSE(is_record_level(Reason::output_failed));
  CHECK_FALSE(is_record_level(Reason::temporary_failure));
  CHECK_FALSE(is_record_level(Reason::policy_invalid));
  CHECK_FALSE(is_record_level(Reason::key_file_permissions));
}
