#include "core/secret.hpp"

#include "test_support.hpp"

#include <string>
#include <utility>

using namespace mi;

TEST_CASE("a secret copies its bytes and clones are independent") {
  std::string text = "0123456789abcdef0123456789abcdef";
  Secret s(as_bytes(text));
  CHECK(s.size() == 32);
  CHECK_FALSE(s.empty());
  CHECK(as_text(s.view()) == text);
  text[0] = 'X'; // the caller's copy is not the secret
  CHECK(as_text(s.view()).front() == '0');

  auto copy = s.clone();
  copy.bytes()[0] = 'Z';
  CHECK(as_text(s.view()).front() == '0');
  CHECK(as_text(copy.view()).front() == 'Z');
}

TEST_CASE("moving a secret leaves the source empty") {
  Secret a = Secret::random(32);
  Bytes before(a.view().begin(), a.view().end());
  Secret b(std::move(a));
  CHECK(a.empty());
  CHECK(a.size() == 0);
  CHECK(Bytes(b.view().begin(), b.view().end()) == before);

  Secret c;
  c = std::move(b);
  CHECK(b.empty());
  CHECK(Bytes(c.view().begin(), c.view().end()) == before);
  c = Secret(std::size_t{5});
  CHECK(c.size() == 5);
}

TEST_CASE("empty and zero-filled secrets") {
  Secret empty;
  CHECK(empty.empty());
  CHECK(empty.view().empty());
  Secret zero(std::size_t{0});
  CHECK(zero.empty());
  Secret sized(std::size_t{5000}); // spans two pages
  CHECK(sized.size() == 5000);
  bool all_zero = true;
  for (auto b : sized.view())
    all_zero = all_zero && b == 0;
  CHECK(all_zero);
}

TEST_CASE("random secrets differ") {
  auto a = Secret::random(32), b = Secret::random(32);
  CHECK(a.size() == 32);
  CHECK(Bytes(a.view().begin(), a.view().end()) != Bytes(b.view().begin(), b.view().end()));
}

TEST_CASE("wipe zeroes a buffer") {
  std::string s = "sensitive";
  wipe(s);
  CHECK(s == std::string(9, '\0'));
  Bytes b{1, 2, 3};
  wipe(b);
  CHECK(b == Bytes{0, 0, 0});
  wipe(nullptr, 10); // tolerated
}
