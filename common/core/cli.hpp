#pragma once
// What every mi tool's main() shares: the common options, and one place that turns outcomes
// into exit statuses (mi(7)).
//
// run_tool() parses argv, runs the tool body, and maps: --help/--version to 0; CLI11 parse
// errors (which exit 100-114 on their own) to 64; mi::Error to its reason's status; anything
// unexpected to 70, without printing a foreign exception's text (it may quote input). Finally it
// closes stdout and checks it, so a full disk or broken pipe turns into 74, not silent loss.

#include "core/home.hpp"
#include "core/keyring.hpp"
#include "core/policy.hpp"

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

} // namespace mi::cli
