#pragma once
// Where the embedded defaults live: one directory, "mi home", holding the local keyring, vault,
// audit log and outbox. Resolution order for the directory: --home, $MI_HOME,
// $XDG_DATA_HOME/mi, ~/.local/share/mi. Each file can also be named on its own (--keyring,
// $MI_KEYRING; --audit-log, $MI_AUDIT_LOG; --vault, $MI_VAULT). See mi(7).

#include <filesystem>
#include <optional>

namespace mi {

struct HomeOptions {
  std::optional<std::filesystem::path> home;
  std::optional<std::filesystem::path> keyring;
  std::optional<std::filesystem::path> audit_log;
  std::optional<std::filesystem::path> vault;
};

struct HomePaths {
  std::filesystem::path root;
  std::filesystem::path keyring;
  std::filesystem::path audit_log;
  std::filesystem::path vault;
};

HomePaths resolve_home(const HomeOptions &options);

} // namespace mi
