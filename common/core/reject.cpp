#include "core/reject.hpp"

#include "core/clock.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace mi {

RejectWriter::RejectWriter(std::optional<std::filesystem::path> path, AuditLog *audit)
    : audit_(audit) {
  if (!path)
    return;
  int fd = ::open(path->c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || !(file_ = ::fdopen(fd, "a"))) {
    if (fd >= 0)
      ::close(fd);
    throw Error(errno == EACCES ? Reason::permission_denied : Reason::output_failed,
                "cannot open the rejects file");
  }
}

RejectWriter::~RejectWriter() {
  if (file_)
    std::fclose(file_);
}

void RejectWriter::reject(const RejectInput &in) {
  ++count_;
  int status = reason_exit_status(in.reason);
  if (status != exit_status::permission && status != exit_status::ok)
    status = exit_status::data;
  exit_status_ = std::max(exit_status_, status);

  auto severity = status == exit_status::ok ? Severity::note : Severity::error;
  if (in.header)
    Log::report(severity, Error(in.reason, in.detail), in.where,
                {Field("trace", in.header->trace), Field("record", in.header->record)});
  else if (in.trace)
    Log::report(severity, Error(in.reason, in.detail), in.where, {Field("trace", *in.trace)});
  else
    Log::report(severity, Error(in.reason, in.detail), in.where);

  if (audit_) {
    std::vector<Field> fields{in.where.ordinal ? Field("input", in.where.number)
                                               : Field("line", in.where.number)};
    if (in.trace)
      fields.push_back(Field("trace", *in.trace));
    if (in.header) {
      fields.push_back(Field("record", in.header->record));
      fields.push_back(Field("trace", in.header->trace));
      fields.push_back(Field("doc", in.header->document));
    }
    audit_->record("record.reject", AuditOutcome::rejected, in.reason, fields);
  }

  if (!file_)
    return;
  Json r = {{"type", "reject"},
            {"tool", Log::tool().view()},
            {"reason", reason_code(in.reason)},
            {"time", format_time(now())}};
  Json input = Json::object();
  if (in.where.ordinal)
    input["index"] = in.where.number;
  else if (in.where.number)
    input["line"] = in.where.number;
  if (in.input_sha256)
    input["sha256"] = hex_encode(*in.input_sha256);
  r["input"] = input;
  if (!in.detail.empty())
    r["detail"] = in.detail.view();
  if (in.trace)
    r["trace"] = in.trace->str();
  if (in.header) {
    r["record"] = in.header->record.str();
    r["trace"] = in.header->trace.str();
    r["doc"] = in.header->document.str();
    r["tenant"] = in.header->tenant.str();
  }
  if (!in.sealed_envelope.empty())
    r["envelope"] = std::string(in.sealed_envelope);
  std::string line = to_json_text(r) + "\n";
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0)
    throw Error(Reason::output_failed, "cannot write the rejects file");
}

} // namespace mi
