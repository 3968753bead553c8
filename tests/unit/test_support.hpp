#pragma once
// Helpers shared by the unit tests: temporary directories, stderr capture and a way to ask which
// Reason an operation failed with. Header-only, and not a *_test.cpp, so the test glob skips it.

#include "core/error.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace mi::test {

// A fresh directory under the system temporary directory with a random name, removed (with
// everything in it) when the test ends, pass or fail.
class TempDir {
public:
  TempDir() {
    std::random_device device;
    std::mt19937_64 generator(device());
    for (int attempt = 0; attempt < 100; ++attempt) {
      char name[40];
      std::snprintf(name, sizeof name, "mi-unit-%016llx",
                    static_cast<unsigned long long>(generator()));
      auto candidate = std::filesystem::temp_directory_path() / name;
      std::error_code ec;
      if (std::filesystem::create_directory(candidate, ec)) {
        path_ = candidate;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
        return;
      }
    }
    FAIL("cannot create a temporary directory");
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  const std::filesystem::path &path() const { return path_; }
  std::filesystem::path operator/(const std::string &name) const { return path_ / name; }

private:
  std::filesystem::path path_;
};

// Redirects file descriptor 2 (and the stderr FILE) into a temporary file while alive; text()
// returns what was written. A file rather than a pipe, so a large write cannot block the test.
class StderrCapture {
public:
  StderrCapture() {
    std::fflush(stderr);
    saved_ = ::dup(STDERR_FILENO);
    std::FILE *temp = std::tmpfile();
    REQUIRE(temp != nullptr);
    file_ = temp;
    ::dup2(::fileno(file_), STDERR_FILENO);
  }
  ~StderrCapture() { restore(); }
  StderrCapture(const StderrCapture &) = delete;
  StderrCapture &operator=(const StderrCapture &) = delete;

  std::string text() {
    std::fflush(stderr);
    std::string out;
    char buffer[4096];
    off_t offset = 0;
    ssize_t n;
    while ((n = ::pread(::fileno(file_), buffer, sizeof buffer, offset)) > 0) {
      out.append(buffer, static_cast<std::size_t>(n));
      offset += n;
    }
    return out;
  }

  void restore() {
    if (saved_ < 0)
      return;
    std::fflush(stderr);
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    saved_ = -1;
    std::fclose(file_);
  }

private:
  int saved_ = -1;
  std::FILE *file_ = nullptr;
};

// The Reason an operation failed with, Reason::ok if it succeeded. Any other exception is a
// test failure, which is the point: mi promises to fail only with mi::Error.
inline Reason reason_of(const std::function<void()> &operation) {
  try {
    operation();
  } catch (const Error &e) {
    return e.reason();
  }
  return Reason::ok;
}

inline std::string read_text(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void write_text(const std::filesystem::path &path, const std::string &text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline std::vector<std::string> split_lines(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    lines.push_back(line);
  return lines;
}

inline std::string join_lines(const std::vector<std::string> &lines) {
  std::string out;
  for (const auto &l : lines)
    out += l + "\n";
  return out;
}

} // namespace mi::test

// Lets doctest print a Reason by its code in failure messages.
namespace doctest {
template <> struct StringMaker<mi::Reason> {
  static String convert(mi::Reason r) { return String(std::string(mi::reason_code(r)).c_str()); }
};
} // namespace doctest
