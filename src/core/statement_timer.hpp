#pragma once
// Runs a callback when a deadline passes unless it was disarmed first: how a statement that runs
// longer than its timeout gets interrupted. One thread watches every deadline.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace duckwire {

class StatementTimer {
 public:
  using Clock = std::chrono::steady_clock;

  StatementTimer();
  ~StatementTimer();
  StatementTimer(const StatementTimer&) = delete;
  StatementTimer& operator=(const StatementTimer&) = delete;

  // Disarms its deadline when destroyed. The callback may still run while the destructor runs, so
  // it must not reach into what the owner destroys next (hold a weak_ptr).
  class Armed {
   public:
    Armed() = default;
    Armed(StatementTimer* timer, uint64_t id) : timer_(timer), id_(id) {}
    Armed(Armed&& other) noexcept : timer_(std::exchange(other.timer_, nullptr)), id_(other.id_) {}
    Armed& operator=(Armed&& other) noexcept;
    ~Armed() { disarm(); }
    void disarm();

   private:
    StatementTimer* timer_ = nullptr;
    uint64_t id_ = 0;
  };

  // Calls `on_expiry` on the timer's thread once `after` has passed.
  Armed arm(Clock::duration after, std::function<void()> on_expiry);

 private:
  struct Entry {
    Clock::time_point deadline;
    std::function<void()> on_expiry;
  };
  void disarm(uint64_t id);
  void watch();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<uint64_t, Entry> entries_;
  std::multimap<Clock::time_point, uint64_t> by_deadline_;
  uint64_t next_id_ = 1;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace duckwire
