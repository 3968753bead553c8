#pragma once
// What every mi tool's main() shares: the common options, and one place that turns outcomes
// into exit statuses (mi(7)).
//
// run_tool() parses argv, runs the tool body, and maps: --help/--version to 0; CLI11 parse
// errors (which exit 100-114 on their own) to 64; mi::Error to its reason's status; anything
// unexpected to 70, without printing a foreign exception's text (it may quote input). Finally it
// closes stdout and checks it, so a full disk or broken pipe turns into 74, not silent loss.

#include "core/audit.hpp"
#include "core/home.hpp"
#include "core/keyring.hpp"
#include "core/ndjson.hpp"
#include "core/policy.hpp"
#include "core/record_stream.hpp"
#include "core/reject.hpp"
#include "core/vault.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>

namespace mi::cli {

struct CommonOptions {
  HomeOptions home;
  std::optional<std::filesystem::path> policy;
  bool quiet = false;
};

// --home, --keyring, --audit-log (and --vault, --policy when the tool uses them), --quiet.
void add_home_options(CLI::App &app, CommonOptions &options, bool with_vault = false,
                      bool with_policy = false);

std::string version_text(std::string_view tool);

int run_tool(CLI::App &app, int argc, char **argv, const std::function<int()> &body);

// The keyring at the resolved path (keyring_missing, key_file_permissions, ... on failure).
Keyring load_keyring(const HomePaths &paths);

// What a stage opens before its first record, in this order: policy, paths, keyring, vault,
// audit log (stamped with the policy version), stdout writer and rejects file. Members refer to
// each other, so a StageRuntime is built in place and never moved.
struct StageRuntime {
  StageRuntime(const CommonOptions &options, const std::optional<std::filesystem::path> &rejects,
               bool fail_fast);
  StageRuntime(const StageRuntime &) = delete;
  StageRuntime &operator=(const StageRuntime &) = delete;

  Policy policy;
  HomePaths paths;
  Keyring keys;
  DirectoryObjectStore store;
  Vault vault;
  AuditLog audit;
  LineWriter output{stdout};
  RejectWriter rejects;
  StreamOptions stream;
};

} // namespace mi::cli
