#include "redact/payload.hpp"

#include "core/crypto.hpp"
#include "core/encoding.hpp"

#include <cctype>
#include <vector>

namespace mi::redact {
namespace {

ByteView bytes_of(const std::string &s) {
  return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()};
}

bool accepted(const Json &field) {
  return field.is_object() && field.value("status", "") == "accepted";
}

std::string field_value(const Json &field) {
  if (field.contains("normalized") && field["normalized"].is_string())
    return field["normalized"].get<std::string>();
  if (field.contains("value") && field["value"].is_string())
    return field["value"].get<std::string>();
  return {};
}

// Upper-case letters of a name part: "O'Brien-Smith" and "OBRIEN SMITH" key alike.
std::string letters(std::string_view text) {
  std::string out;
  for (unsigned char c : text)
    if (std::isalpha(c))
      out += static_cast<char>(std::toupper(c));
  return out;
}

// LAST|FIRST from mi-extract's normalized "First Middle Last" (or a reviewer's "Last, First
// Middle"): middle names and initials come and go between forms, suffixes too.
std::optional<std::string> name_key(const std::string &normalized) {
  std::vector<std::string> words;
  auto comma = normalized.find(',');
  std::string ordered = comma == std::string::npos
                            ? normalized
                            : normalized.substr(comma + 1) + " " + normalized.substr(0, comma);
  std::size_t at = 0;
  while (at < ordered.size()) {
    auto end = ordered.find(' ', at);
    if (end == std::string::npos)
      end = ordered.size();
    auto word = letters(ordered.substr(at, end - at));
    if (!word.empty() && word != "JR" && word != "SR" && word != "II" && word != "III" &&
        word != "IV")
      words.push_back(word);
    at = end + 1;
  }
  if (words.size() < 2)
    return std::nullopt;
  return words.back() + "|" + words.front();
}

} // namespace

std::optional<std::string> patient_match_key(const Json &fields, const Secret &ids_key,
                                             const TenantId &tenant,
                                             const std::string &destination) {
  if (!fields.is_object() || !fields.contains("patient_name") || !fields.contains("dob"))
    return std::nullopt;
  const auto &name = fields["patient_name"], &dob = fields["dob"];
  if (!accepted(name) || !accepted(dob))
    return std::nullopt;
  auto key_name = name_key(field_value(name));
  auto birth = field_value(dob);
  if (!key_name || birth.empty())
    return std::nullopt;
  std::string label = "mi match key v1|" + tenant.str() + "|" + destination;
  auto derived = crypto::hmac_sha256(ids_key, bytes_of(label));
  Secret key(ByteView(derived.data(), derived.size()));
  std::string message = *key_name + "|" + birth;
  auto mac = crypto::hmac_sha256(key, bytes_of(message));
  return "mk1_" + hex_encode(ByteView(mac.data(), mac.size()));
}

Json build_payload(const PayloadInput &in, const Secret &ids_key) {
  Json fields = Json::object();
  for (const auto &name : in.destination.fields) {
    bool extracted = in.fields.is_object() && in.fields.contains(name);
    if (name == "document_type" && !extracted) {
      fields[name] = {{"value", in.ops.value("document_type", "unknown")}, {"status", "accepted"}};
      continue;
    }
    if (!extracted) {
      fields[name] = {{"status", "missing"}};
      continue;
    }
    const auto &f = in.fields[name];
    if (accepted(f))
      fields[name] = {{"value", field_value(f)}, {"status", "accepted"}};
    else
      fields[name] = {{"status", f.value("status", "needs_review")}};
  }
  Json payload = {{"destination", in.destination.name},
                  {"tenant", in.tenant.str()},
                  {"document", in.document.str()},
                  {"document_version", in.document_version},
                  {"document_type", in.ops.value("document_type", "unknown")},
                  {"status", in.ops.value("status", "needs_review")},
                  {"policy_version", in.policy_version},
                  {"fields", fields}};
  if (in.destination.match_key)
    if (auto key = patient_match_key(in.fields, ids_key, in.tenant, in.destination.name))
      payload["match_key"] = *key;
  return payload;
}

} // namespace mi::redact
