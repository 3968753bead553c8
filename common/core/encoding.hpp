#pragma once
// Strict text encodings for binary values on the wire.
//
// Decoders accept only the canonical form their encoder produces (padding required, unused bits
// zero, no whitespace), so that two different strings never decode to the same bytes: a flipped
// bit in an envelope must change what it decodes to, or fail to decode.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mi {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline ByteView as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t *>(text.data()), text.size()};
}
inline std::string_view as_text(ByteView bytes) {
  return {reinterpret_cast<const char *>(bytes.data()), bytes.size()};
}

std::string base64_encode(ByteView bytes);
std::optional<Bytes> base64_decode(std::string_view text);

std::string hex_encode(ByteView bytes);
std::optional<Bytes> hex_decode(std::string_view text);

// RFC 4648 base32, lowercase, no padding: compact, case-stable random ids.
std::string base32_encode(ByteView bytes);

} // namespace mi
