#include "core/crypto.hpp"

#include "test_support.hpp"

using namespace mi;

namespace {

Bytes from_hex(std::string_view hex) { return hex_decode(hex).value(); }
Secret secret_hex(std::string_view hex) {
  auto b = from_hex(hex);
  return Secret(b);
}

} // namespace

TEST_CASE("sha256 and hmac match the published vectors") {
  CHECK(hex_encode(crypto::sha256(as_bytes("abc"))) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex_encode(crypto::sha256(as_bytes(""))) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // RFC 4231 test case 2.
  Secret jefe(as_bytes("Jefe"));
  CHECK(hex_encode(crypto::hmac_sha256(jefe, as_bytes("what do ya want for nothing?"))) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("streaming sha256 equals the one-shot digest whatever the chunking") {
  std::string text;
  for (int i = 0; i < 5000; ++i)
    text += static_cast<char>('a' + i % 26);
  auto expected = crypto::sha256(as_bytes(text));
  for (std::size_t chunk : {1u, 7u, 64u, 1000u, 5000u}) {
    crypto::Sha256 h;
    for (std::size_t i = 0; i < text.size(); i += chunk)
      h.update(as_bytes(std::string_view(text).substr(i, chunk)));
    CHECK(h.finish() == expected);
  }
}

TEST_CASE("random bytes have the asked length and differ between calls") {
  CHECK(crypto::random_bytes(0).empty());
  auto a = crypto::random_bytes(32), b = crypto::random_bytes(32);
  CHECK(a.size() == 32);
  CHECK(a != b);
}

TEST_CASE("AES-GCM round-trips and rejects any change of key, nonce, ciphertext or AAD") {
  auto key = Secret::random(crypto::key_size);
  std::string message = "patient: Jane Canary, DOB 1970-01-01";
  auto sealed = crypto::aes_gcm_seal(key, as_bytes(message), as_bytes("aad"));
  CHECK(sealed.ciphertext.size() == message.size() + crypto::tag_size);
  CHECK(as_text(sealed.ciphertext).find("Canary") == std::string_view::npos);

  auto opened = crypto::aes_gcm_open(key, sealed.nonce, sealed.ciphertext, as_bytes("aad"));
  REQUIRE(opened);
  CHECK(as_text(opened->view()) == message);

  CHECK_FALSE(crypto::aes_gcm_open(key, sealed.nonce, sealed.ciphertext, as_bytes("aaD")));
  CHECK_FALSE(crypto::aes_gcm_open(key, sealed.nonce, sealed.ciphertext, as_bytes("")));
  auto other = Secret::random(crypto::key_size);
  CHECK_FALSE(crypto::aes_gcm_open(other, sealed.nonce, sealed.ciphertext, as_bytes("aad")));
  for (std::size_t i = 0; i < sealed.ciphertext.size(); ++i) {
    auto tampered = sealed.ciphertext;
    tampered[i] ^= 0x01;
    CHECK_FALSE(crypto::aes_gcm_open(key, sealed.nonce, tampered, as_bytes("aad")));
  }
  auto nonce = sealed.nonce;
  nonce[0] ^= 0x80;
  CHECK_FALSE(crypto::aes_gcm_open(key, nonce, sealed.ciphertext, as_bytes("aad")));
  // Wrong lengths are refusals, not crashes.
  CHECK_FALSE(crypto::aes_gcm_open(key, ByteView(sealed.nonce).first(11), sealed.ciphertext,
                                   as_bytes("aad")));
  CHECK_FALSE(crypto::aes_gcm_open(key, sealed.nonce, ByteView(sealed.ciphertext).first(15),
                                   as_bytes("aad")));
  // A fresh nonce every call.
  auto again = crypto::aes_gcm_seal(key, as_bytes(message), as_bytes("aad"));
  CHECK(again.nonce != sealed.nonce);
}

TEST_CASE("AES-GCM handles an empty plaintext") {
  auto key = Secret::random(crypto::key_size);
  auto sealed = crypto::aes_gcm_seal(key, ByteView{}, as_bytes("header"));
  CHECK(sealed.ciphertext.size() == crypto::tag_size);
  auto opened = crypto::aes_gcm_open(key, sealed.nonce, sealed.ciphertext, as_bytes("header"));
  REQUIRE(opened);
  CHECK(opened->empty());
  CHECK_FALSE(crypto::aes_gcm_open(key, sealed.nonce, sealed.ciphertext, as_bytes("other")));
}

TEST_CASE("a key of the wrong length is an internal error, never silently used") {
  Secret short_key = Secret::random(16);
  CHECK(test::reason_of([&] { crypto::aes_gcm_seal(short_key, as_bytes("x"), {}); }) ==
        Reason::internal);
  CHECK(test::reason_of([&] { crypto::aes_key_wrap(short_key, short_key); }) == Reason::internal);
}

TEST_CASE("AES key wrap matches RFC 3394 section 4.6 and detects tampering") {
  auto kek = secret_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  auto key = secret_hex("00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f");
  auto wrapped = crypto::aes_key_wrap(kek, key);
  CHECK(hex_encode(wrapped) ==
        "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21");
  CHECK(wrapped.size() == crypto::wrapped_key_size);
  auto unwrapped = crypto::aes_key_unwrap(kek, wrapped);
  REQUIRE(unwrapped);
  CHECK(hex_encode(unwrapped->view()) == hex_encode(key.view()));

  for (std::size_t i = 0; i < wrapped.size(); ++i) {
    auto tampered = wrapped;
    tampered[i] ^= 0x40;
    CHECK_FALSE(crypto::aes_key_unwrap(kek, tampered));
  }
  auto other = Secret::random(crypto::key_size);
  CHECK_FALSE(crypto::aes_key_unwrap(other, wrapped));
  CHECK_FALSE(crypto::aes_key_unwrap(kek, ByteView(wrapped).first(32)));
}

TEST_CASE("Ed25519 matches RFC 8032 test 1 and rejects altered messages and signatures") {
  auto seed = secret_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  auto pub = crypto::ed25519_public_from_private(seed);
  CHECK(hex_encode(pub) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto sig = crypto::ed25519_sign(seed, ByteView{});
  CHECK(hex_encode(sig) ==
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
        "701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  CHECK(crypto::ed25519_verify(pub, ByteView{}, sig));

  auto pair = crypto::ed25519_generate();
  CHECK(pair.public_key == crypto::ed25519_public_from_private(pair.private_key));
  auto s = crypto::ed25519_sign(pair.private_key, as_bytes("checkpoint"));
  CHECK(crypto::ed25519_verify(pair.public_key, as_bytes("checkpoint"), s));
  CHECK_FALSE(crypto::ed25519_verify(pair.public_key, as_bytes("checkpoinT"), s));
  CHECK_FALSE(crypto::ed25519_verify(pub, as_bytes("checkpoint"), s));
  auto bad = s;
  bad[10] ^= 1;
  CHECK_FALSE(crypto::ed25519_verify(pair.public_key, as_bytes("checkpoint"), bad));
  CHECK_FALSE(
      crypto::ed25519_verify(pair.public_key, as_bytes("checkpoint"), ByteView(s).first(63)));
  CHECK_FALSE(
      crypto::ed25519_verify(ByteView(pair.public_key).first(31), as_bytes("checkpoint"), s));
}

TEST_CASE("constant-time comparison compares contents and lengths") {
  Bytes a{1, 2, 3}, b{1, 2, 3}, c{1, 2, 4}, d{1, 2};
  CHECK(crypto::equal_constant_time(a, b));
  CHECK_FALSE(crypto::equal_constant_time(a, c));
  CHECK_FALSE(crypto::equal_constant_time(a, d));
  CHECK(crypto::equal_constant_time(Bytes{}, Bytes{}));
}
