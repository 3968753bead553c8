#include "redact/payload.hpp"

#include "core/crypto.hpp"
#include "core/encoding.hpp"

#include <doctest/doctest.h>

using namespace mi;
using namespace mi::redact;

namespace {

Json fields() {
  return Json::parse(R"({
    "patient_name": {"value": "WOBBEHOLL, MARTA J", "normalized": "Marta J Wobbeholl", "status": "accepted"},
    "dob": {"value": "03/14/1961", "normalized": "1961-03-14", "status": "accepted"},
    "mrn": {"value": "48213", "normalized": "48213", "status": "needs_review"},
    "patient_phone": {"value": "(555) 010-0123", "normalized": "5550100123", "status": "accepted"}
  })");
}

Destination destination(std::vector<std::string> fields, bool match_key = true,
                        std::string name = "ehr") {
  Destination d;
  d.name = std::move(name);
  d.document_types = {"*"};
  d.fields = std::move(fields);
  d.match_key = match_key;
  return d;
}

const Secret &ids_key() {
  static const Secret key(ByteView(crypto::random_bytes(32)));
  return key;
}

Json payload_for(const Destination &d, const Json &f, const std::string &tenant = "clinic-a") {
  Json ops = {{"document_type", "referral"}, {"status", "needs_review"}};
  auto t = TenantId::parse(tenant);
  auto doc = DocumentId::generate();
  std::string version = "test";
  return build_payload({d, ops, f, t, doc, 2, version}, ids_key());
}

} // namespace

TEST_CASE("a destination gets only the fields it lists, and values only when accepted") {
  auto p = payload_for(destination({"patient_name", "mrn", "document_type", "signature_date"}),
                       fields());
  const auto &f = p["fields"];
  CHECK(f.size() == 4);
  CHECK(f["patient_name"]["value"] == "Marta J Wobbeholl"); // the normalized form
  CHECK(f["mrn"] == Json({{"status", "needs_review"}}));    // status, no unchecked value
  CHECK(f["document_type"]["value"] == "referral");
  CHECK(f["signature_date"] == Json({{"status", "missing"}}));
  CHECK_FALSE(f.contains("dob"));
  CHECK_FALSE(f.contains("patient_phone"));
  // Nothing of an unlisted field anywhere in the payload.
  CHECK(p.dump().find("1961") == std::string::npos);
  CHECK(p.dump().find("0100123") == std::string::npos);
  CHECK(p["document_version"] == 2);
  CHECK(p["status"] == "needs_review");
}

TEST_CASE("an empty field list sends no field at all") {
  auto p = payload_for(destination({}, false), fields());
  CHECK(p["fields"].empty());
  CHECK_FALSE(p.contains("match_key"));
  CHECK(p.dump().find("Wobbeholl") == std::string::npos);
}

TEST_CASE("the match key is keyed, stable, and differs per destination and tenant") {
  auto a = patient_match_key(fields(), ids_key(), TenantId::parse("clinic-a"), "ehr");
  REQUIRE(a);
  CHECK(a->size() == 4 + 64);
  CHECK(a->rfind("mk1_", 0) == 0);
  // The same patient written another way keys the same: order, case, middle names.
  auto other = fields();
  other["patient_name"]["normalized"] = "WOBBEHOLL, MARTA";
  CHECK(patient_match_key(other, ids_key(), TenantId::parse("clinic-a"), "ehr") == a);
  CHECK(patient_match_key(fields(), ids_key(), TenantId::parse("clinic-a"), "research") != a);
  CHECK(patient_match_key(fields(), ids_key(), TenantId::parse("clinic-b"), "ehr") != a);
  Secret other_key(ByteView(crypto::random_bytes(32)));
  CHECK(patient_match_key(fields(), other_key, TenantId::parse("clinic-a"), "ehr") != a);
  // Not a plain hash of the PHI.
  std::string plain = "WOBBEHOLL|MARTA|1961-03-14";
  auto digest =
      crypto::sha256(ByteView(reinterpret_cast<const std::uint8_t *>(plain.data()), plain.size()));
  CHECK(a->substr(4) != hex_encode(ByteView(digest.data(), digest.size())));
}

TEST_CASE("no match key from values nobody accepted") {
  auto f = fields();
  f["dob"]["status"] = "needs_review";
  CHECK_FALSE(patient_match_key(f, ids_key(), TenantId::parse("clinic-a"), "ehr"));
  f = fields();
  f.erase("patient_name");
  CHECK_FALSE(patient_match_key(f, ids_key(), TenantId::parse("clinic-a"), "ehr"));
  f = fields();
  f["patient_name"]["normalized"] = "Cher";
  CHECK_FALSE(patient_match_key(f, ids_key(), TenantId::parse("clinic-a"), "ehr"));
}
