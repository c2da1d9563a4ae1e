#include "core/connection_registry.hpp"

namespace duckwire {

void ConnectionRegistry::add(const std::shared_ptr<ClosableConnection>& connection) {
  std::lock_guard lock(mutex_);
  std::erase_if(connections_, [](const auto& weak) { return weak.expired(); });
  connections_.push_back(connection);
}

void ConnectionRegistry::close_all() {
  std::vector<std::shared_ptr<ClosableConnection>> live;
  {
    std::lock_guard lock(mutex_);
    for (const auto& weak : connections_) {
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    }
  }
  for (const auto& connection : live) connection->close_for_shutdown();
}

}  // namespace duckwire
