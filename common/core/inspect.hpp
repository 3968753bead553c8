#pragma once
// mi-inspect's core: open an envelope stream with whatever keys the caller holds and print each
// record's header and readable compartments as plain JSON. Every record opened is audited,
// because the output is cleartext PHI for whoever holds the "phi" key.

#include "core/audit.hpp"
#include "core/record_stream.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mi {

struct InspectOptions {
  std::vector<std::string> compartments; // empty: every compartment the keyring holds
  bool pretty = false;
};

// One JSON object per record: {"header":{...}, "<compartment>":{...}, ..., "sealed":[names of
// compartments the keyring cannot open]}.
Json inspect_record(const Envelope &envelope, const Keyring &keys, const InspectOptions &options);

StreamSummary inspect_stream(const Keyring &keys, const InspectOptions &inspect,
                             const StreamOptions &stream, LineWriter &out, RejectWriter &rejects,
                             AuditLog &audit);

} // namespace mi
