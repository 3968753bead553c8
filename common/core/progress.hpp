#pragma once
// A one-line progress counter on stderr, shown only when stderr is a terminal and the tool is
// not --quiet, so logs of cron jobs and pipelines stay clean.

#include "core/error.hpp"

#include <chrono>
#include <cstdint>

namespace mi {

class Progress {
public:
  // total 0 means unknown (streams): the counter then shows only what was done.
  Progress(StaticText unit, std::uint64_t total = 0);
  ~Progress();
  void advance(std::uint64_t by = 1);
  void finish();

private:
  void draw();
  StaticText unit_;
  std::uint64_t total_;
  std::uint64_t done_ = 0;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

} // namespace mi
