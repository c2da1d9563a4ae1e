#pragma once
// Blocking engine calls run here, never on the I/O threads. A coroutine on an I/O thread hands a
// function to the pool and resumes on its own executor when the function returns.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <optional>
#include <type_traits>
#include <utility>

namespace duckwire {

class WorkerPool {
 public:
  explicit WorkerPool(size_t threads) : pool_(threads) {}
  ~WorkerPool() { pool_.join(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs `work` on a worker thread and returns its result to the awaiting coroutine.
  template <class F>
  boost::asio::awaitable<std::invoke_result_t<F>> run(F work) {
    using R = std::invoke_result_t<F>;
    if constexpr (std::is_void_v<R>) {
      co_await boost::asio::co_spawn(
          pool_.get_executor(),
          [&]() -> boost::asio::awaitable<void> {
            work();
            co_return;
          },
          boost::asio::use_awaitable);
    } else {
      // Results need not be default-constructible, so they travel in an optional.
      std::optional<R> result = co_await boost::asio::co_spawn(
          pool_.get_executor(),
          [&]() -> boost::asio::awaitable<std::optional<R>> { co_return std::optional<R>(work()); },
          boost::asio::use_awaitable);
      co_return std::move(*result);
    }
  }

  boost::asio::thread_pool::executor_type executor() { return pool_.get_executor(); }

 private:
  boost::asio::thread_pool pool_;
};

}  // namespace duckwire
