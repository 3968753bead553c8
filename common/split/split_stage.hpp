#pragma once
// The split run behind mi-split(1): each intake record in, one record per logical document out.
//
// Every page gets a census (text layer visible, invisible or none; unmapped glyphs; images and
// their resolution; paths; /Rotate), a class from its text layer or from a fast OCR of its header
// band, and a place in a document (classifier.hpp). Fax covers are set aside (recorded, not
// extracted); unknown pages go to review; nothing is dropped.

#include "split/classifier.hpp"

#include "core/audit.hpp"
#include "core/record_stream.hpp"
#include "core/vault.hpp"

namespace mi::split {

struct SplitContext {
  const Keyring &keys;
  Vault &vault;
  AuditLog &audit;
  const SplitRules &rules;
  bool header_ocr = true; // off: image pages stay unknown (fast triage, tests)
};

StreamSummary run_split(const SplitContext &context, const StreamOptions &stream,
                        LineWriter &output, RejectWriter &rejects);

} // namespace mi::split
