#pragma once
// The audit log: who did what to which ids, with what outcome, under which policy and key.
//
// Append-only NDJSON (format in mi-audit(1)). Every record carries the SHA-256 of the line
// before it, so editing, deleting or reordering records breaks the chain at a named record.
// Checkpoint records sign (Ed25519) the chain head; the newest checkpoint is also written to
// "<log>.head", so cutting the log back past it is detected too. Several processes may append at
// once (each append holds an exclusive flock while it reads the tail and writes its line).
// Records are built from Fields only: ids, codes and numbers, never document content.

#include "core/field.hpp"
#include "core/keyring.hpp"

#include <filesystem>
#include <initializer_list>
#include <mutex>
#include <string>
#include <vector>

namespace mi {

enum class AuditOutcome { ok, rejected, failed, denied };

class AuditLog {
public:
  // keys may lack the audit signing key: records are then chained but not checkpointed.
  AuditLog(std::filesystem::path path, StaticText tool, const Keyring &keys);
  ~AuditLog();
  AuditLog(const AuditLog &) = delete;
  AuditLog &operator=(const AuditLog &) = delete;

  void set_policy_version(std::string version);
  void record(StaticText action, AuditOutcome outcome, Reason reason,
              std::initializer_list<Field> fields = {});
  void record(StaticText action, AuditOutcome outcome, Reason reason,
              const std::vector<Field> &fields);
  // Appends a signed checkpoint if this process holds the signing key and appended anything
  // since the last one. Tools call this before exiting; the destructor does it as a fallback.
  void checkpoint();

  const std::filesystem::path &path() const noexcept { return path_; }

private:
  void append(Json record, bool is_checkpoint);
  std::filesystem::path path_;
  StaticText tool_;
  const Keyring &keys_;
  std::string actor_;
  std::string policy_version_;
  std::mutex mutex_;
  std::uint64_t appended_since_checkpoint_ = 0;
};

struct AuditProblem {
  std::uint64_t record = 0; // 1-based record (line) number; 0 for the log as a whole
  Reason reason = Reason::ok;
  StaticText detail = "";
};

struct AuditVerification {
  std::uint64_t records = 0;
  std::uint64_t checkpoints = 0;
  std::uint64_t covered = 0; // records up to and including the last valid checkpoint
  std::vector<AuditProblem> problems;
  bool ok() const noexcept { return problems.empty(); }
};

// Verifies chain, sequence, checkpoint signatures (with the keyring's audit public keys) and
// the head file.
AuditVerification verify_audit_log(const std::filesystem::path &path, const Keyring &keys);

// The path of the signed head written beside a log.
std::filesystem::path audit_head_path(const std::filesystem::path &log);

} // namespace mi
