#pragma once
// The loop every filter stage runs: envelopes in on a file descriptor, records out on stdout.
//
// For each input line: parse the envelope, hand it to the stage, write what the stage emits,
// flushed per record. A line that fails to parse, or whose handler throws an Error with a
// per-record reason, becomes a reject record and the stream goes on (or stops, with
// fail_fast). Errors that are not about one record (output failure, internal error) stop the
// stream and propagate.

#include "core/envelope.hpp"
#include "core/ndjson.hpp"
#include "core/reject.hpp"

#include <functional>

namespace mi {

class RecordSink {
public:
  explicit RecordSink(LineWriter &writer) : writer_(writer) {}
  void emit(const Envelope &envelope);
  // Plain JSON output (mi-inspect), not an envelope.
  void emit_line(std::string_view line);
  std::uint64_t count() const noexcept { return count_; }

private:
  LineWriter &writer_;
  std::uint64_t count_ = 0;
};

struct StreamOptions {
  int input_fd = 0;
  StaticText input_name = "<stdin>";
  std::size_t max_line_bytes = default_max_line_bytes;
  bool fail_fast = false;
};

struct StreamSummary {
  std::uint64_t read = 0;
  std::uint64_t emitted = 0;
  std::uint64_t rejected = 0;
  int exit_status = 0;
};

using RecordHandler = std::function<void(const Envelope &, std::string_view raw, RecordSink &)>;

StreamSummary process_stream(const StreamOptions &options, LineWriter &output,
                             RejectWriter &rejects, const RecordHandler &handler);

// True for reasons that concern one record (reject it, go on) rather than the whole run.
bool is_record_level(Reason reason) noexcept;

} // namespace mi
