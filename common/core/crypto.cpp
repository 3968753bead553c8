#include "core/crypto.hpp"

#include "core/error.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <memory>

namespace mi::crypto {
namespace {

struct CipherContextDeleter {
  void operator()(EVP_CIPHER_CTX *c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

struct PkeyDeleter {
  void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

struct MdContextDeleter {
  void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};
using MdContext = std::unique_ptr<EVP_MD_CTX, MdContextDeleter>;

[[noreturn]] void fail() { throw Error(Reason::crypto_failed); }

void check(int ok) {
  if (ok != 1)
    fail();
}

CipherContext new_cipher_context() {
  CipherContext c(EVP_CIPHER_CTX_new());
  if (!c)
    fail();
  return c;
}

// An all-zero key is what a forked child sees of its parent's keys (MADV_WIPEONFORK): using it
// would seal or sign with a key everyone knows, so it is refused outright.
void require_usable(const Secret &key) {
  auto bytes = key.view();
  if (std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; }))
    throw Error(Reason::internal, "key material is all zero (wiped in a forked child?)");
}

void require_key(const Secret &key) {
  if (key.size() != key_size)
    throw Error(Reason::internal, "key has the wrong length");
  require_usable(key);
}

Pkey ed25519_private(const Secret &private_key) {
  require_usable(private_key);
  Pkey k(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, private_key.view().data(),
                                      private_key.size()));
  if (!k)
    fail();
  return k;
}

} // namespace

Bytes random_bytes(std::size_t size) {
  Bytes out(size);
  if (size && RAND_bytes(out.data(), static_cast<int>(size)) != 1)
    fail();
  return out;
}

Digest sha256(ByteView data) {
  Digest d;
  unsigned int len = 0;
  check(EVP_Digest(data.data(), data.size(), d.data(), &len, EVP_sha256(), nullptr));
  return d;
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (!context_)
    fail();
  check(EVP_DigestInit_ex(static_cast<EVP_MD_CTX *>(context_), EVP_sha256(), nullptr));
}
Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX *>(context_)); }
void Sha256::update(ByteView data) {
  check(EVP_DigestUpdate(static_cast<EVP_MD_CTX *>(context_), data.data(), data.size()));
}
Digest Sha256::finish() {
  Digest d;
  unsigned int len = 0;
  check(EVP_DigestFinal_ex(static_cast<EVP_MD_CTX *>(context_), d.data(), &len));
  return d;
}

Digest hmac_sha256(const Secret &key, ByteView data) {
  Digest d;
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.view().data(), static_cast<int>(key.size()), data.data(), data.size(),
            d.data(), &len))
    fail();
  return d;
}

Sealed aes_gcm_seal(const Secret &key, ByteView plaintext, ByteView aad) {
  require_key(key);
  Sealed out;
  auto nonce = random_bytes(nonce_size);
  std::copy(nonce.begin(), nonce.end(), out.nonce.begin());
  auto ctx = new_cipher_context();
  check(EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr));
  check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, nonce_size, nullptr));
  check(EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.view().data(), out.nonce.data()));
  int len = 0;
  if (!aad.empty())
    check(EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())));
  out.ciphertext.resize(plaintext.size() + tag_size);
  int written = 0;
  if (!plaintext.empty()) {
    check(EVP_EncryptUpdate(ctx.get(), out.ciphertext.data(), &len, plaintext.data(),
                            static_cast<int>(plaintext.size())));
    written = len;
  }
  check(EVP_EncryptFinal_ex(ctx.get(), out.ciphertext.data() + written, &len));
  written += len;
  check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, tag_size,
                            out.ciphertext.data() + written));
  out.ciphertext.resize(static_cast<std::size_t>(written) + tag_size);
  return out;
}

std::optional<Secret> aes_gcm_open(const Secret &key, ByteView nonce, ByteView ciphertext,
                                   ByteView aad) {
  require_key(key);
  if (nonce.size() != nonce_size || ciphertext.size() < tag_size)
    return std::nullopt;
  auto ctx = new_cipher_context();
  check(EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr));
  check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, nonce_size, nullptr));
  check(EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.view().data(), nonce.data()));
  int len = 0;
  if (!aad.empty())
    check(EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())));
  std::size_t body = ciphertext.size() - tag_size;
  // Plaintext may be PHI: it goes into a Secret so it is wiped if authentication fails.
  Secret plain(body == 0 ? 1 : body);
  int written = 0;
  if (body) {
    check(EVP_DecryptUpdate(ctx.get(), plain.bytes().data(), &len, ciphertext.data(),
                            static_cast<int>(body)));
    written = len;
  }
  Bytes tag(ciphertext.begin() + static_cast<std::ptrdiff_t>(body), ciphertext.end());
  check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, tag_size, tag.data()));
  if (EVP_DecryptFinal_ex(ctx.get(), plain.bytes().data() + written, &len) != 1)
    return std::nullopt;
  if (body == 0)
    return Secret();
  return plain;
}

Bytes aes_key_wrap(const Secret &kek, const Secret &key) {
  require_key(kek);
  auto ctx = new_cipher_context();
  EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  check(EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_wrap(), nullptr, kek.view().data(), nullptr));
  Bytes out(key.size() + 8);
  int len = 0, total = 0;
  check(EVP_EncryptUpdate(ctx.get(), out.data(), &len, key.view().data(),
                          static_cast<int>(key.size())));
  total = len;
  check(EVP_EncryptFinal_ex(ctx.get(), out.data() + total, &len));
  total += len;
  out.resize(static_cast<std::size_t>(total));
  return out;
}

std::optional<Secret> aes_key_unwrap(const Secret &kek, ByteView wrapped) {
  require_key(kek);
  if (wrapped.size() != wrapped_key_size)
    return std::nullopt;
  auto ctx = new_cipher_context();
  EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  check(EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_wrap(), nullptr, kek.view().data(), nullptr));
  Secret key(wrapped.size());
  int len = 0, total = 0;
  if (EVP_DecryptUpdate(ctx.get(), key.bytes().data(), &len, wrapped.data(),
                        static_cast<int>(wrapped.size())) != 1)
    return std::nullopt;
  total = len;
  if (EVP_DecryptFinal_ex(ctx.get(), key.bytes().data() + total, &len) != 1)
    return std::nullopt;
  total += len;
  if (static_cast<std::size_t>(total) != key_size)
    return std::nullopt;
  return Secret(key.view().first(key_size));
}

Ed25519KeyPair ed25519_generate() {
  Ed25519KeyPair pair{Secret::random(32), {}};
  pair.public_key = ed25519_public_from_private(pair.private_key);
  return pair;
}

Bytes ed25519_public_from_private(const Secret &private_key) {
  auto k = ed25519_private(private_key);
  Bytes pub(32);
  std::size_t len = pub.size();
  check(EVP_PKEY_get_raw_public_key(k.get(), pub.data(), &len));
  pub.resize(len);
  return pub;
}

Bytes ed25519_sign(const Secret &private_key, ByteView message) {
  auto k = ed25519_private(private_key);
  MdContext md(EVP_MD_CTX_new());
  if (!md)
    fail();
  check(EVP_DigestSignInit(md.get(), nullptr, nullptr, nullptr, k.get()));
  Bytes sig(64);
  std::size_t len = sig.size();
  check(EVP_DigestSign(md.get(), sig.data(), &len, message.data(), message.size()));
  sig.resize(len);
  return sig;
}

bool ed25519_verify(ByteView public_key, ByteView message, ByteView signature) {
  if (public_key.size() != 32 || signature.size() != 64)
    return false;
  Pkey k(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
  if (!k)
    return false;
  MdContext md(EVP_MD_CTX_new());
  if (!md)
    fail();
  check(EVP_DigestVerifyInit(md.get(), nullptr, nullptr, nullptr, k.get()));
  return EVP_DigestVerify(md.get(), signature.data(), signature.size(), message.data(),
                          message.size()) == 1;
}

bool equal_constant_time(ByteView a, ByteView b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace mi::crypto
