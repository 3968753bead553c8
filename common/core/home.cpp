#include "core/home.hpp"

#include "core/error.hpp"

#include <cstdlib>

namespace mi {
namespace {

std::optional<std::filesystem::path> from_env(const char *name) {
  const char *value = std::getenv(name);
  if (value && *value)
    return std::filesystem::path(value);
  return std::nullopt;
}

std::filesystem::path default_root() {
  if (auto home = from_env("MI_HOME"))
    return *home;
  if (auto xdg = from_env("XDG_DATA_HOME"))
    return *xdg / "mi";
  if (auto home = from_env("HOME"))
    return *home / ".local/share/mi";
  throw Error(Reason::config_invalid, "set MI_HOME or HOME");
}

} // namespace

HomePaths resolve_home(const HomeOptions &options) {
  HomePaths p;
  p.root = options.home ? *options.home : default_root();
  p.keyring = options.keyring          ? *options.keyring
              : from_env("MI_KEYRING") ? *from_env("MI_KEYRING")
                                       : p.root / "keyring.json";
  p.audit_log = options.audit_log          ? *options.audit_log
                : from_env("MI_AUDIT_LOG") ? *from_env("MI_AUDIT_LOG")
                                           : p.root / "audit.log";
  p.vault = options.vault          ? *options.vault
            : from_env("MI_VAULT") ? *from_env("MI_VAULT")
                                   : p.root / "vault";
  return p;
}

} // namespace mi
