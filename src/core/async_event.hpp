#pragma once
// Coroutine synchronisation for code that runs on one strand: an event many coroutines can wait
// for, and a first-come-first-served lock built on it. Not thread-safe: use from one strand only.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <deque>
#include <memory>

namespace duckwire {

class AsyncEvent {
 public:
  explicit AsyncEvent(boost::asio::any_io_executor executor)
      : timer_(std::move(executor), boost::asio::steady_timer::time_point::max()) {}

  boost::asio::awaitable<void> wait() {
    while (!set_) co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }
  void set() {
    set_ = true;
    timer_.cancel();
  }
  void reset() { set_ = false; }
  bool is_set() const { return set_; }

 private:
  boost::asio::steady_timer timer_;
  bool set_ = false;
};

class AsyncLock {
 public:
  explicit AsyncLock(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

  // Releases the lock when destroyed.
  class Guard {
   public:
    explicit Guard(AsyncLock* lock) : lock_(lock) {}
    Guard(Guard&& other) noexcept : lock_(std::exchange(other.lock_, nullptr)) {}
    Guard& operator=(Guard&&) = delete;
    ~Guard() {
      if (lock_ != nullptr) lock_->release();
    }

   private:
    AsyncLock* lock_;
  };

  boost::asio::awaitable<Guard> acquire() {
    if (held_) {
      auto turn = std::make_shared<AsyncEvent>(executor_);
      waiters_.push_back(turn);
      co_await turn->wait();  // release() handed the lock over: held_ stayed true
    } else {
      held_ = true;
    }
    co_return Guard(this);
  }

 private:
  void release() {
    if (waiters_.empty()) {
      held_ = false;
      return;
    }
    // Ownership passes straight to the next waiter, so no newcomer can take the lock in between.
    auto next = waiters_.front();
    waiters_.pop_front();
    next->set();
  }

  boost::asio::any_io_executor executor_;
  bool held_ = false;
  std::deque<std::shared_ptr<AsyncEvent>> waiters_;
};

}  // namespace duckwire
