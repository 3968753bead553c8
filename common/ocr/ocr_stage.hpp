#pragma once
// The run behind mi-ocr(1): envelopes from mi-split (or straight from mi-validate) in, the same
// documents out with the text and layout of each page in "phi" and per-page figures in "ops".
//
// Pages go to a pool of workers across documents, so a stream of one-page documents keeps every
// core busy; records still leave in input order. A window bounds how many pages are in flight,
// so memory stays flat however long the stream. Fax cover sheets and documents set aside by
// mi-split pass through without OCR. A record whose source is missing, or one of whose pages
// cannot be read, becomes a reject record and the stream goes on.

#include "ocr/ocr_pool.hpp"

#include "core/audit.hpp"
#include "core/record_stream.hpp"
#include "core/vault.hpp"

namespace mi::ocr {

struct OcrStageContext {
  const Keyring &keys;
  Vault &vault;
  AuditLog &audit;
};

struct OcrStageOptions {
  OcrPoolOptions pool;
  // Pages in flight per worker before the stage waits for the oldest document.
  int window_per_job = 4;
};

struct OcrSummary {
  StreamSummary stream;
  std::uint64_t documents = 0;
  std::uint64_t passed_through = 0;
  std::uint64_t text_layer_pages = 0;
  std::uint64_t ocr_pages = 0;
  std::uint64_t rotated_pages = 0;
  std::uint64_t tesseract_calls = 0;
};

OcrSummary run_ocr_stream(const OcrStageContext &context, const OcrStageOptions &options,
                          const StreamOptions &stream, LineWriter &output, RejectWriter &rejects);

// The summary lines mi-ocr prints on stderr (unless --quiet).
void report_ocr_summary(const OcrSummary &summary);

} // namespace mi::ocr
