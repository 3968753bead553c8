#pragma once
// The operations behind mi-vault(1): listing objects by metadata (never content), legal holds,
// retention deadlines and the retention sweep, each change audited.

#include "core/audit.hpp"
#include "core/vault.hpp"

#include <optional>
#include <string>

namespace mi {

// One tab-separated line: id, tenant, kind, created, retention deadline ("-" if none), hold,
// size, lineage ("-" if none). Case ids are left out: operators sometimes make them from MRNs.
std::string describe_object(const ObjectMetadata &meta);

void set_legal_hold(Vault &vault, AuditLog &audit, const ObjectId &id, bool hold);
// Decrypts an object into a new file (mode 0600, written atomically; an existing file is
// refused) and audits who took it out of the boundary. Needs the key of the object's
// compartment: a destination's scoped keyring opens only its own redacted documents.
void export_object(const Vault &vault, AuditLog &audit, const ObjectId &id,
                   const std::filesystem::path &target);
void set_retention_deadline(Vault &vault, AuditLog &audit, const ObjectId &id,
                            std::optional<TimePoint> until);

// Deletes what is past its deadline and not held; with dry_run only counts. Audits each deletion
// as vault.delete. Returns how many objects were (or would be) deleted.
std::size_t sweep_vault(Vault &vault, AuditLog &audit, TimePoint now, bool dry_run);

} // namespace mi
