#include "core/home.hpp"

#include "test_support.hpp"

#include <cstdlib>
#include <map>

using namespace mi;

namespace {

// Sets environment variables for one test and restores the previous values afterwards.
class Environment {
public:
  void set(const char *name, const char *value) {
    if (!saved_.count(name)) {
      const char *old = std::getenv(name);
      saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
    }
    if (value)
      setenv(name, value, 1);
    else
      unsetenv(name);
  }
  ~Environment() {
    for (const auto &[name, value] : saved_)
      if (value)
        setenv(name.c_str(), value->c_str(), 1);
      else
        unsetenv(name.c_str());
  }

private:
  std::map<std::string, std::optional<std::string>> saved_;
};

void clear_all(Environment &env) {
  for (auto name : {"MI_HOME", "XDG_DATA_HOME", "MI_KEYRING", "MI_AUDIT_LOG", "MI_VAULT"})
    env.set(name, nullptr);
}

} // namespace

TEST_CASE("--home beats MI_HOME, which beats XDG_DATA_HOME, which beats HOME") {
  Environment env;
  clear_all(env);
  env.set("HOME", "/h");
  CHECK(resolve_home({}).root == "/h/.local/share/mi");
  env.set("XDG_DATA_HOME", "/xdg");
  CHECK(resolve_home({}).root == "/xdg/mi");
  env.set("MI_HOME", "/mi-home");
  CHECK(resolve_home({}).root == "/mi-home");
  HomeOptions o;
  o.home = "/option";
  auto p = resolve_home(o);
  CHECK(p.root == "/option");
  CHECK(p.keyring == "/option/keyring.json");
  CHECK(p.audit_log == "/option/audit.log");
  CHECK(p.vault == "/option/vault");
  env.set("MI_HOME", ""); // empty counts as unset
  CHECK(resolve_home({}).root == "/xdg/mi");
}

TEST_CASE("each file can be named on its own, option before environment") {
  Environment env;
  clear_all(env);
  env.set("MI_HOME", "/home-dir");
  env.set("MI_KEYRING", "/env/keys.json");
  env.set("MI_AUDIT_LOG", "/env/audit.log");
  env.set("MI_VAULT", "/env/vault");
  auto p = resolve_home({});
  CHECK(p.keyring == "/env/keys.json");
  CHECK(p.audit_log == "/env/audit.log");
  CHECK(p.vault == "/env/vault");
  HomeOptions o;
  o.keyring = "/opt/k.json";
  o.audit_log = "/opt/a.log";
  o.vault = "/opt/v";
  p = resolve_home(o);
  CHECK(p.root == "/home-dir");
  CHECK(p.keyring == "/opt/k.json");
  CHECK(p.audit_log == "/opt/a.log");
  CHECK(p.vault == "/opt/v");
}

TEST_CASE("with no home at all resolution is a configuration error") {
  Environment env;
  clear_all(env);
  env.set("HOME", nullptr);
  CHECK(test::reason_of([] { resolve_home({}); }) == Reason::config_invalid);
  HomeOptions o;
  o.home = "/explicit";
  CHECK(resolve_home(o).root == "/explicit");
}
