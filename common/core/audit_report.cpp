#include "core/audit_report.hpp"

#include "core/atomic_file.hpp"
#include "core/json.hpp"

#include <deque>
#include <sstream>

namespace mi {
namespace {

bool names_id(const Json &record, const std::string &id) {
  auto ids = record.find("ids");
  if (ids == record.end() || !ids->is_object())
    return false;
  for (const auto &[key, value] : ids->items())
    if (value.is_string() && value.get<std::string>() == id)
      return true;
  return false;
}

bool matches(const Json &record, const AuditSelection &select) {
  if (select.action) {
    auto action = record.value("action", "");
    bool prefix = select.action->ends_with('.');
    if (prefix ? !action.starts_with(*select.action) : action != *select.action)
      return false;
  }
  return !select.id || names_id(record, *select.id);
}

} // namespace

void print_verification(const AuditVerification &v, std::ostream &out) {
  for (const auto &p : v.problems) {
    if (p.record)
      out << "record " << p.record << ": ";
    else
      out << "log: ";
    out << reason_code(p.reason) << ": " << p.detail.view() << '\n';
  }
  out << (v.ok() ? "ok" : "FAILED") << ": " << v.records << " records, " << v.checkpoints
      << " checkpoints, " << v.covered << " covered by a signed checkpoint";
  if (v.records > v.covered)
    out << ", " << (v.records - v.covered) << " after the last checkpoint";
  out << '\n';
}

std::uint64_t print_audit_records(const std::filesystem::path &log, const AuditSelection &select,
                                  std::ostream &out) {
  std::istringstream in(read_file(log));
  std::deque<std::string> selected;
  std::string line;
  while (std::getline(in, line)) {
    auto record = parse_json(line);
    if (!record || !matches(*record, select))
      continue;
    selected.push_back(line);
    if (select.last && selected.size() > *select.last)
      selected.pop_front();
  }
  for (const auto &l : selected)
    out << l << '\n';
  return selected.size();
}

} // namespace mi
