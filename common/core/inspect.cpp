#include "core/inspect.hpp"

#include "core/error.hpp"

#include <algorithm>

namespace mi {

Json inspect_record(const Envelope &envelope, const Keyring &keys, const InspectOptions &options) {
  const auto &h = envelope.header();
  Json header = {{"record", h.record.str()}, {"trace", h.trace.str()},
                 {"doc", h.document.str()},  {"doc_version", h.document_version},
                 {"tenant", h.tenant.str()}, {"stage", h.stage.str()},
                 {"seq", h.sequence}};
  if (h.parent)
    header["parent"] = h.parent->str();
  Json out = {{"header", header}};
  Json sealed = Json::array();
  for (const auto &[name, compartment] : envelope.compartments()) {
    bool wanted = options.compartments.empty() ||
                  std::find(options.compartments.begin(), options.compartments.end(), name) !=
                      options.compartments.end();
    if (wanted && keys.holds(name))
      out[name] = envelope.open(name, keys); // a compartment that fails to open rejects the record
    else
      sealed.push_back(name);
  }
  out["sealed"] = sealed;
  return out;
}

StreamSummary inspect_stream(const Keyring &keys, const InspectOptions &inspect,
                             const StreamOptions &stream, LineWriter &out, RejectWriter &rejects,
                             AuditLog &audit) {
  // Asking for a compartment the keyring cannot open is a refusal, not an empty answer.
  for (const auto &name : inspect.compartments)
    if (!keys.holds(name))
      throw Error(Reason::key_not_held, "the keyring cannot open a requested compartment");
  return process_stream(
      stream, out, rejects, [&](const Envelope &envelope, std::string_view, RecordSink &sink) {
        Json record = inspect_record(envelope, keys, inspect);
        const auto &h = envelope.header();
        audit.record("inspect.open", AuditOutcome::ok, Reason::ok,
                     {Field("record", h.record), Field("trace", h.trace), Field("doc", h.document),
                      Field("phi", record.contains("phi"))});
        sink.emit_line(inspect.pretty ? to_pretty_json_text(record) : to_json_text(record));
      });
}

} // namespace mi
