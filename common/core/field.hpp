#pragma once
// A named value that is safe to write outside the encrypted boundary.
//
// Logs, diagnostics and audit records are built only from Fields, and a Field can only be made
// from an identifier type, a reason code, a number, a boolean or compile-time text. There is
// deliberately no constructor from std::string: document content cannot reach a log line
// without a cast that a reviewer would see.

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"

#include <concepts>
#include <cstdint>
#include <string>
#include <variant>

namespace mi {

class Field {
public:
  template <IdKind Kind> Field(StaticText key, const Id<Kind> &id) : key_(key), value_(id.str()) {}
  Field(StaticText key, Reason reason) : key_(key), value_(std::string(reason_code(reason))) {}
  Field(StaticText key, StaticText text) : key_(key), value_(std::string(text.view())) {}
  Field(StaticText key, bool flag) : key_(key), value_(flag) {}
  template <std::integral Number>
  requires(!std::same_as<Number, bool>) Field(StaticText key, Number number)
      : key_(key), value_(static_cast<std::int64_t>(number)) {}
  Field(StaticText key, double number) : key_(key), value_(number) {}

  std::string_view key() const noexcept { return key_.view(); }
  Json json() const;
  std::string text() const; // for "key=value" in diagnostics

private:
  StaticText key_;
  std::variant<std::string, std::int64_t, double, bool> value_;
};

} // namespace mi
