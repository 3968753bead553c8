#include "core/envelope.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <limits>

namespace mi {
namespace {

[[noreturn]] void malformed(StaticText detail) { throw Error(Reason::envelope_malformed, detail); }

const std::string &string_member(const Json &object, const char *name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string())
    malformed("a header field is missing or not a string");
  return it->get_ref<const std::string &>();
}

std::uint64_t unsigned_member(const Json &object, const char *name, std::uint64_t max) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_number_unsigned())
    malformed("a counter is missing or not an unsigned integer");
  auto value = it->get<std::uint64_t>();
  if (value > max)
    throw Error(Reason::envelope_header_invalid, "a counter is out of range");
  return value;
}

Bytes decode_member(const Json &object, const char *name) {
  auto bytes = base64_decode(string_member(object, name));
  if (!bytes)
    malformed("a sealed field is not canonical base64");
  return *bytes;
}

Json header_json(const EnvelopeHeader &h) {
  Json j = {{"mi", envelope_version},
            {"record", h.record.str()},
            {"trace", h.trace.str()},
            {"doc", h.document.str()},
            {"doc_version", h.document_version},
            {"tenant", h.tenant.str()},
            {"stage", h.stage.str()},
            {"seq", h.sequence}};
  if (h.parent)
    j["parent"] = h.parent->str();
  return j;
}

std::string destination_aad(const EnvelopeHeader &h, std::string_view compartment) {
  Json binding = {{"mi", envelope_version},
                  {"to", std::string(compartment.substr(3))},
                  {"doc", h.document.str()},
                  {"doc_version", h.document_version},
                  {"tenant", h.tenant.str()}};
  return "mi-to-v1" + std::string(1, '\0') + to_json_text(binding);
}

} // namespace

std::string compartment_aad(const EnvelopeHeader &header, std::string_view compartment) {
  if (compartment.starts_with("to:"))
    return destination_aad(header, compartment);
  std::string aad = "mi-envelope-v1";
  aad += '\0';
  aad += to_json_text(header_json(header));
  aad += '\0';
  aad += compartment;
  return aad;
}

Envelope Envelope::parse(std::string_view line) {
  auto parsed = parse_json(line);
  if (!parsed || !parsed->is_object())
    malformed("not a JSON object");
  const Json &j = *parsed;
  auto version = j.find("mi");
  if (version == j.end() || !version->is_number_unsigned())
    malformed("no format version");
  if (version->get<std::uint64_t>() != envelope_version)
    throw Error(Reason::envelope_version_unsupported);
  static constexpr std::string_view allowed[] = {
      "mi", "record", "trace", "doc", "doc_version", "tenant", "stage", "seq", "parent", "sealed"};
  for (const auto &[key, value] : j.items())
    if (std::find(std::begin(allowed), std::end(allowed), key) == std::end(allowed))
      malformed("unknown top-level member");

  EnvelopeHeader h;
  h.record = RecordId::parse(string_member(j, "record"));
  h.trace = TraceId::parse(string_member(j, "trace"));
  h.document = DocumentId::parse(string_member(j, "doc"));
  h.document_version = static_cast<std::uint32_t>(
      unsigned_member(j, "doc_version", std::numeric_limits<std::uint32_t>::max()));
  if (h.document_version == 0)
    throw Error(Reason::envelope_header_invalid, "document versions start at 1");
  h.tenant = TenantId::parse(string_member(j, "tenant"));
  h.stage = StageName::parse(string_member(j, "stage"));
  h.sequence = unsigned_member(j, "seq", std::numeric_limits<std::int64_t>::max());
  if (j.contains("parent"))
    h.parent = RecordId::parse(string_member(j, "parent"));

  Envelope e(std::move(h));
  auto sealed = j.find("sealed");
  if (sealed == j.end() || !sealed->is_object() || sealed->empty())
    malformed("no sealed compartments");
  for (const auto &[name, c] : sealed->items()) {
    if (!is_sealing_compartment(name))
      throw Error(Reason::envelope_header_invalid, "unknown compartment name");
    if (!c.is_object() || c.size() != 4)
      malformed("a compartment must have exactly kid, wk, iv and ct");
    SealedCompartment sc;
    const auto &kid = string_member(c, "kid");
    if (!is_valid_id(IdKind::key, kid))
      throw Error(Reason::envelope_header_invalid, "a key id is invalid");
    sc.key_id = KeyId::parse(kid);
    sc.wrapped_key = decode_member(c, "wk");
    sc.nonce = decode_member(c, "iv");
    sc.ciphertext = decode_member(c, "ct");
    if (sc.wrapped_key.size() != crypto::wrapped_key_size ||
        sc.nonce.size() != crypto::nonce_size || sc.ciphertext.size() < crypto::tag_size)
      malformed("a sealed field has the wrong length");
    e.compartments_.emplace(name, std::move(sc));
  }
  return e;
}

std::string Envelope::serialize() const {
  Json j = header_json(header_);
  Json sealed = Json::object();
  for (const auto &[name, c] : compartments_)
    sealed[name] = {{"kid", c.key_id.str()},
                    {"wk", base64_encode(c.wrapped_key)},
                    {"iv", base64_encode(c.nonce)},
                    {"ct", base64_encode(c.ciphertext)}};
  j["sealed"] = sealed;
  return to_json_text(j);
}

bool Envelope::has(std::string_view compartment) const {
  return compartments_.find(compartment) != compartments_.end();
}

void Envelope::seal(std::string_view compartment, const Json &payload, const Keyring &keys) {
  if (!is_sealing_compartment(compartment))
    throw Error(Reason::internal, "not a sealing compartment name");
  if (!payload.is_object())
    throw Error(Reason::internal, "compartment payloads are JSON objects");
  const auto &key = keys.primary(compartment);
  auto data_key = Secret::random(crypto::key_size);
  std::string plaintext = to_json_text(payload);
  auto aad = compartment_aad(header_, compartment);
  auto sealed = crypto::aes_gcm_seal(data_key, as_bytes(plaintext), as_bytes(aad));
  wipe(plaintext);
  SealedCompartment sc{key.id, crypto::aes_key_wrap(key.secret, data_key),
                       Bytes(sealed.nonce.begin(), sealed.nonce.end()),
                       std::move(sealed.ciphertext)};
  compartments_.insert_or_assign(std::string(compartment), std::move(sc));
}

Json Envelope::open(std::string_view compartment, const Keyring &keys) const {
  auto it = compartments_.find(compartment);
  if (it == compartments_.end())
    throw Error(Reason::compartment_missing);
  if (!keys.holds(compartment))
    throw Error(Reason::key_not_held);
  const auto *key = keys.find(compartment, it->second.key_id);
  if (!key)
    throw Error(Reason::key_unknown);
  auto data_key = crypto::aes_key_unwrap(key->secret, it->second.wrapped_key);
  if (!data_key)
    throw Error(Reason::key_unwrap_failed);
  auto aad = compartment_aad(header_, compartment);
  auto plaintext =
      crypto::aes_gcm_open(*data_key, it->second.nonce, it->second.ciphertext, as_bytes(aad));
  if (!plaintext)
    throw Error(Reason::envelope_authentication_failed);
  auto payload = parse_json(as_text(plaintext->view()));
  if (!payload || !payload->is_object())
    throw Error(Reason::compartment_malformed);
  return *payload;
}

std::size_t Envelope::rewrap(const Keyring &keys) {
  std::size_t count = 0;
  for (auto &[name, c] : compartments_) {
    if (!keys.holds(name))
      continue;
    const auto &primary = keys.primary(name);
    if (c.key_id == primary.id)
      continue;
    const auto *old_key = keys.find(name, c.key_id);
    if (!old_key)
      throw Error(Reason::key_unknown);
    auto data_key = crypto::aes_key_unwrap(old_key->secret, c.wrapped_key);
    if (!data_key)
      throw Error(Reason::key_unwrap_failed);
    c.wrapped_key = crypto::aes_key_wrap(primary.secret, *data_key);
    c.key_id = primary.id;
    ++count;
  }
  return count;
}

EnvelopeHeader Envelope::child_header(const StageName &stage, std::uint64_t sequence) const {
  EnvelopeHeader h = header_;
  h.parent = header_.record;
  h.record = RecordId::generate();
  h.stage = stage;
  h.sequence = sequence;
  return h;
}

Envelope Envelope::successor(const StageName &stage, std::uint64_t sequence) const {
  Envelope next(child_header(stage, sequence));
  for (const auto &[name, c] : compartments_)
    if (name.starts_with("to:"))
      next.compartments_.emplace(name, c);
  return next;
}

Envelope Envelope::successor(const StageName &stage, std::uint64_t sequence,
                             const DocumentId &document) const {
  if (document == header_.document)
    return successor(stage, sequence);
  EnvelopeHeader h = child_header(stage, sequence);
  h.document = document;
  h.document_version = 1;
  return Envelope(std::move(h));
}

Envelope Envelope::revision(const StageName &stage, std::uint64_t sequence) const {
  EnvelopeHeader h = child_header(stage, sequence);
  h.document_version = header_.document_version + 1;
  return Envelope(std::move(h));
}

void Envelope::remove(std::string_view compartment) {
  if (auto it = compartments_.find(compartment); it != compartments_.end())
    compartments_.erase(it);
}

} // namespace mi
