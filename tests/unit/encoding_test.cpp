#include "core/encoding.hpp"

#include <doctest/doctest.h>

using namespace mi;

TEST_CASE("base64 round-trips every length and matches RFC 4648 vectors") {
  CHECK(base64_encode(as_bytes("")) == "");
  CHECK(base64_encode(as_bytes("f")) == "Zg==");
  CHECK(base64_encode(as_bytes("fo")) == "Zm8=");
  CHECK(base64_encode(as_bytes("foo")) == "Zm9v");
  CHECK(base64_encode(as_bytes("foobar")) == "Zm9vYmFy");
  for (std::size_t n = 0; n < 70; ++n) {
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i)
      b[i] = static_cast<std::uint8_t>(i * 37 + 11);
    auto decoded = base64_decode(base64_encode(b));
    REQUIRE(decoded);
    CHECK(*decoded == b);
  }
}

TEST_CASE("base64 decoding rejects every non-canonical form") {
  CHECK_FALSE(base64_decode("Zg="));   // bad length
  CHECK_FALSE(base64_decode("Zh=="));  // unused bits set: would alias "Zg=="
  CHECK_FALSE(base64_decode("Zm9="));  // unused bits set
  CHECK_FALSE(base64_decode("Zm 9v")); // whitespace
  CHECK_FALSE(base64_decode("Zm9v\n"));
  CHECK_FALSE(base64_decode("Z=9v")); // padding in the middle
  CHECK_FALSE(base64_decode("Zm9-")); // url alphabet is not ours
  CHECK(base64_decode("Zg==").value() == Bytes{'f'});
}

TEST_CASE("hex is lowercase only and round-trips") {
  Bytes b{0x00, 0x7f, 0xff, 0xa5};
  CHECK(hex_encode(b) == "007fffa5");
  CHECK(hex_decode("007fffa5").value() == b);
  CHECK_FALSE(hex_decode("007FFFA5"));
  CHECK_FALSE(hex_decode("0"));
  CHECK_FALSE(hex_decode("zz"));
}

TEST_CASE("base32 ids use the lowercase RFC 4648 alphabet without padding") {
  CHECK(base32_encode(as_bytes("f")) == "my");
  CHECK(base32_encode(as_bytes("foobar")) == "mzxw6ytboi");
  CHECK(base32_encode(Bytes(16, 0xff)).size() == 26);
}
