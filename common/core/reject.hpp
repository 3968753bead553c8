#pragma once
// Reject records: how an input that could not be processed is accounted for.
//
// Conservation is the contract (mi(7)): every input record ends as output or as one reject
// record naming a reason code. A reject carries ids, the reason, the input line number and the
// SHA-256 of the rejected line; when the line was a well-formed envelope it carries that sealed
// envelope too, so it can be re-run once the cause is fixed. Nothing in it is readable PHI.

#include "core/audit.hpp"
#include "core/envelope.hpp"
#include "core/log.hpp"

#include <cstdio>
#include <filesystem>
#include <optional>

namespace mi {

struct RejectInput {
  Reason reason = Reason::internal;
  StaticText detail = "";
  Location where;
  const EnvelopeHeader *header = nullptr; // when the record's header could be read
  const TraceId *trace = nullptr;         // uploads: the trace id given to the upload
  std::string_view sealed_envelope;       // the raw envelope line, only if it parsed
  std::optional<crypto::Digest> input_sha256;
};

class RejectWriter {
public:
  // No path: rejects are still reported on stderr and audited, but not written anywhere.
  RejectWriter(std::optional<std::filesystem::path> path, AuditLog *audit);
  ~RejectWriter();
  RejectWriter(const RejectWriter &) = delete;
  RejectWriter &operator=(const RejectWriter &) = delete;

  void reject(const RejectInput &input);
  std::uint64_t count() const noexcept { return count_; }
  // The exit status rejects call for: 65, or 77 when a key was refused. Reasons whose own status
  // is 0 (duplicate) are accounted for but do not fail the run.
  int exit_status() const noexcept { return exit_status_; }

private:
  std::FILE *file_ = nullptr;
  AuditLog *audit_;
  std::uint64_t count_ = 0;
  int exit_status_ = 0;
};

} // namespace mi
