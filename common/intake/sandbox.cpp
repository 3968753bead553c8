#include "intake/sandbox.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <new>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace mi::intake {
namespace {

constexpr int exit_out_of_memory = 3;
constexpr int exit_unexpected = 4;

std::uint64_t current_address_space() {
  std::FILE *statm = std::fopen("/proc/self/statm", "r");
  unsigned long pages = 0;
  if (statm) {
    if (std::fscanf(statm, "%lu", &pages) != 1)
      pages = 0;
    std::fclose(statm);
  }
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

[[noreturn]] void run_child(int out_fd, const SandboxLimits &limits,
                            const std::function<Bytes()> &work) {
  int null_fd = ::open("/dev/null", O_RDWR);
  if (null_fd >= 0) {
    ::dup2(null_fd, STDIN_FILENO);
    ::dup2(null_fd, STDOUT_FILENO);
    ::dup2(null_fd, STDERR_FILENO);
  }
  rlimit core{0, 0};
  ::setrlimit(RLIMIT_CORE, &core);
  rlimit cpu{limits.cpu_seconds, limits.cpu_seconds + 1};
  ::setrlimit(RLIMIT_CPU, &cpu);
#if !defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer reserves terabytes of shadow address space; only plain builds are capped.
  rlimit memory{};
  memory.rlim_cur = memory.rlim_max = current_address_space() + limits.memory_bytes;
  ::setrlimit(RLIMIT_AS, &memory);
#endif
  int status = 0;
  try {
    Bytes output = work();
    status = write_all(out_fd, output) ? 0 : exit_unexpected;
  } catch (const std::bad_alloc &) {
    status = exit_out_of_memory;
  } catch (...) {
    status = exit_unexpected;
  }
  ::close(out_fd);
  ::_exit(status);
}

} // namespace

SandboxResult run_sandboxed(const SandboxLimits &limits, const std::function<Bytes()> &work) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw Error(Reason::internal, "cannot create a pipe for the sandbox");
  std::fflush(nullptr);
  pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw Error(Reason::internal, "cannot fork the sandbox");
  }
  if (child == 0) {
    ::close(fds[0]);
    run_child(fds[1], limits, work);
  }
  ::close(fds[1]);

  SandboxResult result;
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(2 * limits.cpu_seconds + 5);
  bool timed_out = false;
  unsigned char buffer[1 << 16];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready <= 0)
      continue;
    ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    result.output.insert(result.output.end(), buffer, buffer + n);
  }
  ::close(fds[0]);
  if (timed_out)
    ::kill(child, SIGKILL);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out ||
      (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL))) {
    result.failure = Reason::parse_timeout;
  } else if (WIFSIGNALED(status)) {
    result.failure = Reason::parse_crashed;
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == exit_out_of_memory) {
    result.failure = Reason::resource_limit;
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    result.failure = Reason::parse_crashed;
  }
  if (result.failure != Reason::ok)
    result.output.clear();
  return result;
}

} // namespace mi::intake
