#pragma once
// Minimized payloads: for one destination, the smallest record the policy allows.
//
// Default deny: only the fields the destination's policy entry lists, and of those only values
// mi-extract (or a reviewer) accepted; a listed field that is not accepted travels as its status
// alone, so the receiver knows it exists but gets no unchecked value. A patient match key, when
// the destination asks for one, is a keyed hash (HMAC-SHA256) of the normalized name and date of
// birth under a key derived from the keyring's "ids" key for this tenant and destination: stable
// across documents, meaningless without the key, and different per destination so two
// receivers cannot join their records on it.

#include "redact/redact_policy.hpp"

#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/secret.hpp"

#include <optional>
#include <string>

namespace mi::redact {

struct PayloadInput {
  const Destination &destination;
  const Json &ops;    // the document's ops compartment (type, status)
  const Json &fields; // phi.fields from mi-extract
  const TenantId &tenant;
  const DocumentId &document;
  std::uint32_t document_version = 1;
  const std::string &policy_version;
};

Json build_payload(const PayloadInput &input, const Secret &ids_key);

// "mk1_" + 64 hex digits, or nullopt when the name or date of birth is missing or not accepted.
std::optional<std::string> patient_match_key(const Json &fields, const Secret &ids_key,
                                             const TenantId &tenant,
                                             const std::string &destination);

} // namespace mi::redact
