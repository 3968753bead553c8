#include "core/inspect.hpp"

#include "stream_support.hpp"

using namespace mi;

TEST_CASE("inspect_record shows the header and every compartment the keyring can open") {
  auto keys = Keyring::create({"ops", "phi", "ids", "to:sign"});
  auto e = test::make_envelope(keys, 4);
  e.seal("to:sign", {{"signer", "x"}}, keys);
  auto full = inspect_record(e, keys, {});
  CHECK(full["header"]["record"] == e.header().record.str());
  CHECK(full["header"]["seq"] == 4);
  CHECK(full["header"]["stage"] == "split");
  CHECK_FALSE(full["header"].contains("parent"));
  CHECK(full["ops"]["pages"] == 4);
  CHECK(full["phi"]["patient_name"] == "Jane Canary");
  CHECK(full["to:sign"]["signer"] == "x");
  CHECK(full["sealed"] == Json::array());

  auto ops_only = inspect_record(e, keys.export_scoped({"ops"}), {});
  CHECK(ops_only["ops"]["pages"] == 4);
  CHECK_FALSE(ops_only.contains("phi"));
  CHECK(ops_only["sealed"] == Json::array({"phi", "to:sign"}));
  CHECK(to_json_text(ops_only).find("Canary") == std::string::npos);

  InspectOptions only_ops;
  only_ops.compartments = {"ops"};
  auto chosen = inspect_record(e, keys, only_ops);
  CHECK(chosen.contains("ops"));
  CHECK_FALSE(chosen.contains("phi"));
  CHECK(chosen["sealed"] == Json::array({"phi", "to:sign"}));

  auto next = e.successor(StageName::parse("route"), 1);
  CHECK(inspect_record(next, keys, {})["header"]["parent"] == e.header().record.str());
}

TEST_CASE("a compartment that fails to open rejects the record rather than hiding it") {
  auto keys = Keyring::create({"ops", "phi"});
  auto e = Envelope::parse(test::tampered_line(test::make_envelope(keys)));
  CHECK(test::reason_of([&] { inspect_record(e, keys, {}); }) ==
        Reason::envelope_authentication_failed);
  InspectOptions phi_only;
  phi_only.compartments = {"phi"};
  CHECK(inspect_record(e, keys, phi_only)["phi"]["patient_name"] == "Jane Canary");
}

TEST_CASE("inspect_stream prints one object per record and audits every opening") {
  test::TempDir dir;
  auto keys = Keyring::create({"ops", "phi"});
  auto a = test::make_envelope(keys, 1), b = test::make_envelope(keys, 2);
  test::InputFile in(dir, "in.ndjson",
                     a.serialize() + "\n" + test::tampered_line(b) + "\n" + b.serialize() + "\n");
  test::OutputFile out(dir, "out.ndjson");
  StreamSummary summary;
  {
    test::StderrCapture quiet;
    AuditLog audit(dir / "audit.log", "mi-inspect", keys);
    RejectWriter rejects(std::nullopt, nullptr);
    StreamOptions options;
    options.input_fd = in.fd();
    summary = inspect_stream(keys, {}, options, out.writer(), rejects, audit);
  }
  CHECK(summary.emitted == 2);
  CHECK(summary.rejected == 1);
  CHECK(summary.exit_status == 65);
  auto lines = out.lines();
  REQUIRE(lines.size() == 2);
  CHECK(parse_json(lines[0]).value()["header"]["record"] == a.header().record.str());
  CHECK(parse_json(lines[1]).value()["ops"]["pages"] == 2);

  auto audit_lines = test::split_lines(test::read_text(dir / "audit.log"));
  std::vector<Json> opens;
  for (const auto &l : audit_lines) {
    auto r = parse_json(l).value();
    if (r.value("action", "") == "inspect.open")
      opens.push_back(r);
  }
  REQUIRE(opens.size() == 2);
  CHECK(opens[0]["ids"]["record"] == a.header().record.str());
  CHECK(opens[0]["ids"]["phi"] == true);
  CHECK(opens[1]["ids"]["doc"] == b.header().document.str());
  for (const auto &l : audit_lines)
    CHECK(l.find("Canary") == std::string::npos);

  // Pretty output spans lines; an ops-only keyring reports phi=false to the audit log.
  test::InputFile again(dir, "again.ndjson", a.serialize() + "\n");
  test::OutputFile pretty_out(dir, "pretty.txt");
  {
    auto ops_only = keys.export_scoped({"ops"});
    AuditLog audit(dir / "audit2.log", "mi-inspect", ops_only);
    RejectWriter rejects(std::nullopt, nullptr);
    StreamOptions options;
    options.input_fd = again.fd();
    InspectOptions pretty;
    pretty.pretty = true;
    inspect_stream(ops_only, pretty, options, pretty_out.writer(), rejects, audit);
  }
  CHECK(pretty_out.lines().size() > 3);
  auto r = parse_json(test::split_lines(test::read_text(dir / "audit2.log"))[0]).value();
  CHECK(r["ids"]["phi"] == false);
}
