#include "core/session_pool.hpp"

#include <exception>

namespace duckwire {

Result<SessionPool::Lease> SessionPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto session = std::move(idle_.back());
      idle_.pop_back();
      session->clear_interrupt();  // a cancel that came after its last statement ended
      return Lease(this, std::move(session));
    }
  }
  auto session = backend_.connect();
  if (!session) return session.error();
  return Lease(this, std::move(session).value());
}

void SessionPool::give_back(std::unique_ptr<Session> session) noexcept {
  if (!session->reusable()) return;  // closing it rolls back and forgets what it held
  try {
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(session));
  } catch (const std::exception&) {
    // Out of memory or a failed lock: the session closes instead of waiting for reuse.
  }
}

void SessionPool::clear() {
  std::vector<std::unique_ptr<Session>> dropped;
  std::lock_guard lock(mutex_);
  dropped.swap(idle_);
}

}  // namespace duckwire
