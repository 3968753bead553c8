#pragma once
// Line-oriented I/O for NDJSON streams.
//
// LineReader reads from a file descriptor with a hard cap on line length, so a hostile or
// corrupt stream cannot make a stage allocate without bound. LineWriter writes whole lines and
// flushes each one (a downstream stage sees every record as soon as it is complete) and turns any
// write error into Error(output_failed), which tools map to exit status 74.

#include "core/error.hpp"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace mi {

inline constexpr std::size_t default_max_line_bytes = 256u << 20; // 256 MiB

struct Line {
  std::string text;         // without the trailing newline
  std::uint64_t number = 0; // 1-based
  bool too_long = false;    // text is empty and the rest of the line was skipped
};

class LineReader {
public:
  explicit LineReader(int fd, std::size_t max_line_bytes = default_max_line_bytes);
  // Next line, or std::nullopt at end of input. Throws Error(io_failed) on a read error.
  std::optional<Line> next();

private:
  bool fill();
  int fd_;
  std::size_t max_;
  std::string buffer_;
  std::size_t position_ = 0;
  std::uint64_t number_ = 0;
  bool eof_ = false;
};

class LineWriter {
public:
  explicit LineWriter(std::FILE *stream) : stream_(stream) {}
  // Writes text plus '\n' and flushes.
  void write_line(std::string_view text);
  // Final check (fflush + ferror); close_stdout() for stdout also checks fclose.
  void finish();

private:
  std::FILE *stream_;
};

// Closes stdout and reports whether everything written reached it (git's approach): a full disk
// or closed pipe must not pass silently. Returns false on failure.
bool close_stdout_checked() noexcept;

} // namespace mi
