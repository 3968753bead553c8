#include "core/vault.hpp"

#include "core/error.hpp"
#include "core/json.hpp"

namespace mi {
namespace {

constexpr std::string_view blob_magic = "mi-vault-object-v1\n";

std::string blob_name(const ObjectId &id) { return id.str() + ".blob"; }
std::string meta_name(const ObjectId &id) { return id.str() + ".meta"; }

std::string object_aad(const ObjectId &id, std::string_view compartment, ObjectKind kind,
                       const TenantId &tenant) {
  std::string aad = "mi-vault-v1";
  for (std::string_view part : {std::string_view(id.str()), compartment, object_kind_name(kind),
                                std::string_view(tenant.str())}) {
    aad += '\0';
    aad += part;
  }
  return aad;
}

Json metadata_json(const ObjectMetadata &m) {
  Json j = {{"id", m.id.str()},
            {"tenant", m.tenant.str()},
            {"kind", std::string(object_kind_name(m.kind))},
            {"created", format_time(m.created)},
            {"legal_hold", m.legal_hold},
            {"compartment", m.compartment},
            {"size", m.size}};
  j["case"] = m.case_id ? Json(m.case_id->str()) : Json(nullptr);
  j["lineage"] = m.lineage ? Json(m.lineage->str()) : Json(nullptr);
  j["retention_until"] = m.retention_until ? Json(format_time(*m.retention_until)) : Json(nullptr);
  return j;
}

std::string metadata_mac(const Keyring &keys, const Json &without_mac) {
  auto text = to_json_text(without_mac);
  return hex_encode(crypto::hmac_sha256(keys.primary("ids").secret, as_bytes(text)));
}

[[noreturn]] void corrupt() { throw Error(Reason::vault_object_corrupt); }

} // namespace

std::string_view object_kind_name(ObjectKind kind) noexcept {
  switch (kind) {
  case ObjectKind::source:
    return "source";
  case ObjectKind::page_image:
    return "page_image";
  case ObjectKind::derived_text:
    return "derived_text";
  case ObjectKind::signing_packet:
    return "signing_packet";
  case ObjectKind::signed_pdf:
    return "signed_pdf";
  case ObjectKind::redacted_pdf:
    return "redacted_pdf";
  }
  return "source";
}

std::optional<ObjectKind> object_kind_from_name(std::string_view name) noexcept {
  for (auto k : {ObjectKind::source, ObjectKind::page_image, ObjectKind::derived_text,
                 ObjectKind::signing_packet, ObjectKind::signed_pdf, ObjectKind::redacted_pdf})
    if (object_kind_name(k) == name)
      return k;
  return std::nullopt;
}

Vault::Vault(ObjectStore &store, const Keyring &keys) : store_(store), keys_(keys) {}

PutResult Vault::put(ByteView content, const PutRequest &request) {
  auto content_hash = crypto::sha256(content);
  std::string material = std::string(request.tenant.str()) + '\0' +
                         std::string(object_kind_name(request.kind)) + '\0' +
                         hex_encode(content_hash);
  auto id = ObjectId::derive(keys_.primary("ids").secret, material);
  wipe(material);
  if (store_.exists(blob_name(id)) && store_.exists(meta_name(id)))
    return {id, false};

  const auto &key = keys_.primary(request.compartment);
  auto data_key = Secret::random(crypto::key_size);
  auto aad = object_aad(id, request.compartment, request.kind, request.tenant);
  auto sealed = crypto::aes_gcm_seal(data_key, content, as_bytes(aad));
  Json header = {{"compartment", request.compartment},
                 {"kid", key.id.str()},
                 {"wk", base64_encode(crypto::aes_key_wrap(key.secret, data_key))},
                 {"iv", base64_encode(sealed.nonce)},
                 {"kind", std::string(object_kind_name(request.kind))},
                 {"tenant", request.tenant.str()}};
  std::string prefix = std::string(blob_magic) + to_json_text(header) + "\n";
  Bytes blob(prefix.begin(), prefix.end());
  blob.insert(blob.end(), sealed.ciphertext.begin(), sealed.ciphertext.end());
  store_.put(blob_name(id), blob);

  ObjectMetadata meta{
      id,    request.tenant,          request.case_id, request.kind,        request.lineage,
      now(), request.retention_until, false,           request.compartment, content.size()};
  write_metadata(meta);
  return {id, true};
}

Secret Vault::get(const ObjectId &id) const {
  auto blob = store_.get(blob_name(id));
  if (!blob)
    throw Error(Reason::vault_object_missing);
  std::string_view text = as_text(*blob);
  if (!text.starts_with(blob_magic))
    corrupt();
  auto newline = text.find('\n', blob_magic.size());
  if (newline == std::string_view::npos)
    corrupt();
  auto header = parse_json(text.substr(blob_magic.size(), newline - blob_magic.size()));
  if (!header || !header->is_object())
    corrupt();
  try {
    auto compartment = header->at("compartment").get<std::string>();
    auto kind = object_kind_from_name(header->at("kind").get<std::string>());
    auto tenant_text = header->at("tenant").get<std::string>();
    auto kid_text = header->at("kid").get<std::string>();
    auto wrapped = base64_decode(header->at("wk").get<std::string>());
    auto nonce = base64_decode(header->at("iv").get<std::string>());
    // A damaged header is a corrupt object, not a missing key or an envelope error.
    if (!kind || !wrapped || !nonce || !is_sealing_compartment(compartment) ||
        !is_valid_id(IdKind::tenant, tenant_text) || !is_valid_id(IdKind::key, kid_text))
      corrupt();
    auto tenant = TenantId::parse(tenant_text);
    auto kid = KeyId::parse(kid_text);
    if (!keys_.holds(compartment))
      throw Error(Reason::key_not_held);
    const auto *key = keys_.find(compartment, kid);
    if (!key)
      throw Error(Reason::key_unknown);
    auto data_key = crypto::aes_key_unwrap(key->secret, *wrapped);
    if (!data_key)
      corrupt();
    auto aad = object_aad(id, compartment, *kind, tenant);
    auto plain = crypto::aes_gcm_open(*data_key, *nonce, ByteView(*blob).subspan(newline + 1),
                                      as_bytes(aad));
    if (!plain)
      corrupt();
    return std::move(*plain);
  } catch (const Json::exception &) {
    corrupt();
  }
}

ObjectMetadata Vault::metadata(const ObjectId &id) const {
  auto bytes = store_.get(meta_name(id));
  if (!bytes)
    throw Error(Reason::vault_object_missing);
  auto j = parse_json(as_text(*bytes));
  if (!j || !j->is_object() || !j->contains("mac"))
    corrupt();
  auto mac = (*j)["mac"];
  j->erase("mac");
  if (!mac.is_string() || !crypto::equal_constant_time(as_bytes(mac.get<std::string>()),
                                                       as_bytes(metadata_mac(keys_, *j))))
    corrupt();
  try {
    ObjectMetadata m;
    m.id = ObjectId::parse(j->at("id").get<std::string>());
    if (m.id != id)
      corrupt();
    m.tenant = TenantId::parse(j->at("tenant").get<std::string>());
    if (!j->at("case").is_null())
      m.case_id = CaseId::parse(j->at("case").get<std::string>());
    auto kind = object_kind_from_name(j->at("kind").get<std::string>());
    if (!kind)
      corrupt();
    m.kind = *kind;
    if (!j->at("lineage").is_null())
      m.lineage = ObjectId::parse(j->at("lineage").get<std::string>());
    auto created = parse_time(j->at("created").get<std::string>());
    if (!created)
      corrupt();
    m.created = *created;
    if (!j->at("retention_until").is_null()) {
      m.retention_until = parse_time(j->at("retention_until").get<std::string>());
      if (!m.retention_until)
        corrupt();
    }
    m.legal_hold = j->at("legal_hold").get<bool>();
    m.compartment = j->at("compartment").get<std::string>();
    m.size = j->at("size").get<std::uint64_t>();
    return m;
  } catch (const Json::exception &) {
    corrupt();
  }
}

void Vault::write_metadata(const ObjectMetadata &meta) {
  Json j = metadata_json(meta);
  j["mac"] = metadata_mac(keys_, j);
  store_.put(meta_name(meta.id), as_bytes(to_json_text(j)));
}

std::vector<ObjectMetadata> Vault::list() const {
  std::vector<ObjectMetadata> out;
  for (const auto &name : store_.list()) {
    if (!name.ends_with(".meta"))
      continue;
    auto id = name.substr(0, name.size() - 5);
    if (!is_valid_id(IdKind::object, id))
      continue;
    out.push_back(metadata(ObjectId::parse(id)));
  }
  return out;
}

void Vault::set_legal_hold(const ObjectId &id, bool hold) {
  auto m = metadata(id);
  m.legal_hold = hold;
  write_metadata(m);
}

void Vault::set_retention(const ObjectId &id, std::optional<TimePoint> until) {
  auto m = metadata(id);
  m.retention_until = until;
  write_metadata(m);
}

void Vault::remove(const ObjectId &id) {
  auto m = metadata(id);
  if (m.legal_hold)
    throw Error(Reason::vault_legal_hold);
  store_.remove(blob_name(id));
  store_.remove(meta_name(id));
}

std::size_t Vault::sweep(TimePoint now_time,
                         const std::function<void(const ObjectMetadata &)> &on_delete) {
  std::size_t deleted = 0;
  for (const auto &m : list()) {
    if (m.legal_hold || !m.retention_until || *m.retention_until > now_time)
      continue;
    store_.remove(blob_name(m.id));
    store_.remove(meta_name(m.id));
    on_delete(m);
    ++deleted;
  }
  return deleted;
}

} // namespace mi
