#pragma once
// A Python handler answers through a callback it may call from any thread, later, or never: each call
// of a handler gets a one-shot slot that its callback fills and the server waits on (the first answer
// counts; later ones are dropped).

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>

namespace duckwire::python {

template <class T>
class AnswerSlot {
 public:
  // False when the slot already holds an answer.
  bool give(T value) {
    std::lock_guard lock(mutex_);
    if (value_) return false;
    value_ = std::move(value);
    arrived_.notify_all();
    return true;
  }
  // The answer, or nullopt at the deadline.
  std::optional<T> wait_until(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    arrived_.wait_until(lock, deadline, [this] { return value_.has_value(); });
    if (!value_) return std::nullopt;
    return std::exchange(value_, std::nullopt);
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::optional<T> value_;
};

}  // namespace duckwire::python
