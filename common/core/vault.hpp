#pragma once
// The vault: encrypted objects (sources, page images, derived text, signing packets, signed PDFs).
//
// Large binaries never ride in envelope streams; they live here and compartments refer to them
// by ObjectId. An object is sealed like an envelope compartment (fresh data key, AES-GCM, data key
// wrapped by a compartment key: "phi" for sources and pages, "to:sign" for signing packets), so
// key scoping holds for blobs too. Its name is a keyed hash of tenant, kind and content (never the
// upload's file name), so storing the same content twice is a no-op and a re-run is idempotent.
// Mutable metadata (retention deadline, legal hold) lives in a MACed sidecar.

#include "core/clock.hpp"
#include "core/keyring.hpp"
#include "core/object_store.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mi {

enum class ObjectKind {
  source,
  page_image,
  derived_text,
  signing_packet,
  signed_pdf,
  redacted_pdf
};
std::string_view object_kind_name(ObjectKind kind) noexcept;
std::optional<ObjectKind> object_kind_from_name(std::string_view name) noexcept;

struct ObjectMetadata {
  ObjectId id;
  TenantId tenant;
  std::optional<CaseId> case_id;
  ObjectKind kind = ObjectKind::source;
  std::optional<ObjectId> lineage; // the object this one was derived from
  TimePoint created;
  std::optional<TimePoint> retention_until;
  bool legal_hold = false;
  std::string compartment;
  std::uint64_t size = 0;
};

struct PutRequest {
  TenantId tenant;
  std::optional<CaseId> case_id;
  ObjectKind kind = ObjectKind::source;
  std::optional<ObjectId> lineage;
  std::optional<TimePoint> retention_until;
  std::string compartment = "phi";
};

struct PutResult {
  ObjectId id;
  bool created = false; // false: identical content was already stored
};

class Vault {
public:
  // put, metadata, list, holds, retention and sweep need the "ids" key (names and metadata
  // MACs); get needs only the key of the object's compartment, so a destination holding just
  // its "to:" key opens what was sealed for it without holding ids, the root of match keys.
  Vault(ObjectStore &store, const Keyring &keys);

  PutResult put(ByteView content, const PutRequest &request);
  // Opens an object; throws vault_object_missing, vault_object_corrupt or key errors.
  Secret get(const ObjectId &id) const;
  ObjectMetadata metadata(const ObjectId &id) const;
  std::vector<ObjectMetadata> list() const;

  void set_legal_hold(const ObjectId &id, bool hold);
  void set_retention(const ObjectId &id, std::optional<TimePoint> until);
  // Deletes an object; throws vault_legal_hold when held.
  void remove(const ObjectId &id);
  // Deletes every object whose retention deadline has passed and that is not held; calls
  // on_delete for each (the caller audits). Returns the number deleted.
  std::size_t sweep(TimePoint now, const std::function<void(const ObjectMetadata &)> &on_delete);

private:
  void write_metadata(const ObjectMetadata &meta);
  ObjectStore &store_;
  const Keyring &keys_;
};

} // namespace mi
