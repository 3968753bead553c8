#pragma once
// The review queue: documents mi-extract could not accept, waiting for a person (mi-review(1)).
//
// A directory (default <mi home>/review) of sealed envelopes, one file per document version,
// named by ids only (document ids are keyed hashes: a file name reveals nothing):
//
//   pending/<doc>.v<version>.ndjson    waiting for review
//   resolved/<doc>.v<version>.ndjson   reviewed versions, kept so corrections stay traceable
//                                      (the superseded version and the one that replaced it)
//
// Files are written atomically (temp + fsync + rename) and hold exactly what travelled in the
// stream: the queue adds no cleartext.

#include "core/envelope.hpp"

#include <filesystem>
#include <optional>
#include <vector>

namespace mi {

struct QueueEntry {
  DocumentId document;
  std::uint32_t version = 1;
  std::filesystem::path file;
};

class ReviewQueue {
public:
  explicit ReviewQueue(std::filesystem::path root);
  const std::filesystem::path &root() const noexcept { return root_; }

  // Adds (or replaces) the pending entry for the envelope's document version. Returns false
  // when that version was already reviewed (a re-run of the batch does not re-open it).
  bool enqueue(const Envelope &envelope);
  // Pending entries, oldest document id first.
  std::vector<QueueEntry> pending() const;
  std::optional<QueueEntry> find_pending(const DocumentId &document) const;
  Envelope load(const QueueEntry &entry) const; // throws input_missing or envelope_malformed
  // Files `replacement` (the new version, or nothing when the document was rejected) and moves
  // the pending entry to resolved/.
  void resolve(const QueueEntry &entry, const Envelope *replacement);
  // Resolved versions of a document, oldest first.
  std::vector<QueueEntry> history(const DocumentId &document) const;

private:
  std::filesystem::path root_;
};

} // namespace mi
