#pragma once
// Reading the audit log for people: the verification report and record selection behind
// mi-audit(1). Audit records hold ids and codes only, so printing them needs no key.

#include "core/audit.hpp"

#include <optional>
#include <ostream>
#include <string>

namespace mi {

// "record 17: audit_chain_broken: prev does not match ..." lines, then a summary line.
void print_verification(const AuditVerification &v, std::ostream &out);

struct AuditSelection {
  std::optional<std::uint64_t> last; // only the last N records
  std::optional<std::string> action; // exact action, or a prefix ending in '.'
  std::optional<std::string> id;     // records naming this id
};

// Writes the selected records, one JSON object per line. Returns how many were written.
std::uint64_t print_audit_records(const std::filesystem::path &log, const AuditSelection &select,
                                  std::ostream &out);

} // namespace mi
