#pragma once
// Runs work on hostile input in a forked child with a memory cap (RLIMIT_AS), a CPU-time cap
// (RLIMIT_CPU), a wall-clock deadline enforced by the parent, no core dumps, and stdin, stdout
// and stderr on /dev/null (parsers print what they parse). Key pages are zeroed in the child
// (MADV_WIPEONFORK, see secret.hpp). A parser that crashes, hangs or exhausts memory costs one
// upload, never the batch.

#include "core/encoding.hpp"
#include "core/reason.hpp"

#include <functional>

namespace mi::intake {

struct SandboxLimits {
  std::uint64_t memory_bytes = 1024ull << 20; // on top of what the process already maps
  unsigned cpu_seconds = 30;
};

struct SandboxResult {
  Reason failure = Reason::ok; // parse_timeout, parse_crashed or resource_limit when not ok
  Bytes output;                // what work returned, when failure is ok
};

SandboxResult run_sandboxed(const SandboxLimits &limits, const std::function<Bytes()> &work);

} // namespace mi::intake
