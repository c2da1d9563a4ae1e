#pragma once
// Parsers for single option values. Each returns the value or an Error whose message says what is
// wrong with the value (without the flag name, which the caller adds).

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "backend/backend.hpp"
#include "core/auth.hpp"
#include "util/error.hpp"

namespace duckwire {

Result<uint64_t> parse_unsigned(std::string_view text);
Result<int64_t> parse_integer_in_range(std::string_view text, int64_t min, int64_t max);
// 1/0, true/false, yes/no, on/off (any case).
Result<bool> parse_bool(std::string_view text);
// A byte count: "1048576", "512KiB", "64MiB", "1GiB", "2TiB" (powers of 1024) or "10KB", "5MB",
// "1GB", "1TB" (powers of 1000); the unit is case-insensitive.
Result<uint64_t> parse_byte_size(std::string_view text);
// Seconds, possibly fractional: "10", "0.5".
Result<std::chrono::milliseconds> parse_seconds(std::string_view text);
// "NAME:PASSWORD"; the password may contain ':'.
Result<UserCredential> parse_user(std::string_view text);
// "a,b@repo": names of letters, digits and '_'; an optional repository after '@'.
Result<std::vector<ExtensionRequest>> parse_extensions(std::string_view text);
// A token made of printable ASCII without spaces (it travels in HTTP headers).
Result<std::string> parse_token(std::string_view text);

}  // namespace duckwire
