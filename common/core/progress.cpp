#include "core/progress.hpp"

#include "core/log.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace mi {

Progress::Progress(StaticText unit, std::uint64_t total)
    : unit_(unit), total_(total), enabled_(Log::stderr_is_terminal() && !Log::quiet()) {}

Progress::~Progress() { finish(); }

void Progress::advance(std::uint64_t by) {
  done_ += by;
  if (!enabled_)
    return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ >= std::chrono::milliseconds(100)) {
    last_draw_ = now;
    draw();
  }
}

void Progress::draw() {
  std::string line = "\r\033[K";
  line += Log::tool().view();
  line += ": ";
  line += std::to_string(done_);
  if (total_) {
    line += "/" + std::to_string(total_) + " ";
    line += unit_.view();
    int width = 30;
    // done_ can pass a total that was an estimate; a bar longer than its width would throw.
    auto filled = static_cast<int>(width * std::min(done_, total_) / total_);
    line += " [" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
  } else {
    line += " ";
    line += unit_.view();
  }
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() {
  if (enabled_ && drawn_) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }
}

} // namespace mi
