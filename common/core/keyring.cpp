#include "core/keyring.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/json.hpp"

#include <algorithm>
#include <sys/stat.h>

namespace mi {
namespace {

constexpr std::string_view keyring_format = "mi-keyring";

std::string take_secret_text(Json &object, const char *name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string())
    throw Error(Reason::keyring_invalid, "a key entry lacks its key material");
  return it->get<std::string>();
}

Secret decode_secret(std::string text, std::size_t expected) {
  auto bytes = base64_decode(text);
  wipe(text);
  if (!bytes || bytes->size() != expected) {
    if (bytes)
      wipe(*bytes);
    throw Error(Reason::keyring_invalid, "key material has the wrong encoding or length");
  }
  Secret s(*bytes);
  wipe(*bytes);
  return s;
}

TimePoint read_created(const Json &entry) {
  if (auto it = entry.find("created"); it != entry.end() && it->is_string())
    if (auto t = parse_time(it->get<std::string>()))
      return *t;
  throw Error(Reason::keyring_invalid, "a key entry has no valid creation time");
}

KeyId read_key_id(const Json &entry) {
  auto it = entry.find("id");
  if (it == entry.end() || !it->is_string() || !is_valid_id(IdKind::key, it->get<std::string>()))
    throw Error(Reason::keyring_invalid, "a key entry has no valid id");
  return KeyId::parse(it->get<std::string>());
}

// Overwrites every string in a parsed keyring document before it is freed.
void wipe_json_strings(Json &value) {
  if (value.is_string())
    wipe(value.get_ref<std::string &>());
  else if (value.is_structured())
    for (auto &child : value)
      wipe_json_strings(child);
}

void check_permissions(const std::filesystem::path &path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw Error(Reason::keyring_missing);
  if (st.st_mode & 077)
    throw Error(Reason::key_file_permissions, "chmod 600 the keyring file");
}

} // namespace

bool is_valid_compartment_name(std::string_view name) noexcept {
  return is_valid_id(IdKind::compartment, name);
}

bool is_sealing_compartment(std::string_view name) noexcept {
  return is_valid_compartment_name(name) && name != "ids";
}

Keyring Keyring::create(const std::vector<std::string> &compartments) {
  Keyring ring;
  for (const auto &name : compartments)
    ring.add_compartment(name);
  ring.rotate_audit_key();
  return ring;
}

const KeyId &Keyring::add_compartment(std::string_view compartment) {
  if (!is_valid_compartment_name(compartment))
    throw Error(Reason::usage, "compartment names are ops, phi, ids or to:<destination>");
  if (holds(compartment))
    throw Error(Reason::usage, "the keyring already holds this compartment");
  compartments_[std::string(compartment)] = Compartment{};
  return rotate(compartment);
}

const KeyId &Keyring::rotate(std::string_view compartment) {
  auto it = compartments_.find(compartment);
  if (it == compartments_.end())
    throw Error(Reason::key_not_held);
  it->second.keys.push_back(
      CompartmentKey{KeyId::generate(), Secret::random(crypto::key_size), now()});
  return it->second.keys.back().id;
}

std::size_t Keyring::retire_old_keys(std::string_view compartment) {
  auto it = compartments_.find(compartment);
  if (it == compartments_.end())
    throw Error(Reason::key_not_held);
  auto &keys = it->second.keys;
  std::size_t removed = keys.size() - 1;
  keys.erase(keys.begin(), keys.end() - 1);
  return removed;
}

const KeyId &Keyring::rotate_audit_key() {
  auto pair = crypto::ed25519_generate();
  for (auto &k : audit_)
    k.private_key.reset(); // only the newest key signs
  audit_.push_back(
      AuditKey{KeyId::generate(), pair.public_key, std::move(pair.private_key), now()});
  return audit_.back().id;
}

bool Keyring::holds(std::string_view compartment) const {
  return compartments_.find(compartment) != compartments_.end();
}

std::vector<std::string> Keyring::compartment_names() const {
  std::vector<std::string> names;
  for (const auto &[name, c] : compartments_)
    names.push_back(name);
  return names;
}

const CompartmentKey &Keyring::primary(std::string_view compartment) const {
  auto it = compartments_.find(compartment);
  if (it == compartments_.end() || it->second.keys.empty())
    throw Error(Reason::key_not_held);
  return it->second.keys.back();
}

const CompartmentKey *Keyring::find(std::string_view compartment, const KeyId &id) const {
  auto it = compartments_.find(compartment);
  if (it == compartments_.end())
    return nullptr;
  for (const auto &k : it->second.keys)
    if (k.id == id)
      return &k;
  return nullptr;
}

const std::vector<CompartmentKey> &Keyring::keys(std::string_view compartment) const {
  auto it = compartments_.find(compartment);
  if (it == compartments_.end())
    throw Error(Reason::key_not_held);
  return it->second.keys;
}

bool Keyring::can_sign_audit() const {
  return !audit_.empty() && audit_.back().private_key.has_value();
}

const AuditKey &Keyring::audit_signing_key() const {
  if (!can_sign_audit())
    throw Error(Reason::audit_key_missing);
  return audit_.back();
}

Keyring Keyring::export_scoped(const std::vector<std::string> &names) const {
  Keyring out;
  for (const auto &name : names) {
    if (name == "audit" || name == "audit-verify") {
      if (audit_.empty())
        throw Error(Reason::audit_key_missing);
      for (const auto &k : audit_) {
        AuditKey copy{k.id, k.public_key, std::nullopt, k.created};
        if (name == "audit" && k.private_key)
          copy.private_key = k.private_key->clone();
        out.audit_.push_back(std::move(copy));
      }
      continue;
    }
    auto it = compartments_.find(name);
    if (it == compartments_.end())
      throw Error(Reason::key_not_held, "cannot export a compartment the keyring lacks");
    Compartment copy;
    for (const auto &k : it->second.keys)
      copy.keys.push_back(CompartmentKey{k.id, k.secret.clone(), k.created});
    out.compartments_[name] = std::move(copy);
  }
  return out;
}

Keyring Keyring::load(const std::filesystem::path &path) {
  check_permissions(path);
  std::string text = read_file(path);
  auto parsed = parse_json(text);
  wipe(text);
  if (!parsed || !parsed->is_object())
    throw Error(Reason::keyring_invalid, "not a JSON object");
  Json &doc = *parsed;
  struct Wiper {
    Json &doc;
    ~Wiper() { wipe_json_strings(doc); }
  } wiper{doc};

  // Checked by type first: value() throws a JSON type_error when a member has another type.
  auto format = doc.find("format");
  auto version = doc.find("version");
  if (format == doc.end() || !format->is_string() || *format != keyring_format ||
      version == doc.end() || !version->is_number_unsigned() || *version != 1)
    throw Error(Reason::keyring_invalid, "not an mi-keyring version 1 file");
  Keyring ring;
  if (auto it = doc.find("compartments"); it != doc.end()) {
    if (!it->is_object())
      throw Error(Reason::keyring_invalid, "compartments must be an object");
    for (auto &[name, entry] : it->items()) {
      if (!is_valid_compartment_name(name) || !entry.is_object() || !entry.contains("keys") ||
          !entry["keys"].is_array() || entry["keys"].empty())
        throw Error(Reason::keyring_invalid, "a compartment entry is malformed");
      Compartment c;
      for (auto &k : entry["keys"]) {
        auto id = read_key_id(k);
        auto created = read_created(k);
        c.keys.push_back(CompartmentKey{
            id, decode_secret(take_secret_text(k, "secret"), crypto::key_size), created});
      }
      // The primary is named explicitly; keep it last, where primary() looks.
      if (auto p = entry.find("primary"); p != entry.end()) {
        if (!p->is_string())
          throw Error(Reason::keyring_invalid, "primary must be a key id");
        auto primary = std::find_if(c.keys.begin(), c.keys.end(), [&](const CompartmentKey &k) {
          return k.id.str() == p->get<std::string>();
        });
        if (primary == c.keys.end())
          throw Error(Reason::keyring_invalid, "primary names a key the compartment lacks");
        std::rotate(primary, primary + 1, c.keys.end());
      }
      ring.compartments_[name] = std::move(c);
    }
  }
  if (auto it = doc.find("audit"); it != doc.end()) {
    if (!it->is_array())
      throw Error(Reason::keyring_invalid, "audit must be an array");
    for (auto &k : *it) {
      AuditKey key{read_key_id(k), {}, std::nullopt, read_created(k)};
      auto pub = base64_decode(take_secret_text(k, "public"));
      if (!pub || pub->size() != 32)
        throw Error(Reason::keyring_invalid, "audit public key is malformed");
      key.public_key = *pub;
      if (k.contains("private"))
        key.private_key = decode_secret(take_secret_text(k, "private"), 32);
      ring.audit_.push_back(std::move(key));
    }
  }
  return ring;
}

void Keyring::save(const std::filesystem::path &path, bool overwrite) const {
  if (!overwrite && std::filesystem::exists(path))
    throw Error(Reason::keyring_exists, "pass --force to replace it");
  Json doc = {{"format", keyring_format}, {"version", 1}};
  Json compartments = Json::object();
  for (const auto &[name, c] : compartments_) {
    Json keys = Json::array();
    for (const auto &k : c.keys)
      keys.push_back({{"id", k.id.str()},
                      {"created", format_time(k.created)},
                      {"secret", base64_encode(k.secret.view())}});
    compartments[name] = {{"keys", keys}, {"primary", c.keys.back().id.str()}};
  }
  doc["compartments"] = compartments;
  Json audit = Json::array();
  for (const auto &k : audit_) {
    Json entry = {{"id", k.id.str()},
                  {"created", format_time(k.created)},
                  {"public", base64_encode(k.public_key)}};
    if (k.private_key)
      entry["private"] = base64_encode(k.private_key->view());
    audit.push_back(entry);
  }
  doc["audit"] = audit;
  std::string text = to_pretty_json_text(doc) + "\n";
  wipe_json_strings(doc);
  if (path.has_parent_path())
    make_directories(path.parent_path());
  write_file_atomically(path, text, 0600);
  wipe(text);
}

} // namespace mi
