#pragma once
// The one error type of mi.
//
// An Error names a Reason and, optionally, a detail that must be a string literal: StaticText's
// constructor is consteval, so text built at run time (from a document, a file name, a field
// value) cannot become part of an error message. That turns a PHI leak through an error path
// into a compile error instead of a review finding. Configuration errors may also carry a JSON
// pointer and line into the operator's own config file, which is not document content.

#include "core/reason.hpp"

#include <cstdint>
#include <exception>
#include <string>

namespace mi {

// Text known at compile time. The only way to put words into errors, logs and audit records.
class StaticText {
public:
  consteval StaticText(const char *text) : text_(text) {}
  constexpr const char *c_str() const noexcept { return text_; }
  constexpr std::string_view view() const noexcept { return text_; }
  constexpr bool empty() const noexcept { return text_[0] == '\0'; }

private:
  const char *text_;
};

// Where in an operator-authored config (policy, keyring) an error was found.
struct ConfigLocation {
  std::string pointer;   // RFC 6901 JSON pointer, e.g. "/routing/2/destination"
  std::int64_t line = 0; // 1-based; 0 when unknown
};

class Error : public std::exception {
public:
  explicit Error(Reason reason, StaticText detail = "");
  Error(Reason reason, StaticText detail, ConfigLocation where);

  Reason reason() const noexcept { return reason_; }
  StaticText detail() const noexcept { return detail_; }
  const ConfigLocation &config_location() const noexcept { return where_; }
  int exit_status() const noexcept { return reason_exit_status(reason_); }
  // "<description>[: <detail>][ (at <pointer>, line <n>)] [<code>]"
  const char *what() const noexcept override { return message_.c_str(); }

private:
  Reason reason_;
  StaticText detail_;
  ConfigLocation where_;
  std::string message_;
};

} // namespace mi
