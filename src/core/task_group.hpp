#pragma once
// Coroutines spawned on one strand that their owner can wait for as a whole.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <memory>

#include "core/async_event.hpp"

namespace duckwire {

class TaskGroup {
 public:
  explicit TaskGroup(boost::asio::any_io_executor executor) : executor_(executor), idle_(executor) {
    idle_.set();
  }

  // Runs `task` on the group's executor. `keep_alive` lives as long as the task does.
  template <class KeepAlive>
  void spawn(boost::asio::awaitable<void> task, KeepAlive keep_alive) {
    if (running_++ == 0) idle_.reset();
    boost::asio::co_spawn(executor_, std::move(task),
                          [this, keep_alive = std::move(keep_alive)](std::exception_ptr error) {
                            if (error) log_task_failure(error);
                            if (--running_ == 0) idle_.set();
                          });
  }

  boost::asio::awaitable<void> wait() { co_await idle_.wait(); }

 private:
  static void log_task_failure(std::exception_ptr error);

  boost::asio::any_io_executor executor_;
  AsyncEvent idle_;
  size_t running_ = 0;
};

}  // namespace duckwire
