#pragma once
// Identifiers that may appear in clear: in envelope headers, logs, audit records, file names.
//
// Each kind of id is its own type, so a function that takes a TraceId cannot be handed a field
// value, and the logger and audit log accept only these types (see log.hpp). Random ids are a
// prefix plus 26 base32 characters (128 bits). Tenant, case and destination names are chosen by
// operators and restricted to a slug alphabet so they cannot smuggle free text.

#include "core/crypto.hpp"

#include <string>
#include <string_view>

namespace mi {

enum class IdKind {
  record,
  trace,
  document,
  key,
  object,
  tenant,
  case_id,
  destination,
  stage,
  compartment, // "ops", "phi", "ids" or "to:<destination>"
  user         // an operator or service account (slug, or letters, digits, . _ - @)
};

// "rec_", "tr_", "doc_", "k_", "obj_"; empty for operator-chosen slugs.
std::string_view id_prefix(IdKind kind) noexcept;
bool is_valid_id(IdKind kind, std::string_view text) noexcept;

template <IdKind Kind> class Id {
public:
  Id() = default;
  // Throws Error(envelope_header_invalid) unless text is a valid id of this kind.
  static Id parse(std::string_view text);
  static Id generate(); // random ids only
  // Deterministic id: a keyed hash of its inputs, so re-running a batch yields the same ids.
  static Id derive(const Secret &key, std::string_view material);

  const std::string &str() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }
  friend bool operator==(const Id &, const Id &) = default;
  friend auto operator<=>(const Id &, const Id &) = default;

private:
  explicit Id(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

using RecordId = Id<IdKind::record>;
using TraceId = Id<IdKind::trace>;
using DocumentId = Id<IdKind::document>;
using KeyId = Id<IdKind::key>;
using ObjectId = Id<IdKind::object>;
using TenantId = Id<IdKind::tenant>;
using CaseId = Id<IdKind::case_id>;
using DestinationName = Id<IdKind::destination>;
using StageName = Id<IdKind::stage>;
using CompartmentName = Id<IdKind::compartment>;
using UserId = Id<IdKind::user>;

extern template class Id<IdKind::record>;
extern template class Id<IdKind::trace>;
extern template class Id<IdKind::document>;
extern template class Id<IdKind::key>;
extern template class Id<IdKind::object>;
extern template class Id<IdKind::tenant>;
extern template class Id<IdKind::case_id>;
extern template class Id<IdKind::destination>;
extern template class Id<IdKind::stage>;
extern template class Id<IdKind::compartment>;
extern template class Id<IdKind::user>;

} // namespace mi
