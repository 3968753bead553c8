#include "core/ndjson.hpp"

#include "test_support.hpp"

#include <fcntl.h>
#include <unistd.h>

using namespace mi;

namespace {

// A reader over text written to a temporary file (a file, so any size works without a thread).
struct TextInput {
  explicit TextInput(const std::string &text) {
    file = std::tmpfile();
    REQUIRE(file);
    std::fwrite(text.data(), 1, text.size(), file);
    std::fflush(file);
    fd = ::dup(::fileno(file));
    ::lseek(fd, 0, SEEK_SET);
  }
  ~TextInput() {
    ::close(fd);
    std::fclose(file);
  }
  std::FILE *file;
  int fd;
};

std::vector<Line> read_all(const std::string &text, std::size_t max = default_max_line_bytes) {
  TextInput in(text);
  LineReader reader(in.fd, max);
  std::vector<Line> lines;
  while (auto line = reader.next())
    lines.push_back(*line);
  return lines;
}

} // namespace

TEST_CASE("LineReader splits lines, numbers them and keeps a last line without newline") {
  auto lines = read_all("one\ntwo\n\nfour");
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].text == "one");
  CHECK(lines[0].number == 1);
  CHECK(lines[1].text == "two");
  CHECK(lines[2].text.empty());
  CHECK(lines[3].text == "four");
  CHECK(lines[3].number == 4);
  for (const auto &l : lines)
    CHECK_FALSE(l.too_long);
  CHECK(read_all("").empty());
  CHECK(read_all("x\n").size() == 1);
}

TEST_CASE("LineReader crosses its read buffer without losing bytes") {
  std::string text;
  std::vector<std::string> expected;
  for (int i = 0; i < 3000; ++i) {
    std::string line(static_cast<std::size_t>(i % 97) * 13, static_cast<char>('a' + i % 26));
    line += std::to_string(i);
    expected.push_back(line);
    text += line + "\n";
  }
  auto lines = read_all(text);
  REQUIRE(lines.size() == expected.size());
  for (std::size_t i = 0; i < lines.size(); ++i)
    CHECK(lines[i].text == expected[i]);
}

TEST_CASE("over-long lines are flagged, emptied and skipped whole, wherever they fall") {
  std::string long_line(100, 'x');
  auto lines = read_all("ok\n" + long_line + "\nafter\n" + std::string(10, 'y') + "\n", 10);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].text == "ok");
  CHECK(lines[1].too_long);
  CHECK(lines[1].text.empty());
  CHECK(lines[1].number == 2);
  CHECK(lines[2].text == "after");
  CHECK_FALSE(lines[2].too_long);
  CHECK(lines[3].text == std::string(10, 'y')); // exactly the limit is allowed
  CHECK_FALSE(lines[3].too_long);

  // Longer than the reader's 64 KiB chunk, so the skip spans several reads.
  std::string huge(300000, 'z');
  lines = read_all(huge + "\nnext\n" + huge, 1000);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].too_long);
  CHECK(lines[1].text == "next");
  CHECK(lines[1].number == 2);
  CHECK(lines[2].too_long);
  CHECK(lines[2].number == 3);
}

TEST_CASE("LineReader reports a read error as io_failed") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);
  LineReader reader(fds[1], 100); // reading the write end of a pipe fails with EBADF
  CHECK(test::reason_of([&] { reader.next(); }) == Reason::io_failed);
  ::close(fds[1]);
}

TEST_CASE("LineWriter writes whole lines and flushes each one") {
  std::FILE *f = std::tmpfile();
  REQUIRE(f);
  LineWriter writer(f);
  writer.write_line("{\"a\":1}");
  // Visible through the file descriptor before any fclose: the line was flushed.
  char buffer[64] = {};
  auto n = ::pread(::fileno(f), buffer, sizeof buffer, 0);
  CHECK(std::string(buffer, static_cast<std::size_t>(n)) == "{\"a\":1}\n");
  writer.write_line("");
  CHECK_NOTHROW(writer.finish());
  n = ::pread(::fileno(f), buffer, sizeof buffer, 0);
  CHECK(std::string(buffer, static_cast<std::size_t>(n)) == "{\"a\":1}\n\n");
  std::fclose(f);
}

TEST_CASE("LineWriter on a failing stream throws output_failed") {
  std::FILE *full = std::fopen("/dev/full", "w");
  REQUIRE(full);
  LineWriter writer(full);
  CHECK(test::reason_of([&] { writer.write_line("record"); }) == Reason::output_failed);
  CHECK(test::reason_of([&] { writer.finish(); }) == Reason::output_failed);
  std::fclose(full);

  std::FILE *read_only = std::fopen("/dev/null", "r");
  REQUIRE(read_only);
  LineWriter reader_writer(read_only);
  CHECK(test::reason_of([&] { reader_writer.write_line("x"); }) == Reason::output_failed);
  std::fclose(read_only);
}
