#include "core/keyring.hpp"

#include "core/atomic_file.hpp"
#include "core/json.hpp"

#include "test_support.hpp"

#include <sys/stat.h>

using namespace mi;

namespace {

Bytes bytes_of(const Secret &s) { return Bytes(s.view().begin(), s.view().end()); }

void check_same_keys(const Keyring &a, const Keyring &b) {
  REQUIRE(a.compartment_names() == b.compartment_names());
  for (const auto &name : a.compartment_names()) {
    const auto &ka = a.keys(name);
    const auto &kb = b.keys(name);
    REQUIRE(ka.size() == kb.size());
    for (std::size_t i = 0; i < ka.size(); ++i) {
      CHECK(ka[i].id == kb[i].id);
      CHECK(bytes_of(ka[i].secret) == bytes_of(kb[i].secret));
      CHECK(ka[i].created == kb[i].created);
    }
    CHECK(a.primary(name).id == b.primary(name).id);
  }
  REQUIRE(a.audit_keys().size() == b.audit_keys().size());
  for (std::size_t i = 0; i < a.audit_keys().size(); ++i) {
    const auto &x = a.audit_keys()[i];
    const auto &y = b.audit_keys()[i];
    CHECK(x.id == y.id);
    CHECK(x.public_key == y.public_key);
    REQUIRE(x.private_key.has_value() == y.private_key.has_value());
    if (x.private_key)
      CHECK(bytes_of(*x.private_key) == bytes_of(*y.private_key));
  }
}

mode_t mode_of(const std::filesystem::path &p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

std::string valid_keyring_text() {
  auto ring = Keyring::create({"ops"});
  test::TempDir dir;
  ring.save(dir / "k.json", false);
  return test::read_text(dir / "k.json");
}

Reason load_reason(const std::string &text) {
  test::TempDir dir;
  write_file_atomically(dir / "k.json", std::string_view(text), 0600);
  return test::reason_of([&] { Keyring::load(dir / "k.json"); });
}

} // namespace

TEST_CASE("create makes one fresh key per compartment and an audit signing key") {
  auto ring = Keyring::create({"ops", "phi", "ids", "to:sign"});
  CHECK(ring.compartment_names() == std::vector<std::string>{"ids", "ops", "phi", "to:sign"});
  CHECK(ring.holds("ops"));
  CHECK_FALSE(ring.holds("to:billing"));
  CHECK(ring.primary("ops").id != ring.primary("phi").id);
  CHECK(bytes_of(ring.primary("ops").secret) != bytes_of(ring.primary("phi").secret));
  CHECK(ring.primary("ops").secret.size() == 32);
  CHECK(ring.can_sign_audit());
  CHECK(ring.audit_keys().size() == 1);
  CHECK(test::reason_of([&] { ring.primary("to:billing"); }) == Reason::key_not_held);
  CHECK(test::reason_of([&] { ring.keys("to:billing"); }) == Reason::key_not_held);
  CHECK(ring.find("ops", ring.primary("ops").id) == &ring.primary("ops"));
  CHECK(ring.find("phi", ring.primary("ops").id) == nullptr);
  CHECK(ring.find("to:billing", ring.primary("ops").id) == nullptr);
  CHECK(test::reason_of([] { Keyring::create({"bogus"}); }) == Reason::usage);
  CHECK(test::reason_of([] { Keyring::create({"ops", "ops"}); }) == Reason::usage);
  CHECK(is_sealing_compartment("to:sign"));
  CHECK_FALSE(is_sealing_compartment("ids"));
  CHECK(is_valid_compartment_name("ids"));
}

TEST_CASE("save and load round-trip every key, primary and audit key, at mode 0600") {
  test::TempDir dir;
  auto ring = Keyring::create({"ops", "phi", "ids", "to:sign"});
  ring.rotate("ops");
  ring.rotate("ops");
  ring.rotate_audit_key();
  auto path = dir / "sub" / "keyring.json";
  ring.save(path, false);
  CHECK(mode_of(path) == 0600);
  auto loaded = Keyring::load(path);
  check_same_keys(ring, loaded);
  CHECK(loaded.keys("ops").size() == 3);
  CHECK(loaded.can_sign_audit());
  CHECK(loaded.audit_keys().size() == 2);
  CHECK_FALSE(loaded.audit_keys().front().private_key.has_value());
  // The file is ordinary JSON in the documented format.
  auto doc = parse_json(test::read_text(path)).value();
  CHECK(doc["format"] == "mi-keyring");
  CHECK(doc["version"] == 1);
  CHECK(doc["compartments"]["ops"]["primary"] == ring.primary("ops").id.str());
}

TEST_CASE("save refuses to replace an existing file unless asked") {
  test::TempDir dir;
  auto path = dir / "keyring.json";
  auto first = Keyring::create({"ops"});
  first.save(path, false);
  auto second = Keyring::create({"phi"});
  CHECK(test::reason_of([&] { second.save(path, false); }) == Reason::keyring_exists);
  CHECK(Keyring::load(path).holds("ops"));
  second.save(path, true);
  CHECK(Keyring::load(path).holds("phi"));
  CHECK_FALSE(Keyring::load(path).holds("ops"));
}

TEST_CASE("load refuses a keyring readable by group or others") {
  test::TempDir dir;
  auto path = dir / "keyring.json";
  Keyring::create({"ops"}).save(path, false);
  for (mode_t mode : {0640, 0604, 0644, 0660, 0602, 0610}) {
    INFO("mode ", mode);
    REQUIRE(::chmod(path.c_str(), mode) == 0);
    CHECK(test::reason_of([&] { Keyring::load(path); }) == Reason::key_file_permissions);
  }
  REQUIRE(::chmod(path.c_str(), 0400) == 0);
  CHECK_NOTHROW(Keyring::load(path));
  CHECK(test::reason_of([&] { Keyring::load(dir / "missing.json"); }) == Reason::keyring_missing);
}

TEST_CASE("malformed keyring files are keyring_invalid, whatever is wrong with them") {
  auto good = parse_json(valid_keyring_text()).value();
  REQUIRE(load_reason(to_json_text(good)) == Reason::ok);
  auto with = [&](const std::function<void(Json &)> &change) {
    Json j = good;
    change(j);
    return load_reason(to_json_text(j));
  };
  CHECK(load_reason("") == Reason::keyring_invalid);
  CHECK(load_reason("not json") == Reason::keyring_invalid);
  CHECK(load_reason("[]") == Reason::keyring_invalid);
  CHECK(load_reason(valid_keyring_text().substr(0, 40)) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["format"] = "other"; }) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["format"] = 1; }) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["version"] = 2; }) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["version"] = "1"; }) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j.erase("version"); }) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["compartments"] = Json::array(); }) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["compartments"]["bogus"] = j["compartments"]["ops"]; }) ==
        Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["compartments"]["ops"]["keys"] = Json::array(); }) ==
        Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["compartments"]["ops"]["keys"] = "x"; }) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["compartments"]["ops"]["keys"][0] = 7; }) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["compartments"]["ops"]["keys"][0]["id"] = "k_short"; }) ==
        Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["compartments"]["ops"]["keys"][0]["created"] = "yesterday"; }) ==
        Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["compartments"]["ops"]["keys"][0]["secret"] = "AAAA"; }) ==
        Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["compartments"]["ops"]["keys"][0]["secret"] = 5; }) ==
        Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["compartments"]["ops"]["keys"][0].erase("secret"); }) ==
        Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["compartments"]["ops"]["primary"] = KeyId::generate().str(); }) ==
        Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["compartments"]["ops"]["primary"] = 3; }) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["audit"] = Json::object(); }) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["audit"][0]["public"] = "AAAA"; }) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["audit"][0]["private"] = "AAAA"; }) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["audit"][0]["private"] = false; }) == Reason::keyring_invalid);
  CHECK(with([](Json &j) { j["audit"][0].erase("id"); }) == Reason::keyring_invalid);
}

TEST_CASE("the primary named in the file is the one used to seal, wherever it is listed") {
  test::TempDir dir;
  auto ring = Keyring::create({"ops"});
  auto first = ring.primary("ops").id;
  ring.rotate("ops");
  auto second = ring.rotate("ops");
  ring.save(dir / "k.json", false);
  auto doc = parse_json(test::read_text(dir / "k.json")).value();
  CHECK(doc["compartments"]["ops"]["primary"] == second.str());
  doc["compartments"]["ops"]["primary"] = first.str();
  write_file_atomically(dir / "k.json", std::string_view(to_json_text(doc)), 0600);
  auto loaded = Keyring::load(dir / "k.json");
  CHECK(loaded.primary("ops").id == first);
  CHECK(loaded.keys("ops").size() == 3);
  CHECK(loaded.find("ops", second) != nullptr);
  // Without "primary" the last listed key is the primary.
  doc["compartments"]["ops"].erase("primary");
  write_file_atomically(dir / "k.json", std::string_view(to_json_text(doc)), 0600);
  CHECK(Keyring::load(dir / "k.json").primary("ops").id == second);
}

TEST_CASE("rotate adds a primary, retire_old_keys drops the rest") {
  auto ring = Keyring::create({"ops", "phi"});
  auto old_id = ring.primary("ops").id;
  auto new_id = ring.rotate("ops");
  CHECK(new_id != old_id);
  CHECK(ring.primary("ops").id == new_id);
  CHECK(ring.find("ops", old_id) != nullptr);
  CHECK(ring.retire_old_keys("ops") == 1);
  CHECK(ring.find("ops", old_id) == nullptr);
  CHECK(ring.primary("ops").id == new_id);
  CHECK(ring.retire_old_keys("ops") == 0);
  CHECK(test::reason_of([&] { ring.rotate("to:x"); }) == Reason::key_not_held);
  CHECK(test::reason_of([&] { ring.retire_old_keys("to:x"); }) == Reason::key_not_held);
  auto added = ring.add_compartment("to:billing");
  CHECK(ring.primary("to:billing").id == added);
  CHECK(test::reason_of([&] { ring.add_compartment("to:billing"); }) == Reason::usage);
  CHECK(test::reason_of([&] { ring.add_compartment("To:x"); }) == Reason::usage);
}

TEST_CASE("scoped exports hold only what they name") {
  auto ring = Keyring::create({"ops", "phi", "ids", "to:sign"});
  ring.rotate("ops");
  auto ops = ring.export_scoped({"ops"});
  CHECK(ops.compartment_names() == std::vector<std::string>{"ops"});
  CHECK(ops.keys("ops").size() == 2);
  CHECK(bytes_of(ops.primary("ops").secret) == bytes_of(ring.primary("ops").secret));
  CHECK(ops.audit_keys().empty());
  CHECK_FALSE(ops.can_sign_audit());
  CHECK(test::reason_of([&] { ops.audit_signing_key(); }) == Reason::audit_key_missing);

  auto verify = ring.export_scoped({"audit-verify"});
  CHECK(verify.compartment_names().empty());
  REQUIRE(verify.audit_keys().size() == 1);
  CHECK_FALSE(verify.audit_keys()[0].private_key.has_value());
  CHECK(verify.audit_keys()[0].public_key == ring.audit_keys()[0].public_key);
  CHECK_FALSE(verify.can_sign_audit());

  auto signer = ring.export_scoped({"audit", "to:sign"});
  CHECK(signer.can_sign_audit());
  CHECK(signer.holds("to:sign"));
  CHECK_FALSE(signer.holds("phi"));
  CHECK(test::reason_of([&] { ring.export_scoped({"to:billing"}); }) == Reason::key_not_held);
  CHECK(test::reason_of([&] { ops.export_scoped({"audit"}); }) == Reason::audit_key_missing);
}

TEST_CASE("rotating the audit key keeps old public keys and signs only with the newest") {
  auto ring = Keyring::create({"ops"});
  auto first = ring.audit_signing_key().id;
  auto second = ring.rotate_audit_key();
  CHECK(second != first);
  CHECK(ring.audit_signing_key().id == second);
  REQUIRE(ring.audit_keys().size() == 2);
  CHECK_FALSE(ring.audit_keys()[0].private_key.has_value());
  CHECK(ring.audit_keys()[1].private_key.has_value());
  CHECK(ring.audit_keys()[1].public_key ==
        crypto::ed25519_public_from_private(*ring.audit_keys()[1].private_key));
}

TEST_CASE("the saved file never holds a key in any form but its own entry") {
  test::TempDir dir;
  auto ring = Keyring::create({"ops"});
  auto scoped = ring.export_scoped({"audit-verify"});
  scoped.save(dir / "verify.json", false);
  auto text = test::read_text(dir / "verify.json");
  CHECK(text.find(base64_encode(ring.primary("ops").secret.view())) == std::string::npos);
  CHECK(text.find(base64_encode(ring.audit_signing_key().private_key->view())) ==
        std::string::npos);
  CHECK(text.find(base64_encode(ring.audit_signing_key().public_key)) != std::string::npos);
}
