#include "core/spool_allowance.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <optional>
#include <string>

namespace duckwire {
namespace {

namespace asio = boost::asio;

const StopCheck kRunning = [] { return std::optional<Error>(); };

class SpoolAllowanceTest : public ::testing::Test {
 protected:
  // Starts a reservation; its outcome appears in the returned slot once it has decided.
  std::shared_ptr<std::optional<Result<void>>> reserve(SpoolAllowance& allowance, uint64_t own,
                                                       uint64_t bytes, const StopCheck& stopped = kRunning) {
    auto outcome = std::make_shared<std::optional<Result<void>>>();
    asio::co_spawn(
        io_,
        [&allowance, own, bytes, stopped, outcome]() -> asio::awaitable<void> {
          outcome->emplace(co_await allowance.reserve(own, bytes, stopped));
        },
        asio::detached);
    run_ready();
    return outcome;
  }

  // Runs what is ready (an io_context that ran out of work stops until restarted).
  void run_ready() {
    io_.restart();
    io_.poll();
  }

  std::string gauge() const {
    const std::string text = metrics_.render_prometheus();
    const std::string name = "\nduckwire_spool_file_bytes ";
    const size_t at = text.find(name);
    return at == std::string::npos
               ? ""
               : text.substr(at + name.size(), text.find('\n', at + 1) - at - name.size());
  }

  asio::io_context io_;
  Metrics metrics_;
};

TEST_F(SpoolAllowanceTest, CountsFileBytesPerConnectionAndForTheServer) {
  SpoolFileTotal total(100, metrics_);
  SpoolAllowance connection(io_.get_executor(), 0, 10, total);
  auto first = reserve(connection, 0, 6);
  ASSERT_TRUE(first->has_value() && first->value().ok());
  EXPECT_EQ(connection.file_bytes(), 6u);
  EXPECT_EQ(total.used(), 6u);
  EXPECT_EQ(gauge(), "6");
  connection.release(6);
  EXPECT_EQ(connection.file_bytes(), 0u);
  EXPECT_EQ(total.used(), 0u);
  EXPECT_EQ(gauge(), "0");
}

TEST_F(SpoolAllowanceTest, AResultAloneOverTheConnectionsBoundFailsNamingTheFlag) {
  SpoolFileTotal total(100, metrics_);
  SpoolAllowance connection(io_.get_executor(), 0, 10, total);
  ASSERT_TRUE(reserve(connection, 0, 8)->value().ok());
  auto more = reserve(connection, 8, 3);  // the spool itself holds all 8
  ASSERT_TRUE(more->has_value());
  ASSERT_FALSE(more->value().ok());
  EXPECT_NE(more->value().error().message.find("--spool-max-bytes"), std::string::npos);
  EXPECT_EQ(connection.file_bytes(), 8u) << "a refusal takes nothing";
  connection.release(8);
}

TEST_F(SpoolAllowanceTest, WaitsWhileCompleteResultsFillTheBoundAndResumesAsTheyAreSent) {
  SpoolFileTotal total(100, metrics_);
  SpoolAllowance connection(io_.get_executor(), 0, 10, total);
  ASSERT_TRUE(reserve(connection, 0, 8)->value().ok());  // a complete result waiting to be sent
  auto next = reserve(connection, 0, 5);
  EXPECT_FALSE(next->has_value()) << "back-pressure: it waits for the client to read";
  connection.release(2);  // 2 bytes of the first result were read to be sent
  run_ready();
  EXPECT_FALSE(next->has_value()) << "8 - 2 + 5 is still over 10";
  connection.release(3);
  run_ready();
  ASSERT_TRUE(next->has_value());
  EXPECT_TRUE(next->value().ok());
  EXPECT_EQ(connection.file_bytes(), 8u);
  connection.release(8);
}

TEST_F(SpoolAllowanceTest, AWaitingReservationEndsWhenItsQueryIsStopped) {
  SpoolFileTotal total(100, metrics_);
  SpoolAllowance connection(io_.get_executor(), 0, 10, total);
  ASSERT_TRUE(reserve(connection, 0, 10)->value().ok());
  bool cancelled = false;
  auto next = reserve(connection, 0, 1, [&] {
    return cancelled ? std::optional<Error>(Error{ErrorKind::kInterrupted, "Query was cancelled"})
                     : std::nullopt;
  });
  EXPECT_FALSE(next->has_value());
  cancelled = true;
  connection.wake();
  run_ready();
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ(next->value().error().message, "Query was cancelled");
  EXPECT_EQ(connection.file_bytes(), 10u);
  connection.release(10);
}

TEST_F(SpoolAllowanceTest, TheServersTotalHoldsAcrossConnections) {
  SpoolFileTotal total(12, metrics_);
  SpoolAllowance first(io_.get_executor(), 0, 10, total);
  SpoolAllowance second(io_.get_executor(), 0, 10, total);
  ASSERT_TRUE(reserve(first, 0, 10)->value().ok());
  ASSERT_TRUE(reserve(second, 0, 2)->value().ok());
  // The second connection holds 2 bytes of its own that are still being produced: nothing of its
  // own can drain, so waiting could last forever.
  auto refused = reserve(second, 2, 1);
  ASSERT_TRUE(refused->has_value());
  ASSERT_FALSE(refused->value().ok());
  EXPECT_NE(refused->value().error().message.find("--spool-max-total-bytes"), std::string::npos);
  // A complete result of the second connection drains as it is sent: then it waits instead.
  auto waits = reserve(second, 0, 1);
  EXPECT_FALSE(waits->has_value());
  first.release(10);
  second.release(1);
  run_ready();
  ASSERT_TRUE(waits->has_value());
  EXPECT_TRUE(waits->value().ok());
  EXPECT_EQ(total.used(), 2u);
  second.release(2);
  EXPECT_EQ(total.used(), 0u);
}

TEST_F(SpoolAllowanceTest, BoundsTheResultsProducedAtOnceAndHandsAFreedPlaceToAWaiter) {
  SpoolFileTotal total(100, metrics_);
  SpoolAllowance connection(io_.get_executor(), 0, 10, total, 1);
  std::optional<SpoolAllowance::Producer> first;
  std::optional<SpoolAllowance::Producer> second;
  auto take = [&](std::optional<SpoolAllowance::Producer>& slot) {
    asio::co_spawn(
        io_,
        [&]() -> asio::awaitable<void> {
          auto producer = co_await connection.producer(kRunning);
          if (producer) slot.emplace(std::move(producer).value());
        },
        asio::detached);
    run_ready();
  };
  take(first);
  ASSERT_TRUE(first.has_value());
  take(second);
  EXPECT_FALSE(second.has_value()) << "one result at a time";
  first.reset();
  run_ready();
  EXPECT_TRUE(second.has_value());
}

TEST_F(SpoolAllowanceTest, EveryWaiterSeesTheRoomThatFreesNotOnlyTheFirstToWake) {
  SpoolFileTotal total(100, metrics_);
  SpoolAllowance connection(io_.get_executor(), 0, 10, total);
  ASSERT_TRUE(reserve(connection, 0, 10)->value().ok());
  auto large = reserve(connection, 0, 9);  // waits first, and still does not fit after the release below
  auto small = reserve(connection, 0, 4);
  connection.release(4);
  run_ready();
  EXPECT_FALSE(large->has_value());
  ASSERT_TRUE(small->has_value()) << "the wake-up was not swallowed by the waiter that went back to sleep";
  EXPECT_TRUE(small->value().ok());
  connection.release(10);
  run_ready();
  ASSERT_TRUE(large->has_value());
  EXPECT_TRUE(large->value().ok());
  connection.release(9);
}

}  // namespace
}  // namespace duckwire
