#pragma once
// The few hash primitives the auth code needs, over OpenSSL.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace duckwire {

using Sha256Digest = std::array<uint8_t, 32>;

std::span<const uint8_t> as_bytes(std::string_view text);

Sha256Digest sha256(std::span<const uint8_t> data);
Sha256Digest hmac_sha256(std::span<const uint8_t> key, std::span<const uint8_t> data);
Sha256Digest pbkdf2_hmac_sha256(std::string_view password, std::span<const uint8_t> salt, int iterations);
// Lower-case hex of the MD5 digest.
std::string md5_hex(std::string_view data);

std::vector<uint8_t> random_bytes(size_t count);
// Lower-case hex of `count` random bytes.
std::string random_hex(size_t count);

// Compares in time that depends only on the sizes, never on where the contents differ.
bool constant_time_equal(std::span<const uint8_t> a, std::span<const uint8_t> b);

// Overwrites memory in a way the compiler cannot optimise away.
void secure_wipe(std::string& secret);

}  // namespace duckwire
