#include "core/ndjson.hpp"

#include <cerrno>
#include <unistd.h>

namespace mi {

LineReader::LineReader(int fd, std::size_t max_line_bytes) : fd_(fd), max_(max_line_bytes) {}

bool LineReader::fill() {
  if (eof_)
    return false;
  if (position_ > 0) {
    buffer_.erase(0, position_);
    position_ = 0;
  }
  char chunk[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      throw Error(Reason::io_failed, "reading input failed");
    if (n == 0) {
      eof_ = true;
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
}

std::optional<Line> LineReader::next() {
  bool skipping = false;
  for (;;) {
    auto newline = buffer_.find('\n', position_);
    if (newline != std::string::npos) {
      Line line;
      line.number = ++number_;
      if (skipping) {
        line.too_long = true;
      } else if (newline - position_ > max_) {
        line.too_long = true;
      } else {
        line.text.assign(buffer_, position_, newline - position_);
      }
      position_ = newline + 1;
      return line;
    }
    if (buffer_.size() - position_ > max_) {
      // Drop what we have of an over-long line and keep discarding until its end.
      skipping = true;
      buffer_.clear();
      position_ = 0;
    }
    if (!fill()) {
      if (buffer_.size() == position_ && !skipping)
        return std::nullopt;
      // Last line without a trailing newline: still a record (truncation is caught by parsing).
      Line line;
      line.number = ++number_;
      line.too_long = skipping;
      if (!skipping)
        line.text.assign(buffer_, position_, std::string::npos);
      buffer_.clear();
      position_ = 0;
      return line;
    }
  }
}

void LineWriter::write_line(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stream_) != text.size() ||
      std::fputc('\n', stream_) == EOF || std::fflush(stream_) != 0)
    throw Error(Reason::output_failed);
}

void LineWriter::finish() {
  if (std::fflush(stream_) != 0 || std::ferror(stream_))
    throw Error(Reason::output_failed);
}

bool close_stdout_checked() noexcept {
  bool ok = std::fflush(stdout) == 0 && !std::ferror(stdout);
  if (std::fclose(stdout) != 0)
    ok = false;
  return ok;
}

} // namespace mi
