#include "core/error.hpp"

namespace mi {

Error::Error(Reason reason, StaticText detail) : Error(reason, detail, ConfigLocation{}) {}

Error::Error(Reason reason, StaticText detail, ConfigLocation where)
    : reason_(reason), detail_(detail), where_(std::move(where)) {
  message_ = std::string(reason_description(reason_));
  if (!detail_.empty())
    message_.append(": ").append(detail_.view());
  if (!where_.pointer.empty() || where_.line > 0) {
    message_.append(" (at ");
    message_.append(where_.pointer.empty() ? "/" : where_.pointer);
    if (where_.line > 0)
      message_.append(", line ").append(std::to_string(where_.line));
    message_.append(")");
  }
  message_.append(" [").append(reason_code(reason_)).append("]");
}

} // namespace mi
