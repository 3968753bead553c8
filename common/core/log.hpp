#pragma once
// The one diagnostics channel: stderr, in git's message style.
//
//   mi-ocr: error (at <stdin>:17, trace=tr_…): compartment failed authentication [code]
//
// Messages are a reason code's fixed description plus Fields (ids, codes, numbers); see
// field.hpp for why nothing else can be passed. stdout is reserved for records.

#include "core/field.hpp"

#include <cstdint>
#include <initializer_list>

namespace mi {

enum class Severity { error, warning, note };

// Where a problem was found, without naming the file: input file names can hold patient names.
struct Location {
  StaticText source = "";   // "<stdin>", "input", "audit log", ...
  std::uint64_t number = 0; // line number, or the input's ordinal when ordinal is true
  bool ordinal = false;

  static Location line(StaticText source, std::uint64_t line) { return {source, line, false}; }
  static Location input(std::uint64_t ordinal) { return {"input", ordinal, true}; }
};

class Log {
public:
  // Called once by each tool's main before anything else.
  static void init(StaticText tool, bool quiet = false);
  static void set_quiet(bool quiet);
  static bool quiet();
  static StaticText tool();

  static void report(Severity severity, Reason reason, const Location &where = {},
                     std::initializer_list<Field> fields = {});
  // An Error caught at a tool's top level or per record: its reason plus its static detail.
  static void report(Severity severity, const Error &error, const Location &where = {},
                     std::initializer_list<Field> fields = {});
  // Progress and summaries: suppressed by --quiet.
  static void info(StaticText message, std::initializer_list<Field> fields = {});

  // Whether stderr is an interactive terminal that accepts colour/progress output.
  static bool stderr_is_terminal();
};

} // namespace mi
