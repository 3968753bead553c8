#include "core/ids.hpp"

#include "test_support.hpp"

#include <set>

using namespace mi;

TEST_CASE("generated ids carry their prefix and 26 base32 characters and parse back") {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto id = RecordId::generate();
    CHECK(id.str().starts_with("rec_"));
    CHECK(id.str().size() == 4 + 26);
    CHECK(RecordId::parse(id.str()) == id);
    seen.insert(id.str());
  }
  CHECK(seen.size() == 50);
  CHECK(TraceId::generate().str().starts_with("tr_"));
  CHECK(DocumentId::generate().str().starts_with("doc_"));
  CHECK(KeyId::generate().str().starts_with("k_"));
  CHECK(ObjectId::generate().str().starts_with("obj_"));
}

TEST_CASE("parse rejects ids of another kind or with a bad body") {
  auto record = RecordId::generate().str();
  CHECK(test::reason_of([&] { TraceId::parse(record); }) == Reason::envelope_header_invalid);
  CHECK(test::reason_of([&] { RecordId::parse(record + "a"); }) == Reason::envelope_header_invalid);
  CHECK(test::reason_of([&] { RecordId::parse(record.substr(0, record.size() - 1)); }) ==
        Reason::envelope_header_invalid);
  std::string upper = record;
  upper.back() = 'A';
  CHECK_FALSE(is_valid_id(IdKind::record, upper));
  std::string digit = record;
  digit.back() = '1'; // base32 has no 0, 1, 8 or 9
  CHECK_FALSE(is_valid_id(IdKind::record, digit));
  CHECK_FALSE(is_valid_id(IdKind::record, ""));
  CHECK(is_valid_id(IdKind::record, record));
}

TEST_CASE("operator-chosen slugs: lowercase, digits, '-', '_', '.', not leading '.' or '-'") {
  CHECK(is_valid_id(IdKind::tenant, "acme-clinic_2.east"));
  CHECK_FALSE(is_valid_id(IdKind::tenant, "Acme"));
  CHECK_FALSE(is_valid_id(IdKind::tenant, "acme clinic"));
  CHECK_FALSE(is_valid_id(IdKind::tenant, ".hidden"));
  CHECK_FALSE(is_valid_id(IdKind::tenant, "-x"));
  CHECK_FALSE(is_valid_id(IdKind::tenant, "a/b"));
  CHECK_FALSE(is_valid_id(IdKind::tenant, ""));
  CHECK(is_valid_id(IdKind::tenant, std::string(64, 'a')));
  CHECK_FALSE(is_valid_id(IdKind::tenant, std::string(65, 'a')));
  CHECK(is_valid_id(IdKind::stage, std::string(32, 'a')));
  CHECK_FALSE(is_valid_id(IdKind::stage, std::string(33, 'a')));
  CHECK(TenantId::parse("acme").str() == "acme");
  CHECK(test::reason_of([] { TenantId::parse("Jane Doe"); }) == Reason::envelope_header_invalid);
}

TEST_CASE("compartment names are ops, phi, ids or to:<slug>") {
  CHECK(is_valid_id(IdKind::compartment, "ops"));
  CHECK(is_valid_id(IdKind::compartment, "phi"));
  CHECK(is_valid_id(IdKind::compartment, "ids"));
  CHECK(is_valid_id(IdKind::compartment, "to:sign"));
  CHECK_FALSE(is_valid_id(IdKind::compartment, "to:"));
  CHECK_FALSE(is_valid_id(IdKind::compartment, "to:Sign"));
  CHECK_FALSE(is_valid_id(IdKind::compartment, "pii"));
  CHECK_FALSE(is_valid_id(IdKind::compartment, "OPS"));
}

TEST_CASE("slug kinds are never generated or derived") {
  auto key = Secret::random(32);
  CHECK(test::reason_of([] { TenantId::generate(); }) == Reason::internal);
  CHECK(test::reason_of([&] { StageName::derive(key, "x"); }) == Reason::internal);
}

TEST_CASE("derived ids are deterministic, keyed and separated by kind") {
  auto key = Secret::random(32);
  auto other = Secret::random(32);
  auto a = DocumentId::derive(key, "tenant|source");
  CHECK(a == DocumentId::derive(key, "tenant|source"));
  CHECK(a != DocumentId::derive(key, "tenant|sourcf"));
  CHECK(a != DocumentId::derive(other, "tenant|source"));
  CHECK(is_valid_id(IdKind::document, a.str()));
  auto o = ObjectId::derive(key, "tenant|source");
  CHECK(o.str().substr(4) != a.str().substr(4)); // the kind is part of the hashed material
  CHECK(o.str().find("tenant") == std::string::npos);
}

TEST_CASE("ids order and compare by value") {
  auto a = TenantId::parse("alpha"), b = TenantId::parse("beta");
  CHECK(a < b);
  CHECK(a != b);
  CHECK(TenantId().empty());
  CHECK(id_prefix(IdKind::tenant).empty());
  CHECK(id_prefix(IdKind::object) == "obj_");
}
