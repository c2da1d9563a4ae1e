#include "core/statement_timer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace duckwire {
namespace {

using namespace std::chrono_literals;

TEST(StatementTimer, CallsTheCallbackOnceTheDeadlinePassed) {
  StatementTimer timer;
  std::promise<void> expired;
  auto armed = timer.arm(20ms, [&] { expired.set_value(); });
  EXPECT_EQ(expired.get_future().wait_for(10s), std::future_status::ready);
}

TEST(StatementTimer, ADisarmedDeadlineNeverCalls) {
  StatementTimer timer;
  std::atomic<int> calls{0};
  {
    auto armed = timer.arm(50ms, [&] { calls++; });
  }  // disarmed here
  std::promise<void> later;
  auto marker = timer.arm(150ms, [&] { later.set_value(); });
  ASSERT_EQ(later.get_future().wait_for(10s), std::future_status::ready);
  EXPECT_EQ(calls, 0);
}

TEST(StatementTimer, AnEarlierDeadlineArmedLaterFiresFirst) {
  StatementTimer timer;
  std::atomic<int> order{0};
  int long_position = 0;
  int short_position = 0;
  std::promise<void> both;
  auto slow = timer.arm(300ms, [&] {
    long_position = ++order;
    both.set_value();
  });
  auto quick = timer.arm(10ms, [&] { short_position = ++order; });
  ASSERT_EQ(both.get_future().wait_for(10s), std::future_status::ready);
  EXPECT_EQ(short_position, 1);
  EXPECT_EQ(long_position, 2);
}

}  // namespace
}  // namespace duckwire
