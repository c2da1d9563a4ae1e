#pragma once
// 128-bit integers (a GCC extension), and the two 64-bit halves they travel in: upper * 2^64 + lower.

#include <cstdint>

namespace duckwire {

__extension__ using int128_t = __int128;
__extension__ using uint128_t = unsigned __int128;

struct Int128Halves {
  int64_t upper;
  uint64_t lower;
};

constexpr int128_t join_halves(int64_t upper, uint64_t lower) {
  return static_cast<int128_t>(upper) * (int128_t{1} << 64) + static_cast<int128_t>(lower);
}

constexpr Int128Halves split_halves(int128_t value) {
  return {static_cast<int64_t>(value >> 64), static_cast<uint64_t>(value)};
}

}  // namespace duckwire
