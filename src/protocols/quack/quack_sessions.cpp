#include "protocols/quack/quack_sessions.hpp"

#include "core/crypto.hpp"

namespace duckwire::quack {

std::string new_connection_id() {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string id;
  for (const uint8_t byte : random_bytes(16)) {
    id += kDigits[byte >> 4];
    id += kDigits[byte & 15];
  }
  return id;
}

std::shared_ptr<OpenResult> QuackConnection::result() const {
  std::lock_guard lock(result_mutex_);
  return result_;
}

void QuackConnection::set_result(std::shared_ptr<OpenResult> result) {
  close_result();
  std::lock_guard lock(result_mutex_);
  result_ = std::move(result);
}

void QuackConnection::close_result() {
  std::shared_ptr<OpenResult> closing;
  {
    std::lock_guard lock(result_mutex_);
    closing = std::move(result_);
    result_.reset();
  }
  if (!closing) return;
  closing->ahead.close();
  closing->stream.reset();
}

Result<std::string> QuackSessions::add(std::shared_ptr<QuackConnection> connection, Clock::time_point now) {
  connection->last_used = now;
  std::lock_guard lock(mutex_);
  if (connections_.size() >= max_connections_) {
    return Error{ErrorKind::kUnavailable, "too many Quack connections: the server holds " +
                                              std::to_string(max_connections_) + " already"};
  }
  std::string id = new_connection_id();
  connections_.emplace(id, std::move(connection));
  return id;
}

std::shared_ptr<QuackConnection> QuackSessions::find(const std::string& id, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto found = connections_.find(id);
  if (found == connections_.end()) return nullptr;
  found->second->last_used = now;
  return found->second;
}

std::shared_ptr<QuackConnection> QuackSessions::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  const auto found = connections_.find(id);
  if (found == connections_.end()) return nullptr;
  std::shared_ptr<QuackConnection> connection = std::move(found->second);
  connections_.erase(found);
  return connection;
}

std::vector<std::shared_ptr<QuackConnection>> QuackSessions::take_all() {
  std::vector<std::shared_ptr<QuackConnection>> all;
  std::lock_guard lock(mutex_);
  for (auto& [id, connection] : connections_) all.push_back(std::move(connection));
  connections_.clear();
  return all;
}

void QuackSessions::release(QuackConnection& connection, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  connection.last_used = now;
}

std::vector<std::shared_ptr<QuackConnection>> QuackSessions::take_idle(Clock::time_point now) {
  std::vector<std::shared_ptr<QuackConnection>> idle;
  std::lock_guard lock(mutex_);
  for (auto it = connections_.begin(); it != connections_.end();) {
    std::unique_lock busy(it->second->busy, std::try_to_lock);
    if (busy.owns_lock() && now - it->second->last_used > idle_timeout_) {
      busy.unlock();
      idle.push_back(std::move(it->second));
      it = connections_.erase(it);
    } else {
      ++it;
    }
  }
  return idle;
}

size_t QuackSessions::size() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

}  // namespace duckwire::quack
