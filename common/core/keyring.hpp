#pragma once
// Keyrings: which keys a process holds, per compartment.
//
// A compartment ("ops", "phi", "ids", "to:<destination>") has one primary key used to seal and
// any number of older keys kept so that records sealed before a rotation still open. The audit
// section holds the Ed25519 key that signs audit checkpoints (private part optional: a verifier
// needs only public keys). Scoped exports copy only the named compartments, so each stage or host
// holds only what it needs (mi-route: "ops"; a destination: its own "to:" key).
//
// On disk a keyring is JSON (see mi-keys(1)), mode 0600; load() refuses a file readable by group
// or others, as ssh does.

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/secret.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mi {

// "ops", "phi", "ids" and "to:<destination>" are the valid compartment names.
bool is_valid_compartment_name(std::string_view name) noexcept;
// Names that seal envelope payloads ("ids" only derives keyed hashes).
bool is_sealing_compartment(std::string_view name) noexcept;

struct CompartmentKey {
  KeyId id;
  Secret secret;
  TimePoint created;
};

struct AuditKey {
  KeyId id;
  Bytes public_key;
  std::optional<Secret> private_key;
  TimePoint created;
};

class Keyring {
public:
  // A new keyring with a fresh key for each named compartment and a fresh audit key.
  static Keyring create(const std::vector<std::string> &compartments);
  static Keyring load(const std::filesystem::path &path);
  // Writes mode 0600 atomically; refuses to replace an existing file unless overwrite.
  void save(const std::filesystem::path &path, bool overwrite) const;

  bool holds(std::string_view compartment) const;
  std::vector<std::string> compartment_names() const;
  // The sealing key of a compartment; throws Error(key_not_held) when absent.
  const CompartmentKey &primary(std::string_view compartment) const;
  // The key with this id in this compartment, or nullptr.
  const CompartmentKey *find(std::string_view compartment, const KeyId &id) const;
  const std::vector<CompartmentKey> &keys(std::string_view compartment) const;

  // Adds a compartment with a fresh primary; throws if it exists.
  const KeyId &add_compartment(std::string_view compartment);
  // Generates a new primary for an existing compartment; older keys stay for opening.
  const KeyId &rotate(std::string_view compartment);
  // Drops keys other than the primary, e.g. after every record was re-wrapped.
  std::size_t retire_old_keys(std::string_view compartment);

  // Copies the named compartments; "audit" copies the audit signing key, "audit-verify" only
  // the public audit keys. Throws key_not_held for a name this keyring lacks.
  Keyring export_scoped(const std::vector<std::string> &names) const;

  bool can_sign_audit() const;
  const AuditKey &audit_signing_key() const; // throws audit_key_missing
  const std::vector<AuditKey> &audit_keys() const { return audit_; }
  // New audit signing key; the old public key stays so old checkpoints still verify.
  const KeyId &rotate_audit_key();

private:
  struct Compartment {
    std::vector<CompartmentKey> keys; // primary is keys.back()
  };
  std::map<std::string, Compartment, std::less<>> compartments_;
  std::vector<AuditKey> audit_; // signing key is audit_.back() when it has a private key
};

} // namespace mi
