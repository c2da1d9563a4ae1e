#pragma once
// Long-lived client connections (WebSockets, later database sessions) that shutdown closes politely
// with their protocol's own goodbye before the I/O loops stop.

#include <memory>
#include <mutex>
#include <vector>

namespace duckwire {

class ClosableConnection {
 public:
  virtual ~ClosableConnection() = default;
  // Called from any thread; starts the connection's closing handshake and returns at once.
  virtual void close_for_shutdown() = 0;
};

class ConnectionRegistry {
 public:
  void add(const std::shared_ptr<ClosableConnection>& connection);
  void close_all();

 private:
  std::mutex mutex_;
  std::vector<std::weak_ptr<ClosableConnection>> connections_;
};

}  // namespace duckwire
