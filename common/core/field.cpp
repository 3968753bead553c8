#include "core/field.hpp"

#include <cstdio>

namespace mi {

Json Field::json() const {
  return std::visit([](const auto &v) { return Json(v); }, value_);
}

std::string Field::text() const {
  struct Visitor {
    std::string operator()(const std::string &s) const { return s; }
    std::string operator()(std::int64_t n) const { return std::to_string(n); }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(double d) const {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.3g", d);
      return buffer;
    }
  };
  return std::visit(Visitor{}, value_);
}

} // namespace mi
