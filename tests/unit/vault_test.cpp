#include "core/vault.hpp"

#include "core/json.hpp"

#include "test_support.hpp"

#include <set>

using namespace mi;
using namespace std::chrono;

namespace {

const std::string canary = "PATIENT Jane Canary MRN 991234 referral letter body";

struct VaultFixture {
  test::TempDir dir;
  Keyring keys = Keyring::create({"ops", "phi", "ids", "to:sign"});
  DirectoryObjectStore store{dir / "vault"};
  Vault vault{store, keys};

  PutRequest request(std::string compartment = "phi") {
    PutRequest r;
    r.tenant = TenantId::parse("acme-clinic");
    r.case_id = CaseId::parse("case-7");
    r.kind = ObjectKind::source;
    r.compartment = std::move(compartment);
    return r;
  }

  std::filesystem::path file_of(const std::string &name) {
    for (const auto &e : std::filesystem::recursive_directory_iterator(dir / "vault"))
      if (e.path().filename() == name)
        return e.path();
    FAIL("no such object file");
    return {};
  }
};

Bytes bytes(const std::string &s) { return Bytes(s.begin(), s.end()); }
std::string text(const Secret &s) { return std::string(as_text(s.view())); }

} // namespace

TEST_CASE("put then get returns the content, and metadata describes it") {
  VaultFixture f;
  auto r = f.request();
  auto source = f.vault.put(bytes(canary), r);
  CHECK(source.created);
  CHECK(is_valid_id(IdKind::object, source.id.str()));
  CHECK(text(f.vault.get(source.id)) == canary);

  r.kind = ObjectKind::page_image;
  r.lineage = source.id;
  r.retention_until = parse_time("2030-01-01T00:00:00Z");
  auto page = f.vault.put(bytes("page"), r);
  auto m = f.vault.metadata(page.id);
  CHECK(m.id == page.id);
  CHECK(m.tenant.str() == "acme-clinic");
  CHECK(m.case_id->str() == "case-7");
  CHECK(m.kind == ObjectKind::page_image);
  CHECK(m.lineage == source.id);
  CHECK(m.retention_until == parse_time("2030-01-01T00:00:00Z"));
  CHECK_FALSE(m.legal_hold);
  CHECK(m.compartment == "phi");
  CHECK(m.size == 4);
  CHECK(f.vault.list().size() == 2);

  Bytes empty;
  auto nothing = f.vault.put(empty, f.request());
  CHECK(f.vault.get(nothing.id).empty());
}

TEST_CASE("the same content twice gives the same id and created=false") {
  VaultFixture f;
  auto a = f.vault.put(bytes(canary), f.request());
  auto b = f.vault.put(bytes(canary), f.request());
  CHECK(a.id == b.id);
  CHECK(a.created);
  CHECK_FALSE(b.created);
  CHECK(f.store.list().size() == 2); // one blob, one meta
  // Another tenant, kind or content is another object.
  auto r = f.request();
  r.tenant = TenantId::parse("other");
  CHECK(f.vault.put(bytes(canary), r).id != a.id);
  r = f.request();
  r.kind = ObjectKind::derived_text;
  CHECK(f.vault.put(bytes(canary), r).id != a.id);
  CHECK(f.vault.put(bytes(canary + "."), f.request()).id != a.id);
  // Ids are keyed: another vault key gives another name for the same content.
  auto other_keys = Keyring::create({"phi", "ids"});
  test::TempDir other_dir;
  DirectoryObjectStore other_store(other_dir / "v");
  Vault other(other_store, other_keys);
  CHECK(other.put(bytes(canary), f.request()).id != a.id);
}

TEST_CASE("names and stored bytes reveal neither tenant nor content") {
  VaultFixture f;
  auto id = f.vault.put(bytes(canary), f.request()).id;
  for (const auto &e : std::filesystem::recursive_directory_iterator(f.dir / "vault")) {
    auto rel = std::filesystem::relative(e.path(), f.dir.path()).string();
    INFO(rel);
    CHECK(rel.find("acme") == std::string::npos);
    CHECK(rel.find("case") == std::string::npos);
    CHECK(rel.find("Canary") == std::string::npos);
    CHECK(rel.find("source") == std::string::npos);
    if (e.is_regular_file()) {
      auto contents = test::read_text(e.path());
      CHECK(contents.find("Canary") == std::string::npos);
      CHECK(contents.find("991234") == std::string::npos);
    }
  }
  auto blob = f.file_of(id.str() + ".blob");
  CHECK(blob.filename().string().find(id.str()) == 0);
}

TEST_CASE("a flipped byte anywhere in a blob is detected") {
  VaultFixture f;
  auto id = f.vault.put(bytes(canary), f.request()).id;
  auto path = f.file_of(id.str() + ".blob");
  const auto original = test::read_text(path);
  auto header_end = original.find('\n', original.find('\n') + 1);
  auto kid = f.keys.primary("phi").id.str();
  auto kid_at = original.find(kid);
  REQUIRE(kid_at != std::string::npos);
  std::size_t undetected = 0;
  for (std::size_t i = 0; i < original.size(); ++i) {
    for (int mask : {0x01, 0x20, 0x80}) {
      auto changed = original;
      changed[i] = static_cast<char>(changed[i] ^ mask);
      test::write_text(path, changed);
      auto r = test::reason_of([&] { f.vault.get(id); });
      bool in_kid = i >= kid_at && i < kid_at + kid.size();
      INFO("byte ", i, " mask ", mask, " gave ", reason_code(r));
      undetected += r == Reason::ok;
      if (in_kid) // a flip that names another well-formed key id says which key is missing
        CHECK((r == Reason::vault_object_corrupt || r == Reason::key_unknown));
      else
        CHECK(r == Reason::vault_object_corrupt);
      if (i > header_end)
        CHECK(r == Reason::vault_object_corrupt);
    }
  }
  CHECK(undetected == 0);
  test::write_text(path, original.substr(0, original.size() - 1));
  CHECK(test::reason_of([&] { f.vault.get(id); }) == Reason::vault_object_corrupt);
  test::write_text(path, original);
  CHECK(text(f.vault.get(id)) == canary);
}

TEST_CASE("a flipped byte anywhere in the metadata is detected") {
  VaultFixture f;
  auto id = f.vault.put(bytes(canary), f.request()).id;
  auto path = f.file_of(id.str() + ".meta");
  const auto original = test::read_text(path);
  for (std::size_t i = 0; i < original.size(); ++i) {
    auto changed = original;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    test::write_text(path, changed);
    INFO("byte ", i);
    CHECK(test::reason_of([&] { f.vault.metadata(id); }) == Reason::vault_object_corrupt);
  }
  // A legal hold cannot be lifted by editing the file and keeping its old MAC.
  test::write_text(path, original);
  f.vault.set_legal_hold(id, true);
  auto held = test::read_text(path);
  auto doc = parse_json(held).value();
  doc["legal_hold"] = false;
  test::write_text(path, to_json_text(doc));
  CHECK(test::reason_of([&] { f.vault.remove(id); }) == Reason::vault_object_corrupt);
  CHECK(test::reason_of([&] { f.vault.sweep(now(), [](const ObjectMetadata &) {}); }) ==
        Reason::vault_object_corrupt);
  CHECK(f.store.exists(id.str() + ".blob"));
}

TEST_CASE("missing objects are vault_object_missing") {
  VaultFixture f;
  auto id = ObjectId::generate();
  CHECK(test::reason_of([&] { f.vault.get(id); }) == Reason::vault_object_missing);
  CHECK(test::reason_of([&] { f.vault.metadata(id); }) == Reason::vault_object_missing);
  CHECK(test::reason_of([&] { f.vault.remove(id); }) == Reason::vault_object_missing);
}

TEST_CASE("a blob cannot be passed off under another object's id") {
  VaultFixture f;
  auto a = f.vault.put(bytes("first"), f.request()).id;
  auto b = f.vault.put(bytes("second"), f.request()).id;
  test::write_text(f.file_of(b.str() + ".blob"), test::read_text(f.file_of(a.str() + ".blob")));
  CHECK(test::reason_of([&] { f.vault.get(b); }) == Reason::vault_object_corrupt);
  test::write_text(f.file_of(b.str() + ".meta"), test::read_text(f.file_of(a.str() + ".meta")));
  CHECK(test::reason_of([&] { f.vault.metadata(b); }) == Reason::vault_object_corrupt);
}

TEST_CASE("legal hold blocks remove and sweep until lifted") {
  VaultFixture f;
  auto r = f.request();
  r.retention_until = parse_time("2020-01-01T00:00:00Z");
  auto id = f.vault.put(bytes(canary), r).id;
  f.vault.set_legal_hold(id, true);
  CHECK(f.vault.metadata(id).legal_hold);
  CHECK(test::reason_of([&] { f.vault.remove(id); }) == Reason::vault_legal_hold);
  std::size_t calls = 0;
  CHECK(f.vault.sweep(now(), [&](const ObjectMetadata &) { ++calls; }) == 0);
  CHECK(calls == 0);
  CHECK(text(f.vault.get(id)) == canary);
  f.vault.set_legal_hold(id, false);
  f.vault.remove(id);
  CHECK(test::reason_of([&] { f.vault.get(id); }) == Reason::vault_object_missing);
  CHECK(f.store.list().empty());
}

TEST_CASE("sweep deletes expired objects only, and reports each") {
  VaultFixture f;
  auto t0 = parse_time("2026-01-01T00:00:00Z").value();
  auto r = f.request();
  r.retention_until = t0;
  auto expired = f.vault.put(bytes("expired"), r).id;
  r.retention_until = t0 + days{1};
  auto later = f.vault.put(bytes("later"), r).id;
  r.retention_until.reset();
  auto forever = f.vault.put(bytes("forever"), r).id;

  std::vector<ObjectId> deleted;
  auto on_delete = [&](const ObjectMetadata &m) { deleted.push_back(m.id); };
  CHECK(f.vault.sweep(t0 - seconds{1}, on_delete) == 0);
  CHECK(f.vault.sweep(t0, on_delete) == 1); // a deadline equal to now has passed
  CHECK(deleted == std::vector<ObjectId>{expired});
  CHECK(test::reason_of([&] { f.vault.get(expired); }) == Reason::vault_object_missing);
  CHECK(f.vault.get(later).size() == 5);

  f.vault.set_retention(forever, t0);
  CHECK(f.vault.metadata(forever).retention_until == t0);
  deleted.clear();
  CHECK(f.vault.sweep(t0 + days{2}, on_delete) == 2);
  CHECK(std::set<ObjectId>(deleted.begin(), deleted.end()) == std::set<ObjectId>{later, forever});
  CHECK(f.vault.list().empty());
  CHECK(f.store.list().empty());
}

TEST_CASE("key scoping holds for blobs") {
  VaultFixture f;
  auto phi = f.vault.put(bytes(canary), f.request()).id;
  auto packet = f.vault.put(bytes("signing packet"), f.request("to:sign")).id;
  CHECK(f.vault.metadata(packet).compartment == "to:sign");

  auto ops_only = f.keys.export_scoped({"ops", "ids"});
  Vault scoped(f.store, ops_only);
  CHECK(test::reason_of([&] { scoped.get(phi); }) == Reason::key_not_held);
  CHECK(test::reason_of([&] { scoped.get(packet); }) == Reason::key_not_held);
  CHECK(scoped.metadata(phi).kind == ObjectKind::source); // metadata needs only the ids key
  CHECK(test::reason_of([&] { scoped.put(bytes("x"), f.request()); }) == Reason::key_not_held);

  auto signer = f.keys.export_scoped({"to:sign", "ids"});
  Vault signer_vault(f.store, signer);
  CHECK(text(signer_vault.get(packet)) == "signing packet");
  CHECK(test::reason_of([&] { signer_vault.get(phi); }) == Reason::key_not_held);

  // A destination holds its own key and not ids (the root of match keys): it can open what was
  // sealed for it, and neither name, list nor read the metadata of anything.
  auto destination = f.keys.export_scoped({"to:sign"});
  Vault destination_vault(f.store, destination);
  CHECK(text(destination_vault.get(packet)) == "signing packet");
  CHECK(test::reason_of([&] { destination_vault.get(phi); }) == Reason::key_not_held);
  CHECK(test::reason_of([&] { destination_vault.metadata(packet); }) == Reason::key_not_held);
  CHECK(test::reason_of([&] { destination_vault.list(); }) == Reason::key_not_held);
  CHECK(test::reason_of([&] { destination_vault.put(bytes("x"), f.request("to:sign")); }) ==
        Reason::key_not_held);
}

TEST_CASE("objects stay readable across a key rotation") {
  VaultFixture f;
  auto id = f.vault.put(bytes(canary), f.request()).id;
  f.keys.rotate("phi");
  CHECK(text(f.vault.get(id)) == canary);
  auto newer = f.vault.put(bytes("after rotation"), f.request()).id;
  CHECK(text(f.vault.get(newer)) == "after rotation");
  f.keys.retire_old_keys("phi");
  CHECK(test::reason_of([&] { f.vault.get(id); }) == Reason::key_unknown);
}

TEST_CASE("object kinds round-trip through their names") {
  for (auto k : {ObjectKind::source, ObjectKind::page_image, ObjectKind::derived_text,
                 ObjectKind::signing_packet, ObjectKind::signed_pdf})
    CHECK(object_kind_from_name(object_kind_name(k)) == k);
  CHECK_FALSE(object_kind_from_name("pdf"));
  CHECK(object_kind_name(ObjectKind::signing_packet) == "signing_packet");
}
