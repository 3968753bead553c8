#include "core/atomic_file.hpp"

#include "test_support.hpp"

#include <sys/stat.h>

using namespace mi;

namespace {

mode_t mode_of(const std::filesystem::path &p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::size_t entries_in(const std::filesystem::path &dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] auto &e : std::filesystem::directory_iterator(dir))
    ++n;
  return n;
}

} // namespace

TEST_CASE("write_file_atomically writes, replaces, sets the mode and leaves no temporary") {
  test::TempDir dir;
  auto target = dir / "file";
  write_file_atomically(target, std::string_view("first"));
  CHECK(read_file(target) == "first");
  CHECK(mode_of(target) == 0600);
  write_file_atomically(target, std::string_view("second, longer"), 0640);
  CHECK(read_file(target) == "second, longer");
  CHECK(mode_of(target) == 0640);
  write_file_atomically(target, std::string_view(""));
  CHECK(read_file(target).empty());
  CHECK(entries_in(dir.path()) == 1);

  Bytes binary{0, 1, 2, 0xff, '\n', 0};
  write_file_atomically(dir / "bin", ByteView(binary));
  auto back = read_file(dir / "bin");
  CHECK(Bytes(back.begin(), back.end()) == binary);
}

TEST_CASE("a failed write leaves the old file and no temporary behind") {
  test::TempDir dir;
  CHECK(test::reason_of([&] {
          write_file_atomically(dir / "missing-dir" / "file", std::string_view("x"));
        }) == Reason::io_failed);
  // Renaming onto a directory fails after the temporary was written: it must be removed.
  std::filesystem::create_directory(dir / "occupied");
  std::filesystem::create_directory(dir / "occupied" / "child");
  CHECK(test::reason_of([&] { write_file_atomically(dir / "occupied", std::string_view("x")); }) ==
        Reason::io_failed);
  CHECK(entries_in(dir.path()) == 1);
  CHECK(std::filesystem::is_directory(dir / "occupied"));
}

TEST_CASE("read_file reports a missing file as input_missing") {
  test::TempDir dir;
  CHECK(test::reason_of([&] { read_file(dir / "nope"); }) == Reason::input_missing);
  std::string big(200000, 'q');
  big[123456] = 'Z';
  write_file_atomically(dir / "big", std::string_view(big));
  CHECK(read_file(dir / "big") == big);
}

TEST_CASE("make_directories creates every level with the given mode and tolerates existing ones") {
  test::TempDir dir;
  auto deep = dir / "a" / "b" / "c";
  make_directories(deep, 0700);
  CHECK(std::filesystem::is_directory(deep));
  CHECK(mode_of(dir / "a" / "b") == 0700);
  CHECK_NOTHROW(make_directories(deep));
  test::write_text(dir / "plain", "x");
  CHECK(test::reason_of([&] { make_directories(dir / "plain" / "sub"); }) == Reason::io_failed);
}
