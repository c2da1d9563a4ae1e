#include "core/statement_place.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <optional>

namespace duckwire {
namespace {

namespace asio = boost::asio;

class StatementPlaceTest : public ::testing::Test {
 protected:
  // Starts place.take() on the io_context; `outcome` holds its result once it ends.
  void take(StatementPlace& place, std::optional<Result<void>>& outcome) {
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { outcome = co_await place.take(); }, asio::detached);
    io.run_for(std::chrono::milliseconds(20));
    io.restart();
  }

  Metrics metrics;
  Admission admission{{.running_total = 1, .running_per_owner = 1, .queued_per_owner = 8}, metrics};
  asio::io_context io;
};

TEST_F(StatementPlaceTest, GivesItsPlaceBackWhileItWaitsAndTakesOneAgainInTurn) {
  StatementPlace slow(admission, admission.new_owner(), Protocol::kSqlRooms);
  std::optional<Result<void>> taken;
  take(slow, taken);
  ASSERT_TRUE(taken && taken->ok());
  EXPECT_EQ(admission.running(), 1u);
  slow.step_aside();  // waits on its client: the place is free for another owner
  EXPECT_EQ(admission.running(), 0u);
  StatementPlace healthy(admission, admission.new_owner(), Protocol::kSqlRooms);
  ASSERT_TRUE(healthy.try_take());
  EXPECT_FALSE(slow.try_take());
  std::optional<Result<void>> again;
  take(slow, again);
  EXPECT_FALSE(again);  // queued behind the healthy statement
  healthy.leave();
  io.run_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(again && again->ok());
  EXPECT_EQ(admission.running(), 1u);
}

TEST_F(StatementPlaceTest, AStopEndsAWaitAndRefusesLaterPlaces) {
  StatementPlace running(admission, admission.new_owner(), Protocol::kSqlRooms);
  ASSERT_TRUE(running.try_take());
  StatementPlace waiting(admission, admission.new_owner(), Protocol::kSqlRooms);
  std::optional<Result<void>> taken;
  take(waiting, taken);
  EXPECT_EQ(admission.queued(), 1u);
  waiting.stop();
  io.run_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(taken);
  ASSERT_FALSE(taken->ok());
  EXPECT_EQ(taken->error().kind, ErrorKind::kInterrupted);
  EXPECT_EQ(admission.queued(), 0u);
  running.leave();
  EXPECT_FALSE(waiting.try_take());
  EXPECT_EQ(admission.running(), 0u);
}

}  // namespace
}  // namespace duckwire
