#include "core/reject.hpp"

#include "stream_support.hpp"

#include <sys/stat.h>

using namespace mi;

TEST_CASE("a reject record names ids, reason, line and hash, never content") {
  test::TempDir dir;
  auto keys = Keyring::create({"ops"});
  auto e = test::make_envelope(keys);
  auto line = e.serialize();
  auto saved_tool = Log::tool();
  Log::init("mi-reject-test");
  test::StderrCapture capture;
  {
    AuditLog audit(dir / "audit.log", "mi-reject-test", keys);
    RejectWriter rejects(dir / "rejects.ndjson", &audit);
    RejectInput in;
    in.reason = Reason::envelope_authentication_failed;
    in.detail = "static detail";
    in.where = Location::line("<stdin>", 12);
    in.header = &e.header();
    in.sealed_envelope = line;
    in.input_sha256 = crypto::sha256(as_bytes(line));
    rejects.reject(in);

    RejectInput bare;
    bare.reason = Reason::envelope_malformed;
    bare.where = Location::input(3);
    rejects.reject(bare);
    CHECK(rejects.count() == 2);
    CHECK(rejects.exit_status() == 65);
  }
  Log::init(saved_tool);
  auto diagnostics = capture.text();
  capture.restore();

  auto records = test::split_lines(test::read_text(dir / "rejects.ndjson"));
  REQUIRE(records.size() == 2);
  auto r = parse_json(records[0]).value();
  CHECK(r["type"] == "reject");
  CHECK(r["tool"] == "mi-reject-test");
  CHECK(r["reason"] == "envelope_authentication_failed");
  CHECK(r["detail"] == "static detail");
  CHECK(r["input"]["line"] == 12);
  CHECK(r["input"]["sha256"] == hex_encode(crypto::sha256(as_bytes(line))));
  CHECK(r["record"] == e.header().record.str());
  CHECK(r["trace"] == e.header().trace.str());
  CHECK(r["doc"] == e.header().document.str());
  CHECK(r["tenant"] == "acme");
  CHECK(r["envelope"] == line);
  CHECK(parse_time(r["time"].get<std::string>()));
  auto b = parse_json(records[1]).value();
  CHECK(b["reason"] == "envelope_malformed");
  CHECK(b["input"]["index"] == 3);
  CHECK_FALSE(b["input"].contains("line"));
  CHECK_FALSE(b.contains("record"));
  CHECK_FALSE(b.contains("envelope"));
  CHECK_FALSE(b.contains("detail"));

  auto stderr_lines = test::split_lines(diagnostics);
  REQUIRE(stderr_lines.size() == 2);
  CHECK(stderr_lines[0].find("<stdin>:12") != std::string::npos);
  CHECK(stderr_lines[0].find(e.header().trace.str()) != std::string::npos);
  CHECK(stderr_lines[0].find("[envelope_authentication_failed]") != std::string::npos);
  CHECK(stderr_lines[1].find("input #3") != std::string::npos);

  auto audit_lines = test::split_lines(test::read_text(dir / "audit.log"));
  REQUIRE(audit_lines.size() == 3); // two rejects and the closing checkpoint
  auto a = parse_json(audit_lines[0]).value();
  CHECK(a["action"] == "record.reject");
  CHECK(a["outcome"] == "rejected");
  CHECK(a["reason"] == "envelope_authentication_failed");
  CHECK(a["ids"]["line"] == 12);
  CHECK(a["ids"]["record"] == e.header().record.str());
  CHECK(parse_json(audit_lines[1]).value()["ids"]["input"] == 3); // an ordinal, not a line
  CHECK(verify_audit_log(dir / "audit.log", keys).ok());
}

TEST_CASE("refused keys raise the exit status to 77 and it never goes back down") {
  test::StderrCapture quiet;
  RejectWriter rejects(std::nullopt, nullptr);
  CHECK(rejects.exit_status() == 0);
  RejectInput in;
  in.reason = Reason::envelope_malformed;
  rejects.reject(in);
  CHECK(rejects.exit_status() == 65);
  in.reason = Reason::key_not_held;
  rejects.reject(in);
  CHECK(rejects.exit_status() == 77);
  in.reason = Reason::compartment_missing;
  rejects.reject(in);
  CHECK(rejects.exit_status() == 77);
  CHECK(rejects.count() == 3);
}

TEST_CASE("the rejects file is appended to, private, and an unwritable one is an error") {
  test::TempDir dir;
  test::StderrCapture quiet;
  for (int run = 0; run < 2; ++run) {
    RejectWriter rejects(dir / "rejects.ndjson", nullptr);
    RejectInput in;
    in.reason = Reason::envelope_malformed;
    rejects.reject(in);
  }
  CHECK(test::split_lines(test::read_text(dir / "rejects.ndjson")).size() == 2);
  struct stat st {};
  REQUIRE(::stat((dir / "rejects.ndjson").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(test::reason_of([&] { RejectWriter w(dir / "no-such-dir" / "r.ndjson", nullptr); }) ==
        Reason::output_failed);
  RejectWriter full("/dev/full", nullptr);
  RejectInput in;
  in.reason = Reason::envelope_malformed;
  CHECK(test::reason_of([&] { full.reject(in); }) == Reason::output_failed);
}
