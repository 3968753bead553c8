#pragma once
// The intake run behind mi-validate(1): every upload in, one envelope (intake receipt) or one
// reject record out, in input order.
//
// Nothing is persisted before an upload has passed the malware scan and every check. Accepted
// uploads are sealed into the vault under a keyed-hash name (the upload's file name is kept only
// inside the sealed "phi" compartment), and re-running over the same drop is idempotent: ids are
// keyed hashes of tenant and content, and an upload already in the vault is reported as a
// duplicate instead of being ingested twice.

#include "intake/limits.hpp"
#include "intake/malware_scanner.hpp"

#include "core/audit.hpp"
#include "core/ndjson.hpp"
#include "core/policy.hpp"
#include "core/reject.hpp"
#include "core/vault.hpp"

#include <filesystem>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mi::intake {

struct UploadBinding {
  std::optional<TenantId> tenant;
  std::optional<CaseId> case_id;
  std::optional<UserId> user;
};

struct IntakeInput {
  std::filesystem::path path;
  UploadBinding binding;
};

// Expands arguments into the ordered upload list: a directory contributes its regular files
// (recursively, sorted, hidden names skipped: partial uploads are usually dotfiles), "-" reads
// one path per line from list_input, anything else is taken as given (a missing path is still an
// input, and is rejected as input_missing). A manifest (NDJSON: {"path", "tenant", "case",
// "user"}) adds uploads with their own bindings.
std::vector<IntakeInput> expand_inputs(const std::vector<std::string> &arguments,
                                       std::istream &list_input, const UploadBinding &defaults,
                                       const std::optional<std::filesystem::path> &manifest);

struct IntakeOptions {
  std::optional<std::filesystem::path> quarantine; // rejected uploads are moved here
  bool reemit_duplicates = false;
  bool fail_fast = false;
};

struct IntakeContext {
  const Keyring &keys;
  Vault &vault;
  AuditLog &audit;
  const Policy &policy;
  const IntakeRules &rules;
  const MalwareScanner &scanner;
};

struct IntakeSummary {
  std::uint64_t inputs = 0;
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;
  std::uint64_t duplicates = 0;
  std::map<Reason, std::uint64_t> rejected_by_reason;
  int exit_status = 0;
};

IntakeSummary run_intake(const IntakeContext &context, const std::vector<IntakeInput> &inputs,
                         const IntakeOptions &options, LineWriter &output, RejectWriter &rejects);

// The summary lines mi-validate prints on stderr (unless --quiet).
void report_intake_summary(const IntakeSummary &summary);

} // namespace mi::intake
