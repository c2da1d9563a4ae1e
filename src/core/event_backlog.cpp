#include "core/event_backlog.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace duckwire {

const std::string& RecordedEvent::data_for(std::string_view reader) const {
  return !viewer.empty() && reader == viewer ? own : others;
}

std::shared_ptr<EventBacklog> EventBacklog::attach(ServerEvents& events, uint64_t first_id) {
  auto backlog = std::make_shared<EventBacklog>(first_id);
  for (const std::string_view type : {ServerEvents::kQueryCompleted, ServerEvents::kScheduleExecuted}) {
    events.subscribe(type, backlog);
  }
  return backlog;
}

std::vector<EventPointer> EventBacklog::listen(const std::shared_ptr<EventListener>& listener,
                                               std::optional<uint64_t> last_seen) {
  std::lock_guard lock(mutex_);
  std::erase_if(listeners_, [](const std::weak_ptr<EventListener>& weak) { return weak.expired(); });
  listeners_.push_back(listener);
  std::vector<EventPointer> missed;
  if (!last_seen) return missed;
  auto first = std::upper_bound(events_.begin(), events_.end(), *last_seen,
                                [](uint64_t id, const EventPointer& event) { return id < event->id; });
  missed.assign(first, events_.end());
  return missed;
}

void EventBacklog::forget(const EventListener* listener) {
  std::lock_guard lock(mutex_);
  std::erase_if(listeners_, [listener](const std::weak_ptr<EventListener>& weak) {
    const auto live = weak.lock();
    return !live || live.get() == listener;
  });
}

void EventBacklog::record(std::string_view type, std::string viewer, std::string own, std::string others) {
  auto event = std::make_shared<RecordedEvent>();
  event->type = std::string(type);
  event->viewer = std::move(viewer);
  event->own = std::move(own);
  event->others = std::move(others);
  std::lock_guard lock(mutex_);
  event->id = next_id_++;
  events_.push_back(event);
  bytes_ += event->bytes();
  while (events_.size() > kMaxEvents || (bytes_ > kMaxBytes && events_.size() > 1)) {
    bytes_ -= events_.front()->bytes();
    events_.pop_front();
  }
  for (const auto& weak : listeners_) {
    if (auto listener = weak.lock()) listener->on_event(event);
  }
}

size_t EventBacklog::size() const {
  std::lock_guard lock(mutex_);
  return events_.size();
}

void EventBacklog::deliver(const std::string& channel, const std::string& payload_json, FanoutShare) {
  record(channel, {}, {}, payload_json);
}

void EventBacklog::deliver_scoped(const std::string& channel, const ViewerScopedPayload& payload,
                                  FanoutShare) {
  record(channel, payload.viewer, payload.own, payload.others);
}

void EventBacklog::drop_too_slow() {
  spdlog::warn("events: the server's notification budget is full; an event was not kept for /events");
}

}  // namespace duckwire
