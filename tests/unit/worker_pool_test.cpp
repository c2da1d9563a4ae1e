#include "core/worker_pool.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

namespace duckwire {
namespace {

namespace asio = boost::asio;

// Runs `coroutine` to completion on a fresh io_context (the "I/O thread" of the test).
template <class T>
T run_on_io(asio::awaitable<T> coroutine) {
  asio::io_context io;
  auto outcome = asio::co_spawn(io, std::move(coroutine), asio::use_future);
  io.run();
  return outcome.get();
}

TEST(WorkerPool, RunsTheWorkOnAnotherThreadAndResumesOnTheCallersThread) {
  WorkerPool pool(2);
  const auto caller = std::this_thread::get_id();
  auto outcome = run_on_io([&]() -> asio::awaitable<std::pair<bool, bool>> {
    const auto worker = co_await pool.run([] { return std::this_thread::get_id(); });
    co_return std::pair{worker != caller, std::this_thread::get_id() == caller};
  }());
  EXPECT_TRUE(outcome.first) << "the work ran on the I/O thread";
  EXPECT_TRUE(outcome.second) << "the coroutine did not resume on its own thread";
}

TEST(WorkerPool, ReturnsMoveOnlyResultsAndRunsVoidWork) {
  WorkerPool pool(1);
  auto value = run_on_io([&]() -> asio::awaitable<std::string> {
    int side_effect = 0;
    co_await pool.run([&] { side_effect = 41; });
    auto owned = co_await pool.run([&] { return std::make_unique<int>(side_effect + 1); });
    co_return std::to_string(*owned);
  }());
  EXPECT_EQ(value, "42");
}

TEST(WorkerPool, AnExceptionInTheWorkReachesTheAwaitingCoroutine) {
  WorkerPool pool(1);
  auto message = run_on_io([&]() -> asio::awaitable<std::string> {
    try {
      co_await pool.run([]() -> int { throw std::runtime_error("engine exploded"); });
    } catch (const std::runtime_error& error) {
      co_return error.what();
    }
    co_return "no exception";
  }());
  EXPECT_EQ(message, "engine exploded");
}

TEST(WorkerPool, MoreTasksThanWorkersAllRunAndUseEveryWorker) {
  WorkerPool pool(3);
  std::atomic<int> done{0};
  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::promise<void> all_started;
  std::shared_future<void> release = all_started.get_future().share();
  std::atomic<int> started{0};
  // The first three block until all three run at once: only possible on three distinct workers.
  for (int i = 0; i < 3; ++i) {
    pool.post(WorkerTask([&, release] {
      {
        std::lock_guard lock(mutex);
        threads.insert(std::this_thread::get_id());
      }
      if (++started == 3) all_started.set_value();
      release.wait();
      ++done;
    }));
  }
  for (int i = 0; i < 200; ++i) pool.post(WorkerTask([&] { ++done; }));
  release.wait();
  for (int waited = 0; done < 203 && waited < 5000; ++waited) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(done.load(), 203);
  EXPECT_EQ(threads.size(), 3u);
}

TEST(WorkerPool, WakesASleepingWorkerForTaskAfterAQuietSpell) {
  WorkerPool pool(2);
  for (int round = 0; round < 3; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // every worker is asleep by now
    std::promise<int> result;
    pool.post(WorkerTask([&] { result.set_value(round); }));
    auto future = result.get_future();
    ASSERT_EQ(future.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    EXPECT_EQ(future.get(), round);
  }
}

TEST(WorkerPool, DestructionRunsTheTasksAlreadyHandedIn) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(1);
    std::promise<void> gate;
    std::shared_future<void> open = gate.get_future().share();
    pool.post(WorkerTask([open] { open.wait(); }));
    for (int i = 0; i < 50; ++i) pool.post(WorkerTask([&] { ++done; }));
    gate.set_value();
  }
  EXPECT_EQ(done.load(), 50);
}

}  // namespace
}  // namespace duckwire
