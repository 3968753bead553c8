#include "core/record_stream.hpp"

#include "core/progress.hpp"

namespace mi {

void RecordSink::emit(const Envelope &envelope) { emit_line(envelope.serialize()); }

void RecordSink::emit_line(std::string_view line) {
  writer_.write_line(line);
  ++count_;
}

bool is_record_level(Reason reason) noexcept {
  switch (reason) {
  case Reason::key_not_held:
  case Reason::key_unknown:
    return true;
  default:
    return reason_exit_status(reason) == exit_status::data;
  }
}

StreamSummary process_stream(const StreamOptions &options, LineWriter &output,
                             RejectWriter &rejects, const RecordHandler &handler) {
  StreamSummary summary;
  LineReader reader(options.input_fd, options.max_line_bytes);
  RecordSink sink(output);
  Progress progress("records");
  while (auto line = reader.next()) {
    if (!line->too_long && line->text.find_first_not_of(" \t\r") == std::string::npos)
      continue; // blank lines are not records
    ++summary.read;
    RejectInput reject;
    reject.where = Location::line(options.input_name, line->number);
    std::optional<Envelope> envelope;
    try {
      if (line->too_long)
        throw Error(Reason::envelope_too_long);
      envelope = Envelope::parse(line->text);
      handler(*envelope, line->text, sink);
      progress.advance();
      continue;
    } catch (const Error &e) {
      if (!is_record_level(e.reason()))
        throw;
      reject.reason = e.reason();
      reject.detail = e.detail();
    }
    if (envelope) {
      reject.header = &envelope->header();
      reject.sealed_envelope = line->text;
    }
    if (!line->too_long)
      reject.input_sha256 = crypto::sha256(as_bytes(line->text));
    rejects.reject(reject);
    progress.advance();
    if (options.fail_fast)
      break;
  }
  progress.finish();
  summary.emitted = sink.count();
  summary.rejected = rejects.count();
  summary.exit_status = rejects.exit_status();
  return summary;
}

} // namespace mi
