#include "core/policy.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace mi {
namespace {

constexpr std::array known_sections{"schema",    "policy_version", "description",    "fields",
                                    "limits",    "intake",         "document_types", "split",
                                    "extract",   "routing",        "destinations",   "redaction",
                                    "signature", "retention",      "review"};

// Best-effort line of a JSON pointer: follows each member name's first quoted occurrence after
// the previous one. Good enough to point an operator at the right place in their own file.
std::int64_t line_of(std::string_view text, std::string_view pointer) {
  std::size_t position = 0;
  std::size_t start = 1;
  while (start <= pointer.size() && !pointer.empty()) {
    auto end = pointer.find('/', start);
    auto token =
        pointer.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    bool is_index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    if (!is_index) {
      auto found = text.find("\"" + std::string(token) + "\"", position);
      if (found == std::string_view::npos)
        break;
      position = found;
    }
    if (end == std::string_view::npos)
      break;
    start = end + 1;
  }
  std::int64_t line = 1;
  for (std::size_t i = 0; i < position && i < text.size(); ++i)
    line += text[i] == '\n';
  return line;
}

struct Checker {
  std::string_view text;

  [[noreturn]] void fail(StaticText what, const std::string &pointer) const {
    throw Error(Reason::policy_invalid, what, ConfigLocation{pointer, line_of(text, pointer)});
  }

  void require_object(const Json &j, const std::string &pointer) const {
    if (!j.is_object())
      fail("must be an object", pointer);
  }

  void check_fields(const Json &fields) const {
    require_object(fields, "/fields");
    for (const auto &[name, spec] : fields.items()) {
      std::string p = "/fields/" + name;
      require_object(spec, p);
      auto cls = spec.find("class");
      if (cls == spec.end() || !cls->is_string() ||
          (cls->get<std::string>() != "phi" && cls->get<std::string>() != "ops"))
        fail("class must be \"phi\" or \"ops\"", p + "/class");
    }
  }

  void check_retention(const Json &retention) const {
    require_object(retention, "/retention");
    for (const auto &[name, value] : retention.items()) {
      std::string p = "/retention/" + name;
      if (!name.ends_with("_days"))
        fail("retention entries are <kind>_days", p);
      if (!value.is_number_unsigned())
        fail("must be a whole number of days", p);
    }
  }

  void check(const Json &doc) const {
    require_object(doc, "");
    for (const auto &[key, value] : doc.items())
      if (std::find(known_sections.begin(), known_sections.end(), key) == known_sections.end())
        fail("unknown top-level section", "/" + key);
    auto schema = doc.find("schema");
    if (schema == doc.end() || !schema->is_string() || schema->get<std::string>() != policy_schema)
      fail("schema must be \"mi-policy/1\"", "/schema");
    auto version = doc.find("policy_version");
    if (version == doc.end() || !version->is_string() || version->get<std::string>().empty())
      fail("policy_version is required (a string such as \"2026.12.0\")", "/policy_version");
    for (char c : version->get<std::string>())
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
        fail("policy_version may hold only letters, digits, '.', '-' and '_'", "/policy_version");
    if (doc.contains("fields"))
      check_fields(doc["fields"]);
    if (doc.contains("retention"))
      check_retention(doc["retention"]);
    if (doc.contains("routing") && !doc["routing"].is_array())
      fail("must be an array of rules", "/routing");
    for (const char *name : {"limits", "intake", "document_types", "split", "extract",
                             "destinations", "redaction", "signature", "review"})
      if (doc.contains(name))
        require_object(doc[name], std::string("/") + name);
  }
};

std::int64_t line_at_offset(std::string_view text, std::size_t offset) {
  std::int64_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    line += text[i] == '\n';
  return line;
}

} // namespace

Policy Policy::parse(std::string_view text) {
  Policy p;
  try {
    p.document_ = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error &e) {
    throw Error(Reason::policy_invalid, "not valid JSON",
                ConfigLocation{"", line_at_offset(text, e.byte)});
  }
  Checker{text}.check(p.document_);
  p.version_ = p.document_["policy_version"].get<std::string>();
  return p;
}

Policy Policy::builtin() { return parse(default_policy_text()); }

Policy Policy::load(const std::filesystem::path &path) { return parse(read_file(path)); }

Policy Policy::from_option(const std::optional<std::filesystem::path> &path) {
  if (path)
    return load(*path);
  if (const char *env = std::getenv("MI_POLICY"); env && *env)
    return load(env);
  return builtin();
}

const Json &Policy::section(std::string_view name) const {
  static const Json empty = Json::object();
  auto it = document_.find(name);
  return it == document_.end() ? empty : *it;
}

std::optional<TimePoint> Policy::retention_deadline(std::string_view kind,
                                                    TimePoint created) const {
  const auto &retention = section("retention");
  auto it = retention.find(std::string(kind) + "_days");
  if (it == retention.end())
    return std::nullopt;
  return created + std::chrono::days(it->get<std::uint64_t>());
}

} // namespace mi
