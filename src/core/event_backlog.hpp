#pragma once
// The server's recent events (ServerEvents: query_completed, schedule_executed), numbered, so that a
// feed can let its client resume where it left off (Server-Sent Events' Last-Event-ID). Ids grow by one
// per event; the first id of a server run is its start time in microseconds since the Unix epoch, so
// ids also grow across restarts and an id from an earlier run resumes from the oldest event kept.
// Bounded: the last kMaxEvents events and at most kMaxBytes of their text; older ones are forgotten.
// Always subscribed, so that events reach the backlog while no feed is open. Thread-safe.

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/server_events.hpp"

namespace duckwire {

struct RecordedEvent {
  uint64_t id = 0;
  std::string type;
  std::string viewer;  // who sees `own` (ViewerScopedPayload); empty: everyone sees `others`
  std::string own;
  std::string others;

  // The event's data object as `reader` (a subscriber's viewer) may see it.
  const std::string& data_for(std::string_view reader) const;
  uint64_t bytes() const { return type.size() + viewer.size() + own.size() + others.size(); }
};

using EventPointer = std::shared_ptr<const RecordedEvent>;

class EventListener {
 public:
  virtual ~EventListener() = default;
  // Called from any thread with the backlog locked: must return at once (queue it, never write here).
  virtual void on_event(const EventPointer& event) = 0;
};

class EventBacklog final : public Subscriber, public std::enable_shared_from_this<EventBacklog> {
 public:
  static constexpr size_t kMaxEvents = 1000;
  static constexpr uint64_t kMaxBytes = uint64_t{8} << 20;

  // A backlog whose first id is `first_id`, subscribed to every event type of `events`.
  static std::shared_ptr<EventBacklog> attach(ServerEvents& events, uint64_t first_id);
  explicit EventBacklog(uint64_t first_id) : next_id_(first_id) {}

  // Adds `listener` (held weakly) and returns the kept events after `last_seen` (none when nullopt), in
  // order: the listener then gets every later event, none twice, none missed.
  std::vector<EventPointer> listen(const std::shared_ptr<EventListener>& listener,
                                   std::optional<uint64_t> last_seen);
  void forget(const EventListener* listener);
  // Records an event (what ServerEvents delivers) and hands it to the listeners.
  void record(std::string_view type, std::string viewer, std::string own, std::string others);
  size_t size() const;

  // Subscriber: events arrive from ServerEvents' hub.
  void deliver(const std::string& channel, const std::string& payload_json, FanoutShare share) override;
  void deliver_scoped(const std::string& channel, const ViewerScopedPayload& payload,
                      FanoutShare share) override;
  bool takes_scoped_payloads() const override { return true; }
  void drop_too_slow() override;

 private:
  mutable std::mutex mutex_;
  uint64_t next_id_;
  std::deque<EventPointer> events_;
  uint64_t bytes_ = 0;
  std::vector<std::weak_ptr<EventListener>> listeners_;
};

}  // namespace duckwire
