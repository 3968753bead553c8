#pragma once
// The run behind mi-redact(1): documents from mi-extract in; out, the same documents with one
// sealed "to:<destination>" compartment per destination the policy sends them to (the
// minimized payload, and the vault id of a redacted PDF when the destination receives one),
// and ops.redact saying what each destination got (counts, modes, gate outcome; no values).
//
// A redacted PDF is released (stored in the vault under the destination's key) only after the
// leak gate passed on it. A vector redaction the gate fails is retried as raster; a document
// that still fails is withheld: its payload says so, the document goes to review with reason
// redaction_leak, and it continues down the stream like any document needing review.

#include "redact/redact_policy.hpp"

#include "extract/civil_date.hpp"
#include "extract/extract_policy.hpp"

#include "core/audit.hpp"
#include "core/record_stream.hpp"
#include "core/review_queue.hpp"
#include "core/vault.hpp"

namespace mi::redact {

struct RedactContext {
  const Keyring &keys;
  Vault &vault;
  AuditLog &audit;
  const Policy &policy;
  const RedactionRules &rules;
  const extract::ExtractRules &extract;
  ReviewQueue *queue = nullptr; // null: --no-queue
  extract::CivilDate today;
  bool gate_ocr = true;
};

struct RedactSummary {
  StreamSummary stream;
  std::uint64_t documents = 0, passed_through = 0, payloads = 0;
  std::uint64_t released = 0, withheld = 0, raster_retries = 0, queued = 0;
};

// Throws Error(key_not_held) when the keyring lacks a destination's "to:" key.
void require_destination_keys(const RedactionRules &rules, const Keyring &keys);

RedactSummary run_redact(const RedactContext &context, const StreamOptions &stream,
                         LineWriter &output, RejectWriter &rejects);

void report_redact_summary(const RedactSummary &summary);

} // namespace mi::redact
