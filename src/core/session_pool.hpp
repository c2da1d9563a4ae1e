#pragma once
// Engine sessions for stateless requests: borrowed for one request, then returned for reuse.

#include <memory>
#include <mutex>
#include <vector>

#include "backend/backend.hpp"

namespace duckwire {

class SessionPool {
 public:
  class Lease {
   public:
    Lease(SessionPool* pool, std::unique_ptr<Session> session) : pool_(pool), session_(std::move(session)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = default;
    ~Lease() {
      if (pool_ != nullptr && session_) pool_->give_back(std::move(session_));
    }
    Session& operator*() { return *session_; }
    Session* operator->() { return session_.get(); }
    Session* get() { return session_.get(); }

   private:
    SessionPool* pool_;
    std::unique_ptr<Session> session_;
  };

  SessionPool(Backend& backend, size_t max_idle) : backend_(backend), max_idle_(max_idle) {}

  // May open a new engine connection: call it on a worker thread. A session comes back to the pool
  // only while reusable(); otherwise it closes (on the thread that gives it back). Closing never
  // throws here; DuckDB's own connection teardown (ClientContext's destructor) cannot be guarded from
  // outside: an exception there ends the process, which is why the statement policy keeps clients
  // from the server-wide state (logging to a file) that made it throw.
  Result<Lease> acquire();
  // Drops every idle session (before the database closes).
  void clear();

 private:
  void give_back(std::unique_ptr<Session> session) noexcept;

  Backend& backend_;
  size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Session>> idle_;
};

}  // namespace duckwire
