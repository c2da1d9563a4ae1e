#pragma once
// The statements running right now, so that shutdown can interrupt them all and wait for them.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <unordered_set>

#include "backend/backend.hpp"

namespace duckwire {

class ActiveQueries {
 public:
  // Unregisters its session when destroyed.
  class Registration {
   public:
    Registration(ActiveQueries* owner, Session* session) : owner_(owner), session_(session) {}
    Registration(Registration&& other) noexcept
        : owner_(std::exchange(other.owner_, nullptr)), session_(other.session_) {}
    Registration& operator=(Registration&& other) noexcept {
      if (this != &other) {
        release();
        owner_ = std::exchange(other.owner_, nullptr);
        session_ = other.session_;
      }
      return *this;
    }
    ~Registration() { release(); }

   private:
    void release() {
      if (owner_ != nullptr) owner_->remove(session_);
      owner_ = nullptr;
    }

    ActiveQueries* owner_;
    Session* session_;
  };

  // Nullopt once shutdown has begun: no new work is started then.
  std::optional<Registration> add(Session& session);
  // Refuses new work and interrupts everything running.
  void close_and_interrupt();
  bool closed() const;
  // True when nothing runs any more before the deadline.
  bool wait_until_idle(std::chrono::steady_clock::time_point deadline);
  size_t running() const;

 private:
  void remove(Session* session);

  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::unordered_set<Session*> running_;
  bool closed_ = false;
};

}  // namespace duckwire
