#include "core/log.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace mi {
namespace {

struct LogState {
  StaticText tool = "mi";
  bool quiet = false;
};
LogState &state() {
  static LogState s;
  return s;
}

bool colour_enabled() {
  static const bool enabled = [] {
    const char *no_colour = std::getenv("NO_COLOR");
    return isatty(STDERR_FILENO) && !(no_colour && *no_colour);
  }();
  return enabled;
}

std::string_view severity_word(Severity s) {
  switch (s) {
  case Severity::error:
    return "error";
  case Severity::warning:
    return "warning";
  default:
    return "note";
  }
}

std::string_view severity_colour(Severity s) {
  switch (s) {
  case Severity::error:
    return "\033[1;31m";
  case Severity::warning:
    return "\033[1;33m";
  default:
    return "\033[1;36m";
  }
}

void write_line(const std::string &line) {
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

void report_line(Severity severity, Reason reason, StaticText detail, const Location &where,
                 std::initializer_list<Field> fields, const ConfigLocation *config = nullptr) {
  if (severity == Severity::note && state().quiet)
    return;
  std::string line(state().tool.view());
  line += ": ";
  if (colour_enabled())
    line.append(severity_colour(severity)).append(severity_word(severity)).append("\033[0m");
  else
    line.append(severity_word(severity));
  std::string context;
  if (!where.source.empty()) {
    context.append("at ").append(where.source.view());
    if (where.number)
      context.append(where.ordinal ? " #" : ":").append(std::to_string(where.number));
  }
  if (config && (!config->pointer.empty() || config->line > 0)) {
    // A pointer into the operator's own config file, not document content.
    if (!context.empty())
      context += ", ";
    context.append("at ").append(config->pointer.empty() ? "/" : config->pointer);
    if (config->line > 0)
      context.append(", line ").append(std::to_string(config->line));
  }
  for (const auto &f : fields) {
    if (!context.empty())
      context += ", ";
    context.append(f.key()).append("=").append(f.text());
  }
  if (!context.empty())
    line.append(" (").append(context).append(")");
  line.append(": ").append(reason_description(reason));
  if (!detail.empty())
    line.append(": ").append(detail.view());
  line.append(" [").append(reason_code(reason)).append("]\n");
  write_line(line);
}

} // namespace

void Log::init(StaticText tool, bool quiet) {
  state().tool = tool;
  state().quiet = quiet;
}
void Log::set_quiet(bool quiet) { state().quiet = quiet; }
bool Log::quiet() { return state().quiet; }
StaticText Log::tool() { return state().tool; }
bool Log::stderr_is_terminal() { return colour_enabled(); }

void Log::report(Severity severity, Reason reason, const Location &where,
                 std::initializer_list<Field> fields) {
  report_line(severity, reason, "", where, fields);
}

void Log::report(Severity severity, const Error &error, const Location &where,
                 std::initializer_list<Field> fields) {
  report_line(severity, error.reason(), error.detail(), where, fields, &error.config_location());
}

void Log::info(StaticText message, std::initializer_list<Field> fields) {
  if (state().quiet)
    return;
  std::string line(state().tool.view());
  line.append(": ").append(message.view());
  bool first = true;
  for (const auto &f : fields) {
    line.append(first ? ": " : ", ").append(f.key()).append(" ").append(f.text());
    first = false;
  }
  line += '\n';
  write_line(line);
}

} // namespace mi
