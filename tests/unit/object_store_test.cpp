#include "core/object_store.hpp"

#include "test_support.hpp"

#include <sys/stat.h>

using namespace mi;

TEST_CASE("put, get, exists, list and remove") {
  test::TempDir dir;
  DirectoryObjectStore store(dir / "store");
  CHECK(store.list().empty());
  CHECK_FALSE(store.get("obj_abc.blob"));
  CHECK_FALSE(store.exists("obj_abc.blob"));

  Bytes a{1, 2, 3}, b{'h', 'i'};
  store.put("obj_abc.blob", a);
  store.put("obj_abc.meta", b);
  store.put("obj_zz.blob", b);
  CHECK(store.exists("obj_abc.blob"));
  CHECK(store.get("obj_abc.blob").value() == a);
  CHECK(store.get("obj_abc.meta").value() == b);
  CHECK(store.list() == std::vector<std::string>{"obj_abc.blob", "obj_abc.meta", "obj_zz.blob"});

  store.put("obj_abc.blob", b); // replaces
  CHECK(store.get("obj_abc.blob").value() == b);

  CHECK(store.remove("obj_abc.blob"));
  CHECK_FALSE(store.remove("obj_abc.blob"));
  CHECK_FALSE(store.exists("obj_abc.blob"));
  CHECK(store.list() == std::vector<std::string>{"obj_abc.meta", "obj_zz.blob"});
}

TEST_CASE("objects are sharded after the prefix, private, and temporaries are not listed") {
  test::TempDir dir;
  DirectoryObjectStore store(dir / "store");
  store.put("obj_qrstu.blob", Bytes{9});
  auto path = dir / "store" / "qr" / "obj_qrstu.blob";
  CHECK(std::filesystem::exists(path));
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat((dir / "store" / "qr").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  test::write_text(dir / "store" / "qr" / ".tmp-leftover", "x");
  test::write_text(dir / "store" / "qr" / "Not-An-Object", "x");
  CHECK(store.list() == std::vector<std::string>{"obj_qrstu.blob"});
}

TEST_CASE("names outside [a-z0-9_.] cannot escape the store") {
  test::TempDir dir;
  DirectoryObjectStore store(dir / "store");
  for (const std::string &bad : std::vector<std::string>{"", "../escape", "a/b", ".hidden", "UPPER",
                                                         "sp ace", std::string(129, 'a')}) {
    INFO(bad);
    CHECK(test::reason_of([&] { store.put(bad, Bytes{1}); }) == Reason::internal);
    CHECK(test::reason_of([&] { store.get(bad); }) == Reason::internal);
  }
  CHECK_NOTHROW(store.put(std::string(128, 'a'), Bytes{1}));
  CHECK_FALSE(std::filesystem::exists(dir / "escape"));
}
