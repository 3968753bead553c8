#include "core/envelope.hpp"

#include "test_support.hpp"

#include <map>
#include <set>

using namespace mi;

namespace {

const std::vector<std::string> all_compartments{"ops", "phi", "ids", "to:sign"};
const std::vector<std::string> sealed_names{"ops", "phi", "to:sign"};

EnvelopeHeader sample_header() {
  EnvelopeHeader h;
  h.record = RecordId::generate();
  h.trace = TraceId::generate();
  h.document = DocumentId::generate();
  h.document_version = 2;
  h.tenant = TenantId::parse("acme");
  h.stage = StageName::parse("ocr");
  h.sequence = 5;
  h.parent = RecordId::generate();
  return h;
}

Json ops_payload() { return {{"document_type", "referral"}, {"pages", 3}}; }
Json phi_payload() { return {{"patient_name", "Jane Canary"}, {"mrn", "A-1234"}}; }
Json sign_payload() { return {{"signer", "Dr Who"}, {"packet", "obj_x"}}; }

Envelope sample_envelope(const Keyring &keys, EnvelopeHeader header = sample_header()) {
  Envelope e(std::move(header));
  e.seal("ops", ops_payload(), keys);
  e.seal("phi", phi_payload(), keys);
  e.seal("to:sign", sign_payload(), keys);
  return e;
}

// Parses a line and opens every compartment the sample has; the first failure's Reason, or ok.
Reason parse_and_open(std::string_view line, const Keyring &keys) {
  return test::reason_of([&] {
    auto e = Envelope::parse(line);
    for (const auto &name : sealed_names)
      e.open(name, keys);
  });
}

// Rewrites a serialized envelope's JSON (e.g. its header) while keeping its sealed part.
std::string edit(const std::string &line, const std::function<void(Json &)> &change) {
  auto j = parse_json(line).value();
  change(j);
  return to_json_text(j);
}

} // namespace

TEST_CASE("seal, serialize, parse and open round-trip every compartment") {
  auto keys = Keyring::create(all_compartments);
  auto e = sample_envelope(keys);
  auto line = e.serialize();
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.find("Canary") == std::string::npos);
  CHECK(line.find("referral") == std::string::npos);
  auto back = Envelope::parse(line);
  CHECK(back.serialize() == line);
  CHECK(back.header().record == e.header().record);
  CHECK(back.header().parent == e.header().parent);
  CHECK(back.header().document_version == 2);
  CHECK(back.header().sequence == 5);
  CHECK(back.open("ops", keys) == ops_payload());
  CHECK(back.open("phi", keys) == phi_payload());
  CHECK(back.open("to:sign", keys) == sign_payload());
  CHECK(back.has("phi"));
  CHECK_FALSE(back.has("to:billing"));
  CHECK(back.compartments().at("ops").key_id == keys.primary("ops").id);
  CHECK(test::reason_of([&] { back.open("to:billing", keys); }) == Reason::compartment_missing);
  back.remove("phi");
  CHECK_FALSE(back.has("phi"));
  CHECK(test::reason_of([&] { back.open("phi", keys); }) == Reason::compartment_missing);
}

TEST_CASE("every single-bit flip of a serialized envelope is rejected") {
  auto keys = Keyring::create(all_compartments);
  auto line = sample_envelope(keys).serialize();
  REQUIRE(parse_and_open(line, keys) == Reason::ok);

  // compartment_missing: a flip in "to:sign" can leave another valid destination name, and the
  // record then lacks the compartment its destination needs.
  const std::set<Reason> expected{Reason::envelope_malformed,
                                  Reason::envelope_version_unsupported,
                                  Reason::envelope_header_invalid,
                                  Reason::envelope_authentication_failed,
                                  Reason::key_unknown,
                                  Reason::key_unwrap_failed,
                                  Reason::compartment_malformed,
                                  Reason::compartment_missing};
  std::map<Reason, std::size_t> seen;
  std::size_t passed = 0, unexpected = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = line;
      flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
      Reason r = parse_and_open(flipped, keys);
      ++seen[r];
      if (r == Reason::ok) {
        ++passed;
        INFO("byte ", i, " bit ", bit, " accepted: ", flipped);
        CHECK(r != Reason::ok);
      } else if (!expected.count(r)) {
        ++unexpected;
        INFO("byte ", i, " bit ", bit, " gave ", reason_code(r));
        CHECK(expected.count(r) == 1);
      }
    }
  }
  CHECK(passed == 0);
  CHECK(unexpected == 0);
  CHECK(seen[Reason::envelope_malformed] > 0);
  CHECK(seen[Reason::envelope_authentication_failed] > 0);
  CHECK(seen[Reason::key_unwrap_failed] > 0);
  std::string summary;
  for (const auto &[r, n] : seen)
    summary += std::string(reason_code(r)) + "=" + std::to_string(n) + " ";
  MESSAGE("bit flips of a ", line.size(), "-byte envelope: ", summary);
}

TEST_CASE("every truncation of a serialized envelope is rejected") {
  auto keys = Keyring::create(all_compartments);
  auto line = sample_envelope(keys).serialize();
  std::size_t accepted = 0;
  for (std::size_t n = 0; n < line.size(); ++n) {
    Reason r = parse_and_open(std::string_view(line).substr(0, n), keys);
    if (r == Reason::ok) {
      ++accepted;
      INFO("prefix of length ", n, " accepted");
      CHECK(r != Reason::ok);
    }
  }
  CHECK(accepted == 0);
}

TEST_CASE("a compartment spliced onto another record's header fails authentication") {
  auto keys = Keyring::create(all_compartments);
  auto a = sample_envelope(keys).serialize();
  auto b_envelope = sample_envelope(keys);
  auto b = parse_json(b_envelope.serialize()).value();
  for (const auto &name : sealed_names) {
    auto spliced = edit(a, [&](Json &j) { j["sealed"][name] = b["sealed"][name]; });
    auto e = Envelope::parse(spliced);
    if (name == "to:sign")
      continue; // bound to the document, and b is another document: checked below
    CHECK(test::reason_of([&] { e.open(name, keys); }) == Reason::envelope_authentication_failed);
  }
  auto spliced =
      Envelope::parse(edit(a, [&](Json &j) { j["sealed"]["to:sign"] = b["sealed"]["to:sign"]; }));
  CHECK(test::reason_of([&] { spliced.open("to:sign", keys); }) ==
        Reason::envelope_authentication_failed);
}

TEST_CASE(
    "ops and phi moved to another stage or sequence number fail; to: does not depend on them") {
  auto keys = Keyring::create(all_compartments);
  auto line = sample_envelope(keys).serialize();
  for (auto change : std::vector<std::function<void(Json &)>>{
           [](Json &j) { j["stage"] = "route"; }, [](Json &j) { j["seq"] = 6; },
           [](Json &j) { j["seq"] = 0; }, [](Json &j) { j.erase("parent"); },
           [](Json &j) { j["trace"] = TraceId::generate().str(); },
           [](Json &j) { j["record"] = RecordId::generate().str(); }}) {
    auto e = Envelope::parse(edit(line, change));
    CHECK(test::reason_of([&] { e.open("ops", keys); }) == Reason::envelope_authentication_failed);
    CHECK(test::reason_of([&] { e.open("phi", keys); }) == Reason::envelope_authentication_failed);
    CHECK(e.open("to:sign", keys) == sign_payload());
  }
}

TEST_CASE("a to: compartment survives successor() but not a move to another document") {
  auto keys = Keyring::create(all_compartments);
  auto original = sample_envelope(keys);
  auto next = original.successor(StageName::parse("route"), 9);
  CHECK(next.header().parent == original.header().record);
  CHECK(next.header().record != original.header().record);
  CHECK(next.header().stage.str() == "route");
  CHECK(next.header().sequence == 9);
  CHECK(next.header().trace == original.header().trace);
  CHECK(next.has("to:sign"));
  CHECK_FALSE(next.has("ops"));
  CHECK_FALSE(next.has("phi"));
  auto line = next.serialize();
  auto reparsed = Envelope::parse(line);
  CHECK(reparsed.open("to:sign", keys) == sign_payload());
  // The successor is sealed again for its own header.
  reparsed.seal("ops", ops_payload(), keys);
  CHECK(Envelope::parse(reparsed.serialize()).open("ops", keys) == ops_payload());

  for (auto change : std::vector<std::function<void(Json &)>>{
           [](Json &j) { j["doc"] = DocumentId::generate().str(); },
           [](Json &j) { j["doc_version"] = 3; }, [](Json &j) { j["tenant"] = "other"; }}) {
    auto moved = Envelope::parse(edit(line, change));
    CHECK(test::reason_of([&] { moved.open("to:sign", keys); }) ==
          Reason::envelope_authentication_failed);
  }
  // Renamed to another destination, it does not open under that destination's key.
  keys.add_compartment("to:billing");
  auto j = parse_json(line).value();
  j["sealed"]["to:billing"] = j["sealed"]["to:sign"];
  j["sealed"]["to:billing"]["kid"] = keys.primary("to:billing").id.str();
  auto renamed = Envelope::parse(to_json_text(j));
  CHECK(test::reason_of([&] { renamed.open("to:billing", keys); }) == Reason::key_unwrap_failed);
}

TEST_CASE("another keyring gives key_unknown, a keyring without the compartment key_not_held") {
  auto keys = Keyring::create(all_compartments);
  auto e = Envelope::parse(sample_envelope(keys).serialize());
  auto stranger = Keyring::create(all_compartments);
  for (const auto &name : sealed_names)
    CHECK(test::reason_of([&] { e.open(name, stranger); }) == Reason::key_unknown);
  auto partial = Keyring::create({"ops", "ids"});
  CHECK(test::reason_of([&] { e.open("phi", partial); }) == Reason::key_not_held);
  CHECK(test::reason_of([&] { e.open("to:sign", partial); }) == Reason::key_not_held);
  // A kid that names the right compartment's key but the data key was wrapped by another.
  auto other = sample_envelope(stranger).serialize();
  auto swapped =
      edit(other, [&](Json &j) { j["sealed"]["ops"]["kid"] = keys.primary("ops").id.str(); });
  CHECK(test::reason_of([&] { Envelope::parse(swapped).open("ops", keys); }) ==
        Reason::key_unwrap_failed);
}

TEST_CASE("a keyring exported with only ops opens ops and not phi") {
  auto keys = Keyring::create(all_compartments);
  auto e = Envelope::parse(sample_envelope(keys).serialize());
  auto ops_only = keys.export_scoped({"ops"});
  CHECK(e.open("ops", ops_only) == ops_payload());
  CHECK(test::reason_of([&] { e.open("phi", ops_only); }) == Reason::key_not_held);
  CHECK(test::reason_of([&] { e.open("to:sign", ops_only); }) == Reason::key_not_held);
  auto sign_only = keys.export_scoped({"to:sign"});
  CHECK(e.open("to:sign", sign_only) == sign_payload());
  CHECK(test::reason_of([&] { e.open("ops", sign_only); }) == Reason::key_not_held);
  Envelope fresh(sample_header());
  CHECK(test::reason_of([&] { fresh.seal("phi", phi_payload(), ops_only); }) ==
        Reason::key_not_held);
}

TEST_CASE("rotation, rewrap and retirement keep rewrapped envelopes readable") {
  auto keys = Keyring::create(all_compartments);
  std::vector<Envelope> rewrapped, left_alone;
  for (int i = 0; i < 3; ++i) {
    rewrapped.push_back(sample_envelope(keys));
    left_alone.push_back(sample_envelope(keys));
  }
  auto old_ops = keys.primary("ops").id;
  auto new_ops = keys.rotate("ops");
  auto new_phi = keys.rotate("phi");
  CHECK(new_ops != old_ops);
  // Old keys still open everything after rotation.
  for (const auto &e : left_alone) {
    CHECK(e.open("ops", keys) == ops_payload());
    CHECK(e.open("phi", keys) == phi_payload());
  }
  for (auto &e : rewrapped) {
    auto ciphertext_before = e.compartments().at("ops").ciphertext;
    CHECK(e.rewrap(keys) == 2); // ops and phi; to:sign is already under its primary
    CHECK(e.rewrap(keys) == 0);
    CHECK(e.compartments().at("ops").key_id == new_ops);
    CHECK(e.compartments().at("phi").key_id == new_phi);
    CHECK(e.compartments().at("ops").ciphertext == ciphertext_before);
    e = Envelope::parse(e.serialize());
    CHECK(e.open("ops", keys) == ops_payload());
  }
  CHECK(keys.retire_old_keys("ops") == 1);
  CHECK(keys.retire_old_keys("phi") == 1);
  for (const auto &e : rewrapped) {
    CHECK(e.open("ops", keys) == ops_payload());
    CHECK(e.open("phi", keys) == phi_payload());
    CHECK(e.open("to:sign", keys) == sign_payload());
  }
  for (auto e : left_alone) {
    CHECK(test::reason_of([&] { e.open("ops", keys); }) == Reason::key_unknown);
    CHECK(test::reason_of([&] { e.open("phi", keys); }) == Reason::key_unknown);
    CHECK(e.open("to:sign", keys) == sign_payload());
    CHECK(test::reason_of([&] { e.rewrap(keys); }) == Reason::key_unknown);
  }
  // A keyring without a compartment leaves it alone.
  auto again = sample_envelope(keys);
  keys.rotate("ops");
  CHECK(again.rewrap(keys.export_scoped({"phi"})) == 0);
}

TEST_CASE("invalid UTF-8 in a payload is replaced, never thrown") {
  auto keys = Keyring::create(all_compartments);
  Envelope e(sample_header());
  Json payload = {{"text", std::string("OCR \xff\xfe garbage \xc3")}};
  CHECK_NOTHROW(e.seal("phi", payload, keys));
  std::string line;
  CHECK_NOTHROW(line = e.serialize());
  auto opened = Envelope::parse(line).open("phi", keys);
  auto text = opened["text"].get<std::string>();
  CHECK(text.starts_with("OCR "));
  CHECK(text.find("\xef\xbf\xbd") != std::string::npos);
  CHECK(text.find('\xff') == std::string::npos);
}

TEST_CASE("seal refuses names and payloads that are not compartments") {
  auto keys = Keyring::create(all_compartments);
  Envelope e(sample_header());
  CHECK(test::reason_of([&] { e.seal("ids", ops_payload(), keys); }) == Reason::internal);
  CHECK(test::reason_of([&] { e.seal("bogus", ops_payload(), keys); }) == Reason::internal);
  CHECK(test::reason_of([&] { e.seal("ops", Json::array({1}), keys); }) == Reason::internal);
  e.seal("ops", ops_payload(), keys);
  e.seal("ops", {{"pages", 4}}, keys); // replaces
  CHECK(e.open("ops", keys) == Json{{"pages", 4}});
  CHECK(e.compartments().size() == 1);
}

TEST_CASE("parse is strict about structure, versions, ids and counters") {
  auto keys = Keyring::create(all_compartments);
  auto line = sample_envelope(keys).serialize();
  auto reason = [&](const std::function<void(Json &)> &change) {
    auto text = edit(line, change);
    return test::reason_of([&] { Envelope::parse(text); });
  };
  CHECK(reason([](Json &) {}) == Reason::ok);
  CHECK(reason([](Json &j) { j["mi"] = 2; }) == Reason::envelope_version_unsupported);
  CHECK(reason([](Json &j) { j["mi"] = "1"; }) == Reason::envelope_malformed);
  CHECK(reason([](Json &j) { j.erase("mi"); }) == Reason::envelope_malformed);
  CHECK(reason([](Json &j) { j["extra"] = 1; }) == Reason::envelope_malformed);
  CHECK(reason([](Json &j) { j.erase("trace"); }) == Reason::envelope_malformed);
  CHECK(reason([](Json &j) { j["record"] = "rec_short"; }) == Reason::envelope_header_invalid);
  CHECK(reason([](Json &j) { j["tenant"] = "Jane Doe"; }) == Reason::envelope_header_invalid);
  CHECK(reason([](Json &j) { j["doc_version"] = 0; }) == Reason::envelope_header_invalid);
  CHECK(reason([](Json &j) { j["doc_version"] = 4294967296ULL; }) ==
        Reason::envelope_header_invalid);
  CHECK(reason([](Json &j) { j["doc_version"] = -1; }) == Reason::envelope_malformed);
  CHECK(reason([](Json &j) { j["seq"] = 1.5; }) == Reason::envelope_malformed);
  CHECK(reason([](Json &j) { j["seq"] = 9223372036854775808ULL; }) ==
        Reason::envelope_header_invalid);
  CHECK(reason([](Json &j) { j["sealed"] = Json::object(); }) == Reason::envelope_malformed);
  CHECK(reason([](Json &j) { j.erase("sealed"); }) == Reason::envelope_malformed);
  CHECK(reason([](Json &j) { j["sealed"]["ids"] = j["sealed"]["ops"]; }) ==
        Reason::envelope_header_invalid);
  CHECK(reason([](Json &j) { j["sealed"]["ops"]["extra"] = "x"; }) == Reason::envelope_malformed);
  CHECK(reason([](Json &j) { j["sealed"]["ops"].erase("iv"); }) == Reason::envelope_malformed);
  CHECK(reason([](Json &j) { j["sealed"]["ops"]["kid"] = "k_bad"; }) ==
        Reason::envelope_header_invalid);
  CHECK(reason([](Json &j) { j["sealed"]["ops"]["iv"] = "AAAA"; }) == Reason::envelope_malformed);
  CHECK(reason([](Json &j) { j["sealed"]["ops"]["ct"] = "not base64!"; }) ==
        Reason::envelope_malformed);
  CHECK(test::reason_of([] { Envelope::parse("[]"); }) == Reason::envelope_malformed);
  CHECK(test::reason_of([] { Envelope::parse(""); }) == Reason::envelope_malformed);
  CHECK(test::reason_of([&] { Envelope::parse(line + "\n" + line); }) ==
        Reason::envelope_malformed);
}

TEST_CASE("compartment_aad binds ops and phi to the header, to: to the document") {
  auto h = sample_header();
  auto moved = h;
  moved.stage = StageName::parse("route");
  moved.sequence = 99;
  CHECK(compartment_aad(h, "ops") != compartment_aad(moved, "ops"));
  CHECK(compartment_aad(h, "ops") != compartment_aad(h, "phi"));
  CHECK(compartment_aad(h, "to:sign") == compartment_aad(moved, "to:sign"));
  CHECK(compartment_aad(h, "to:sign") != compartment_aad(h, "to:billing"));
  auto other_version = h;
  other_version.document_version = 3;
  CHECK(compartment_aad(h, "to:sign") != compartment_aad(other_version, "to:sign"));
}
