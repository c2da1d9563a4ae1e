// 128-bit integers to and from their two 64-bit halves.

#include "util/int128.hpp"

#include <gtest/gtest.h>

namespace duckwire {
namespace {

TEST(Int128, SplitsIntoHalvesAndJoinsBack) {
  const int128_t max = static_cast<int128_t>(~uint128_t{0} >> 1);
  for (int128_t value :
       {int128_t{0}, int128_t{-1}, int128_t{1} << 64, -(int128_t{1} << 64) - 1, max, -max - 1}) {
    const Int128Halves halves = split_halves(value);
    EXPECT_EQ(join_halves(halves.upper, halves.lower), value);
  }
  const Int128Halves minus_one = split_halves(-1);
  EXPECT_EQ(minus_one.upper, -1);
  EXPECT_EQ(minus_one.lower, ~uint64_t{0});
  EXPECT_EQ(join_halves(1, 2), (int128_t{1} << 64) + 2);
}

}  // namespace
}  // namespace duckwire
