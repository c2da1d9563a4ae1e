#pragma once
// Standard base64 (RFC 4648 section 4, "+/" alphabet, "=" padding).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace duckwire {

// Appends the encoding of `bytes` to `out` (the hot path of BLOB columns).
void append_base64(std::string& out, std::string_view bytes);

std::string base64_encode(std::span<const uint8_t> bytes);
std::string base64_encode(std::string_view bytes);

// Strict: rejects characters outside the alphabet, whitespace, misplaced padding and non-zero
// trailing bits. Padding may be omitted, but when present it must be complete.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace duckwire
