#include "core/key_admin.hpp"

#include "stream_support.hpp"

#include <sys/stat.h>

using namespace mi;

namespace {

HomePaths home_in(const test::TempDir &dir) {
  HomeOptions o;
  o.home = dir / "home";
  return resolve_home(o);
}

std::vector<Json> audit_records(const std::filesystem::path &log) {
  std::vector<Json> out;
  for (const auto &l : test::split_lines(test::read_text(log)))
    out.push_back(parse_json(l).value());
  return out;
}

} // namespace

TEST_CASE("init_keyring creates a private keyring and audits it") {
  test::TempDir dir;
  auto paths = home_in(dir);
  init_keyring(paths, default_compartments, false);
  struct stat st {};
  REQUIRE(::stat(paths.keyring.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto ring = Keyring::load(paths.keyring);
  CHECK(ring.compartment_names() == std::vector<std::string>{"ids", "ops", "phi", "to:sign"});
  CHECK(ring.can_sign_audit());

  auto records = audit_records(paths.audit_log);
  REQUIRE(records.size() == 2);
  CHECK(records[0]["action"] == "keys.init");
  CHECK(records[0]["ids"]["audit_key"] == ring.audit_signing_key().id.str());
  CHECK(records[1]["type"] == "checkpoint");
  CHECK(verify_audit_log(paths.audit_log, ring).ok());
  CHECK(test::read_text(paths.audit_log).find(base64_encode(ring.primary("phi").secret.view())) ==
        std::string::npos);

  CHECK(test::reason_of([&] { init_keyring(paths, {"ops"}, false); }) == Reason::keyring_exists);
  CHECK(Keyring::load(paths.keyring).holds("phi"));
  init_keyring(paths, {"ops"}, true);
  CHECK_FALSE(Keyring::load(paths.keyring).holds("phi"));
  CHECK(test::reason_of([&] { init_keyring(paths, {"ops", "Bad"}, true); }) == Reason::usage);
  CHECK(Keyring::load(paths.keyring).holds("ops"));
}

TEST_CASE("rotate_key saves a new primary and keeps the log verifiable") {
  test::TempDir dir;
  auto paths = home_in(dir);
  init_keyring(paths, default_compartments, false);
  auto before = Keyring::load(paths.keyring);
  auto id = rotate_key(paths, "phi", false);
  auto after = Keyring::load(paths.keyring);
  CHECK(after.primary("phi").id == id);
  CHECK(id != before.primary("phi").id);
  CHECK(after.find("phi", before.primary("phi").id) != nullptr);
  CHECK(after.primary("ops").id == before.primary("ops").id);

  CHECK(test::reason_of([&] { rotate_key(paths, "ids", false); }) == Reason::usage);
  CHECK(test::reason_of([&] { rotate_key(paths, "Nope", false); }) == Reason::usage);
  CHECK(test::reason_of([&] { rotate_key(paths, "to:billing", false); }) == Reason::key_not_held);
  auto billing = rotate_key(paths, "to:billing", true);
  CHECK(Keyring::load(paths.keyring).primary("to:billing").id == billing);

  auto audit_id = rotate_key(paths, "audit", false);
  auto final_ring = Keyring::load(paths.keyring);
  CHECK(final_ring.audit_signing_key().id == audit_id);
  CHECK(final_ring.audit_keys().size() == 2);
  // Checkpoints signed with the retired audit key still verify.
  auto v = verify_audit_log(paths.audit_log, final_ring);
  CHECK(v.ok());
  CHECK(v.checkpoints == 4);
  auto records = audit_records(paths.audit_log);
  std::vector<std::string> actions;
  for (const auto &r : records)
    if (r["type"] == "event")
      actions.push_back(r["action"]);
  CHECK(actions == std::vector<std::string>{"keys.init", "keys.rotate", "keys.add", "keys.rotate"});
}

TEST_CASE("export_keyring writes only the named compartments") {
  test::TempDir dir;
  auto paths = home_in(dir);
  init_keyring(paths, default_compartments, false);
  auto ring = Keyring::load(paths.keyring);
  {
    AuditLog audit(paths.audit_log, "mi-keys", ring);
    export_keyring(ring, {"ops", "audit-verify"}, dir / "route.json", false, audit);
    CHECK(test::reason_of([&] {
            export_keyring(ring, {"ops"}, dir / "route.json", false, audit);
          }) == Reason::keyring_exists);
    CHECK(test::reason_of([&] {
            export_keyring(ring, {"secrets"}, dir / "x.json", false, audit);
          }) == Reason::usage);
    CHECK(test::reason_of([&] {
            export_keyring(ring, {"to:billing"}, dir / "y.json", false, audit);
          }) == Reason::key_not_held);
  }
  CHECK_FALSE(std::filesystem::exists(dir / "x.json"));
  CHECK_FALSE(std::filesystem::exists(dir / "y.json"));
  auto route = Keyring::load(dir / "route.json");
  CHECK(route.compartment_names() == std::vector<std::string>{"ops"});
  CHECK_FALSE(route.can_sign_audit());
  CHECK(route.audit_keys().size() == 1);
  auto records = audit_records(paths.audit_log);
  CHECK(records[2]["action"] == "keys.export");
  CHECK(records[2]["ids"]["key"] == ring.primary("ops").id.str());
  CHECK(records[2]["ids"]["compartments"] == 2);
  CHECK(verify_audit_log(paths.audit_log, ring).ok());
}

TEST_CASE("rewrap_stream moves every record to the current primaries") {
  test::TempDir dir;
  auto keys = Keyring::create({"ops", "phi", "ids"});
  std::vector<Envelope> old;
  std::string input;
  for (int i = 1; i <= 3; ++i) {
    old.push_back(test::make_envelope(keys, static_cast<std::uint64_t>(i)));
    input += old.back().serialize() + "\n";
  }
  input += "garbage\n";
  keys.rotate("ops");
  keys.rotate("phi");
  test::InputFile in(dir, "in.ndjson", input);
  test::OutputFile out(dir, "out.ndjson");
  StreamSummary summary;
  {
    test::StderrCapture quiet;
    AuditLog audit(dir / "audit.log", "mi-keys", keys);
    RejectWriter rejects(std::nullopt, &audit);
    StreamOptions options;
    options.input_fd = in.fd();
    summary = rewrap_stream(keys, options, out.writer(), rejects, audit);
  }
  CHECK(summary.read == 4);
  CHECK(summary.emitted == 3);
  CHECK(summary.rejected == 1);
  keys.retire_old_keys("ops");
  keys.retire_old_keys("phi");
  auto lines = out.lines();
  REQUIRE(lines.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    auto e = Envelope::parse(lines[i]);
    CHECK(e.header().record == old[i].header().record); // same record, new wrapping
    CHECK(e.compartments().at("ops").key_id == keys.primary("ops").id);
    CHECK(e.open("ops", keys)["pages"] == static_cast<int>(i + 1));
    CHECK(e.open("phi", keys)["patient_name"] == "Jane Canary");
    CHECK(test::reason_of([&] { old[i].open("ops", keys); }) == Reason::key_unknown);
  }
  Json rewrap_record;
  for (const auto &l : test::split_lines(test::read_text(dir / "audit.log"))) {
    auto r = parse_json(l).value();
    if (r.value("action", "") == "keys.rewrap")
      rewrap_record = r;
  }
  CHECK(rewrap_record["ids"]["records"] == 4);
  CHECK(rewrap_record["ids"]["rewrapped"] == 6);
  CHECK(rewrap_record["ids"]["rejected"] == 1);
  CHECK(rewrap_record["outcome"] == "rejected");
}

TEST_CASE("describe_keyring lists ids and roles, never key material") {
  auto ring = Keyring::create({"ops", "phi"});
  ring.rotate("ops");
  auto lines = describe_keyring(ring);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].starts_with("ops\t" + ring.keys("ops")[0].id.str() + "\t"));
  CHECK(lines[0].ends_with("\topen-only"));
  CHECK(lines[1].ends_with("\tprimary"));
  CHECK(lines[1].find(ring.primary("ops").id.str()) != std::string::npos);
  CHECK(lines[2].starts_with("phi\t"));
  CHECK(lines[3].starts_with("audit\t"));
  CHECK(lines[3].ends_with("\tsigning"));
  CHECK(describe_keyring(ring.export_scoped({"audit-verify"}))[0].ends_with("\tverify-only"));
  for (const auto &l : lines) {
    CHECK(l.find(base64_encode(ring.primary("ops").secret.view())) == std::string::npos);
    CHECK(l.find(base64_encode(ring.primary("phi").secret.view())) == std::string::npos);
  }
}
