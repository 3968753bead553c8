#pragma once
// The run behind mi-extract(1): documents from mi-ocr in, the same documents out with their
// fields in phi.fields and the fields' statuses and reason codes (no values) in ops.extract.
//
// Documents that cannot be accepted as read also go to the review queue (mi-review(1)); they
// still continue down the stream with status needs_review, so the router can act on it. Fax
// covers and documents mi-split set aside pass through untouched. A record that was never
// OCR'd is rejected (stage_missing): extraction reads words, not files.

#include "extract/civil_date.hpp"
#include "extract/extract_policy.hpp"
#include "extract/second_read.hpp"
#include "split/classifier.hpp"

#include "core/audit.hpp"
#include "core/record_stream.hpp"
#include "core/review_queue.hpp"
#include "core/vault.hpp"

namespace mi::extract {

struct ExtractContext {
  const Keyring &keys;
  Vault &vault;
  AuditLog &audit;
  const ExtractRules &rules;
  ReviewQueue *queue = nullptr; // null: --no-queue
  CivilDate today;
  // The split vocabulary, for a second look at the type of OCR-typed documents (type_check.hpp);
  // null: the type mi-split gave stands.
  const split::SplitRules *types = nullptr;
  SecondReadOptions second_read; // disabled by --no-second-read
};

struct ExtractSummary {
  StreamSummary stream;
  std::uint64_t retyped = 0, second_reads = 0, second_reads_used = 0;
  std::uint64_t documents = 0, accepted = 0, needs_review = 0, passed_through = 0, queued = 0;
  std::uint64_t fields = 0, fields_accepted = 0;
};

// Documents mi-split set aside (fax covers, pages it set apart) travel through the processing
// stages untouched: nothing is read from them and nothing is sent anywhere.
bool passes_through(const Json &ops);

ExtractSummary run_extract(const ExtractContext &context, const StreamOptions &stream,
                           LineWriter &output, RejectWriter &rejects);

void report_extract_summary(const ExtractSummary &summary);

} // namespace mi::extract
