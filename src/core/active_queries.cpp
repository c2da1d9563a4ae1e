#include "core/active_queries.hpp"

namespace duckwire {

std::optional<ActiveQueries::Registration> ActiveQueries::add(Session& session) {
  std::lock_guard lock(mutex_);
  if (closed_) return std::nullopt;
  running_.insert(&session);
  return Registration(this, &session);
}

void ActiveQueries::remove(Session* session) {
  std::lock_guard lock(mutex_);
  running_.erase(session);
  if (running_.empty()) idle_.notify_all();
}

void ActiveQueries::close_and_interrupt() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  for (Session* session : running_) session->interrupt();
}

bool ActiveQueries::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

bool ActiveQueries::wait_until_idle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return idle_.wait_until(lock, deadline, [this] { return running_.empty(); });
}

size_t ActiveQueries::running() const {
  std::lock_guard lock(mutex_);
  return running_.size();
}

}  // namespace duckwire
