#include "core/json.hpp"

namespace mi {

std::string to_json_text(const Json &value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string to_pretty_json_text(const Json &value) {
  return value.dump(2, ' ', false, Json::error_handler_t::replace);
}

std::optional<Json> parse_json(std::string_view text) {
  auto parsed = Json::parse(text.begin(), text.end(), nullptr, false);
  if (parsed.is_discarded())
    return std::nullopt;
  return parsed;
}

} // namespace mi
