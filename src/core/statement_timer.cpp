#include "core/statement_timer.hpp"

#include <utility>

namespace duckwire {

StatementTimer::StatementTimer() : thread_([this] { watch(); }) {}

StatementTimer::~StatementTimer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_one();
  thread_.join();
}

StatementTimer::Armed& StatementTimer::Armed::operator=(Armed&& other) noexcept {
  if (this != &other) {
    disarm();
    timer_ = std::exchange(other.timer_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

void StatementTimer::Armed::disarm() {
  if (timer_ != nullptr) std::exchange(timer_, nullptr)->disarm(id_);
}

StatementTimer::Armed StatementTimer::arm(Clock::duration after, std::function<void()> on_expiry) {
  const Clock::time_point deadline = Clock::now() + after;
  uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    entries_.emplace(id, Entry{deadline, std::move(on_expiry)});
    by_deadline_.emplace(deadline, id);
  }
  changed_.notify_one();
  return Armed(this, id);
}

void StatementTimer::disarm(uint64_t id) {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(id);
  if (found == entries_.end()) return;  // it expired already
  const auto [first, last] = by_deadline_.equal_range(found->second.deadline);
  for (auto it = first; it != last; ++it) {
    if (it->second == id) {
      by_deadline_.erase(it);
      break;
    }
  }
  entries_.erase(found);
}

void StatementTimer::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (by_deadline_.empty()) {
      changed_.wait(lock);
      continue;
    }
    const auto next = by_deadline_.begin();
    if (Clock::now() < next->first) {
      changed_.wait_until(lock, next->first);
      continue;
    }
    const auto found = entries_.find(next->second);
    std::function<void()> on_expiry = std::move(found->second.on_expiry);
    entries_.erase(found);
    by_deadline_.erase(next);
    lock.unlock();
    on_expiry();
    lock.lock();
  }
}

}  // namespace duckwire
