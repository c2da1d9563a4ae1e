#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "protocols/quack/chunks_ahead.hpp"

namespace duckwire::quack {
namespace {

using namespace std::chrono_literals;

VectorChunk rows(uint64_t count) {
  VectorChunk chunk;
  chunk.rows = count;
  return chunk;
}

uint64_t rows_in(const ChunksAhead::Taken& taken) {
  uint64_t total = 0;
  for (const VectorChunk& chunk : taken.chunks) total += chunk.rows;
  return total;
}

TEST(ChunksAheadTest, TakesWhatFitsTheBudgetAndAtLeastOneChunk) {
  ChunksAhead ahead;
  ahead.add(rows(10), 600);
  ahead.add(rows(20), 600);
  ahead.add(rows(30), 600);
  auto first = ahead.take(1000, false);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(rows_in(*first), 10u);  // the second would pass the budget
  EXPECT_EQ(first->batch_index, 0u);
  EXPECT_FALSE(first->last);
  EXPECT_EQ(ahead.ready_bytes(), 1200u);

  auto second = ahead.take(1200, false);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(rows_in(*second), 50u);
  EXPECT_EQ(second->rows_taken, 60u);
  EXPECT_EQ(second->batch_index, 1u);
  EXPECT_FALSE(second->last);  // the stream has not ended
}

TEST(ChunksAheadTest, FewerBytesThanTheBudgetWithoutAReaderAreLeftToTheTurn) {
  ChunksAhead ahead;
  ahead.add(rows(10), 100);
  EXPECT_FALSE(ahead.take(1000, true).has_value());
  EXPECT_FALSE(ahead.take(1000, false).has_value());
  ahead.end(std::nullopt);
  auto taken = ahead.take(1000, true);
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(rows_in(*taken), 10u);
  EXPECT_TRUE(taken->last);
  auto after = ahead.take(1000, true);  // the end again: nothing, not an error
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(after->chunks.empty());
  EXPECT_TRUE(after->last);
  EXPECT_FALSE(after->error || after->closed);
}

TEST(ChunksAheadTest, AFetchWaitsForARunningReaderUntilABatchIsReady) {
  ChunksAhead ahead;
  ASSERT_TRUE(ahead.schedule_reader(4000));
  ahead.reader_running();
  auto fetch = std::async(std::launch::async, [&] { return ahead.take(1000, true); });
  ahead.add(rows(1), 400);
  ahead.add(rows(2), 400);
  EXPECT_EQ(fetch.wait_for(50ms), std::future_status::timeout);  // 800 of 1000 bytes ready
  ahead.add(rows(3), 400);
  ASSERT_EQ(fetch.wait_for(5s), std::future_status::ready);
  auto taken = fetch.get();
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(rows_in(*taken), 3u);  // 800 bytes fit, the third chunk waits
  ahead.reader_stopped();
}

TEST(ChunksAheadTest, AWaitingFetchGoesToTheTurnWhenTheReaderStops) {
  ChunksAhead ahead;
  ASSERT_TRUE(ahead.schedule_reader(4000));
  ahead.reader_running();
  auto fetch = std::async(std::launch::async, [&] { return ahead.take(1000, true); });
  ahead.add(rows(1), 100);
  EXPECT_EQ(fetch.wait_for(50ms), std::future_status::timeout);
  ahead.reader_stopped();  // e.g. it gave way to a request waiting for the connection
  ASSERT_EQ(fetch.wait_for(5s), std::future_status::ready);
  EXPECT_FALSE(fetch.get().has_value());
}

TEST(ChunksAheadTest, AFetchDoesNotWaitForAReaderThatHasNotStarted) {
  ChunksAhead ahead;
  ASSERT_TRUE(ahead.schedule_reader(4000));
  EXPECT_FALSE(ahead.take(1000, true).has_value());  // it may wait for a place the fetch holds
}

TEST(ChunksAheadTest, ClosingWakesAWaitingFetch) {
  ChunksAhead ahead;
  ASSERT_TRUE(ahead.schedule_reader(4000));
  ahead.reader_running();
  auto fetch = std::async(std::launch::async, [&] { return ahead.take(1000, true); });
  EXPECT_EQ(fetch.wait_for(50ms), std::future_status::timeout);
  ahead.close();
  ASSERT_EQ(fetch.wait_for(5s), std::future_status::ready);
  auto taken = fetch.get();
  ASSERT_TRUE(taken.has_value());
  EXPECT_TRUE(taken->closed);
  EXPECT_TRUE(taken->chunks.empty());
}

TEST(ChunksAheadTest, AnErrorComesAfterTheChunksReadBeforeItThenTheResultIsClosed) {
  ChunksAhead ahead;
  ahead.add(rows(5), 100);
  ahead.end(Error{ErrorKind::kInvalidInput, "boom"});
  auto before = ahead.take(1000, false);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(rows_in(*before), 5u);
  EXPECT_FALSE(before->error.has_value());
  EXPECT_FALSE(before->last);
  auto failed = ahead.take(1000, false);
  ASSERT_TRUE(failed.has_value());
  ASSERT_TRUE(failed->error.has_value());
  EXPECT_EQ(failed->error->message, "boom");
  EXPECT_EQ(failed->rows_taken, 5u);
  auto after = ahead.take(1000, false);
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(after->closed);
}

TEST(ChunksAheadTest, OneReaderAtATimeAndNoneWhenEnoughIsReadyOrTheResultEnded) {
  ChunksAhead ahead;
  EXPECT_TRUE(ahead.schedule_reader(1000));
  EXPECT_FALSE(ahead.schedule_reader(1000));  // on its way
  ahead.reader_running();
  EXPECT_FALSE(ahead.schedule_reader(1000));  // running
  ahead.add(rows(1), 1000);
  ahead.reader_stopped();
  EXPECT_FALSE(ahead.schedule_reader(1000));  // the limit is ready
  ASSERT_TRUE(ahead.take(1000, false).has_value());
  EXPECT_TRUE(ahead.schedule_reader(1000));
  ahead.reader_stopped();  // e.g. its place was refused
  ahead.end(std::nullopt);
  EXPECT_FALSE(ahead.schedule_reader(1000));
}

}  // namespace
}  // namespace duckwire::quack
