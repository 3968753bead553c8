#pragma once
// What mi-review(1) does with the review queue (core/review_queue.hpp): list the documents
// waiting (from ops only, no PHI), show one to a reviewer holding the "phi" key (the fields and
// the words around each), and resolve it: accept or correct fields, re-validated by the very
// gates mi-extract applied, giving a new version of the document that supersedes the old one.
//
// A reviewer vouches for how a value was read, never for a value that fails a rule: the reason
// codes split into those an accept clears (reviewer_may_clear) and the hard gates, which only a
// corrected value that passes them removes. Every action is audited with the document's ids and
// the reviewer's id; no value ever reaches a log, an audit record or an error.

#include "extract/civil_date.hpp"
#include "extract/extract_policy.hpp"

#include "core/audit.hpp"
#include "core/clock.hpp"
#include "core/reject.hpp"
#include "core/review_queue.hpp"
#include "core/vault.hpp"

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mi::extract {

// The one place the reasons split. True for the reasons that say how sure the reading was,
// which a person looking at the page may settle by accepting the field:
//   below_confidence, conflicting_values, signature_unclear, checkbox_unclear, missing_required,
//   document_type_revised.
// Every other code (impossible_date, not_a_date, npi_shape, npi_check_digit, mrn_shape,
// phone_invalid, dob_in_future, age_over_limit, dob_after_service, date_in_future,
// signature_before_form_date, not_a_name, trailing_text, ..., and any code added later) is a
// hard gate: the field stays needs_review until its value is corrected and passes the gate.
// missing_required is cleared only by giving the missing value (--set); there is nothing to
// accept.
bool reviewer_may_clear(std::string_view reason) noexcept;

// A reviewer's id as given on the command line (letters, digits, . _ - @; at most 64). Throws
// Error(usage) otherwise, without echoing it.
UserId parse_reviewer(std::string_view text);

// One document waiting, as `mi-review list` prints it. Codes, ids and counts only.
struct QueueListing {
  DocumentId document;
  std::uint32_t version = 1;
  std::string document_type;
  int first_page = 0, last_page = 0;
  std::string status;
  std::vector<std::string> reasons;
  std::vector<std::string> fields; // names of the fields not accepted (needs_review or missing)
  TimePoint queued;                // when the document's first version entered the queue
  std::int64_t age_seconds = 0;
};

struct ListResult {
  std::vector<QueueListing> documents;
  std::uint64_t unreadable = 0; // entries that failed to open (reported on stderr)
};

// Needs only the "ops" key. The newest pending version of each document, oldest document id
// first. A key refusal stops the listing; any other unreadable entry is reported and skipped.
ListResult list_queue(const ReviewQueue &queue, const Keyring &keys, TimePoint now);
std::string format_listing_table(const std::vector<QueueListing> &documents);
Json listing_to_json(const QueueListing &listing);
std::string format_age(std::int64_t seconds); // "45s", "12m", "5h", "3d"

struct ShowOptions {
  double context_points = 36; // how far around a field's box its page's words are shown
  std::optional<std::filesystem::path> image_dir;
  int image_dpi = 150;
};

// A pending document opened for a reviewer: header ids, status, reasons, missing fields, and
// per field its value, normalized value, status, reasons, fixes, confidence, page, box, source,
// "context" (the words around it, a line of text per page line, the field's own words between
// [[ and ]]) and, with an image directory, "image" (the crop's file name). Audited as
// review.show. vault is needed only for images.
Json show_document(const ReviewQueue &queue, const DocumentId &document, const Keyring &keys,
                   AuditLog &audit, const std::optional<UserId> &reviewer,
                   const ShowOptions &options, const Vault *vault);
std::string format_document_view(const Json &view);

// The words of one page (mi-ocr's phi.pages entry) whose centre lies inside `region` grown by
// `context` points, in reading order, one string per text line; the words whose centre lies
// inside `region` itself are wrapped in [[ ]]. Control characters are replaced by '?'.
std::vector<std::string> words_around(const Json &page, const std::array<double, 4> &region,
                                      double context);

// --set arguments, "FIELD=VALUE". A VALUE of "-" is read as one line of input_fd instead, so a
// value need not appear in the process list or the shell's history. Throws Error(usage) without
// echoing anything given.
std::vector<std::pair<std::string, std::string>>
parse_assignments(const std::vector<std::string> &arguments, int input_fd);
// --reject's reason: one of mi's reason codes (mi(7)), other than ok. Throws Error(usage).
Reason parse_reject_reason(std::string_view code);

struct ResolveRequest {
  DocumentId document;
  UserId reviewer;
  std::vector<std::string> accept;                      // field names
  bool accept_all = false;                              // every field needing review
  std::vector<std::pair<std::string, std::string>> set; // field name, typed value (PHI)
  std::optional<Reason> reject;                         // close without a new version
  CivilDate today;
};

// A resolve as typed on the command line, before any of it is checked.
struct ResolveArguments {
  std::string document, reviewer, reject;
  std::vector<std::string> accept, set;
  bool accept_all = false;
  std::optional<std::string> today;
};
// Checks every argument (document id, reviewer, FIELD=VALUE, reason code, date) before anything
// is opened; reads VALUE "-" from input_fd. Throws Error(usage), echoing nothing given.
ResolveRequest resolve_request(const ResolveArguments &arguments, int input_fd);
DocumentId parse_document_id(std::string_view text); // Error(usage) unless doc_...

struct ResolveContext {
  const Keyring &keys;
  AuditLog &audit;
  ReviewQueue &queue;
  const ExtractRules &rules;
  RejectWriter *rejects = nullptr; // for --reject
};

struct ResolveOutcome {
  std::optional<Envelope> revision; // the new version (none when rejected)
  std::string status;               // "accepted", "needs_review" or "rejected"
  std::size_t corrected = 0, confirmed = 0, still_needing_review = 0;
};

// Resolves the newest pending version of a document. The new version (stage "review",
// document_version + 1, ops.review = {reviewer, action, supersedes, at, corrected, confirmed})
// is filed: accepted, it goes to resolved/ beside the version it supersedes; still needing
// review, it replaces the pending entry. Throws Error(not_in_queue) for a document not waiting,
// Error(usage) for a field the document type does not have, and Error(correction_invalid) when
// a corrected or accepted field fails a gate; the error names the field by its place in the
// policy (/extract/fields/<name>) and the reason code, never the value. A refused resolve
// changes nothing in the queue.
ResolveOutcome resolve_document(const ResolveContext &context, const ResolveRequest &request);

// The versions of a document in the queue, oldest first: resolved ones, then the pending one.
// Each: version, record, parent, stage, status, reasons, state ("pending" or "resolved"), and
// for reviewed versions the reviewer, action and superseded version. Needs only "ops".
Json document_history(const ReviewQueue &queue, const DocumentId &document, const Keyring &keys);
std::string format_history_table(const Json &history);

} // namespace mi::extract
