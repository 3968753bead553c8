#pragma once
// The cryptographic primitives mi uses, over OpenSSL 3, and nothing else.
//
// AES-256-GCM for payloads, AES key wrap (RFC 3394) for data keys, SHA-256 and HMAC-SHA256 for
// content hashes and keyed names, Ed25519 for audit checkpoints. Failures to authenticate return
// std::nullopt / false; library failures throw Error(crypto_failed).

#include "core/encoding.hpp"
#include "core/secret.hpp"

#include <array>
#include <optional>

namespace mi::crypto {

inline constexpr std::size_t key_size = 32;   // AES-256
inline constexpr std::size_t nonce_size = 12; // GCM IV
inline constexpr std::size_t tag_size = 16;   // GCM tag
inline constexpr std::size_t wrapped_key_size = key_size + 8;

using Digest = std::array<std::uint8_t, 32>;

Bytes random_bytes(std::size_t size);

Digest sha256(ByteView data);
Digest hmac_sha256(const Secret &key, ByteView data);

// Streaming SHA-256 for files too large to hold in memory.
class Sha256 {
public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256 &) = delete;
  Sha256 &operator=(const Sha256 &) = delete;
  void update(ByteView data);
  Digest finish();

private:
  void *context_;
};

struct Sealed {
  std::array<std::uint8_t, nonce_size> nonce;
  Bytes ciphertext; // ciphertext followed by the 16-byte tag
};

// A fresh random nonce per call; the key must be 32 bytes.
Sealed aes_gcm_seal(const Secret &key, ByteView plaintext, ByteView aad);
std::optional<Secret> aes_gcm_open(const Secret &key, ByteView nonce, ByteView ciphertext,
                                   ByteView aad);

Bytes aes_key_wrap(const Secret &key_encryption_key, const Secret &key);
std::optional<Secret> aes_key_unwrap(const Secret &key_encryption_key, ByteView wrapped);

struct Ed25519KeyPair {
  Secret private_key; // 32-byte seed
  Bytes public_key;   // 32 bytes
};
Ed25519KeyPair ed25519_generate();
Bytes ed25519_public_from_private(const Secret &private_key);
Bytes ed25519_sign(const Secret &private_key, ByteView message);
bool ed25519_verify(ByteView public_key, ByteView message, ByteView signature);

// Constant-time comparison for MACs and hashes.
bool equal_constant_time(ByteView a, ByteView b);

} // namespace mi::crypto
