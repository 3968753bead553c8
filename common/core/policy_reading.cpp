#include "core/policy_reading.hpp"

namespace mi::policy_reading {

void invalid(StaticText what, const std::string &pointer) {
  throw Error(Reason::policy_invalid, what, ConfigLocation{pointer, 0});
}

std::vector<std::string> strings(const Json &value, const std::string &pointer) {
  if (!value.is_array())
    invalid("must be an array of strings", pointer);
  std::vector<std::string> out;
  for (const auto &item : value) {
    if (!item.is_string() || item.get<std::string>().empty())
      invalid("must be an array of non-empty strings", pointer);
    out.push_back(item.get<std::string>());
  }
  return out;
}

double number_in(const Json &object, const char *key, double fallback, double low, double high,
                 const std::string &pointer) {
  auto it = object.find(key);
  if (it == object.end())
    return fallback;
  if (!it->is_number() || it->get<double>() < low || it->get<double>() > high)
    invalid("is out of range", pointer + "/" + key);
  return it->get<double>();
}

bool flag(const Json &object, const char *key, bool fallback, const std::string &pointer) {
  auto it = object.find(key);
  if (it == object.end())
    return fallback;
  if (!it->is_boolean())
    invalid("must be true or false", pointer + "/" + key);
  return it->get<bool>();
}

} // namespace mi::policy_reading
