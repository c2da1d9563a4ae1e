#include "core/server_embedding.hpp"

namespace duckwire {

void ServerStopper::stop() {
  std::function<void()> action;
  {
    std::lock_guard lock(mutex_);
    requested_ = true;
    action = action_;
  }
  if (action) action();
}

void ServerStopper::attach(std::function<void()> action) {
  bool requested = false;
  {
    std::lock_guard lock(mutex_);
    action_ = action;
    requested = requested_;
  }
  if (requested) action();
}

void ServerStopper::reset() {
  std::lock_guard lock(mutex_);
  action_ = nullptr;
}

}  // namespace duckwire
