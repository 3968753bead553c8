#pragma once
// Envelope v1: one record of an mi stream (the wire format is documented in mi-envelope(5)).
//
// A clear header of ids and counters, and sealed compartments. Each compartment is AES-256-GCM
// under its own fresh data key, and that data key is wrapped (AES-KW) under the compartment's
// keyring key. The AAD of "ops" and "phi" is the canonical header plus the compartment name, so
// a compartment spliced onto another record, stage or sequence number fails to open. A
// "to:<destination>" compartment is bound instead to (tenant, document, document version,
// destination), so it travels unchanged through stages that cannot read it. Key ids live beside
// each compartment and outside the AAD, so rewrap() can move data keys to a new primary key
// without touching any payload.

#include "core/json.hpp"
#include "core/keyring.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace mi {

inline constexpr int envelope_version = 1;

struct EnvelopeHeader {
  RecordId record;
  TraceId trace;
  DocumentId document;
  std::uint32_t document_version = 1;
  TenantId tenant;
  StageName stage;
  std::uint64_t sequence = 0;
  std::optional<RecordId> parent;
};

struct SealedCompartment {
  KeyId key_id;
  Bytes wrapped_key;
  Bytes nonce;
  Bytes ciphertext; // includes the GCM tag
};

// The exact bytes authenticated for a compartment of this header (see mi-envelope(5)).
std::string compartment_aad(const EnvelopeHeader &header, std::string_view compartment);

class Envelope {
public:
  Envelope() = default;
  explicit Envelope(EnvelopeHeader header) : header_(std::move(header)) {}

  // Strict parse of one line. Throws Error(envelope_malformed | envelope_version_unsupported |
  // envelope_header_invalid); nothing is decrypted here.
  static Envelope parse(std::string_view line);
  std::string serialize() const;

  const EnvelopeHeader &header() const noexcept { return header_; }
  const std::map<std::string, SealedCompartment, std::less<>> &compartments() const noexcept {
    return compartments_;
  }
  bool has(std::string_view compartment) const;

  // Seals payload (a JSON object) under the compartment's primary key, replacing any earlier
  // compartment of that name.
  void seal(std::string_view compartment, const Json &payload, const Keyring &keys);
  // Opens a compartment. Throws compartment_missing, key_not_held, key_unknown,
  // key_unwrap_failed, envelope_authentication_failed or compartment_malformed.
  Json open(std::string_view compartment, const Keyring &keys) const;
  // Re-wraps the data key of every compartment whose key the keyring holds but which is not
  // sealed under its primary; ciphertexts are untouched. Returns how many were re-wrapped.
  std::size_t rewrap(const Keyring &keys);

  // The record a stage emits for this one: new record id, this record as parent, the given
  // stage and sequence. "to:" compartments are carried over (their binding does not involve the
  // stage); "ops" and "phi" must be sealed again by the stage that holds their keys.
  Envelope successor(const StageName &stage, std::uint64_t sequence) const;
  // The same for a stage that makes new documents out of one record (mi-split): the successor
  // gets its own document id, and "to:" compartments, bound to the old document, are dropped.
  Envelope successor(const StageName &stage, std::uint64_t sequence,
                     const DocumentId &document) const;
  // A new version of the same document (a reviewer's correction): the successor with
  // document_version + 1. "to:" compartments, bound to the old version, are dropped.
  Envelope revision(const StageName &stage, std::uint64_t sequence) const;
  // Drops a compartment (e.g. a stage that must not forward "phi").
  void remove(std::string_view compartment);

private:
  // This record's header for a record it gives rise to: new record id, this one as parent.
  EnvelopeHeader child_header(const StageName &stage, std::uint64_t sequence) const;
  EnvelopeHeader header_;
  std::map<std::string, SealedCompartment, std::less<>> compartments_;
};

} // namespace mi
