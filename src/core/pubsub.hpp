#pragma once
// Channels and their subscribers, shared by every front door that speaks pub/sub (SQLRooms
// notify, /ws events, PostgreSQL LISTEN/NOTIFY). Publishing never waits for a subscriber.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace duckwire {

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Called from any thread; must return at once (queue the message, never write here).
  virtual void deliver(const std::string& channel, const std::string& payload_json) = 0;
};

class PubSub {
 public:
  void subscribe(const std::string& channel, const std::shared_ptr<Subscriber>& subscriber);
  void unsubscribe(const std::string& channel, const Subscriber* subscriber);
  void unsubscribe_all(const Subscriber* subscriber);
  // Delivers to every live subscriber of `channel` except `except`; returns how many got it.
  size_t publish(const std::string& channel, const std::string& payload_json, const Subscriber* except);

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<std::weak_ptr<Subscriber>>> channels_;
};

}  // namespace duckwire
