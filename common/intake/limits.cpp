#include "intake/limits.hpp"

#include "core/error.hpp"

namespace mi::intake {
namespace {

[[noreturn]] void invalid(StaticText what, const std::string &pointer) {
  throw Error(Reason::policy_invalid, what, ConfigLocation{pointer, 0});
}

void read_unsigned(const Json &section, const char *name, const char *where,
                   std::uint64_t &target) {
  auto it = section.find(name);
  if (it == section.end())
    return;
  if (!it->is_number_unsigned() || it->get<std::uint64_t>() == 0)
    invalid("must be a positive whole number", std::string(where) + "/" + name);
  target = it->get<std::uint64_t>();
}

void read_positive(const Json &section, const char *name, const char *where, double &target) {
  auto it = section.find(name);
  if (it == section.end())
    return;
  if (!it->is_number() || it->get<double>() <= 0)
    invalid("must be a positive number", std::string(where) + "/" + name);
  target = it->get<double>();
}

void read_rule(const Json &section, const char *name, ActiveContentRule &target) {
  auto it = section.find(name);
  if (it == section.end())
    return;
  if (*it == "reject")
    target = ActiveContentRule::reject;
  else if (*it == "strip")
    target = ActiveContentRule::strip;
  else
    invalid("must be \"reject\" or \"strip\"", std::string("/intake/active_content/") + name);
}

} // namespace

IntakeRules intake_rules_from_policy(const Policy &policy) {
  IntakeRules rules;
  const Json &limits = policy.section("limits");
  auto &l = rules.limits;
  read_unsigned(limits, "max_file_bytes", "/limits", l.max_file_bytes);
  read_unsigned(limits, "max_pages", "/limits", l.max_pages);
  read_unsigned(limits, "max_objects", "/limits", l.max_objects);
  read_unsigned(limits, "max_image_pixels", "/limits", l.max_image_pixels);
  read_positive(limits, "max_page_inches", "/limits", l.max_page_inches);
  read_unsigned(limits, "max_decoded_bytes", "/limits", l.max_decoded_bytes);
  read_positive(limits, "max_decompression_ratio", "/limits", l.max_decompression_ratio);
  std::uint64_t memory_mb = l.max_memory_bytes >> 20, seconds = l.max_seconds;
  read_unsigned(limits, "max_memory_mb", "/limits", memory_mb);
  read_unsigned(limits, "max_seconds", "/limits", seconds);
  l.max_memory_bytes = memory_mb << 20;
  l.max_seconds = static_cast<unsigned>(seconds);

  const Json &intake = policy.section("intake");
  if (auto it = intake.find("active_content"); it != intake.end()) {
    if (!it->is_object())
      invalid("must be an object", "/intake/active_content");
    auto &a = rules.active_content;
    read_rule(*it, "javascript", a.javascript);
    read_rule(*it, "launch", a.launch);
    read_rule(*it, "uri", a.uri);
    read_rule(*it, "embedded_files", a.embedded_files);
    read_rule(*it, "xfa", a.xfa);
  }
  if (auto it = intake.find("clamav_database"); it != intake.end()) {
    if (!it->is_string())
      invalid("must be a directory or file path", "/intake/clamav_database");
    rules.clamav_database = it->get<std::string>();
  }
  return rules;
}

} // namespace mi::intake
