#include "core/ids.hpp"

#include "core/error.hpp"

namespace mi {
namespace {

constexpr std::size_t random_id_chars = 26; // 128 bits of base32

bool is_base32(char c) { return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'); }

bool is_slug(std::string_view text, std::size_t max) {
  if (text.empty() || text.size() > max)
    return false;
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
      return false;
  return text.front() != '.' && text.front() != '-';
}

// Operator and reviewer ids: a slug, or an account name such as "qa@clinic" or "J.Doe" (letters
// of either case and '@' too), still with no space or other character that could carry text.
bool is_operator_id(std::string_view text) {
  if (text.empty() || text.size() > 64)
    return false;
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '.' || c == '@'))
      return false;
  return text.front() != '.' && text.front() != '-' && text.front() != '@';
}

bool is_random_id(std::string_view prefix, std::string_view text) {
  if (!text.starts_with(prefix) || text.size() != prefix.size() + random_id_chars)
    return false;
  for (char c : text.substr(prefix.size()))
    if (!is_base32(c))
      return false;
  return true;
}

} // namespace

std::string_view id_prefix(IdKind kind) noexcept {
  switch (kind) {
  case IdKind::record:
    return "rec_";
  case IdKind::trace:
    return "tr_";
  case IdKind::document:
    return "doc_";
  case IdKind::key:
    return "k_";
  case IdKind::object:
    return "obj_";
  default:
    return "";
  }
}

bool is_valid_id(IdKind kind, std::string_view text) noexcept {
  switch (kind) {
  case IdKind::tenant:
  case IdKind::case_id:
    return is_slug(text, 64);
  case IdKind::user:
    return is_operator_id(text);
  case IdKind::destination:
  case IdKind::stage:
    return is_slug(text, 32);
  case IdKind::compartment:
    return text == "ops" || text == "phi" || text == "ids" ||
           (text.starts_with("to:") && is_slug(text.substr(3), 32));
  default:
    return is_random_id(id_prefix(kind), text);
  }
}

template <IdKind Kind> Id<Kind> Id<Kind>::parse(std::string_view text) {
  if (!is_valid_id(Kind, text))
    throw Error(Reason::envelope_header_invalid, "not a valid identifier");
  return Id(std::string(text));
}

template <IdKind Kind> Id<Kind> Id<Kind>::generate() {
  if (id_prefix(Kind).empty())
    throw Error(Reason::internal, "operator-chosen names are never generated");
  auto bytes = crypto::random_bytes(16);
  return Id(std::string(id_prefix(Kind)) + base32_encode(bytes));
}

template <IdKind Kind> Id<Kind> Id<Kind>::derive(const Secret &key, std::string_view material) {
  if (id_prefix(Kind).empty())
    throw Error(Reason::internal, "operator-chosen names are never generated");
  std::string domain = "mi-id-v1";
  domain += '\0';
  domain += id_prefix(Kind);
  domain += '\0';
  domain += material;
  auto mac = crypto::hmac_sha256(key, as_bytes(domain));
  wipe(domain);
  return Id(std::string(id_prefix(Kind)) + base32_encode(ByteView(mac).first(16)));
}

template class Id<IdKind::record>;
template class Id<IdKind::trace>;
template class Id<IdKind::document>;
template class Id<IdKind::key>;
template class Id<IdKind::object>;
template class Id<IdKind::tenant>;
template class Id<IdKind::case_id>;
template class Id<IdKind::destination>;
template class Id<IdKind::stage>;
template class Id<IdKind::compartment>;
template class Id<IdKind::user>;

} // namespace mi
