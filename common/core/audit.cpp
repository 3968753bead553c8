#include "core/audit.hpp"

#include "core/atomic_file.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mi {
namespace {

const std::string genesis_hash(64, '0');
constexpr std::string_view signature_domain = "mi-audit-checkpoint-v1";
constexpr std::uint64_t checkpoint_every = 1000;

std::string_view outcome_name(AuditOutcome o) {
  switch (o) {
  case AuditOutcome::ok:
    return "ok";
  case AuditOutcome::rejected:
    return "rejected";
  case AuditOutcome::failed:
    return "failed";
  case AuditOutcome::denied:
    return "denied";
  }
  return "failed";
}

std::string line_hash(std::string_view line) { return hex_encode(crypto::sha256(as_bytes(line))); }

bool is_plain_name(std::string_view s) {
  if (s.empty() || s.size() > 64)
    return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
          c == '@'))
      return false;
  return true;
}

// The operator account, from MI_ACTOR (service identities) or the login name.
std::string current_actor() {
  if (const char *env = std::getenv("MI_ACTOR"); env && is_plain_name(env))
    return env;
  if (const passwd *pw = getpwuid(getuid()); pw && is_plain_name(pw->pw_name))
    return pw->pw_name;
  return "uid-" + std::to_string(getuid());
}

std::string signed_message(const Json &checkpoint_without_signature) {
  std::string m(signature_domain);
  m += '\0';
  m += to_json_text(checkpoint_without_signature);
  return m;
}

// Holds an exclusive lock on the open log for the duration of one append.
class LockedLog {
public:
  explicit LockedLog(const std::filesystem::path &path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0)
      throw Error(errno == EACCES ? Reason::permission_denied : Reason::io_failed,
                  "cannot open the audit log");
    while (::flock(fd_, LOCK_EX) != 0)
      if (errno != EINTR)
        throw Error(Reason::io_failed, "cannot lock the audit log");
  }
  ~LockedLog() {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
  LockedLog(const LockedLog &) = delete;
  LockedLog &operator=(const LockedLog &) = delete;

  // The last complete line, or empty for an empty log.
  std::string last_line() const {
    struct stat st {};
    if (::fstat(fd_, &st) != 0)
      throw Error(Reason::io_failed, "cannot stat the audit log");
    off_t end = st.st_size;
    if (end == 0)
      return {};
    std::string tail;
    off_t chunk = 4096;
    while (true) {
      off_t start = end > chunk ? end - chunk : 0;
      tail.resize(static_cast<std::size_t>(end - start));
      if (::pread(fd_, tail.data(), tail.size(), start) != static_cast<ssize_t>(tail.size()))
        throw Error(Reason::io_failed, "cannot read the audit log");
      if (tail.back() != '\n')
        throw Error(Reason::audit_malformed, "the last audit record is incomplete");
      auto previous_newline = tail.find_last_of('\n', tail.size() - 2);
      if (previous_newline != std::string::npos)
        return tail.substr(previous_newline + 1, tail.size() - previous_newline - 2);
      if (start == 0)
        return tail.substr(0, tail.size() - 1);
      chunk *= 4;
    }
  }

  void append_line(const std::string &line) {
    std::string out = line + "\n";
    if (::write(fd_, out.data(), out.size()) != static_cast<ssize_t>(out.size()) ||
        ::fdatasync(fd_) != 0)
      throw Error(Reason::io_failed, "cannot append to the audit log");
  }

private:
  int fd_ = -1;
};

} // namespace

std::filesystem::path audit_head_path(const std::filesystem::path &log) {
  return std::filesystem::path(log.string() + ".head");
}

AuditLog::AuditLog(std::filesystem::path path, StaticText tool, const Keyring &keys)
    : path_(std::move(path)), tool_(tool), keys_(keys), actor_(current_actor()) {
  if (path_.has_parent_path())
    make_directories(path_.parent_path());
}

AuditLog::~AuditLog() {
  try {
    checkpoint();
  } catch (const Error &e) {
    Log::report(Severity::warning, e, Location{"audit log"});
  }
}

void AuditLog::set_policy_version(std::string version) {
  if (!is_plain_name(version))
    throw Error(Reason::policy_invalid, "policy_version must be a plain version string");
  policy_version_ = std::move(version);
}

void AuditLog::record(StaticText action, AuditOutcome outcome, Reason reason,
                      std::initializer_list<Field> fields) {
  record(action, outcome, reason, std::vector<Field>(fields));
}

void AuditLog::record(StaticText action, AuditOutcome outcome, Reason reason,
                      const std::vector<Field> &fields) {
  Json ids = Json::object();
  for (const auto &f : fields)
    ids[std::string(f.key())] = f.json();
  Json r = {{"type", "event"},
            {"tool", tool_.view()},
            {"actor", actor_},
            {"action", action.view()},
            {"outcome", outcome_name(outcome)},
            {"reason", reason_code(reason)},
            {"ids", ids}};
  if (!policy_version_.empty())
    r["policy"] = policy_version_;
  append(std::move(r), false);
}

void AuditLog::checkpoint() {
  if (!keys_.can_sign_audit())
    return;
  {
    std::lock_guard lock(mutex_);
    if (appended_since_checkpoint_ == 0)
      return;
  }
  const auto &key = keys_.audit_signing_key();
  Json r = {
      {"type", "checkpoint"}, {"tool", tool_.view()}, {"actor", actor_}, {"key", key.id.str()}};
  append(std::move(r), true);
}

void AuditLog::append(Json r, bool is_checkpoint) {
  std::lock_guard lock(mutex_);
  LockedLog log(path_);
  std::string last = log.last_line();
  std::uint64_t seq = 1;
  if (!last.empty()) {
    auto previous = parse_json(last);
    if (!previous || !previous->is_object() || !(*previous)["seq"].is_number_unsigned())
      throw Error(Reason::audit_malformed, "the last audit record is unreadable");
    seq = (*previous)["seq"].get<std::uint64_t>() + 1;
  }
  r["seq"] = seq;
  r["time"] = format_time(now());
  r["prev"] = last.empty() ? genesis_hash : line_hash(last);
  if (is_checkpoint) {
    const auto &key = keys_.audit_signing_key();
    r["sig"] = base64_encode(crypto::ed25519_sign(*key.private_key, as_bytes(signed_message(r))));
  }
  std::string line = to_json_text(r);
  log.append_line(line);
  if (is_checkpoint) {
    write_file_atomically(audit_head_path(path_), line + "\n", 0600);
    appended_since_checkpoint_ = 0;
  } else if (++appended_since_checkpoint_ >= checkpoint_every && keys_.can_sign_audit()) {
    const auto &key = keys_.audit_signing_key();
    Json c = {{"type", "checkpoint"},   {"tool", tool_.view()}, {"actor", actor_},
              {"key", key.id.str()},    {"seq", seq + 1},       {"time", format_time(now())},
              {"prev", line_hash(line)}};
    c["sig"] = base64_encode(crypto::ed25519_sign(*key.private_key, as_bytes(signed_message(c))));
    std::string checkpoint_line = to_json_text(c);
    log.append_line(checkpoint_line);
    write_file_atomically(audit_head_path(path_), checkpoint_line + "\n", 0600);
    appended_since_checkpoint_ = 0;
  }
}

AuditVerification verify_audit_log(const std::filesystem::path &path, const Keyring &keys) {
  AuditVerification v;
  std::string text = read_file(path);
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto newline = text.find('\n', start);
    if (newline == std::string::npos) {
      v.problems.push_back({lines.size() + 1, Reason::audit_malformed,
                            "the last record is incomplete (no newline)"});
      lines.push_back(std::string_view(text).substr(start));
      break;
    }
    lines.push_back(std::string_view(text).substr(start, newline - start));
    start = newline + 1;
  }
  v.records = lines.size();

  std::string previous_hash = genesis_hash;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::uint64_t number = i + 1;
    auto record = parse_json(lines[i]);
    std::string this_hash = line_hash(lines[i]);
    if (!record || !record->is_object() || !(*record)["seq"].is_number_unsigned() ||
        !(*record)["prev"].is_string()) {
      v.problems.push_back({number, Reason::audit_malformed, "not an audit record"});
      previous_hash = this_hash;
      continue;
    }
    if ((*record)["seq"].get<std::uint64_t>() != number)
      v.problems.push_back({number, Reason::audit_sequence_broken,
                            "sequence number is not its position: records were removed, "
                            "inserted or reordered"});
    if ((*record)["prev"].get<std::string>() != previous_hash)
      v.problems.push_back({number, Reason::audit_chain_broken,
                            "prev does not match the record before it: that record was altered, "
                            "removed or moved"});
    if (record->value("type", "") == "checkpoint") {
      ++v.checkpoints;
      bool valid = false;
      if ((*record)["sig"].is_string() && (*record)["key"].is_string()) {
        auto signature = base64_decode((*record)["sig"].get<std::string>());
        Json unsigned_record = *record;
        unsigned_record.erase("sig");
        for (const auto &k : keys.audit_keys())
          if (k.id.str() == (*record)["key"].get<std::string>() && signature)
            valid = crypto::ed25519_verify(k.public_key, as_bytes(signed_message(unsigned_record)),
                                           *signature);
      }
      if (valid)
        v.covered = number;
      else
        v.problems.push_back(
            {number, Reason::audit_signature_invalid,
             "checkpoint signature does not verify with any audit key in the keyring"});
    }
    previous_hash = this_hash;
  }

  auto head_path = audit_head_path(path);
  std::error_code ec;
  if (!std::filesystem::exists(head_path, ec)) {
    if (v.checkpoints > 0)
      v.problems.push_back({0, Reason::audit_head_missing, "the head file was removed"});
    return v;
  }
  std::string head = read_file(head_path);
  if (!head.empty() && head.back() == '\n')
    head.pop_back();
  auto head_record = parse_json(head);
  if (!head_record || !head_record->is_object() || !(*head_record)["seq"].is_number_unsigned()) {
    v.problems.push_back({0, Reason::audit_head_missing, "the head file is unreadable"});
    return v;
  }
  auto head_seq = (*head_record)["seq"].get<std::uint64_t>();
  if (head_seq > lines.size())
    v.problems.push_back({lines.size(), Reason::audit_truncated,
                          "the log ends before the checkpoint named by its head file"});
  else if (head_seq == 0 || lines[head_seq - 1] != head)
    v.problems.push_back({head_seq, Reason::audit_head_missing,
                          "the checkpoint named by the head file differs from the log's"});
  return v;
}

} // namespace mi
