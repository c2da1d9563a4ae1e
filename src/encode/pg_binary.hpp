#pragma once
// PostgreSQL's binary wire forms (its send/receive functions): big-endian integers, the 2000-01-01
// epoch of dates and timestamps, and numeric's base-10000 digits.

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace duckwire::encode::pg {

// 2000-01-01, PostgreSQL's epoch, from 1970-01-01.
inline constexpr int32_t kPostgresEpochDays = 10'957;
inline constexpr int64_t kPostgresEpochMicros = int64_t{kPostgresEpochDays} * 86'400'000'000;

template <class T>
void append_big_endian(std::string& out, T value) {
  using U = std::make_unsigned_t<T>;
  auto bits = static_cast<U>(value);
  char bytes[sizeof(T)];
  for (size_t i = sizeof(T); i-- > 0;) {
    bytes[i] = static_cast<char>(bits & 0xFF);
    if constexpr (sizeof(T) > 1) bits >>= 8;
  }
  out.append(bytes, sizeof(T));
}

template <class T>
T load_big_endian(const char* at) {
  using U = std::make_unsigned_t<T>;
  U bits = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    bits = static_cast<U>((bits << 8) | static_cast<unsigned char>(at[i]));
  }
  return static_cast<T>(bits);
}

// Reserves a value's int32 length before its bytes are written; returns where it goes.
inline size_t reserve_length(std::string& out) {
  const size_t at = out.size();
  out.append(4, '\0');
  return at;
}

inline void store_length(std::string& out, size_t at, size_t length) {
  const auto value = static_cast<uint32_t>(length);
  const char bytes[4] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
                         static_cast<char>(value >> 8), static_cast<char>(value)};
  std::memcpy(out.data() + at, bytes, 4);
}

// Fills in a value's length reserved at `at`: the bytes written after it.
inline void fill_length(std::string& out, size_t at) {
  store_length(out, at, out.size() - at - 4);
}
// Fills in a message's length reserved at `at`: the bytes after the type byte, the length included.
inline void fill_message_length(std::string& out, size_t at) {
  store_length(out, at, out.size() - at);
}

// numeric_send of a decimal text: an optional '-', digits, an optional '.' and fraction digits, or
// "NaN" / "Infinity" / "-Infinity". The display scale is the number of fraction digits.
void append_numeric_binary(std::string& out, std::string_view decimal_text);

// numeric_recv's input as decimal text ("-12.50", "NaN"), or nullopt when `bytes` is not a valid
// numeric (too short, digits out of range, an unknown sign).
std::optional<std::string> numeric_text_from_binary(std::string_view bytes, bool& truncated);

}  // namespace duckwire::encode::pg
