#include "intake/intake.hpp"

#include "intake/upload_check.hpp"

#include "core/atomic_file.hpp"
#include "core/clock.hpp"
#include "core/envelope.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/progress.hpp"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace mi::intake {
namespace {

const StageName &validate_stage() {
  static const StageName stage = StageName::parse("validate");
  return stage;
}

struct ReadUpload {
  Reason failure = Reason::ok;
  Bytes content;
};

// Opens without following symbolic links: a link in a drop folder must not pull an arbitrary
// file of this host into the vault.
ReadUpload read_upload(const std::filesystem::path &path, std::uint64_t max_bytes) {
  ReadUpload r;
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    r.failure = errno == ENOENT   ? Reason::input_missing
                : errno == ELOOP  ? Reason::not_regular_file
                : errno == EACCES ? Reason::permission_denied
                                  : Reason::input_missing;
    return r;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    r.failure = Reason::not_regular_file;
    return r;
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    r.failure = Reason::file_too_large;
    return r;
  }
  r.content.resize(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < r.content.size()) {
    ssize_t n = ::read(fd, r.content.data() + done, r.content.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  r.content.resize(done);
  return r;
}

std::optional<UploadBinding> binding_from_manifest(const Json &line) {
  UploadBinding b;
  try {
    if (line.contains("tenant"))
      b.tenant = TenantId::parse(line["tenant"].get<std::string>());
    if (line.contains("case"))
      b.case_id = CaseId::parse(line["case"].get<std::string>());
    if (line.contains("user"))
      b.user = UserId::parse(line["user"].get<std::string>());
  } catch (const std::exception &) {
    return std::nullopt;
  }
  return b;
}

void add_path(std::vector<IntakeInput> &out, const std::filesystem::path &path,
              const UploadBinding &binding) {
  std::error_code ec;
  if (std::filesystem::is_directory(std::filesystem::symlink_status(path, ec))) {
    std::vector<std::filesystem::path> files;
    auto options = std::filesystem::directory_options::skip_permission_denied;
    for (auto it = std::filesystem::recursive_directory_iterator(path, options, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      auto name = it->path().filename().string();
      if (!name.empty() && name.front() == '.') {
        if (it->is_directory())
          it.disable_recursion_pending();
        continue;
      }
      if (!it->is_directory())
        files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (auto &f : files)
      out.push_back({f, binding});
    return;
  }
  out.push_back({path, binding});
}

UploadBinding merged(const UploadBinding &own, const UploadBinding &defaults) {
  return {own.tenant ? own.tenant : defaults.tenant, own.case_id ? own.case_id : defaults.case_id,
          own.user ? own.user : defaults.user};
}

std::string hex_digest(ByteView content) { return hex_encode(crypto::sha256(content)); }

void quarantine_upload(const std::filesystem::path &from, const std::filesystem::path &dir,
                       const TraceId &trace) {
  make_directories(dir);
  auto to = dir / (trace.str() + ".upload");
  std::error_code ec;
  std::filesystem::rename(from, to, ec);
  if (ec) { // another file system: copy, then remove the original
    std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing, ec);
    if (!ec)
      std::filesystem::remove(from, ec);
  }
  if (ec)
    throw Error(Reason::io_failed, "cannot move a rejected upload to quarantine");
  ::chmod(to.c_str(), 0600);
}

Json receipt_ops(const IntakeInput &input, const UploadVerdict &verdict, std::uint64_t bytes,
                 const Policy &policy, bool duplicate) {
  Json receipt = {{"received", format_time(now())},
                  {"mime", upload_type_mime(verdict.type)},
                  {"pages", verdict.pages},
                  {"bytes", bytes},
                  {"tenant", input.binding.tenant->str()},
                  {"stripped_active_content", verdict.stripped},
                  {"duplicate", duplicate},
                  {"policy_version", policy.version()}};
  receipt["case"] = input.binding.case_id ? Json(input.binding.case_id->str()) : Json(nullptr);
  receipt["user"] = input.binding.user ? Json(input.binding.user->str()) : Json(nullptr);
  return {{"status", "accepted"}, {"stage", "validate"}, {"receipt", receipt}};
}

} // namespace

std::vector<IntakeInput> expand_inputs(const std::vector<std::string> &arguments,
                                       std::istream &list_input, const UploadBinding &defaults,
                                       const std::optional<std::filesystem::path> &manifest) {
  std::vector<IntakeInput> out;
  for (const auto &arg : arguments) {
    if (arg == "-") {
      std::string line;
      while (std::getline(list_input, line))
        if (!line.empty())
          add_path(out, line, defaults);
      continue;
    }
    add_path(out, arg, defaults);
  }
  if (manifest) {
    std::istringstream lines(read_file(*manifest));
    std::string line;
    std::int64_t number = 0;
    while (std::getline(lines, line)) {
      ++number;
      if (line.find_first_not_of(" \t\r") == std::string::npos)
        continue;
      auto entry = parse_json(line);
      std::optional<UploadBinding> binding;
      if (entry && entry->is_object() && (*entry)["path"].is_string())
        binding = binding_from_manifest(*entry);
      if (!binding)
        throw Error(Reason::config_invalid,
                    "manifest lines are {\"path\", \"tenant\", \"case\", \"user\"} with slug ids",
                    ConfigLocation{"", number});
      add_path(out, (*entry)["path"].get<std::string>(), merged(*binding, defaults));
    }
  }
  for (const auto &input : out)
    if (!input.binding.tenant)
      throw Error(Reason::usage, "every upload needs a tenant: give --tenant or a manifest tenant");
  return out;
}

IntakeSummary run_intake(const IntakeContext &ctx, const std::vector<IntakeInput> &inputs,
                         const IntakeOptions &options, LineWriter &output, RejectWriter &rejects) {
  IntakeSummary summary;
  summary.inputs = inputs.size();
  const Secret &ids_key = ctx.keys.primary("ids").secret;
  (void)sniff_mime_type(Bytes{0}); // load libmagic once here, not in every sandbox child
  Progress progress("files", inputs.size());
  std::uint64_t sequence = 0;

  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto &input = inputs[i];
    const auto &tenant = *input.binding.tenant;
    auto where = Location::input(i + 1);
    auto upload = read_upload(input.path, ctx.rules.limits.max_file_bytes);
    std::string content_hash;
    TraceId trace = TraceId::generate();
    UploadVerdict verdict;
    if (upload.failure == Reason::ok) {
      content_hash = hex_digest(upload.content);
      trace = TraceId::derive(ids_key, "trace\n" + tenant.str() + "\n" + content_hash);
      verdict = check_upload_sandboxed(upload.content, input.path.filename().string(), ctx.rules,
                                       ctx.scanner);
    } else {
      verdict.reason = upload.failure;
    }
    progress.advance();

    if (!verdict.accepted()) {
      RejectInput r;
      r.reason = verdict.reason;
      r.where = where;
      r.trace = &trace;
      if (upload.failure == Reason::ok)
        r.input_sha256 = crypto::sha256(upload.content);
      rejects.reject(r);
      ++summary.rejected;
      ++summary.rejected_by_reason[verdict.reason];
      if (options.quarantine && upload.failure == Reason::ok)
        quarantine_upload(input.path, *options.quarantine, trace);
      if (options.fail_fast)
        break;
      continue;
    }

    const Bytes &stored = verdict.sanitized ? *verdict.sanitized : upload.content;
    PutRequest request;
    request.tenant = tenant;
    request.case_id = input.binding.case_id;
    request.kind = ObjectKind::source;
    request.retention_until = ctx.policy.retention_deadline("source", now());
    auto put = ctx.vault.put(stored, request);
    auto document = DocumentId::derive(ids_key, "packet\n" + tenant.str() + "\n" + content_hash);

    if (!put.created) {
      // Already ingested: accounted for as a duplicate, or re-emitted (same ids) on request.
      ++summary.duplicates;
      ctx.audit.record("intake.duplicate", AuditOutcome::ok, Reason::duplicate,
                       {Field("trace", trace), Field("doc", document), Field("object", put.id),
                        Field("input", i + 1)});
      if (!options.reemit_duplicates) {
        RejectInput r;
        r.reason = Reason::duplicate;
        r.where = where;
        r.trace = &trace;
        r.input_sha256 = crypto::sha256(upload.content);
        rejects.reject(r);
        continue;
      }
    }

    EnvelopeHeader header;
    header.record = RecordId::generate();
    header.trace = trace;
    header.document = document;
    header.tenant = tenant;
    header.stage = validate_stage();
    header.sequence = sequence++;
    Envelope envelope(header);
    envelope.seal("ops",
                  receipt_ops(input, verdict, upload.content.size(), ctx.policy, !put.created),
                  ctx.keys);
    Json source = {{"object", put.id.str()},
                   {"sha256", content_hash},
                   {"stored_sha256", verdict.sanitized ? hex_digest(stored) : content_hash},
                   {"mime", upload_type_mime(verdict.type)},
                   {"pages", verdict.pages},
                   {"original_name", input.path.filename().string()}};
    envelope.seal("phi", {{"source", source}}, ctx.keys);
    try {
      output.write_line(envelope.serialize());
    } catch (const Error &) {
      // The envelope never left: undo the vault write so that a re-run ingests the upload again
      // instead of skipping it as a duplicate that nobody downstream has seen.
      if (put.created)
        ctx.vault.remove(put.id);
      ctx.audit.record("intake.output_failed", AuditOutcome::failed, Reason::output_failed,
                       {Field("trace", trace), Field("doc", document), Field("object", put.id),
                        Field("input", i + 1)});
      throw;
    }
    if (put.created) {
      ++summary.accepted;
      ctx.audit.record("intake.accept", AuditOutcome::ok, Reason::ok,
                       {Field("trace", trace), Field("doc", document), Field("object", put.id),
                        Field("record", header.record), Field("input", i + 1),
                        Field("pages", verdict.pages),
                        Field("stripped", static_cast<std::int64_t>(verdict.stripped.size()))});
    }
  }
  progress.finish();
  summary.exit_status = rejects.exit_status();
  return summary;
}

void report_intake_summary(const IntakeSummary &s) {
  Log::info("done", {Field("inputs", s.inputs), Field("accepted", s.accepted),
                     Field("rejected", s.rejected), Field("duplicates", s.duplicates)});
  for (const auto &[reason, count] : s.rejected_by_reason)
    Log::info("rejected", {Field("reason", reason), Field("count", count)});
}

} // namespace mi::intake
