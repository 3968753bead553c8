#pragma once
// The policy: one versioned JSON file that drives every decision a stage makes (see
// mi-policy(5)), so rules change without a rebuild.
//
// load() validates the whole file up front and reports the first problem with its JSON pointer
// and line, so an operator fixes a typo before a batch runs rather than in the middle of one.
// Sections are validated by their own checkers as stages come to use them.

#include "core/clock.hpp"
#include "core/json.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace mi {

inline constexpr std::string_view policy_schema = "mi-policy/1";

class Policy {
public:
  // The policy compiled into every tool (common/policy/default-policy.json).
  static Policy builtin();
  // Throws Error(policy_invalid) naming the pointer and line of the first problem, or
  // Error(input_missing) if the file cannot be read.
  static Policy load(const std::filesystem::path &path);
  static Policy parse(std::string_view text);
  // --policy FILE, else $MI_POLICY, else the built-in policy.
  static Policy from_option(const std::optional<std::filesystem::path> &path);

  const std::string &version() const noexcept { return version_; }
  const Json &document() const noexcept { return document_; }
  // A top-level section, or an empty object when the policy omits it.
  const Json &section(std::string_view name) const;
  // Retention deadline for an object kind ("source", "page_image", ...) created at `created`.
  std::optional<TimePoint> retention_deadline(std::string_view kind, TimePoint created) const;

private:
  Json document_;
  std::string version_;
};

std::string_view default_policy_text();

} // namespace mi
