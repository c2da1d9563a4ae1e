#include "protocols/stream/progress_throttle.hpp"

#include <gtest/gtest.h>

namespace duckwire::stream {
namespace {

TEST(ProgressThrottle, SendsOnlyKnownValuesThatMoveForward) {
  ProgressThrottle throttle;
  EXPECT_FALSE(throttle.next(Progress{-1, 0, 0}));
  auto first = throttle.next(Progress{10, 100, 1000});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->percentage, 10);
  EXPECT_FALSE(throttle.next(Progress{10, 100, 1000}));  // unchanged
  EXPECT_FALSE(throttle.next(Progress{5, 50, 1000}));    // backwards
  auto later = throttle.next(Progress{40, 20, 1000});
  ASSERT_TRUE(later);
  EXPECT_EQ(later->percentage, 40);
  EXPECT_EQ(later->rows_processed, 100u);  // rows never fall back either
  auto capped = throttle.next(Progress{130, 1000, 1000});
  ASSERT_TRUE(capped);
  EXPECT_EQ(capped->percentage, 100);
  EXPECT_FALSE(throttle.next(Progress{100, 1000, 1000}));
}

}  // namespace
}  // namespace duckwire::stream
