#include "core/vault_admin.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"

#include <filesystem>

namespace mi {

std::string describe_object(const ObjectMetadata &m) {
  std::string line = m.id.str() + "\t" + m.tenant.str() + "\t" +
                     std::string(object_kind_name(m.kind)) + "\t" + format_time(m.created) + "\t";
  line += m.retention_until ? format_time(*m.retention_until) : "-";
  line += m.legal_hold ? "\thold\t" : "\t-\t";
  line += std::to_string(m.size) + "\t";
  line += m.lineage ? m.lineage->str() : "-";
  return line;
}

void set_legal_hold(Vault &vault, AuditLog &audit, const ObjectId &id, bool hold) {
  vault.set_legal_hold(id, hold);
  audit.record(hold ? StaticText("vault.hold") : StaticText("vault.release"), AuditOutcome::ok,
               Reason::ok, {Field("object", id)});
}

void export_object(const Vault &vault, AuditLog &audit, const ObjectId &id,
                   const std::filesystem::path &target) {
  if (std::filesystem::exists(target))
    throw Error(Reason::usage, "the output file exists; choose a new name");
  Secret content = vault.get(id);
  write_file_atomically(target, content.view(), 0600);
  audit.record("vault.export", AuditOutcome::ok, Reason::ok,
               {Field("object", id), Field("bytes", content.view().size())});
}

void set_retention_deadline(Vault &vault, AuditLog &audit, const ObjectId &id,
                            std::optional<TimePoint> until) {
  vault.set_retention(id, until);
  audit.record("vault.retention", AuditOutcome::ok, Reason::ok,
               {Field("object", id), Field("deadline_set", until.has_value())});
}

std::size_t sweep_vault(Vault &vault, AuditLog &audit, TimePoint now, bool dry_run) {
  if (dry_run) {
    std::size_t due = 0;
    for (const auto &m : vault.list())
      due += !m.legal_hold && m.retention_until && *m.retention_until <= now;
    return due;
  }
  return vault.sweep(now, [&](const ObjectMetadata &m) {
    audit.record("vault.delete", AuditOutcome::ok, Reason::ok,
                 {Field("object", m.id), Field("tenant", m.tenant), Field("bytes", m.size)});
  });
}

} // namespace mi
