#pragma once
// Intake limits and active-content rules, read from the policy's "limits" and "intake" sections
// (mi-validate(1) lists each with its default). Defaults are generous for real clinical packets
// (hundreds of 300 dpi pages) and far below what a bomb or pixel flood needs.

#include "core/policy.hpp"

#include <cstdint>
#include <string>

namespace mi::intake {

enum class ActiveContentRule { reject, strip };

struct IntakeLimits {
  std::uint64_t max_file_bytes = 100ull << 20;
  std::uint64_t max_pages = 500;
  std::uint64_t max_objects = 200000;
  std::uint64_t max_image_pixels = 100000000; // 100 Mpx: a 10000 x 10000 image
  double max_page_inches = 200.0;             // longest page side
  std::uint64_t max_decoded_bytes = 256ull << 20;
  double max_decompression_ratio = 500.0; // decoded / file size, once decoded > 16 MiB
  std::uint64_t max_memory_bytes = 1024ull << 20;
  unsigned max_seconds = 30;
};

struct ActiveContentRules {
  ActiveContentRule javascript = ActiveContentRule::reject;
  ActiveContentRule launch = ActiveContentRule::reject;
  ActiveContentRule uri = ActiveContentRule::strip;
  ActiveContentRule embedded_files = ActiveContentRule::reject;
  ActiveContentRule xfa = ActiveContentRule::reject;
};

struct IntakeRules {
  IntakeLimits limits;
  ActiveContentRules active_content;
  std::string clamav_database; // empty: not configured in policy
};

// Throws Error(policy_invalid) naming the offending member.
IntakeRules intake_rules_from_policy(const Policy &policy);

} // namespace mi::intake
