#include "core/key_admin.hpp"

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

#include <algorithm>

namespace mi {

void init_keyring(const HomePaths &paths, const std::vector<std::string> &compartments,
                  bool force) {
  for (const auto &name : compartments)
    if (!is_valid_compartment_name(name))
      throw Error(Reason::usage, "compartment names are ops, phi, ids or to:<destination>");
  auto ring = Keyring::create(compartments);
  ring.save(paths.keyring, force);
  AuditLog audit(paths.audit_log, Log::tool(), ring);
  std::vector<Field> fields;
  for (const auto &name : ring.compartment_names())
    fields.push_back(Field("key", ring.primary(name).id));
  fields.push_back(Field("audit_key", ring.audit_signing_key().id));
  audit.record("keys.init", AuditOutcome::ok, Reason::ok, fields);
  audit.checkpoint();
}

KeyId rotate_key(const HomePaths &paths, const std::string &compartment, bool add) {
  auto ring = Keyring::load(paths.keyring);
  KeyId id;
  if (compartment == "audit") {
    id = ring.rotate_audit_key();
  } else if (add) {
    id = ring.add_compartment(compartment);
  } else {
    if (!is_valid_compartment_name(compartment))
      throw Error(Reason::usage, "compartment names are ops, phi, ids, to:<destination> or audit");
    if (compartment == "ids")
      throw Error(Reason::usage, "the ids key names vault objects and documents; rotating it "
                                 "would break idempotent re-runs");
    id = ring.rotate(compartment);
  }
  ring.save(paths.keyring, true);
  // Old checkpoints stay verifiable: retired audit public keys remain in the keyring.
  AuditLog audit(paths.audit_log, Log::tool(), ring);
  audit.record(add ? StaticText("keys.add") : StaticText("keys.rotate"), AuditOutcome::ok,
               Reason::ok, {Field("key", id)});
  audit.checkpoint();
  return id;
}

void export_keyring(const Keyring &keys, const std::vector<std::string> &names,
                    const std::filesystem::path &out, bool force, AuditLog &audit) {
  for (const auto &name : names)
    if (!is_valid_compartment_name(name) && name != "audit" && name != "audit-verify")
      throw Error(Reason::usage, "export names are compartments, audit or audit-verify");
  auto scoped = keys.export_scoped(names);
  scoped.save(out, force);
  std::vector<Field> fields;
  for (const auto &name : scoped.compartment_names())
    fields.push_back(Field("key", scoped.primary(name).id));
  fields.push_back(Field("compartments", static_cast<std::int64_t>(names.size())));
  audit.record("keys.export", AuditOutcome::ok, Reason::ok, fields);
}

StreamSummary rewrap_stream(const Keyring &keys, const StreamOptions &options, LineWriter &out,
                            RejectWriter &rejects, AuditLog &audit) {
  std::uint64_t rewrapped = 0;
  auto summary = process_stream(options, out, rejects,
                                [&](const Envelope &in, std::string_view, RecordSink &sink) {
                                  Envelope copy = in;
                                  rewrapped += copy.rewrap(keys);
                                  sink.emit(copy);
                                });
  audit.record("keys.rewrap", summary.rejected ? AuditOutcome::rejected : AuditOutcome::ok,
               Reason::ok,
               {Field("records", summary.read), Field("rewrapped", rewrapped),
                Field("rejected", summary.rejected)});
  return summary;
}

std::vector<std::string> describe_keyring(const Keyring &keys) {
  std::vector<std::string> lines;
  for (const auto &name : keys.compartment_names()) {
    const auto &all = keys.keys(name);
    for (const auto &k : all)
      lines.push_back(name + "\t" + k.id.str() + "\t" + format_time(k.created) + "\t" +
                      (&k == &all.back() ? "primary" : "open-only"));
  }
  for (const auto &k : keys.audit_keys())
    lines.push_back("audit\t" + k.id.str() + "\t" + format_time(k.created) + "\t" +
                    (k.private_key ? "signing" : "verify-only"));
  return lines;
}

std::vector<std::string> compartments_for_policy(const Policy &policy) {
  auto out = default_compartments;
  const auto &destinations = policy.section("destinations");
  if (destinations.is_object())
    for (const auto &[name, rule] : destinations.items()) {
      std::string compartment = "to:" + name;
      if (is_valid_compartment_name(compartment) &&
          std::find(out.begin(), out.end(), compartment) == out.end())
        out.push_back(compartment);
    }
  return out;
}

} // namespace mi
