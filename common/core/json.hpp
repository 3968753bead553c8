#pragma once
// JSON conventions shared by every mi file format.
//
// OCR and PDF text routinely contain invalid UTF-8; nlohmann::json::dump() throws on it by
// default, which would turn one bad glyph into a crashed record. Everything mi writes goes
// through to_json_text(), which replaces invalid sequences instead.

#include "core/encoding.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace mi {

using Json = nlohmann::json;

// Compact, sorted-key (std::map order), invalid UTF-8 replaced by U+FFFD.
std::string to_json_text(const Json &value);
// Indented form for humans (mi-inspect --pretty, mi-policy show).
std::string to_pretty_json_text(const Json &value);

// Parses one JSON document; std::nullopt on any syntax error (no exception escapes).
std::optional<Json> parse_json(std::string_view text);

} // namespace mi
